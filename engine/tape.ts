/**
 * The trade tape: a columnar, immutable, in-memory form of markets, trades and outcomes that
 * every engine function reads. Built once (from the store or from plain objects) and reused
 * across parameter sets. Trades are ordered by (ts, external_id), external ids compared by code
 * point; wallets, markets and categories are interned as indexes into sorted id arrays, so the
 * tape of the same data is the same whatever order it was read in. About 43 bytes per trade.
 */

/** +1: the fill pushes YES up (BUY YES, SELL NO); −1: it pushes YES down (BUY NO, SELL YES). */
export type Direction = 1 | -1;

export interface Tape {
  /** Number of trades. */
  readonly n: number;
  /** Fill time, epoch ms UTC, non-decreasing. */
  readonly ts: Float64Array;
  /** Market index of each trade (into `marketIds`). */
  readonly market: Int32Array;
  /** Wallet index of each trade (into `walletIds`). */
  readonly wallet: Int32Array;
  /** YES-implied direction of each fill. */
  readonly dir: Int8Array;
  /** YES-equivalent price of each fill: the price for a YES fill, 1 − price for a NO fill. */
  readonly yesPrice: Float64Array;
  /** Shares of each fill, > 0. */
  readonly size: Float64Array;
  /** Raw side and action of each fill: bit 0 = side is NO, bit 1 = action is SELL. */
  readonly sideAction: Uint8Array;

  /** Wallet ids, ascending. */
  readonly walletIds: readonly string[];
  /** Market ids, ascending. */
  readonly marketIds: readonly string[];
  /** Category names, ascending; 'uncategorized' stands for a missing category. */
  readonly categories: readonly string[];
  /** Category index of each market. */
  readonly marketCategory: Int32Array;
  /** Scheduled end of each market, epoch ms; NaN when unknown. */
  readonly marketEnd: Float64Array;
  /** Question text of each market (null when unknown). */
  readonly marketQuestion: readonly (string | null)[];
  /** Resolved outcome of each market: 1 YES, 0 NO, −1 unresolved. */
  readonly outcome: Int8Array;
  /** Resolution instant of each market, epoch ms; NaN when unresolved. */
  readonly resolutionTs: Float64Array;

  /** CSR index of trades by market: trades of market m are `byMarket[marketStart[m] .. marketStart[m+1])`, time-ordered. */
  readonly marketStart: Int32Array;
  readonly byMarket: Int32Array;
  /** CSR index of trades by wallet, time-ordered. */
  readonly walletStart: Int32Array;
  readonly byWallet: Int32Array;

  /** Lookups from id to index. */
  readonly walletIndex: ReadonlyMap<string, number>;
  readonly marketIndex: ReadonlyMap<string, number>;
}

/** The columns that give a market's fills (byMarket, marketStart) and what each fill is: what a market scan or the markouts read. */
export type MarketColumns = Pick<Tape, 'ts' | 'wallet' | 'dir' | 'yesPrice' | 'size' | 'byMarket' | 'marketStart'>;

export interface TapeMarketInput {
  id: string;
  question?: string | null;
  category?: string | null;
  /** epoch ms or null */
  end_time?: number | null;
}
export interface TapeTradeInput {
  external_id: string;
  market_id: string;
  wallet: string;
  ts: number;
  side: 'YES' | 'NO';
  action: 'BUY' | 'SELL';
  price: number;
  size: number;
}
export interface TapeOutcomeInput {
  market_id: string;
  resolved_outcome: 0 | 1;
  resolution_time: number;
}

export const UNCATEGORIZED = 'uncategorized';

/** Raised when the tape's input is inconsistent (e.g. a trade for a market not listed). */
export class TapeInputError extends Error {
  override readonly name = 'TapeInputError';
  readonly code = 'SC_TAPE_INPUT';
}

/**
 * Trades in arrival order, columnar, before ordering: what a tape is assembled from. Market and
 * wallet indexes point into `marketIds` / `walletIds` (arrival order, not yet sorted).
 */
export interface TradeColumnsInput {
  n: number;
  ts: Float64Array;
  /** Price of the named side. */
  price: Float64Array;
  size: Float64Array;
  /** bit 0 = side NO, bit 1 = action SELL */
  sideAction: Uint8Array;
  market: Int32Array;
  wallet: Int32Array;
  marketIds: readonly string[];
  walletIds: readonly string[];
}

/**
 * Compares two ids by Unicode code point (= the byte order of their UTF-8, which is how SQLite's
 * BINARY collation orders the store's `external_id` index), so a tape built from rows and one
 * streamed from the store order equal-time trades the same way.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF, astral code points) sort after E000–FFFF in code point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Stable sort of `order` (trade positions) by `ts[position]` ascending; equal times keep their
 * incoming order. A counting sort into time buckets (about 8 trades each, by linear position in
 * the time span), then each bucket on its own: insertion sort when small, the same bucketing again
 * when large (bursts of trades in a short span), nothing when all its times are equal. O(n) for
 * any realistic spread of times; about 4.5 bytes of scratch per trade. `order` is not modified.
 */
export function stableSortByTime(order: Int32Array, ts: Float64Array): Int32Array {
  const out = Int32Array.from(order);
  const scratch = new Int32Array(order.length);
  // Ranges of `out` still to sort, pushed as (from, to) pairs.
  const todo: number[] = [0, out.length];
  while (todo.length > 0) {
    const to = todo.pop()!;
    const from = todo.pop()!;
    const n = to - from;
    if (n <= 32) {
      insertionSortByTime(out, from, to, ts);
      continue;
    }
    let min = Infinity;
    let max = -Infinity;
    for (let i = from; i < to; i++) {
      const t = ts[out[i]!]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (!(max - min < Infinity)) throw new RangeError('trade times must be finite');
    if (max === min) continue; // all equal: already in order
    const buckets = Math.min(n >>> 3, 1 << 22) + 1;
    // Bucket of time t: floor((t − min) / width), monotone in t; max lands in the last one.
    const width = (max - min) / buckets;
    const last = buckets - 1;
    const count = new Int32Array(buckets + 1);
    for (let i = from; i < to; i++) count[Math.min(last, Math.floor((ts[out[i]!]! - min) / width)) + 1]!++;
    for (let b = 0; b < buckets; b++) count[b + 1]! += count[b]!;
    for (let i = from; i < to; i++) {
      const p = out[i]!;
      scratch[from + count[Math.min(last, Math.floor((ts[p]! - min) / width))]!++] = p;
    }
    out.set(scratch.subarray(from, to), from);
    // count[b] is now the end of bucket b (and the start of b + 1).
    let start = from;
    for (let b = 0; b < buckets; b++) {
      const end = from + count[b]!;
      if (end - start > 1) {
        if (end - start === n) throw new Error('stableSortByTime: bucketing made no progress');
        todo.push(start, end);
      }
      start = end;
    }
  }
  return out;
}

/** Stable insertion sort of out[from, to) by ts[out[i]]. */
function insertionSortByTime(out: Int32Array, from: number, to: number, ts: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    const p = out[i]!;
    const t = ts[p]!;
    let j = i - 1;
    while (j >= from && ts[out[j]!]! > t) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = p;
  }
}

/**
 * Accumulates rows (in any order) and builds a Tape. Trades of unknown markets become
 * uncategorized markets with no end. Trades are held columnar (about 45 bytes each plus their
 * external id) until `build`.
 */
export class TapeBuilder {
  private markets = new Map<string, TapeMarketInput>();
  private outcomes = new Map<string, TapeOutcomeInput>();
  private n = 0;
  private ts = new Float64Array(1024);
  private price = new Float64Array(1024);
  private size = new Float64Array(1024);
  private sideAction = new Uint8Array(1024);
  private market = new Int32Array(1024);
  private wallet = new Int32Array(1024);
  private ext: string[] = [];
  private readonly marketIds: string[] = [];
  private readonly walletIds: string[] = [];
  private readonly marketOf = new Map<string, number>();
  private readonly walletOf = new Map<string, number>();

  addMarket(m: TapeMarketInput): this {
    this.markets.set(m.id, m);
    return this;
  }
  addOutcome(o: TapeOutcomeInput): this {
    this.outcomes.set(o.market_id, o);
    return this;
  }
  addTrade(t: TapeTradeInput): this {
    const k = this.n;
    if (k === this.ts.length) this.grow();
    this.ts[k] = t.ts;
    this.price[k] = t.price;
    this.size[k] = t.size;
    this.sideAction[k] = (t.side === 'NO' ? 1 : 0) | (t.action === 'SELL' ? 2 : 0);
    let m = this.marketOf.get(t.market_id);
    if (m === undefined) {
      m = this.marketIds.push(t.market_id) - 1;
      this.marketOf.set(t.market_id, m);
    }
    let w = this.walletOf.get(t.wallet);
    if (w === undefined) {
      w = this.walletIds.push(t.wallet) - 1;
      this.walletOf.set(t.wallet, w);
    }
    this.market[k] = m;
    this.wallet[k] = w;
    this.ext.push(t.external_id);
    this.n++;
    return this;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.ts = g(this.ts);
    this.price = g(this.price);
    this.size = g(this.size);
    this.sideAction = g(this.sideAction);
    this.market = g(this.market);
    this.wallet = g(this.wallet);
  }

  build(): Tape {
    const n = this.n;
    const ext = this.ext;
    const byExt = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => compareCodePoints(ext[a]!, ext[b]!));
    return assembleTape(
      {
        // Copies, exactly n long: the tape is assembled in them (and the builder stays usable).
        n, ts: this.ts.slice(0, n), price: this.price.slice(0, n), size: this.size.slice(0, n), sideAction: this.sideAction.slice(0, n),
        market: this.market.slice(0, n), wallet: this.wallet.slice(0, n), marketIds: this.marketIds, walletIds: this.walletIds,
      },
      stableSortByTime(byExt, this.ts),
      [...this.markets.values()],
      [...this.outcomes.values()],
    );
  }
}

/**
 * Builds a Tape from arrival-order trade columns and `order`, the positions of the trades in
 * (ts, external_id) order (see stableSortByTime and compareCodePoints) — all of them, or the
 * first ones (a tape cut at an instant). Interns market, wallet and category ids in ascending
 * order, so the same data gives the same tape whatever order it was read in. The tape is built in
 * the input columns themselves (they are rearranged and become its arrays): no second copy.
 */
export function assembleTape(
  cols: TradeColumnsInput,
  order: Int32Array,
  marketRows: Iterable<TapeMarketInput>,
  outcomeRows: Iterable<TapeOutcomeInput>,
): Tape {
  const n = order.length;
  const { markets, outcomes } = marketMaps(marketRows, outcomeRows);
  // Only the markets and wallets of the trades in `order` (it may leave some out).
  const usedMarket = new Uint8Array(cols.marketIds.length);
  const usedWallet = new Uint8Array(cols.walletIds.length);
  for (let k = 0; k < n; k++) {
    usedMarket[cols.market[order[k]!]!] = 1;
    usedWallet[cols.wallet[order[k]!]!] = 1;
  }
  const marketIds = marketSet(markets, outcomes, cols.marketIds.filter((_, i) => usedMarket[i]));
  const marketIndex = new Map(marketIds.map((id, i) => [id, i]));
  const walletIds = [...new Set(cols.walletIds.filter((_, i) => usedWallet[i]))].sort();
  const walletIndex = new Map(walletIds.map((id, i) => [id, i]));
  const { categories, marketCategory, marketEnd, marketQuestion, outcome, resolutionTs } = marketColumns(marketIds, markets, outcomes);

  // The columns are permuted into tape order in place (no second copy), then finished in place:
  // arrival ids → sorted indexes, price → YES price.
  permuteInPlace(order, cols);
  const ts = cols.ts.subarray(0, n);
  const market = cols.market.subarray(0, n);
  const wallet = cols.wallet.subarray(0, n);
  const yesPrice = cols.price.subarray(0, n);
  const size = cols.size.subarray(0, n);
  const sideAction = cols.sideAction.subarray(0, n);
  const mRemap = Int32Array.from(cols.marketIds, (id) => marketIndex.get(id) ?? -1);
  const wRemap = Int32Array.from(cols.walletIds, (id) => walletIndex.get(id) ?? -1);
  // Columns loaded into shared memory (a two-thread load) get their derived columns there too, so a
  // worker thread can save the tape without copying it (store/tapeFile.ts).
  const shared = cols.ts.buffer instanceof SharedArrayBuffer;
  const memory = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const dir = new Int8Array(memory(n));
  for (let k = 0; k < n; k++) {
    market[k] = mRemap[market[k]!]!;
    wallet[k] = wRemap[wallet[k]!]!;
    const sa = sideAction[k]!;
    const isNo = (sa & 1) === 1;
    const isSell = (sa & 2) === 2;
    dir[k] = isNo === isSell ? 1 : -1; // BUY YES / SELL NO → +1
    if (isNo) yesPrice[k] = 1 - yesPrice[k]!;
  }
  const [marketStart, byMarket] = csr(market, marketIds.length, memory);
  const [walletStart, byWallet] = csr(wallet, walletIds.length, memory);
  return {
    n, ts, market, wallet, dir, yesPrice, size, sideAction,
    walletIds, marketIds, categories, marketCategory, marketEnd, marketQuestion, outcome, resolutionTs,
    marketStart, byMarket, walletStart, byWallet, walletIndex, marketIndex,
  };
}

/** The markets and outcomes rows by market id (a later row of the same id wins). */
function marketMaps(marketRows: Iterable<TapeMarketInput>, outcomeRows: Iterable<TapeOutcomeInput>) {
  const markets = new Map<string, TapeMarketInput>();
  for (const m of marketRows) markets.set(m.id, m);
  const outcomes = new Map<string, TapeOutcomeInput>();
  for (const o of outcomeRows) outcomes.set(o.market_id, o);
  return { markets, outcomes };
}

/** A tape's markets, in id order: every market row, every market traded on the tape (`traded`), every market with an outcome. */
function marketSet(markets: Map<string, TapeMarketInput>, outcomes: Map<string, TapeOutcomeInput>, traded: Iterable<string>): string[] {
  const ids = new Set(markets.keys());
  for (const id of traded) ids.add(id);
  for (const id of outcomes.keys()) ids.add(id);
  return [...ids].sort();
}

/** The per-market columns of a tape whose markets are `marketIds`, from the markets and outcomes rows (a market without a row: no category, end or question). */
function marketColumns(marketIds: readonly string[], markets: Map<string, TapeMarketInput>, outcomes: Map<string, TapeOutcomeInput>) {
  const rowOf = (id: string): TapeMarketInput => markets.get(id) ?? { id };
  const categories = [...new Set(marketIds.map((id) => rowOf(id).category || UNCATEGORIZED))].sort();
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  const M = marketIds.length;
  const marketCategory = new Int32Array(M);
  const marketEnd = new Float64Array(M);
  const marketQuestion: (string | null)[] = new Array(M);
  const outcome = new Int8Array(M).fill(-1);
  const resolutionTs = new Float64Array(M).fill(NaN);
  for (let i = 0; i < M; i++) {
    const m = rowOf(marketIds[i]!);
    marketCategory[i] = categoryIndex.get(m.category || UNCATEGORIZED)!;
    marketEnd[i] = m.end_time == null ? NaN : m.end_time;
    marketQuestion[i] = m.question ?? null;
    const o = outcomes.get(marketIds[i]!);
    if (o) {
      outcome[i] = o.resolved_outcome;
      resolutionTs[i] = o.resolution_time;
    }
  }
  return { categories, marketCategory, marketEnd, marketQuestion, outcome, resolutionTs };
}

/**
 * `tape` with its per-market columns (categories, ends, questions, outcomes) taken from new
 * markets and outcomes rows — the tape assembleTape would give for the same trades and these rows —
 * or null when these rows change which markets the tape has (a new market, or an outcome of a
 * market it does not know): its trades' market numbers would then change too. Shares the trades'
 * columns with `tape`. O(markets).
 */
export function withMarkets(tape: Tape, marketRows: Iterable<TapeMarketInput>, outcomeRows: Iterable<TapeOutcomeInput>): Tape | null {
  const { markets, outcomes } = marketMaps(marketRows, outcomeRows);
  const traded = tape.marketIds.filter((_, m) => tape.marketStart[m + 1]! > tape.marketStart[m]!);
  const marketIds = marketSet(markets, outcomes, traded);
  if (marketIds.length !== tape.marketIds.length || marketIds.some((id, i) => id !== tape.marketIds[i])) return null;
  return { ...tape, ...marketColumns(tape.marketIds, markets, outcomes) };
}

/**
 * Rearranges the trade columns so that position k holds what was at `order[k]`, column by column
 * through one reused scratch buffer (8 bytes per trade): a gather, then a sequential copy back.
 * `order` may be a prefix of a permutation (a tape cut at an instant); the positions after it are
 * then left as they were (the tape only uses the prefix).
 */
function permuteInPlace(order: Int32Array, c: TradeColumnsInput): void {
  const n = order.length;
  const scratch = new ArrayBuffer(8 * n);
  const f64 = new Float64Array(scratch);
  const i32 = new Int32Array(scratch, 0, n);
  const u8 = new Uint8Array(scratch, 0, n);
  for (const col of [c.ts, c.price, c.size]) {
    for (let k = 0; k < n; k++) f64[k] = col[order[k]!]!;
    col.set(f64);
  }
  for (const col of [c.market, c.wallet]) {
    for (let k = 0; k < n; k++) i32[k] = col[order[k]!]!;
    col.set(i32);
  }
  for (let k = 0; k < n; k++) u8[k] = c.sideAction[order[k]!]!;
  c.sideAction.set(u8);
}

/** Groups trade indexes 0..n−1 by key (stable: time order is kept). */
function csr(keys: Int32Array, nKeys: number, memory: (bytes: number) => ArrayBufferLike): [Int32Array, Int32Array] {
  const start = new Int32Array(nKeys + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, nKeys);
  const idx = new Int32Array(memory(4 * keys.length));
  for (let i = 0; i < keys.length; i++) idx[fill[keys[i]!]!++] = i;
  return [start, idx];
}

/** Builds a tape from plain rows (tests, notebooks). */
export function buildTape(input: {
  markets?: TapeMarketInput[];
  trades: TapeTradeInput[];
  outcomes?: TapeOutcomeInput[];
}): Tape {
  const b = new TapeBuilder();
  for (const m of input.markets ?? []) b.addMarket(m);
  for (const t of input.trades) b.addTrade(t);
  for (const o of input.outcomes ?? []) b.addOutcome(o);
  return b.build();
}

/** Index of the last trade of the tape with ts ≤ t (binary search over the global order); −1 if none. */
export function lastIndexAtOrBefore(sortedTs: Float64Array, t: number, lo = 0, hi = sortedTs.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedTs[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
