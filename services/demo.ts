import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineParams } from '../engine/params.ts';
import { openDatabase } from '../store/db.ts';
import { SnapshotsRepo } from '../store/snapshotsRepo.ts';
import { WalletsRepo, type LeaderboardRow } from '../store/walletsRepo.ts';
import { ingestCsv } from '../ingest/csv.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';
import { runBacktest, type BacktestReport } from './backtest.ts';
import type { IngestCsvReport as IngestReport } from '../ingest/csv.ts';
import { StoreInfoRepo, storeCreatedBy } from '../store/storeInfoRepo.ts';
import { DomainError } from '../domain/errors.ts';

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

export interface ScreenerLine {
  market_id: string;
  question: string | null;
  market_prob: number | null;
  smartcrowd_prob: number | null;
  divergence: number | null;
  confidence: number;
  integrity_risk: number;
  headline: string;
}

export interface DemoSummary {
  db: string;
  ingest: IngestReport;
  pipeline: PipelineResult;
  backtest: BacktestReport;
  /** Open markets with the largest confident divergence (|divergence| × confidence). */
  screener: ScreenerLine[];
  /** Highest global trust weights. */
  leaderboard: LeaderboardRow[];
  timings_ms: { ingest: number; pipeline: number; backtest: number; total: number };
}

/**
 * The main job: rebuild the demo database from the bundled CSVs (replacing the file only if the
 * demo created it, or with `force`), run the pipeline as of the data's
 * present (its latest trade) and a walk-forward backtest, and gather a short summary.
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
    const asOf = db.prepare(`SELECT max(ts) FROM trades`).pluck().get() as number | null;
    if (asOf == null) throw new Error(`no trades were ingested from ${opts.datasetDir}`);
    const pipeline = await runPipeline(db, { params: opts.params, asOf, onProgress: (f, m) => say(`  pipeline ${(f * 100).toFixed(0).padStart(3)}% ${m}`) });
    const t2 = performance.now();
    const backtest = await runBacktest(db, { params: opts.params, onProgress: (f, m) => say(`  backtest ${(f * 100).toFixed(0).padStart(3)}% ${m}`) });
    const t3 = performance.now();

    const snaps = new SnapshotsRepo(db).listByRun(pipeline.run_id) as Record<string, unknown>[];
    const questions = new Map(
      (db.prepare(`SELECT id, question FROM markets`).all() as { id: string; question: string | null }[]).map((r) => [r.id, r.question]),
    );
    const screener: ScreenerLine[] = snaps
      .filter((s) => s.smartcrowd_prob !== null && s.divergence !== null)
      .map((s) => ({
        market_id: s.market_id as string,
        question: questions.get(s.market_id as string) ?? null,
        market_prob: s.market_prob as number | null,
        smartcrowd_prob: s.smartcrowd_prob as number | null,
        divergence: s.divergence as number | null,
        confidence: s.confidence as number,
        integrity_risk: s.integrity_risk as number,
        headline: JSON.parse(s.explanation_json as string).explanation.headline as string,
      }))
      .sort((a, b) => Math.abs(b.divergence!) * b.confidence - Math.abs(a.divergence!) * a.confidence || (a.market_id < b.market_id ? -1 : 1))
      .slice(0, 8);
    const leaderboard = new WalletsRepo(db).top(pipeline.params_hash, pipeline.as_of, 8);
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
