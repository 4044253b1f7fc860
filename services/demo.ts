import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineParams } from '../engine/params.ts';
import { openDatabase } from '../store/db.ts';
import { ingestCsv } from '../ingest/csv.ts';
import { runPipeline } from './pipeline.ts';
import { runBacktest } from './backtest.ts';
import { leaderboardPage, screenerPage } from './reads.ts';
import { StoreInfoRepo, storeCreatedBy } from '../store/storeInfoRepo.ts';
import { DomainError, PreconditionError } from '../domain/errors.ts';
import type { DemoSummary } from '../contracts/demo.ts';

export type { DemoSummary } from '../contracts/demo.ts';

/** The demo would replace a database it did not create: refused unless forced. */
export class DemoWouldReplaceError extends DomainError {
  override readonly name = 'DemoWouldReplaceError';
  constructor(readonly path: string) {
    super('SC_DB_EXISTS', `${path} exists and was not created by the demo; the demo rebuilds its database from scratch, so it will not replace this one (pass --force to replace it, or --db another path)`);
  }
}

export interface DemoOptions {
  /** Database file to (re)build. An existing file is replaced only if the demo created it, or with `force`. */
  dbPath: string;
  /** Replace the file even if the demo did not create it. */
  force?: boolean;
  /** Folder with markets.csv, trades.csv, outcomes.csv (the bundled world: datasets/demo). */
  datasetDir: string;
  params: EngineParams;
  /** Progress lines (stderr in the CLI). */
  onProgress?: (message: string) => void;
}

/**
 * The main job: rebuild the demo database from the bundled CSVs (replacing the file only if the
 * demo created it, or with `force`), run the pipeline as of the newest trade (the as-of rule of
 * every entry point) and a walk-forward backtest, and gather the first pages of the screener and
 * the leaderboard (the same reads the API serves).
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const say = opts.onProgress ?? (() => {});
  const t0 = performance.now();
  if (existsSync(opts.dbPath) && !opts.force && storeCreatedBy(opts.dbPath) !== 'demo') throw new DemoWouldReplaceError(opts.dbPath);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(opts.dbPath + suffix, { force: true });
  const db = openDatabase(opts.dbPath);
  try {
    new StoreInfoRepo(db).set('created_by', 'demo');
    say(`building ${opts.dbPath} from ${opts.datasetDir}`);
    const ingest = await ingestCsv(
      db,
      { markets: join(opts.datasetDir, 'markets.csv'), trades: join(opts.datasetDir, 'trades.csv'), outcomes: join(opts.datasetDir, 'outcomes.csv') },
      { onProgress: (p) => say(`  ingest ${p.file}: ${p.rows} rows`) },
    );
    const t1 = performance.now();
    if (ingest.inserted.trades === 0) throw new PreconditionError(`no trades were ingested from ${opts.datasetDir}`);
    const pipeline = await runPipeline(db, { params: opts.params, onProgress: (f, m) => say(`  pipeline ${(f * 100).toFixed(0).padStart(3)}% ${m}`) });
    const t2 = performance.now();
    const backtest = await runBacktest(db, { params: opts.params, onProgress: (f, m) => say(`  backtest ${(f * 100).toFixed(0).padStart(3)}% ${m}`) });
    const t3 = performance.now();

    const screener = screenerPage(db, { limit: 8, offset: 0, sort: 'divergence', status: 'open' }).items;
    const leaderboard = leaderboardPage(db, { limit: 8, offset: 0 }).items;
    return {
      db: opts.dbPath,
      ingest,
      pipeline,
      backtest,
      screener,
      leaderboard,
      timings_ms: { ingest: t1 - t0, pipeline: t2 - t1, backtest: t3 - t2, total: t3 - t0 },
    };
  } finally {
    db.close();
  }
}
