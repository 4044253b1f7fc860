/**
 * Headless notebook execution: `jupyter nbconvert --execute` with the kernel each notebook names in
 * its own metadata, found through a private JUPYTER_PATH that holds this checkout's kernelspecs
 * (notebooks/lib/kernels.ts), in an environment stripped of what a test runner injects.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { privateJupyterPath } from './kernels.ts';
import type { Notebook, NotebookOutput } from './ipynb.ts';

/** Whether `jupyter nbconvert` can run here, and if not why. */
export function jupyterStatus(): { ok: true } | { ok: false; why: string } {
  const r = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8', env: kernelEnv() });
  if (r.status === 0) return { ok: true };
  return { ok: false, why: r.error ? 'jupyter is not on PATH' : `jupyter nbconvert fails: ${r.stderr.trim().split('\n').pop()}` };
}

/** The kernels' environment: ours minus what a test runner or loader injected, with the private kernelspecs first on JUPYTER_PATH. */
export function kernelEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NODE_OPTIONS|VITEST|TSX|NODE_ENV$|TEST$)/.test(k)) env[k] = v;
  env.JUPYTER_PATH = [privateJupyterPath(), process.env.JUPYTER_PATH].filter(Boolean).join(':');
  env.PYDEVD_DISABLE_FILE_VALIDATION = '1';
  env.JUPYTER_PLATFORM_DIRS = '1';
  return env;
}

export interface Execution {
  path: string;
  status: number | null;
  stderr: string;
  seconds: number;
}

/** Executes a notebook in place (cwd = its folder) with the kernel in its metadata. */
export function executeNotebook(path: string, timeoutSeconds = 600): Promise<Execution> {
  const t0 = Date.now();
  const child = spawn('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', `--ExecutePreprocessor.timeout=${timeoutSeconds}`, path], { env: kernelEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve) => {
    child.on('close', (status) => resolve({ path, status, stderr, seconds: (Date.now() - t0) / 1000 }));
    child.on('error', (err) => resolve({ path, status: null, stderr: err.message, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** Runs `tasks` with at most `n` at a time, results in input order. */
export async function inParallel<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  }));
  return out;
}

/** What an executed notebook shows: its error outputs (errors, stderr streams) and how many SVG charts. */
export function inspectOutputs(path: string): { errors: string[]; svgs: number } {
  const nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  const outputs: NotebookOutput[] = nb.cells.flatMap((c) => c.outputs ?? []);
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : t ?? '');
  const errors = outputs.flatMap((o) =>
    o.output_type === 'error' ? [`${o.ename}: ${o.evalue}`] : o.output_type === 'stream' && o.name === 'stderr' ? [`stderr: ${text(o.text)}`] : [],
  );
  return { errors, svgs: outputs.filter((o) => o.data !== undefined && 'image/svg+xml' in o.data).length };
}
