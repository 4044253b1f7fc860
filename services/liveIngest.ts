import type { Database } from 'better-sqlite3';
import { ingestPolymarket, type PolymarketIngestOptions, type PolymarketIngestReport } from '../ingest/polymarket/index.ts';
import type { PolymarketIngestRequest } from '../contracts/ingest.ts';
import type { UpstreamConfig } from '../contracts/options/server.ts';
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

/**
 * A live ingestion asked for over the API (POST /ingest/polymarket): the request's windows, limit
 * and lookback (contracts/ingest.ts) from the upstream the operator started the server with.
 */
export async function ingestPolymarketRequest(db: Database, upstream: UpstreamConfig, q: PolymarketIngestRequest): Promise<PolymarketIngestReport> {
  const r = await ingestLive(db, {
    ingest: { params: q.params, baseGamma: upstream.baseGamma, baseData: upstream.baseData, windows: q.windows, maxMarkets: q.max_markets, lookbackHours: q.lookback_hours },
  });
  return r.ingest;
}
