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
 * Stable sort of `order` (trade positions) by `ts[position]` ascending: an LSD radix sort on the
 * time offset from the earliest trade, 16 bits a pass (3 passes for a span under 8.9 years of
 * milliseconds). Stability keeps the incoming order among equal times. O(n) time, 3 × n × 12
 * bytes of scratch.
 */
export function stableSortByTime(order: Int32Array, ts: Float64Array): Int32Array {
  const n = order.length;
  if (n < 2) return order;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ts[order[i]!]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (!(max - min < 2 ** 53)) throw new RangeError('trade times must be finite');
  // `order` itself is never written: the passes alternate between two scratch arrays.
  let pos: Int32Array = order;
  let spare: Int32Array | null = null;
  let key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = ts[pos[i]!]! - min;
  let key2 = new Float64Array(n);
  const count = new Int32Array(65536);
  for (let div = 1; div <= max - min; div *= 65536) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(key[i]! / div) % 65536]!++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    const out: Int32Array = spare ?? new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = key[i]!;
      const j = count[Math.floor(k / div) % 65536]!++;
      out[j] = pos[i]!;
      key2[j] = k;
    }
    spare = pos === order ? null : pos;
    pos = out;
    [key, key2] = [key2, key];
  }
  return pos;
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
        n, ts: this.ts.subarray(0, n), price: this.price.subarray(0, n), size: this.size.subarray(0, n), sideAction: this.sideAction.subarray(0, n),
        market: this.market.subarray(0, n), wallet: this.wallet.subarray(0, n), marketIds: this.marketIds, walletIds: this.walletIds,
      },
      stableSortByTime(byExt, this.ts),
      [...this.markets.values()],
      [...this.outcomes.values()],
    );
  }
}

/**
 * Builds a Tape from arrival-order trade columns and `order`, the positions of the trades in
 * (ts, external_id) order (see stableSortByTime and compareCodePoints). Interns market, wallet
 * and category ids in ascending order, so the same data gives the same tape whatever order it
 * was read in. The input columns are consumed (they may be reused as scratch).
 */
export function assembleTape(
  cols: TradeColumnsInput,
  order: Int32Array,
  marketRows: Iterable<TapeMarketInput>,
  outcomeRows: Iterable<TapeOutcomeInput>,
): Tape {
  const n = order.length;
  const markets = new Map<string, TapeMarketInput>();
  for (const m of marketRows) markets.set(m.id, m);
  const outcomes = new Map<string, TapeOutcomeInput>();
  for (const o of outcomeRows) outcomes.set(o.market_id, o);
  // Only the markets and wallets of the trades in `order` (it may leave some out).
  const usedMarket = new Uint8Array(cols.marketIds.length);
  const usedWallet = new Uint8Array(cols.walletIds.length);
  for (let k = 0; k < n; k++) {
    usedMarket[cols.market[order[k]!]!] = 1;
    usedWallet[cols.wallet[order[k]!]!] = 1;
  }
  cols.marketIds.forEach((id, i) => {
    if (usedMarket[i] && !markets.has(id)) markets.set(id, { id });
  });
  for (const id of outcomes.keys()) if (!markets.has(id)) markets.set(id, { id });

  const marketIds = [...markets.keys()].sort();
  const marketIndex = new Map(marketIds.map((id, i) => [id, i]));
  const walletIds = [...new Set(cols.walletIds.filter((_, i) => usedWallet[i]))].sort();
  const walletIndex = new Map(walletIds.map((id, i) => [id, i]));
  const categories = [...new Set(marketIds.map((id) => markets.get(id)!.category || UNCATEGORIZED))].sort();
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));

  const M = marketIds.length;
  const marketCategory = new Int32Array(M);
  const marketEnd = new Float64Array(M);
  const marketQuestion: (string | null)[] = new Array(M);
  const outcome = new Int8Array(M).fill(-1);
  const resolutionTs = new Float64Array(M).fill(NaN);
  for (let i = 0; i < M; i++) {
    const m = markets.get(marketIds[i]!)!;
    marketCategory[i] = categoryIndex.get(m.category || UNCATEGORIZED)!;
    marketEnd[i] = m.end_time == null ? NaN : m.end_time;
    marketQuestion[i] = m.question ?? null;
    const o = outcomes.get(marketIds[i]!);
    if (o) {
      outcome[i] = o.resolved_outcome;
      resolutionTs[i] = o.resolution_time;
    }
  }

  // Arrival ids → sorted indexes.
  const mRemap = Int32Array.from(cols.marketIds, (id) => marketIndex.get(id) ?? -1);
  const wRemap = Int32Array.from(cols.walletIds, (id) => walletIndex.get(id) ?? -1);
  const ts = new Float64Array(n);
  const market = new Int32Array(n);
  const wallet = new Int32Array(n);
  const dir = new Int8Array(n);
  const yesPrice = new Float64Array(n);
  const size = new Float64Array(n);
  const sideAction = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    ts[k] = cols.ts[i]!;
    market[k] = mRemap[cols.market[i]!]!;
    wallet[k] = wRemap[cols.wallet[i]!]!;
    const sa = cols.sideAction[i]!;
    sideAction[k] = sa;
    const isNo = (sa & 1) === 1;
    const isSell = (sa & 2) === 2;
    dir[k] = isNo === isSell ? 1 : -1; // BUY YES / SELL NO → +1
    yesPrice[k] = isNo ? 1 - cols.price[i]! : cols.price[i]!;
    size[k] = cols.size[i]!;
  }
  const [marketStart, byMarket] = csr(market, M);
  const [walletStart, byWallet] = csr(wallet, walletIds.length);
  return {
    n, ts, market, wallet, dir, yesPrice, size, sideAction,
    walletIds, marketIds, categories, marketCategory, marketEnd, marketQuestion, outcome, resolutionTs,
    marketStart, byMarket, walletStart, byWallet, walletIndex, marketIndex,
  };
}

/** Groups trade indexes 0..n−1 by key (stable: time order is kept). */
function csr(keys: Int32Array, nKeys: number): [Int32Array, Int32Array] {
  const start = new Int32Array(nKeys + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, nKeys);
  const idx = new Int32Array(keys.length);
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
