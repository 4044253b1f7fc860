import type { Database } from 'better-sqlite3';
import { alertsFor } from '../engine/alerts.ts';
import { defaultParams, parseParams, type EngineParams } from '../engine/params.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { PageQuery } from '../contracts/paging.ts';
import type { ScreenerQuery } from '../contracts/screener.ts';
import type { MarketDetail } from '../contracts/market.ts';
import type { RunKind, Run } from '../contracts/runs.ts';
import type { JsonValue } from '../contracts/json.ts';
import { readModelsOf } from '../store/readModels.ts';
import type { RunRow } from '../store/runsRepo.ts';

/*
 * The read side of the API, one function per read: each list answers one page — `items` with the
 * `total` that match, and the `limit` and `offset` asked for (the one paging scheme of every
 * list). Results have the contracts' shapes (contracts/), instants epoch ms.
 */

/** The pipeline run whose results the reads show (the latest succeeded one), or null. */
export function latestPipelineRun(db: Database): RunRow | null {
  return readModelsOf(db).latestPipeline() ?? null;
}

/**
 * The parameters a run used, through the schema again (defaults added since the run are filled
 * in; a stored set the schema refuses is an error, never used half-checked).
 */
export function runParams(run: RunRow | null): EngineParams {
  return run?.params_json ? parseParams(JSON.parse(run.params_json)) : defaultParams;
}

/** The screener: the latest pipeline run's markets, largest confident divergence first (or another sort), filtered by status. */
export function screenerPage(db: Database, q: ScreenerQuery) {
  const run = latestPipelineRun(db);
  if (!run) return { items: [], total: 0, limit: q.limit, offset: q.offset, status: q.status, run_id: null, as_of: null, params_hash: null };
  const page = readModelsOf(db).screener(run.run_id, q);
  return { ...page, limit: q.limit, offset: q.offset, status: q.status, run_id: run.run_id, as_of: run.as_of, params_hash: run.params_hash };
}

/**
 * A market with its outcome, trade statistics and latest stored snapshot.
 * @throws NotFoundError for an unknown market.
 */
export function marketDetail(db: Database, marketId: string): MarketDetail {
  const m = readModelsOf(db).market(marketId);
  if (!m) throw new NotFoundError(`unknown market ${marketId}`);
  return m;
}

/** The leaderboard: global trust weights of the latest pipeline run, highest first. */
export function leaderboardPage(db: Database, q: PageQuery) {
  const run = latestPipelineRun(db);
  if (!run || run.params_hash == null || run.as_of == null) return { items: [], total: 0, limit: q.limit, offset: q.offset, run_id: null };
  const rm = readModelsOf(db);
  return { items: rm.leaderboard(run.params_hash, run.as_of, q.limit, q.offset), total: rm.leaderboardCount(run.params_hash, run.as_of), limit: q.limit, offset: q.offset, run_id: run.run_id };
}

/** Alerts of the latest pipeline run (its own parameters' thresholds), most severe first. */
export function alertsPage(db: Database, q: PageQuery) {
  const run = latestPipelineRun(db);
  if (!run) return { items: [], total: 0, limit: q.limit, offset: q.offset, run_id: null };
  const params = runParams(run);
  const all = readModelsOf(db)
    .screener(run.run_id, { limit: -1, offset: 0, sort: 'market', status: 'all' })
    .items.flatMap((s) => alertsFor(s, params).map((a) => ({ ...a, question: s.question, snapshot_ts: s.snapshot_ts })))
    .sort((a, b) => b.severity - a.severity || (a.market_id < b.market_id ? -1 : a.market_id > b.market_id ? 1 : a.kind < b.kind ? -1 : 1));
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length, limit: q.limit, offset: q.offset, run_id: run.run_id };
}

/** A run as the API shows it: its counts parsed, no owner or parameter blobs. */
export function runView(r: RunRow): Run {
  return {
    run_id: r.run_id, kind: r.kind, status: r.status, started_at: r.started_at, finished_at: r.finished_at, duration_ms: r.duration_ms,
    params_hash: r.params_hash, as_of: r.as_of, progress: r.progress, message: r.message,
    counts: r.counts_json ? (JSON.parse(r.counts_json) as Record<string, JsonValue>) : null, error: r.error,
  };
}

/** Runs (ingest, pipeline, backtest, sweep, sync), newest first. */
export function runsPage(db: Database, q: PageQuery & { kind?: RunKind }) {
  const { items, total } = readModelsOf(db).runs_(q);
  return { items: items.map(runView), total, limit: q.limit, offset: q.offset };
}

/** Counters and per-procedure latency, by name and label. */
export function metricsPage(db: Database, q: PageQuery) {
  const all = readModelsOf(db).metrics();
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length, limit: q.limit, offset: q.offset };
}
