import type { Database } from 'better-sqlite3';
import { ingestPolymarket, type PolymarketIngestOptions, type PolymarketIngestReport } from '../ingest/polymarket/index.ts';
import { refreshDerived, type RefreshOptions, type RefreshResult } from './refresh.ts';

export { IncompleteIngestError } from '../ingest/polymarket/index.ts';

export interface LiveIngestOptions {
  ingest: PolymarketIngestOptions;
  /** Then refresh the derived tables (pipeline, optionally a backtest) with the ingest's parameters; absent: ingest only. */
  refresh?: Omit<RefreshOptions, 'params'>;
  /** Called between the ingest and the refresh (the sync worker heart-beats its lock there). */
  onIngested?: (report: PolymarketIngestReport) => void;
}

export interface LiveIngestResult extends RefreshResult {
  ingest: PolymarketIngestReport;
}

/**
 * Live Polymarket ingestion, then (with `refresh`) the pipeline as of the newest trade and
 * optionally a backtest: the chain `ingest polymarket --run-backtest` runs once and the sync worker
 * runs every cycle. An incomplete ingest still refreshes (what was stored is consistent); the caller
 * decides what incompleteness means for it (the CLI exits 1, the sync cycle logs it).
 */
export async function ingestLive(db: Database, opts: LiveIngestOptions): Promise<LiveIngestResult> {
  const ingest = await ingestPolymarket(db, opts.ingest);
  opts.onIngested?.(ingest);
  if (!opts.refresh) return { ingest, pipeline: null, backtest: null, skipped: [] };
  return { ingest, ...(await refreshDerived(db, { ...opts.refresh, params: opts.ingest.params })) };
}
