import type { Database } from 'better-sqlite3';
import { alertsFor } from '../engine/alerts.ts';
import { defaultParams, parseParams, type EngineParams } from '../engine/params.ts';
import { isoOf } from '../domain/instant.ts';
import { ReadModels, type ScreenerSort, type StatusFilter } from '../store/readModels.ts';
import type { RunKind, RunRow } from '../store/runsRepo.ts';

/*
 * The read side of the API, one function per list: each answers one page — `items` with the
 * `total` that match, and the `limit` and `offset` asked for (the one paging scheme of every
 * list). Instants leave here as ISO 8601 text.
 */

/** A page of a list: the items, how many match in all, and the window asked for. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageQuery {
  limit: number;
  offset: number;
}

/** The pipeline run whose results the reads show (the latest succeeded one), or null. */
export function latestPipelineRun(db: Database): RunRow | null {
  return new ReadModels(db).latestPipeline() ?? null;
}

/**
 * The parameters a run used, through the schema again (defaults added since the run are filled
 * in; a stored set the schema refuses is an error, never used half-checked).
 */
export function runParams(run: RunRow | null): EngineParams {
  return run?.params_json ? parseParams(JSON.parse(run.params_json)) : defaultParams;
}

/** The screener: the latest pipeline run's markets, largest confident divergence first (or another sort), filtered by status. */
export function screenerPage(db: Database, q: PageQuery & { sort: ScreenerSort; category?: string; status: StatusFilter }) {
  const run = latestPipelineRun(db);
  if (!run) return { items: [], total: 0, limit: q.limit, offset: q.offset, status: q.status, run_id: null, as_of: null, params_hash: null };
  const page = new ReadModels(db).screener(run.run_id, q);
  return { ...page, limit: q.limit, offset: q.offset, status: q.status, run_id: run.run_id, as_of: run.as_of == null ? null : isoOf(run.as_of), params_hash: run.params_hash };
}

/** The leaderboard: global trust weights of the latest pipeline run, highest first. */
export function leaderboardPage(db: Database, q: PageQuery) {
  const run = latestPipelineRun(db);
  if (!run || run.params_hash == null || run.as_of == null) return { items: [], total: 0, limit: q.limit, offset: q.offset, run_id: null };
  const rm = new ReadModels(db);
  return { items: rm.leaderboard(run.params_hash, run.as_of, q.limit, q.offset), total: rm.leaderboardCount(run.params_hash, run.as_of), limit: q.limit, offset: q.offset, run_id: run.run_id };
}

/** Alerts of the latest pipeline run (its own parameters' thresholds), most severe first. */
export function alertsPage(db: Database, q: PageQuery) {
  const run = latestPipelineRun(db);
  if (!run) return { items: [], total: 0, limit: q.limit, offset: q.offset, run_id: null };
  const params = runParams(run);
  const all = new ReadModels(db)
    .screener(run.run_id, { limit: -1, offset: 0, sort: 'market', status: 'all' })
    .items.flatMap((s) => alertsFor(s, params).map((a) => ({ ...a, question: s.question, snapshot_ts: s.snapshot_ts })))
    .sort((a, b) => b.severity - a.severity || (a.market_id < b.market_id ? -1 : a.market_id > b.market_id ? 1 : a.kind < b.kind ? -1 : 1));
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length, limit: q.limit, offset: q.offset, run_id: run.run_id };
}

/** A run as the API shows it: ISO instants, parsed counts, no owner or parameter blobs. */
export function runView(r: RunRow) {
  return {
    run_id: r.run_id, kind: r.kind, status: r.status, started_at: isoOf(r.started_at), finished_at: r.finished_at == null ? null : isoOf(r.finished_at),
    duration_ms: r.duration_ms, params_hash: r.params_hash, as_of: r.as_of == null ? null : isoOf(r.as_of), progress: r.progress, message: r.message,
    counts: r.counts_json ? (JSON.parse(r.counts_json) as Record<string, unknown>) : null, error: r.error,
  };
}

/** Runs (ingest, pipeline, backtest, sweep, sync), newest first. */
export function runsPage(db: Database, q: PageQuery & { kind?: RunKind }) {
  const { items, total } = new ReadModels(db).runs_(q);
  return { items: items.map(runView), total, limit: q.limit, offset: q.offset };
}

/** Counters and per-procedure latency, by name and label. */
export function metricsPage(db: Database, q: PageQuery) {
  const all = new ReadModels(db).metrics();
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length, limit: q.limit, offset: q.offset };
}
