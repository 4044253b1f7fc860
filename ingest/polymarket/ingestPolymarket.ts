import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../../engine/params.ts';
import { MarketsRepo } from '../../store/marketsRepo.ts';
import { OutcomesRepo } from '../../store/outcomesRepo.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { MetricsRepo } from '../../store/metricsRepo.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import type { OutcomeRow, TradeRow } from '../../store/rows.ts';
import { PolymarketHttp, UpstreamError, type FaultKind, type HttpClientOptions } from './httpClient.ts';
import { GammaMarket, type GammaTag } from './schemas.ts';
import { closingTime, EVENT_TAGS_KEY, mapMarket, mapOutcome, mapV2Resolution, type MarketTokens } from './mapping.ts';
import { PagingState } from './pageOffsets.ts';
import { listGammaMarkets } from './listGammaMarkets.ts';
import { EventTagsLookup } from './EventTagsLookup.ts';
import { listTradesV1, listTradesV2, type TradeChunk, type TradeListing, type TradeListingContext } from './listTrades.ts';
import { fetchV2Resolutions } from './fetchV2Resolutions.ts';

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
  /** Page sizes asked for: Gamma (default 100), Data API v1 `/trades` (default 500), v2 (default 1,000). The services may serve fewer. */
  gammaPageSize?: number;
  tradesPageSize?: number;
  v2PageSize?: number;
  /**
   * Offsets at or past these are never requested (defaults 10,000 each, the documented `/trades`
   * maximum); a 400/422 from the service at a lower offset lowers them for the rest of the run.
   */
  gammaOffsetCap?: number;
  tradesOffsetCap?: number;
  /** Condition ids per trades request. Default 10 (v2: at most 20). */
  marketsPerChunk?: number;
  /** Chunks listed at once. Default: the HTTP concurrency (4). */
  chunkConcurrency?: number;
  /** Re-read this many hours before each market's checkpoint (late or reordered fills). Default 1. */
  lookbackHours?: number;
  /** Lower bound (epoch ms) for markets without a checkpoint; default: the service's own window. */
  since?: number;
  /** Only the taker side of each fill (`takerOnly=true`). Default false: makers and takers. */
  takerOnly?: boolean;
  /** Trades endpoint: Data API v1 `/trades` (offset paging, default) or v2 `/v2/trades` (cursor paging). */
  tradesApi?: 'v1' | 'v2';
  /** Also ask Data API v2 `/v2/resolutions` for closed markets Gamma does not show as resolved 1/0. Default false. */
  resolutionsV2?: boolean;
  /** List trades of closed markets even when a previous run listed them completely after they closed. Default false. */
  relistClosed?: boolean;
  http?: HttpClientOptions;
  signal?: AbortSignal;
  /** Progress and notices (retries with their reasons, learned page sizes and caps, windows). */
  onProgress?: (message: string) => void;
  now?: () => number;
}

export interface IncompleteMarket {
  market_id: string;
  reason: string;
}

export interface PolymarketIngestReport {
  run_id: string;
  /**
   * True when every listing completed: Gamma listed to its end and every market's fills were listed
   * to an empty page (or a window's bound). False means some data may be missing: see
   * `incomplete_markets` and `listing_problems`; their checkpoints did not move, so a re-run resumes.
   */
  complete: boolean;
  markets: { listed: number; inserted: number; updated: number; repeated: number; by_category: Record<string, number> };
  outcomes: { inserted: number; updated: number; inferred: number; authoritative: number; from_v2: number };
  trades: {
    /** Valid rows received, repeats included. */
    fetched: number;
    /** Rows received more than once (overlapping pages, window boundaries), dropped. */
    repeated: number;
    /** Unique rows stored now for the first time. */
    inserted: number;
    /** Unique rows already stored (a re-run, the lookback). */
    duplicates: number;
    taker: number;
    maker: number;
    /** Maker rows not stored because their market's taker listing was incomplete (they cannot be told from taker rows). */
    held_back: number;
    /** Rows served for other markets or before the requested start, dropped. */
    outside: number;
  };
  /** Items that failed schema or mapping, skipped. */
  skipped_items: number;
  faults: Partial<Record<FaultKind, number>>;
  /** Requests retried after a fault (each back-off once). */
  retries: number;
  checkpoints_advanced: number;
  /** Closed markets whose fills a previous run listed completely after they closed: not listed again. */
  markets_already_complete: number;
  incomplete_markets: IncompleteMarket[];
  /** Reasons a Gamma listing is incomplete (markets may be missing). */
  listing_problems: string[];
  /** Caveats worth knowing that do not make the run incomplete. */
  notes: string[];
  /** What paging learned: page size asked vs served (a silent clamp), offset caps, windows. */
  paging: {
    gamma: { asked: number; served: number | null; offset_cap: number; refused_at: number | null; windows: number };
    trades: { api: 'v1' | 'v2'; asked: number; served: number | null; offset_cap: number; refused_at: number | null; windows: number };
  };
  /** Kept for older readers: `!complete`. */
  truncated: boolean;
}

/** The run finished, but some listings did not complete: stored data is partial for the markets named. */
export class IncompleteIngestError extends Error {
  override readonly name = 'IncompleteIngestError';
  readonly code = 'SC_PM_INCOMPLETE';
  constructor(readonly report: PolymarketIngestReport) {
    const n = report.incomplete_markets.length;
    const first = report.incomplete_markets.slice(0, 5).map((m) => `${m.market_id}: ${m.reason}`);
    super(
      `ingest incomplete: ${[
        n ? `${n} market(s) not fully listed (${first.join('; ')}${n > 5 ? '; …' : ''})` : '',
        ...report.listing_problems,
      ].filter(Boolean).join('; ')}. Their checkpoints were not advanced; stored rows are kept and a re-run resumes from the old checkpoints.`,
    );
  }
}

interface ListedMarket {
  tokens: MarketTokens;
  closed: boolean;
  /** When the market stopped trading (epoch ms), for closed markets. */
  closing: number | null;
}

interface CheckpointMeta {
  run?: string;
  /** When the listing that set this checkpoint started, epoch ms. */
  listed_at?: number;
  /** Whether the market was closed when it was listed. */
  closed?: boolean;
}

/**
 * Live ingestion from Polymarket's public APIs into the store.
 *
 * 1. Markets: Gamma `/markets`, active then closed (a market closing mid-run is then caught by the
 *    closed listing), paged by listGammaMarkets; categories from the markets' event tags
 *    (EventTagsLookup, categoryFromTags); outcomes of closed binary markets (authoritative when
 *    resolved at 1/0 — or, with `resolutionsV2`, by Data API v2 — else inferred at `outcomeThreshold`).
 * 2. Trades: Data API `/trades` (or `/v2/trades`) in chunks of markets from each market's checkpoint
 *    minus a lookback. Both sides by default: the `takerOnly=false` listing, then the
 *    `takerOnly=true` one, whose rows are the takers; the rest are makers (`maker_taker`).
 * 3. A market's rows and its checkpoint are written in one transaction, and the checkpoint moves
 *    only when both listings of its chunk completed. Incomplete markets are reported
 *    (`complete: false`); the run still succeeds with what it stored.
 *
 * Every fault is counted in `system_metrics`; every retry is reported to `onProgress` with its reason.
 * @throws UpstreamError when Gamma cannot be listed, or the Data API is unreachable (connection
 *   errors or timeouts after every retry, or three chunks in a row failing).
 */
export async function ingestPolymarket(db: Database, opts: PolymarketIngestOptions): Promise<PolymarketIngestReport> {
  const now = opts.now ?? Date.now;
  const metrics = new MetricsRepo(db, now);
  const faults: Partial<Record<FaultKind, number>> = {};
  const fault = (kind: FaultKind, n = 1) => {
    if (n <= 0) return;
    faults[kind] = (faults[kind] ?? 0) + n;
    metrics.increment('polymarket.fault', kind, n);
  };
  let retries = 0;
  const tell = (m: string) => opts.onProgress?.(m);
  const http = new PolymarketHttp({
    ...opts.http,
    signal: opts.signal,
    onFault: (k) => fault(k),
    onRetry: (r) => {
      retries++;
      tell(`retry ${r.attempt}/${r.attempts - 1} in ${(r.delayMs / 1000).toFixed(1)} s: ${r.reason} from ${r.url}`);
    },
  });
  const runs = new RunsRepo(db, now);
  const gammaPaging = new PagingState(opts.gammaPageSize ?? 100, opts.gammaOffsetCap ?? 10_000);
  const tradesApi = opts.tradesApi ?? 'v1';
  const tradesPaging = new PagingState(opts.tradesPageSize ?? 500, opts.tradesOffsetCap ?? 10_000);
  try {
    return await runs.track('ingest-polymarket', async (runId, progress) => {
      const say = (f: number, m: string) => {
        progress(f, m);
        tell(m);
      };
      const rep: PolymarketIngestReport = {
        run_id: runId,
        complete: true,
        markets: { listed: 0, inserted: 0, updated: 0, repeated: 0, by_category: {} },
        outcomes: { inserted: 0, updated: 0, inferred: 0, authoritative: 0, from_v2: 0 },
        trades: { fetched: 0, repeated: 0, inserted: 0, duplicates: 0, taker: 0, maker: 0, held_back: 0, outside: 0 },
        skipped_items: 0,
        faults,
        retries: 0,
        checkpoints_advanced: 0,
        markets_already_complete: 0,
        incomplete_markets: [],
        listing_problems: [],
        notes: [],
        paging: {
          gamma: { asked: gammaPaging.asked, served: null, offset_cap: gammaPaging.cap, refused_at: null, windows: 0 },
          trades: { api: tradesApi, asked: tradesApi === 'v1' ? tradesPaging.asked : (opts.v2PageSize ?? 1000), served: null, offset_cap: tradesPaging.cap, refused_at: null, windows: 0 },
        },
        truncated: false,
      };
      const skip = () => {
        rep.skipped_items++;
        fault('malformed_item');
      };
      const listed = await ingestMarkets(db, http, opts, rep, gammaPaging, skip, now, (m) => say(0.05, m), tell);
      say(0.3, `listed ${rep.markets.listed} markets; fetching trades`);
      await ingestTrades(db, http, opts, listed, rep, tradesPaging, skip, fault, now, (f, m) => say(0.3 + 0.7 * f, m), tell);
      rep.retries = retries;
      rep.paging.gamma = { ...rep.paging.gamma, served: gammaPaging.served, offset_cap: gammaPaging.cap, refused_at: gammaPaging.refusedAt };
      rep.paging.trades = { ...rep.paging.trades, served: tradesApi === 'v1' ? tradesPaging.served : rep.paging.trades.served, offset_cap: tradesPaging.cap, refused_at: tradesPaging.refusedAt };
      rep.complete = rep.incomplete_markets.length === 0 && rep.listing_problems.length === 0;
      rep.truncated = !rep.complete;
      metrics.increment('polymarket.trades_inserted', '', rep.trades.inserted);
      if (!rep.complete) tell(`INCOMPLETE: ${rep.incomplete_markets.length} market(s) not fully listed${rep.listing_problems.length ? `; ${rep.listing_problems.join('; ')}` : ''}`);
      return rep;
    }, {
      counts: (r) => ({
        complete: r.complete, markets: r.markets, outcomes: r.outcomes, trades: r.trades, skipped_items: r.skipped_items, faults: r.faults, retries: r.retries,
        incomplete_markets: r.incomplete_markets, listing_problems: r.listing_problems, paging: r.paging, truncated: r.truncated,
      }),
    });
  } finally {
    await http.close();
  }
}

/** Stored event tags of a market (kept when this run's lookup failed). */
function storedTags(raw: string | null | undefined): GammaTag[] | undefined {
  if (!raw) return undefined;
  try {
    const v = (JSON.parse(raw) as Record<string, unknown>)[EVENT_TAGS_KEY];
    return Array.isArray(v) ? (v as GammaTag[]) : undefined;
  } catch {
    return undefined;
  }
}

async function ingestMarkets(
  db: Database, http: PolymarketHttp, opts: PolymarketIngestOptions, rep: PolymarketIngestReport, paging: PagingState,
  skip: () => void, now: () => number, say: (m: string) => void, tell: (m: string) => void,
): Promise<Map<string, ListedMarket>> {
  const base = (opts.baseGamma ?? DEFAULT_GAMMA).replace(/\/$/, '');
  const max = opts.maxMarkets ?? Infinity;
  // Active first: a market that closes while the active listing runs reappears in the closed one.
  const order = opts.windows === 'closed' ? [true] : opts.windows === 'active' ? [false] : [false, true];
  const markets = new MarketsRepo(db);
  const tags = new EventTagsLookup(http, base, tell);
  const listed = new Map<string, ListedMarket>();
  const outcomes = new Map<string, { m: GammaMarket; row: OutcomeRow | null }>();
  let warnedClamp = false;
  for (const closed of order) {
    if (listed.size >= max) break;
    const res = await listGammaMarkets({ http, base, paging, note: tell, signal: opts.signal }, closed, async (items) => {
      if (!warnedClamp && paging.clamped) {
        warnedClamp = true;
        tell(`gamma: asked for ${paging.asked} markets per page, the service serves ${paging.served}; paging by what it serves`);
      }
      const fresh: { m: GammaMarket; raw: unknown }[] = [];
      for (const raw of items) {
        const p = GammaMarket.safeParse(raw);
        if (!p.success) {
          skip();
          continue;
        }
        const id = p.data.conditionId.toLowerCase();
        const seen = listed.get(id);
        if ((seen && seen.closed === (p.data.closed ?? false)) || fresh.some((f) => f.m.conditionId.toLowerCase() === id)) {
          rep.markets.repeated++;
          continue;
        }
        if (!seen && listed.size + fresh.length >= max) continue;
        fresh.push({ m: p.data, raw });
      }
      const tagsOf = await tags.forMarkets(fresh.map((f) => f.m));
      db.transaction(() => {
        for (const { m, raw } of fresh) {
          const id = m.conditionId.toLowerCase();
          if (!listed.has(id)) rep.markets.listed++;
          listed.set(id, { tokens: { tokenIds: m.clobTokenIds ?? [], outcomes: m.outcomes ?? [] }, closed: m.closed ?? false, closing: m.closed ? closingTime(m) : null });
          const row = mapMarket(m, raw, tagsOf.get(id) ?? storedTags(markets.get(id)?.raw_payload));
          const w = markets.upsert(row, now());
          if (w === 'inserted') rep.markets.inserted++;
          else if (w === 'updated') rep.markets.updated++;
          rep.markets.by_category[row.category ?? 'uncategorized'] = (rep.markets.by_category[row.category ?? 'uncategorized'] ?? 0) + 1;
          outcomes.set(id, { m, row: mapOutcome(m, opts.params.outcomeThreshold) });
        }
      })();
      say(`gamma closed=${closed}: ${rep.markets.listed} markets`);
      return listed.size >= max;
    });
    rep.paging.gamma.windows += res.windows;
    rep.listing_problems.push(...res.problems);
    rep.notes.push(...res.notes);
  }
  if (tags.disabledReason) rep.notes.push(`categories: ${tags.disabledReason}; markets whose event tags were not read kept their stored category`);

  // Outcomes: Gamma's reading, upgraded by v2 resolutions where asked and available.
  if (opts.resolutionsV2) {
    const ask = [...outcomes].filter(([, o]) => o.m.closed && !(o.row && o.row.inferred === 0)).map(([id]) => id);
    if (ask.length > 0) {
      const v2 = await fetchV2Resolutions(http, (opts.baseData ?? DEFAULT_DATA).replace(/\/$/, ''), ask, tell, opts.signal);
      for (const id of ask) {
        const r = v2.get(id);
        const o = outcomes.get(id)!;
        const row = r ? mapV2Resolution(r, o.m.outcomes, closingTime(o.m)) : null;
        if (row) {
          o.row = row;
          rep.outcomes.from_v2++;
        }
      }
    }
  }
  const outRepo = new OutcomesRepo(db);
  db.transaction(() => {
    for (const { row } of outcomes.values()) {
      if (!row) continue;
      if (row.inferred === 0) rep.outcomes.authoritative++;
      const w = outRepo.upsert(row);
      if (w === 'inserted') rep.outcomes.inserted++;
      else if (w === 'updated') rep.outcomes.updated++;
      if (row.inferred && w !== 'unchanged') rep.outcomes.inferred++;
    }
  })();
  return listed;
}

async function ingestTrades(
  db: Database, http: PolymarketHttp, opts: PolymarketIngestOptions, listed: Map<string, ListedMarket>, rep: PolymarketIngestReport,
  paging: PagingState, skip: () => void, fault: (kind: FaultKind, n?: number) => void, now: () => number, say: (f: number, m: string) => void, tell: (m: string) => void,
): Promise<void> {
  const api = opts.tradesApi ?? 'v1';
  const lookback = (opts.lookbackHours ?? 1) * 3_600_000;
  const cps = new CheckpointsRepo(db);
  const trades = new TradesRepo(db);
  const markets = new MarketsRepo(db);
  const stored = new Map(cps.list(CHECKPOINT_SOURCE).map((c) => [c.key, { last: c.last_ts, meta: parseMeta(c.metadata_json) }]));

  // Plan: each market from its checkpoint minus the lookback (or --since); closed markets listed
  // completely after they closed are done. Markets with similar starts share chunks.
  const plan: { id: string; start: number | null }[] = [];
  for (const [id, m] of listed) {
    const cp = stored.get(id);
    if (!opts.relistClosed && m.closed && m.closing !== null && cp?.meta.closed && cp.meta.listed_at !== undefined && cp.meta.listed_at >= m.closing + lookback) {
      rep.markets_already_complete++;
      continue;
    }
    const startMs = cp?.last != null ? cp.last - lookback : opts.since ?? null;
    plan.push({ id, start: startMs === null ? null : Math.max(0, Math.floor(startMs / 1000)) });
  }
  plan.sort((a, b) => (a.start ?? -1) - (b.start ?? -1) || (a.id < b.id ? -1 : 1));
  const per = Math.max(1, Math.min(opts.marketsPerChunk ?? 10, api === 'v2' ? 20 : Infinity));
  const chunks: TradeChunk[] = [];
  for (let i = 0; i < plan.length; i += per) {
    const group = plan.slice(i, i + per);
    chunks.push({ markets: group.map((g) => g.id), startSec: group.some((g) => g.start === null) ? null : Math.min(...group.map((g) => g.start!)) });
  }
  if (rep.markets_already_complete) tell(`trades: ${rep.markets_already_complete} closed market(s) already listed completely after closing; skipped`);

  const tokens = new Map([...listed].map(([id, m]) => [id, m.tokens]));
  let warnedClamp = false;
  const ctx: TradeListingContext = {
    http, base: (opts.baseData ?? DEFAULT_DATA).replace(/\/$/, ''), tokens, paging, v2PageSize: opts.v2PageSize ?? 1000, skip,
    note: tell, nowSec: () => Math.floor(now() / 1000), signal: opts.signal,
  };
  const list = (c: TradeChunk, takerOnly: boolean): Promise<TradeListing> => (api === 'v2' ? listTradesV2(ctx, c, takerOnly) : listTradesV1(ctx, c, takerOnly));

  const processChunk = async (c: TradeChunk) => {
    const listedAt = now();
    // All rows first, then the takers: a fill that lands between the two listings is then at worst
    // a taker row without its makers (read again next run within the lookback), never a taker
    // taken for a maker.
    const all = opts.takerOnly ? null : await list(c, false);
    const takers = await list(c, true);
    if (!warnedClamp && paging.clamped) {
      warnedClamp = true;
      tell(`trades: asked for ${paging.asked} rows per page, the service serves ${paging.served}; paging by what it serves`);
    }
    const byMarket = new Map<string, TradeRow[]>(c.markets.map((id) => [id, []]));
    for (const r of takers.rows.values()) {
      r.maker_taker = 'taker';
      byMarket.get(r.market_id)!.push(r);
    }
    for (const l of all ? [all, takers] : [takers]) {
      rep.trades.fetched += l.fetched;
      rep.trades.repeated += l.repeated;
      fault('duplicate', l.repeated);
      rep.trades.outside += l.outside;
      rep.paging.trades.windows += l.windows;
    }
    if (all) {
      for (const [key, r] of all.rows) {
        if (takers.rows.has(key)) continue;
        if (takers.incomplete.has(r.market_id)) {
          rep.trades.held_back++;
          continue;
        }
        r.maker_taker = 'maker';
        byMarket.get(r.market_id)!.push(r);
      }
    }
    db.transaction(() => {
      for (const [id, rows] of byMarket) {
        markets.ensurePlaceholder(id, 'polymarket', now());
        let maxTs = -Infinity;
        for (const r of rows) {
          if (trades.insert(r)) rep.trades.inserted++;
          else rep.trades.duplicates++;
          if (r.maker_taker === 'maker') rep.trades.maker++;
          else rep.trades.taker++;
          if (r.ts > maxTs) maxTs = r.ts;
        }
        const why = all?.incomplete.get(id) ?? takers.incomplete.get(id);
        if (why !== undefined) {
          rep.incomplete_markets.push({ market_id: id, reason: why });
          continue;
        }
        const prev = stored.get(id)?.last ?? null;
        const last = Math.max(maxTs, prev ?? -Infinity);
        if (Number.isFinite(last)) {
          const meta: CheckpointMeta = { run: rep.run_id, listed_at: listedAt, closed: listed.get(id)?.closed ?? false };
          cps.advance(CHECKPOINT_SOURCE, id, last, now(), meta);
          rep.checkpoints_advanced++;
        }
      }
    })();
  };

  // A pool of chunk workers. A chunk that fails upstream leaves its markets incomplete and the run
  // goes on; an unreachable Data API (connection errors or timeouts after every retry, or three
  // failed chunks in a row) ends the run.
  let next = 0;
  let done = 0;
  let failedInARow = 0;
  let fatal: unknown = null;
  const worker = async () => {
    while (fatal === null && next < chunks.length) {
      const c = chunks[next++]!;
      try {
        await processChunk(c);
        failedInARow = 0;
      } catch (err) {
        if (!(err instanceof UpstreamError) || opts.signal?.aborted) {
          fatal ??= err;
          break;
        }
        for (const id of c.markets) rep.incomplete_markets.push({ market_id: id, reason: err.message });
        tell(`trades: chunk of ${c.markets.length} market(s) failed: ${err.message}`);
        if (err.code === 'SC_PM_GIVE_UP' && (err.lastFault === 'network' || err.lastFault === 'timeout')) {
          fatal ??= new UpstreamError('SC_PM_GIVE_UP', `Data API unreachable: ${err.message}`, err.status, err.lastFault);
        } else if (++failedInARow >= 3) {
          fatal ??= new UpstreamError('SC_PM_GIVE_UP', `Data API failing: 3 chunks in a row failed; last: ${err.message}`, err.status, err.lastFault);
        }
      }
      done++;
      say(done / Math.max(1, chunks.length), `trades: ${done}/${chunks.length} chunks, ${rep.trades.inserted} new rows`);
    }
  };
  const n = Math.max(1, opts.chunkConcurrency ?? opts.http?.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(n, Math.max(1, chunks.length)) }, worker));
  if (fatal !== null) throw fatal;
}

function parseMeta(json: string | null): CheckpointMeta {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as CheckpointMeta) : {};
  } catch {
    return {};
  }
}
