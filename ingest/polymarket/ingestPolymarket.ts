import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../../engine/params.ts';
import { MarketsRepo } from '../../store/marketsRepo.ts';
import { OutcomesRepo } from '../../store/outcomesRepo.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { MetricsRepo } from '../../store/metricsRepo.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import type { TradeRow } from '../../store/rows.ts';
import { PolymarketHttp, type FaultKind, type HttpClientOptions } from './httpClient.ts';
import { DataTrade, GammaMarket } from './schemas.ts';
import { mapMarket, mapOutcome, mapTrade, MappingError, type MarketTokens } from './mapping.ts';

export const CHECKPOINT_SOURCE = 'polymarket-trades';
export const DEFAULT_GAMMA = 'https://gamma-api.polymarket.com';
export const DEFAULT_DATA = 'https://data-api.polymarket.com';

export interface PolymarketIngestOptions {
  params: EngineParams;
  baseGamma?: string;
  baseData?: string;
  /** Which Gamma windows to list: closed (resolved) markets, active ones, or both. Default both. */
  windows?: 'closed' | 'active' | 'both';
  /** Stop listing after this many markets (per run). */
  maxMarkets?: number;
  /** Gamma page size (default 100) and Data API page size (default 500). */
  gammaPageSize?: number;
  tradesPageSize?: number;
  /** Gamma / Data API offsets beyond which a request is refused upstream (default 2000 / 3000). */
  gammaOffsetCap?: number;
  tradesOffsetCap?: number;
  /** Condition ids per /trades request. Default 10. */
  marketsPerChunk?: number;
  /** Re-read this many hours before each market's checkpoint (late or reordered fills). Default 1. */
  lookbackHours?: number;
  /** Lower bound (epoch ms) for markets without a checkpoint. */
  since?: number;
  takerOnly?: boolean;
  http?: HttpClientOptions;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  now?: () => number;
}

export interface PolymarketIngestReport {
  run_id: string;
  markets: { listed: number; inserted: number; updated: number };
  outcomes: { inserted: number; updated: number; inferred: number };
  trades: { fetched: number; inserted: number; duplicates: number };
  /** Items that failed schema or mapping, skipped. */
  skipped_items: number;
  faults: Partial<Record<FaultKind, number>>;
  checkpoints_advanced: number;
  /** True when a listing hit an offset cap and may be incomplete. */
  truncated: boolean;
}

/**
 * Live ingestion from Polymarket's public APIs into the store: markets (Gamma `/markets`,
 * closed and/or active, paged to the end), outcomes of closed binary markets (authoritative when
 * resolved at 1/0, else inferred at `outcomeThreshold`), and trades (Data API `/trades` in market
 * chunks, paged, from each market's checkpoint minus a lookback). A market's checkpoint advances in
 * the same transaction as its trades, so an interrupted run never leaves a checkpoint ahead of the
 * data. Malformed items are skipped and counted; every fault is counted in `system_metrics`.
 */
export async function ingestPolymarket(db: Database, opts: PolymarketIngestOptions): Promise<PolymarketIngestReport> {
  const now = opts.now ?? Date.now;
  const metrics = new MetricsRepo(db, now);
  const faults: Partial<Record<FaultKind, number>> = {};
  const fault = (kind: FaultKind) => {
    faults[kind] = (faults[kind] ?? 0) + 1;
    metrics.increment('polymarket.fault', kind);
  };
  const http = new PolymarketHttp({ ...opts.http, signal: opts.signal, onFault: (k) => fault(k) });
  const runs = new RunsRepo(db, now);
  try {
    return await runs.track('ingest-polymarket', async (runId, progress) => {
      const say = (f: number, m: string) => {
        progress(f, m);
        opts.onProgress?.(m);
      };
      const rep: PolymarketIngestReport = {
        run_id: runId,
        markets: { listed: 0, inserted: 0, updated: 0 },
        outcomes: { inserted: 0, updated: 0, inferred: 0 },
        trades: { fetched: 0, inserted: 0, duplicates: 0 },
        skipped_items: 0,
        faults,
        checkpoints_advanced: 0,
        truncated: false,
      };
      const skip = () => {
        rep.skipped_items++;
        fault('malformed_item');
      };
      const tokens = await listMarkets(db, http, opts, rep, skip, now, (m) => say(0.05, m));
      say(0.3, `listed ${rep.markets.listed} markets; fetching trades`);
      await fetchTrades(db, http, opts, [...tokens.keys()], tokens, rep, skip, fault, now, (f, m) => say(0.3 + 0.7 * f, m));
      metrics.increment('polymarket.trades_inserted', '', rep.trades.inserted);
      return rep;
    }, { counts: (r) => ({ markets: r.markets, outcomes: r.outcomes, trades: r.trades, skipped_items: r.skipped_items, faults: r.faults, truncated: r.truncated }) });
  } finally {
    await http.close();
  }
}

async function listMarkets(
  db: Database, http: PolymarketHttp, opts: PolymarketIngestOptions, rep: PolymarketIngestReport, skip: () => void, now: () => number, say: (m: string) => void,
): Promise<Map<string, MarketTokens>> {
  const base = (opts.baseGamma ?? DEFAULT_GAMMA).replace(/\/$/, '');
  const limit = opts.gammaPageSize ?? 100;
  const cap = opts.gammaOffsetCap ?? 2000;
  const max = opts.maxMarkets ?? Infinity;
  const windows = opts.windows === 'closed' ? [true] : opts.windows === 'active' ? [false] : [true, false];
  const markets = new MarketsRepo(db);
  const outcomes = new OutcomesRepo(db);
  const seen = new Map<string, MarketTokens>();
  for (const closed of windows) {
    for (let offset = 0; seen.size < max; offset += limit) {
      if (offset >= cap) {
        rep.truncated = true;
        say(`gamma: offset cap ${cap} reached for closed=${closed}; listing may be incomplete`);
        break;
      }
      const page = await http.getJson(`${base}/markets?limit=${limit}&offset=${offset}&closed=${closed}&order=id&ascending=true`);
      if (!Array.isArray(page)) {
        skip();
        break;
      }
      db.transaction(() => {
        for (const raw of page) {
          const r = GammaMarket.safeParse(raw);
          if (!r.success) {
            skip();
            continue;
          }
          const m = r.data;
          const id = m.conditionId.toLowerCase();
          if (seen.has(id) || seen.size >= max) continue;
          seen.set(id, { tokenIds: m.clobTokenIds ?? [], outcomes: m.outcomes ?? [] });
          rep.markets.listed++;
          const w = markets.upsert(mapMarket(m, raw), now());
          if (w === 'inserted') rep.markets.inserted++;
          else if (w === 'updated') rep.markets.updated++;
          const o = mapOutcome(m, opts.params.outcomeThreshold);
          if (o) {
            const ow = outcomes.upsert(o);
            if (ow === 'inserted') rep.outcomes.inserted++;
            else if (ow === 'updated') rep.outcomes.updated++;
            if (o.inferred && ow !== 'unchanged') rep.outcomes.inferred++;
          }
        }
      })();
      say(`gamma closed=${closed}: ${rep.markets.listed} markets`);
      if (page.length < limit) break;
    }
  }
  return seen;
}

async function fetchTrades(
  db: Database, http: PolymarketHttp, opts: PolymarketIngestOptions, ids: string[], tokens: Map<string, MarketTokens>,
  rep: PolymarketIngestReport, skip: () => void, fault: (k: FaultKind) => void, now: () => number, say: (f: number, m: string) => void,
): Promise<void> {
  const base = (opts.baseData ?? DEFAULT_DATA).replace(/\/$/, '');
  const limit = opts.tradesPageSize ?? 500;
  const cap = opts.tradesOffsetCap ?? 3000;
  const chunk = opts.marketsPerChunk ?? 10;
  const lookback = (opts.lookbackHours ?? 1) * 3_600_000;
  const cps = new CheckpointsRepo(db);
  const trades = new TradesRepo(db);
  const markets = new MarketsRepo(db);
  for (let c = 0; c < ids.length; c += chunk) {
    opts.signal?.throwIfAborted();
    const group = ids.slice(c, c + chunk);
    const starts = group.map((id) => {
      const cp = cps.get(CHECKPOINT_SOURCE, id);
      return cp !== null ? cp - lookback : (opts.since ?? 0);
    });
    const startMs = Math.max(0, Math.min(...starts));
    const byMarket = new Map<string, TradeRow[]>(group.map((id) => [id, []]));
    const ids_ = new Set<string>();
    let end: number | null = null;
    for (let offset = 0; ; offset += limit) {
      const q = new URLSearchParams({ market: group.join(','), limit: String(limit), offset: String(offset), takerOnly: String(opts.takerOnly ?? true) });
      if (startMs > 0) q.set('start', String(Math.floor(startMs / 1000)));
      if (end !== null) q.set('end', String(end));
      const page = await http.getJson(`${base}/trades?${q}`);
      if (!Array.isArray(page)) {
        skip();
        break;
      }
      let oldest = Infinity;
      for (const raw of page) {
        const p = DataTrade.safeParse(raw);
        if (!p.success) {
          skip();
          continue;
        }
        oldest = Math.min(oldest, Number(p.data.timestamp));
        let row: TradeRow;
        try {
          row = mapTrade(p.data, tokens.get(p.data.conditionId.toLowerCase()));
        } catch (err) {
          if (err instanceof MappingError) {
            skip();
            continue;
          }
          throw err;
        }
        if (row.ts < startMs) continue;
        rep.trades.fetched++;
        if (ids_.has(row.external_id)) {
          fault('duplicate');
          continue;
        }
        ids_.add(row.external_id);
        (byMarket.get(row.market_id) ?? byMarket.set(row.market_id, []).get(row.market_id)!).push(row);
      }
      if (page.length < limit) break;
      if (offset + limit >= cap) {
        // The next offset would be refused: continue in the window ending at the oldest fill seen
        // (inclusive; duplicates are dropped above). If that makes no progress, step back a second.
        if (!Number.isFinite(oldest)) break;
        if (end !== null && oldest >= end) {
          rep.truncated = true;
          end -= 1;
        } else end = oldest;
        offset = -limit;
      }
    }
    // One transaction per market: its trades and its checkpoint, together.
    for (const [id, rows] of byMarket) {
      db.transaction(() => {
        markets.ensurePlaceholder(id, 'polymarket', now());
        let maxTs = -Infinity;
        for (const r of rows) {
          if (trades.insert(r)) rep.trades.inserted++;
          else rep.trades.duplicates++;
          if (r.ts > maxTs) maxTs = r.ts;
        }
        if (rows.length > 0) {
          cps.advance(CHECKPOINT_SOURCE, id, maxTs, now(), { run: rep.run_id });
          rep.checkpoints_advanced++;
        }
      })();
    }
    say(Math.min(1, (c + chunk) / ids.length), `trades: ${Math.min(ids.length, c + chunk)}/${ids.length} markets, ${rep.trades.inserted} new`);
  }
}
