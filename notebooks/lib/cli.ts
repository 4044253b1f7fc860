/**
 * The notebooks' command line (npm scripts):
 *   build [--no-execute] [--kernel tslab|deno] [names…]
 *       regenerate notebooks/{tslab,deno}/*.ipynb from notebooks/src/*.ts and execute them in place
 *       (so committed outputs never drift from the code);
 *   run NAME [--kernel tslab|deno] [-p key=<JSON>]… [--out FILE]
 *       papermill-style: a fresh copy of a notebook with parameters injected after its `parameters`
 *       cell, executed headless; prints where the result is;
 *   kernels
 *       install the tslab and Deno kernelspecs (absolute paths to this checkout) for the user.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildNotebook, injectParameters, KERNELS, notebookText, type Kernel } from './ipynb.ts';
import { executeNotebook, inParallel, inspectOutputs, jupyterStatus } from './execute.ts';
import { installUserKernels } from './kernels.ts';

const NB = join(import.meta.dirname, '..');
const SRC = join(NB, 'src');

/** The source names (e.g. "02-parameter-sweep") matching any of `prefixes` (all when none). */
export function sourceNames(prefixes: readonly string[] = []): string[] {
  return readdirSync(SRC)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((n) => prefixes.length === 0 || prefixes.some((p) => n.startsWith(p)))
    .sort();
}

/** The notebook generated from source `name` for `kernel` (unexecuted). */
export const generated = (name: string, kernel: Kernel) => buildNotebook(name, readFileSync(join(SRC, `${name}.ts`), 'utf8'), kernel);

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined) fail(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function kernelsFrom(args: string[]): Kernel[] {
  const k = option(args, '--kernel');
  if (k === undefined) return [...KERNELS];
  if (!KERNELS.includes(k as Kernel)) fail(`--kernel must be one of ${KERNELS.join(', ')}, got "${k}"`);
  return [k as Kernel];
}

function requireJupyter(): void {
  const j = jupyterStatus();
  if (!j.ok) fail(`${j.why}. Install Debian's jupyter-client jupyter-nbconvert python3-ipykernel (see docs/notebooks.md), or pass --no-execute.`);
}

async function build(args: string[]): Promise<void> {
  const execute = !args.includes('--no-execute');
  const kernels = kernelsFrom(args);
  const names = sourceNames(args.filter((a) => !a.startsWith('--')));
  const paths: string[] = [];
  for (const kernel of kernels) {
    mkdirSync(join(NB, kernel), { recursive: true });
    for (const name of names) {
      const path = join(NB, kernel, `${name}.ipynb`);
      writeFileSync(path, notebookText(generated(name, kernel)));
      paths.push(path);
    }
  }
  if (!execute) return void process.stderr.write(`wrote ${paths.length} notebooks\n`);
  requireJupyter();
  const results = await inParallel(2, paths.map((p) => () => executeNotebook(p)));
  for (const r of results) {
    const { errors, svgs } = r.status === 0 ? inspectOutputs(r.path) : { errors: [], svgs: 0 };
    const ok = r.status === 0 && errors.length === 0;
    process.stderr.write(`${ok ? 'executed' : 'FAILED  '} ${r.path.slice(NB.length + 1)} in ${r.seconds.toFixed(1)} s, ${svgs} SVG chart(s)\n`);
    if (!ok) {
      process.stderr.write(`${[...errors, ...r.stderr.split('\n').slice(-20)].join('\n')}\n`);
      process.exitCode = 1;
    }
  }
}

async function run(args: string[]): Promise<void> {
  const params: Record<string, unknown> = {};
  for (let i = args.indexOf('-p'); i >= 0; i = args.indexOf('-p')) {
    const kv = args[i + 1] ?? fail('-p needs key=<JSON>');
    const eq = kv.indexOf('=');
    if (eq < 1) fail(`-p ${kv}: expected key=<JSON>`);
    try {
      params[kv.slice(0, eq)] = JSON.parse(kv.slice(eq + 1));
    } catch {
      fail(`-p ${kv}: the value is not JSON (quote strings: -p 'wallet="0xabc"')`);
    }
    args.splice(i, 2);
  }
  const kernel = kernelsFrom(args)[0]!;
  const out = option(args, '--out');
  const [prefix, ...extra] = args;
  if (!prefix || extra.length) fail('usage: run NAME [--kernel tslab|deno] [-p key=<JSON>]… [--out FILE]');
  const names = sourceNames([prefix]);
  if (names.length !== 1) fail(`"${prefix}" matches ${names.length ? names.join(', ') : 'no notebook'} (notebooks: ${sourceNames().join(', ')})`);
  const notebook = injectParameters(generated(names[0]!, kernel), params);
  requireJupyter();
  // A fresh folder one level below notebooks/, like the generated sets, so relative imports hold.
  const dir = mkdtempSync(join(NB, `.run-${kernel}-`));
  const path = join(dir, `${names[0]}.ipynb`);
  writeFileSync(path, notebookText(notebook));
  const r = await executeNotebook(path);
  const { errors, svgs } = r.status === 0 ? inspectOutputs(path) : { errors: [], svgs: 0 };
  const final = out ? resolve(out) : path;
  if (out) copyFileSync(path, final);
  process.stderr.write(`${r.status === 0 && errors.length === 0 ? 'executed' : 'FAILED'} ${basename(path)} (${kernel}) in ${r.seconds.toFixed(1)} s, ${svgs} SVG chart(s): ${final}\n`);
  if (r.status !== 0 || errors.length) {
    process.stderr.write(`${[...errors, ...r.stderr.split('\n').slice(-20)].join('\n')}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && basename(process.argv[1]) === 'cli.ts') {
  const [cmd, ...args] = process.argv.slice(2);
  const go = cmd === 'build' ? build(args) : cmd === 'run' ? run(args) : cmd === 'kernels' ? Promise.resolve(installUserKernels().forEach((d) => process.stderr.write(`installed ${d}\n`))) : fail('usage: cli.ts build|run|kernels (see the header of notebooks/lib/cli.ts)');
  go.catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
}
