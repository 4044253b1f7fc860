/**
 * The CLI bundle (bin/bundle.mjs, `npm run build`): it runs what the sources run. Built here into
 * a folder of its own at the same depth as dist/ (so a concurrent `npm run build` or CLI run is
 * not disturbed), then checked: every file it loads by URL exists from there, and ingest,
 * pipeline and backtest through it give the same results as through the TypeScript sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeWorldCsv } from '../../datasets/generator/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const OUT_DIR = join(ROOT, `.bundle-test-${process.pid}`);
const BUNDLE = join(OUT_DIR, 'cli.mjs');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** The build options of `npm run build` (package.json), read from there so the two cannot drift. */
function buildArgs(): string[] {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build;
  return script.split(/\s+/);
}

function run(entry: 'bundle' | 'sources', args: string[]) {
  const argv = entry === 'bundle' ? [BUNDLE, ...args] : ['--import', TSX, join(ROOT, 'cli/main.ts'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SMARTCROWD_LOG_LEVEL: 'error' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A run's JSON without what differs between any two runs (ids, timings). */
function stable(stdout: string): unknown {
  return JSON.parse(stdout, (k, v) => (['run_id', 'duration_ms', 'created_at', 'id'].includes(k) ? undefined : v));
}

describe('the CLI bundle', () => {
  let inputs: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sc-bundle-'));

  beforeAll(async () => {
    const args = buildArgs();
    expect(args.slice(0, 2)).toEqual(['esbuild', 'cli/main.ts']);
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    expect(args).toContain('--bundle');
    await build({
      entryPoints: [join(ROOT, 'cli/main.ts')],
      bundle: true,
      platform: flag('platform') as 'node',
      format: flag('format') as 'esm',
      packages: flag('packages') as 'external',
      target: flag('target'),
      outfile: BUNDLE,
      logLevel: 'warning',
      metafile: true,
      absWorkingDir: ROOT,
    }).then((r) => (inputs = Object.keys(r.metafile!.inputs)));
    // The package's build writes dist/cli.mjs: one folder below the root, like this one.
    expect(flag('outfile')).toBe('dist/cli.mjs');
    writeWorldCsv(dir, { seed: 5, markets: 60, wallets: 150, tradesPerMarket: 60, spanDays: 90 });
  }, 120_000);

  afterAll(() => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads by URL only files that exist from the bundle (workers, package.json, migrations)', () => {
    const src = readFileSync(BUNDLE, 'utf8');
    const urls = [...src.matchAll(/new URL\(\s*"([^"]+)"\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[1]!);
    expect(urls).toEqual(expect.arrayContaining(['../ingest/csvWorker.ts', '../store/tapeLoaderWorker.mjs', '../domain/tsWorker.mjs', '../services/sweepWorker.ts']));
    for (const u of urls) expect(existsSync(fileURLToPath(new URL(u, pathToFileURL(BUNDLE)))), u).toBe(true);
    expect(src).toContain('"..", "store", "migrations"');
    expect(existsSync(join(OUT_DIR, '..', 'store', 'migrations'))).toBe(true);
  });

  it('is judged stale when any file it was built from changes: every input lies in a folder bin/bundle.mjs watches', async () => {
    const { SOURCE_DIRS } = (await import(pathToFileURL(join(ROOT, 'bin/bundle.mjs')).href)) as { SOURCE_DIRS: string[] };
    expect(inputs.length).toBeGreaterThan(50);
    const unwatched = inputs.filter((f) => !f.startsWith('node_modules/') && !SOURCE_DIRS.some((d) => f.startsWith(`${d}/`)));
    expect(unwatched).toEqual([]);
  });

  it('prints the version', () => {
    const r = run('bundle', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('ingests, computes and backtests exactly as the sources do', () => {
    const out: Record<string, unknown[]> = { bundle: [], sources: [] };
    for (const entry of ['bundle', 'sources'] as const) {
      const db = join(dir, `${entry}.db`);
      const ingest = run(entry, ['ingest', 'csv', '--db', db, '--markets', join(dir, 'markets.csv'), '--trades', join(dir, 'trades.csv'), '--outcomes', join(dir, 'outcomes.csv'), '--json']);
      expect(ingest.code, ingest.stderr).toBe(0);
      const pipeline = run(entry, ['pipeline', '--db', db, '--json']);
      expect(pipeline.code, pipeline.stderr).toBe(0);
      const backtest = run(entry, ['backtest', '--db', db, '--json']);
      expect(backtest.code, backtest.stderr).toBe(0);
      out[entry] = [stable(ingest.stdout), stable(pipeline.stdout), stable(backtest.stdout)];
    }
    expect((out.bundle![0] as { inserted: { trades: number } }).inserted.trades).toBeGreaterThan(1000);
    expect(out.bundle).toEqual(out.sources);
  }, 120_000);
});
