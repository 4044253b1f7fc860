/**
 * Jupyter kernelspecs for the two notebook kernels, pointing at this checkout's own binaries by
 * absolute path (no `node_modules/.bin` on PATH needed, unlike `tslab install`'s bare `tslab`):
 * - tslab: this Node running node_modules/tslab/bin/tslab;
 * - deno: node_modules' Deno (the npm package `deno`), `deno jupyter --kernel` (what
 *   `deno jupyter --install` writes).
 * `npm run notebooks:kernels` installs them for the user; notebook execution (build, tests) uses a
 * private copy through JUPYTER_PATH and so never depends on what is installed.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Kernel } from './ipynb.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
}

/** The kernelspec of each kernel for this checkout. */
export function kernelSpecs(): Record<Kernel, KernelSpec> {
  return {
    tslab: { argv: [process.execPath, join(ROOT, 'node_modules', 'tslab', 'bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript (tslab)', language: 'typescript' },
    deno: { argv: [realpathSync(join(ROOT, 'node_modules', '.bin', 'deno')), 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript' },
  };
}

/** Writes `<dataDir>/kernels/<name>/kernel.json` for both kernels; returns the kernels' folders. */
export function writeKernelSpecs(dataDir: string): string[] {
  return Object.entries(kernelSpecs()).map(([name, spec]) => {
    const dir = join(dataDir, 'kernels', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 1)}\n`);
    return dir;
  });
}

/** A JUPYTER_PATH entry holding this checkout's kernelspecs (rewritten on every call; cheap). */
export function privateJupyterPath(): string {
  const dir = join(ROOT, 'node_modules', '.cache', 'smartcrowd-jupyter');
  writeKernelSpecs(dir);
  return dir;
}

/** Installs both kernelspecs into the user's Jupyter data folder (`jupyter --data-dir`). */
export function installUserKernels(): string[] {
  const r = spawnSync('jupyter', ['--data-dir'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`jupyter is not installed (${(r.stderr || r.error?.message || '').trim()})`);
  return writeKernelSpecs(r.stdout.trim());
}
