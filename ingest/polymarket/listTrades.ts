import type { z } from 'zod';
import type { TradeRow } from '../../store/rows.ts';
import type { PolymarketHttp } from './httpClient.ts';
import { pageOffsets, type PagingState } from './pageOffsets.ts';
import { DataTrade, DataTradeV2, V2Page } from './schemas.ts';
import { mapTrade, MappingError, occurrenceId, type MarketTokens } from './mapping.ts';

/** Everything a trade listing needs from the run. */
export interface TradeListingContext {
  http: PolymarketHttp;
  /** Data API base URL, no trailing slash. */
  base: string;
  tokens: ReadonlyMap<string, MarketTokens>;
  /** v1 offset paging: page size asked, learned page size and offset cap. */
  paging: PagingState;
  /** v2 cursor paging: rows per page (≤ 1,000 per the reference). */
  v2PageSize: number;
  /** Counts one item that failed the schema or the mapping (skipped, not fatal). */
  skip: () => void;
  /** A notable event in human words (progress log). */
  note: (message: string) => void;
  /** Wall clock, epoch seconds (bisecting an open-ended window). */
  nowSec: () => number;
  signal?: AbortSignal;
}

/** A group of markets listed together, from `startSec` (inclusive, epoch s; null = the service's default window). */
export interface TradeChunk {
  markets: readonly string[];
  startSec: number | null;
}

/** One listing of a chunk (one `takerOnly` value). */
export interface TradeListing {
  /** Unique rows by external id (the first copy seen). */
  rows: Map<string, TradeRow>;
  /** Valid rows received for the chunk's markets, repeats included. */
  fetched: number;
  /** Rows received more than once (overlapping pages, window boundaries). */
  repeated: number;
  /** Rows served for other markets or before the start (dropped). */
  outside: number;
  /** Markets whose listing did not complete, and why. Their checkpoints must not move. */
  incomplete: Map<string, string>;
  /** Windows walked (1 unless the offset cap forced narrower ones). */
  windows: number;
}

interface Window {
  markets: readonly string[];
  /** Inclusive bounds, epoch seconds; null = unbounded (the service's default). */
  start: number | null;
  end: number | null;
  /** True when rows of these markets are known to exist at second `end` (a window cut at the oldest row seen). */
  rowsAtEnd?: boolean;
}

/** What the rows of one window showed about the service. */
interface WindowObs {
  prev: number;
  oldest: number;
  newest: number;
  /** A row newer than the one before it: the listing is not newest-first. */
  unordered: boolean;
  /** A row newer than the window's `end`: the service ignored `end`. */
  pastEnd: boolean;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

function newListing(): TradeListing {
  return { rows: new Map(), fetched: 0, repeated: 0, outside: 0, incomplete: new Map(), windows: 0 };
}

/** Parses, maps and dedupes one page into `out`, noting order and bounds in `obs`. */
function collect(
  items: readonly unknown[], schema: z.ZodType<DataTrade>, ctx: TradeListingContext, chunk: ReadonlySet<string>, w: Window, obs: WindowObs, out: TradeListing,
): void {
  const inPage = new Map<string, number>();
  // Order is judged on rows not seen before: a moving feed repeats the previous page's last rows
  // at the top of the next one, which says nothing about the service's ordering.
  const order = (ts: number) => {
    if (ts > obs.prev) obs.unordered = true;
    obs.prev = ts;
  };
  for (const raw of items) {
    const p = schema.safeParse(raw);
    if (!p.success) {
      ctx.skip();
      continue;
    }
    const ts = Number(p.data.timestamp);
    if (ts < obs.oldest) obs.oldest = ts;
    if (ts > obs.newest) obs.newest = ts;
    if (w.end !== null && ts > w.end) obs.pastEnd = true;
    const cid = p.data.conditionId.toLowerCase();
    if (!chunk.has(cid) || (w.start !== null && ts < w.start)) {
      order(ts);
      out.outside++;
      continue;
    }
    let row: TradeRow;
    try {
      row = mapTrade(p.data, ctx.tokens.get(cid));
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      order(ts);
      ctx.skip();
      continue;
    }
    const n = inPage.get(row.external_id) ?? 0;
    inPage.set(row.external_id, n + 1);
    row.external_id = occurrenceId(row.external_id, n);
    out.fetched++;
    if (out.rows.has(row.external_id)) {
      out.repeated++;
      continue;
    }
    order(ts);
    out.rows.set(row.external_id, row);
  }
}

/**
 * Lists the fills of a chunk of markets from Data API v1 `GET /trades` (newest first), from the
 * chunk's start to now, with `takerOnly` as given.
 *
 * Each window is walked by offset (pageOffsets: clamped pages are not the end, an empty page is).
 * When the offset cap stops a window, the listing continues in the window ending at the oldest
 * fill seen (`end` inclusive; the boundary second is read again and deduplicated — a service that
 * turns out to exclude `end`, by not serving rows known to sit at it, is sent `end + 1`) with a fresh
 * offset budget. If a whole capped window sits in one second, a multi-market window is split into
 * one window per market; a single market keeps what it got for that second, lists the older part,
 * and is reported incomplete. Once rows are seen out of newest-first order (judged on rows not
 * seen before, since overlap repeats earlier rows), windows are bisected in time instead, and a
 * chunk already cut at "the oldest row seen" is listed again; if the service ignores `end`, no
 * narrowing can help and the markets are incomplete.
 */
export async function listTradesV1(ctx: TradeListingContext, chunk: TradeChunk, takerOnly: boolean): Promise<TradeListing> {
  const out = newListing();
  const inChunk = new Set(chunk.markets);
  const stack: Window[] = [{ markets: chunk.markets, start: chunk.startSec, end: null }];
  /** Whether a window was continued at "the oldest row seen" (sound only for newest-first rows), and whether the chunk was then listed again. */
  let cutAtOldest = false;
  let relisted = false;
  const fail = (ms: readonly string[], why: string) => {
    for (const m of ms) if (!out.incomplete.has(m)) out.incomplete.set(m, why);
  };
  while (stack.length > 0) {
    const w = stack.pop()!;
    out.windows++;
    const obs: WindowObs = { prev: Infinity, oldest: Infinity, newest: -Infinity, unordered: false, pastEnd: false };
    const url = (offset: number, limit: number) => {
      const q = new URLSearchParams({ market: w.markets.join(','), limit: String(limit), offset: String(offset), takerOnly: String(takerOnly) });
      if (w.start !== null) q.set('start', String(w.start));
      // Windows are inclusive here; a service found to exclude `end` is sent end + 1.
      if (w.end !== null) q.set('end', String(ctx.paging.endExclusive ? w.end + 1 : w.end));
      return `${ctx.base}/trades?${q}`;
    };
    const res = await pageOffsets((o, l) => ctx.http.getJson(url(o, l)), ctx.paging, (items) => collect(items, DataTrade, ctx, inChunk, w, obs, out), { signal: ctx.signal });
    if (res.falseEmpty > 0) ctx.note(`trades: ${res.falseEmpty} empty page(s) were not the end (a second request returned rows)`);
    if (w.rowsAtEnd && w.end !== null && obs.newest < w.end && !ctx.paging.endExclusive && !obs.unordered) {
      // Rows at second `end` exist (the previous window served them) but this one did not: the
      // service treats `end` as exclusive. Walk the window again with end + 1 (repeats are dropped).
      ctx.paging.endExclusive = true;
      ctx.note(`trades: the service treats end as exclusive (no row at end=${w.end} although there are some); sending end + 1 from now on`);
      stack.push(w);
      continue;
    }
    if (obs.unordered && !ctx.paging.unordered) {
      ctx.paging.unordered = true;
      ctx.note('trades: rows are not newest-first; listing by time bisection from now on');
    }
    if (ctx.paging.unordered && cutAtOldest && !relisted) {
      // Rows are not newest-first (seen here or by another chunk): windows this listing already
      // cut at "the oldest row seen" may have stepped over rows, so the whole chunk is listed
      // again, by bisection (repeats are dropped).
      relisted = true;
      stack.push({ markets: chunk.markets, start: chunk.startSec, end: null });
    }
    if (res.end === 'exhausted') continue;
    if (res.end === 'malformed') {
      fail(w.markets, `malformed /trades page: ${res.detail}`);
      continue;
    }
    // Capped: narrow the window.
    const where = `${w.markets.length} market(s), window ${w.start === null ? '…' : iso(w.start)} – ${w.end === null ? 'now' : iso(w.end)}`;
    if (res.refused) ctx.note(`trades: the service refused offset ${res.offset} (offset cap now ${ctx.paging.cap}); continuing in a narrower time window (${where})`);
    if (obs.pastEnd) {
      fail(w.markets, `the service ignored end=${w.end} (rows newer than the window), so nothing past offset ${res.offset} can be reached`);
      continue;
    }
    if (!Number.isFinite(obs.oldest)) {
      fail(w.markets, `offset cap ${ctx.paging.cap} reached with no rows`);
      continue;
    }
    if (!ctx.paging.unordered) {
      // Newest-first and already older than the start: everything in the window was served.
      if (w.start !== null && obs.oldest < w.start) continue;
      if (w.end === null || obs.oldest < w.end) {
        cutAtOldest = true;
        stack.push({ markets: w.markets, start: w.start, end: obs.oldest, rowsAtEnd: true });
        continue;
      }
      // Every row the offset budget reached sits in the window's last second.
      if (w.markets.length > 1) {
        for (const m of w.markets) stack.push({ markets: [m], start: w.start, end: w.end });
        continue;
      }
      fail(w.markets, `more than ${ctx.paging.cap} fills at ${iso(w.end)} (one second; start/end cannot split it): fills of that second past the offset cap are missing`);
      if (w.start === null || w.end - 1 >= w.start) stack.push({ markets: w.markets, start: w.start, end: w.end - 1 });
      continue;
    }
    // Not newest-first: "end = oldest seen" could skip rows; bisect the window in time instead. An
    // open start becomes four years back: market feeds serve about three by default (reference §3).
    const lo = w.start ?? ctx.nowSec() - 4 * 365 * 86_400;
    const hi = w.end ?? ctx.nowSec();
    if (hi > lo) {
      const mid = Math.floor((lo + hi) / 2);
      ctx.note(`trades: rows are not newest-first; bisecting ${where} at ${iso(mid)}`);
      stack.push({ markets: w.markets, start: lo, end: mid }, { markets: w.markets, start: mid + 1, end: hi });
    } else if (w.markets.length > 1) {
      for (const m of w.markets) stack.push({ markets: [m], start: w.start, end: w.end });
    } else {
      fail(w.markets, `more than ${ctx.paging.cap} fills at ${iso(hi)} (one second): fills past the offset cap are missing`);
    }
  }
  return out;
}

/**
 * Lists the fills of a chunk (≤ 20 markets) from Data API v2 `GET /v2/trades`: cursor paging
 * (`pagination.next_cursor` until null; no offset cap), rows in snake_case mapped like v1 (same
 * ids). Market feeds ignore `start` (reference §3), so once the rows are newest-first and older than
 * the chunk's start, the listing stops. A repeated cursor or a malformed envelope (after two
 * re-requests) leaves the chunk incomplete.
 */
export async function listTradesV2(ctx: TradeListingContext, chunk: TradeChunk, takerOnly: boolean): Promise<TradeListing> {
  const out = newListing();
  out.windows = 1;
  const inChunk = new Set(chunk.markets);
  const w: Window = { markets: chunk.markets, start: chunk.startSec, end: null };
  const obs: WindowObs = { prev: Infinity, oldest: Infinity, newest: -Infinity, unordered: false, pastEnd: false };
  const cursors = new Set<string>();
  let cursor: string | null = null;
  let malformed = 0;
  for (;;) {
    ctx.signal?.throwIfAborted();
    const q = new URLSearchParams({ condition: chunk.markets.join(','), limit: String(ctx.v2PageSize), taker_only: String(takerOnly) });
    if (cursor !== null) q.set('cursor', cursor);
    const body = await ctx.http.getJson(`${ctx.base}/v2/trades?${q}`);
    const env = V2Page.safeParse(body);
    if (!env.success) {
      if (++malformed > 2) {
        for (const m of chunk.markets) out.incomplete.set(m, 'malformed /v2/trades envelope (expected {data, pagination})');
        return out;
      }
      continue;
    }
    malformed = 0;
    collect(env.data.data ?? [], DataTradeV2, ctx, inChunk, w, obs, out);
    const next = env.data.pagination?.next_cursor ?? null;
    if (next === null || next === '' || env.data.pagination?.has_more === false) return out;
    if (w.start !== null && !obs.unordered && obs.oldest < w.start) return out;
    if (cursors.has(next)) {
      for (const m of chunk.markets) out.incomplete.set(m, `the /v2/trades cursor repeated (${next.slice(0, 24)}…)`);
      return out;
    }
    cursors.add(next);
    cursor = next;
  }
}
