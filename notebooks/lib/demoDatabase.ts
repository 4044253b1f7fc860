/**
 * The bundled demo world as a ready database (CSV ingest, pipeline and backtest already run), for
 * the local server that notebooks start. Built once per machine into the temp folder, keyed by a
 * hash of the demo CSVs and of the code that builds it, so a change to either rebuilds it. Node
 * only (the server side): notebooks never open the database themselves.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../services/demo.ts';
import { defaultParams } from '../../engine/params.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO_DIR = join(ROOT, 'datasets', 'demo');
const CACHE = join(tmpdir(), 'smartcrowd-notebooks');

/** Files whose content decides the demo database: the CSVs, and every source that reads or computes them. */
function inputsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|sql|csv)$/.test(f)) h.update(p.slice(ROOT.length)).update(readFileSync(p));
    }
  };
  for (const d of ['engine', 'ingest', 'services', 'store']) walk(join(ROOT, d));
  for (const f of ['markets.csv', 'trades.csv', 'outcomes.csv']) h.update(f).update(readFileSync(join(DEMO_DIR, f)));
  return h.digest('hex').slice(0, 16);
}

/**
 * Path of the cached demo database, building it first when missing or stale. Concurrent callers are
 * safe: each builds into its own folder and renames the finished file into place.
 */
export async function demoDatabase(onProgress?: (message: string) => void): Promise<string> {
  const path = join(CACHE, `demo-${inputsHash()}.db`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'build-'));
  try {
    const tmp = join(work, 'demo.db');
    await runDemo({ dbPath: tmp, datasetDir: DEMO_DIR, params: defaultParams, onProgress });
    renameSync(tmp, path);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return path;
}

/** A private copy of the demo database in a fresh temp folder (a notebook's writes never reach the cache). */
export async function demoCopy(onProgress?: (message: string) => void): Promise<{ path: string; remove(): void }> {
  const src = await demoDatabase(onProgress);
  const dir = mkdtempSync(join(tmpdir(), 'smartcrowd-session-'));
  const path = join(dir, 'demo.db');
  copyFileSync(src, path);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
