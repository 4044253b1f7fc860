/**
 * The trade tape: a columnar, immutable, in-memory form of markets, trades and outcomes that
 * every engine function reads. Built once (from the store or from plain objects) and reused
 * across parameter sets. Trades are ordered by (ts, external_id); wallets, markets and
 * categories are interned as indexes into sorted id arrays, so the tape of the same data is
 * the same whatever order it was read in.
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
 * Accumulates rows (in any order) and builds a Tape. Trades of unknown markets become
 * uncategorized markets with no end. O(n log n) in trades.
 */
export class TapeBuilder {
  private markets = new Map<string, TapeMarketInput>();
  private outcomes = new Map<string, TapeOutcomeInput>();
  private tTs: number[] = [];
  private tMarket: string[] = [];
  private tWallet: string[] = [];
  private tExt: string[] = [];
  private tSA: number[] = [];
  private tPrice: number[] = [];
  private tSize: number[] = [];

  addMarket(m: TapeMarketInput): this {
    this.markets.set(m.id, m);
    return this;
  }
  addOutcome(o: TapeOutcomeInput): this {
    this.outcomes.set(o.market_id, o);
    return this;
  }
  addTrade(t: TapeTradeInput): this {
    this.tTs.push(t.ts);
    this.tMarket.push(t.market_id);
    this.tWallet.push(t.wallet);
    this.tExt.push(t.external_id);
    this.tSA.push((t.side === 'NO' ? 1 : 0) | (t.action === 'SELL' ? 2 : 0));
    this.tPrice.push(t.price);
    this.tSize.push(t.size);
    return this;
  }

  build(): Tape {
    const n = this.tTs.length;
    for (const id of this.tMarket) if (!this.markets.has(id)) this.markets.set(id, { id });
    for (const id of this.outcomes.keys()) if (!this.markets.has(id)) this.markets.set(id, { id });

    const marketIds = [...this.markets.keys()].sort();
    const marketIndex = new Map(marketIds.map((id, i) => [id, i]));
    const walletIds = [...new Set(this.tWallet)].sort();
    const walletIndex = new Map(walletIds.map((id, i) => [id, i]));
    const categories = [
      ...new Set(marketIds.map((id) => this.markets.get(id)!.category || UNCATEGORIZED)),
    ].sort();
    const categoryIndex = new Map(categories.map((c, i) => [c, i]));

    const M = marketIds.length;
    const marketCategory = new Int32Array(M);
    const marketEnd = new Float64Array(M);
    const marketQuestion: (string | null)[] = new Array(M);
    const outcome = new Int8Array(M).fill(-1);
    const resolutionTs = new Float64Array(M).fill(NaN);
    marketIds.forEach((id, i) => {
      const m = this.markets.get(id)!;
      marketCategory[i] = categoryIndex.get(m.category || UNCATEGORIZED)!;
      marketEnd[i] = m.end_time == null ? NaN : m.end_time;
      marketQuestion[i] = m.question ?? null;
      const o = this.outcomes.get(id);
      if (o) {
        outcome[i] = o.resolved_outcome;
        resolutionTs[i] = o.resolution_time;
      }
    });

    // Order trades by (ts, external_id) so equal data gives an equal tape.
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const tTs = this.tTs;
    const tExt = this.tExt;
    order.sort((a, b) => tTs[a]! - tTs[b]! || (tExt[a]! < tExt[b]! ? -1 : tExt[a]! > tExt[b]! ? 1 : 0));

    const ts = new Float64Array(n);
    const market = new Int32Array(n);
    const wallet = new Int32Array(n);
    const dir = new Int8Array(n);
    const yesPrice = new Float64Array(n);
    const size = new Float64Array(n);
    const sideAction = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      ts[k] = tTs[i]!;
      market[k] = marketIndex.get(this.tMarket[i]!)!;
      wallet[k] = walletIndex.get(this.tWallet[i]!)!;
      const sa = this.tSA[i]!;
      sideAction[k] = sa;
      const isNo = (sa & 1) === 1;
      const isSell = (sa & 2) === 2;
      dir[k] = isNo === isSell ? 1 : -1; // BUY YES / SELL NO → +1
      yesPrice[k] = isNo ? 1 - this.tPrice[i]! : this.tPrice[i]!;
      size[k] = this.tSize[i]!;
    }
    const [marketStart, byMarket] = csr(market, M);
    const [walletStart, byWallet] = csr(wallet, walletIds.length);
    return {
      n, ts, market, wallet, dir, yesPrice, size, sideAction,
      walletIds, marketIds, categories, marketCategory, marketEnd, marketQuestion, outcome, resolutionTs,
      marketStart, byMarket, walletStart, byWallet, walletIndex, marketIndex,
    };
  }
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
