/**
 * Regenerates notebooks/*.ipynb from notebooks/src/*.ts (the source of truth: `// %%` starts a code
 * cell, `// %% [markdown]` a Markdown cell whose lines are `// ` comments) and, with `--execute`,
 * runs each one in place with the tslab kernel so the committed notebooks keep their outputs.
 * Usage: npx tsx notebooks/lib/build.ts [--execute] [--out DIR] [names…]
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const NB_DIR = join(import.meta.dirname, '..');
const SRC = join(NB_DIR, 'src');

export interface Cell {
  cell_type: 'code' | 'markdown';
  id: string;
  metadata: Record<string, never>;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

/** Splits a percent-format source into notebook cells (ids are stable hashes of name + index). */
export function parseCells(name: string, text: string): Cell[] {
  const cells: Cell[] = [];
  let cur: { type: 'code' | 'markdown'; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1]!.trim() === '') cur.lines.pop();
    const src = cur.lines.map((l, i) => (i < cur!.lines.length - 1 ? `${l}\n` : l));
    const id = createHash('sha256').update(`${name}:${cells.length}`).digest('hex').slice(0, 8);
    cells.push(cur.type === 'code' ? { cell_type: 'code', id, metadata: {}, source: src, outputs: [], execution_count: null } : { cell_type: 'markdown', id, metadata: {}, source: src });
  };
  for (const line of text.split('\n')) {
    const m = /^\/\/ %%(?:\s+\[(markdown)\])?\s*$/.exec(line);
    if (m) {
      flush();
      cur = { type: m[1] ? 'markdown' : 'code', lines: [] };
      continue;
    }
    if (!cur) continue;
    cur.lines.push(cur.type === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
  flush();
  return cells;
}

export function notebookJson(name: string, text: string): string {
  const nb = {
    cells: parseCells(name, text),
    metadata: {
      kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/**
 * The kernel's environment: ours minus whatever a test runner or loader injected (NODE_OPTIONS,
 * VITEST*, …), with node_modules/.bin on PATH (tslab needs it).
 */
function kernelEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NODE_OPTIONS|VITEST|TSX|NODE_ENV$|TEST$)/.test(k)) env[k] = v;
  env.PATH = `${join(NB_DIR, '..', 'node_modules', '.bin')}:${process.env.PATH}`;
  env.PYDEVD_DISABLE_FILE_VALIDATION = '1';
  return env;
}

/** Executes a notebook in place with the tslab kernel (cwd = its folder). Returns nbconvert's exit status and stderr. */
export function executeNotebook(path: string, timeoutSeconds = 600): { status: number | null; stderr: string } {
  const r = spawnSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.kernel_name=tslab', `--ExecutePreprocessor.timeout=${timeoutSeconds}`, path], {
    encoding: 'utf8',
    env: kernelEnv(),
  });
  return { status: r.status, stderr: r.stderr };
}

if (process.argv[1] && basename(process.argv[1]) === 'build.ts') {
  const args = process.argv.slice(2);
  const execute = args.includes('--execute');
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1]! : NB_DIR;
  const names = args.filter((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1));
  mkdirSync(out, { recursive: true });
  const sources = readdirSync(SRC).filter((f) => f.endsWith('.ts') && (names.length === 0 || names.some((n) => f.startsWith(n))));
  for (const f of sources.sort()) {
    const name = f.replace(/\.ts$/, '');
    const path = join(out, `${name}.ipynb`);
    writeFileSync(path, notebookJson(name, readFileSync(join(SRC, f), 'utf8')));
    if (!execute) {
      process.stderr.write(`wrote ${path}\n`);
      continue;
    }
    const t = Date.now();
    const r = executeNotebook(path);
    process.stderr.write(`${r.status === 0 ? 'executed' : 'FAILED'} ${path} in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    if (r.status !== 0) {
      process.stderr.write(r.stderr.split('\n').slice(-30).join('\n'));
      process.exitCode = 1;
    }
  }
}
