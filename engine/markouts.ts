import type { MarketColumns, Tape } from './tape.ts';
import { MarketFills } from './walletStates.ts';
import { HOUR_MS } from './math.ts';

/** The columns of a tape the markouts read (a second thread gets just these, in shared memory). */
export type MarkoutTape = MarketColumns & { readonly walletIds: { readonly length: number } };

/**
 * Per-fill markouts: how far the market moved in the fill's direction within `hours` after it,
 *
 *   markout = d · (logit P(ts + H) − logit p_ref),
 *
 * in log-odds (prices clipped to [0.005, 0.995], so a move from 0.02 to 0.05 counts like one from 0.4
 * to 0.6), d the fill's YES-implied direction, P(ts + H) the YES price of the last fill by *another*
 * wallet at or before ts + H (a wallet's own later fills are skipped, so it cannot earn markout from
 * pushing the price itself), and p_ref by `reference`:
 * - 'prior': the YES price the market showed before the wallet's run of consecutive fills here began —
 *   the last fill by another wallet before it (the fill's own YES-equivalent price when there is none).
 *   A wallet that trades at its own view (a resting order at its price, or paying up to it) is measured
 *   from where the market stood, so the move toward its view counts;
 * - 'fill': the fill's own YES-equivalent price p (what it paid), so paying up to one's view earns nothing. NaN when no other
 * wallet traded in the market after the fill and at or before ts + H. A markout is known at ts + H: callers must use
 * it only as of instants ≥ ts + H. Markouts measure trading ahead of the price without waiting for
 * an outcome, so they accrue for open markets too.
 *
 * Also returns each fill's (wallet, market) cluster id, dense in 0..nClusters−1, because fills of
 * one wallet in one market share most of their price path and are not independent.
 * O(n) over the tape, one pass per market. Pure.
 */

export interface Markouts {
  /** Horizon, hours. */
  readonly hours: number;
  /** The price each markout is measured from (see above). */
  readonly reference: 'prior' | 'fill';
  /** Markout of trade i (tape order), log-odds; NaN when unknown. */
  readonly value: Float32Array;
  /** (wallet, market) cluster of trade i. */
  readonly cluster: Int32Array;
  readonly nClusters: number;
}

/** Markouts clip prices to [MARKOUT_CLIP, 1 − MARKOUT_CLIP] before taking log-odds. */
export const MARKOUT_CLIP = 0.005;
const clippedLogit = (p: number) => {
  const q = p < MARKOUT_CLIP ? MARKOUT_CLIP : p > 1 - MARKOUT_CLIP ? 1 - MARKOUT_CLIP : p;
  return Math.log(q / (1 - q));
};

export function computeMarkouts(tape: Tape, hours: number, reference: 'prior' | 'fill'): Markouts {
  const { value, cluster } = markoutColumns(tape.n, (bytes) => new ArrayBuffer(bytes));
  const nClusters = markoutsOfMarkets(tape, hours, reference, 0, tape.marketIds.length, value, cluster);
  return { hours, reference, value, cluster, nClusters };
}

/** Columns for the markouts of an n-trade tape: values NaN (unknown), clusters 0; in `memory` (shared memory for a second thread). */
export function markoutColumns(n: number, memory: (bytes: number) => ArrayBufferLike): { value: Float32Array; cluster: Int32Array } {
  return { value: new Float32Array(memory(4 * n)).fill(NaN), cluster: new Int32Array(memory(4 * n)) };
}

/**
 * The markouts of markets [from, to) of the tape, written into `value` and `cluster` at their fills'
 * tape positions (other positions untouched), cluster ids numbered from 0 in market order. Returns
 * how many clusters it opened. Parts computed separately join into computeMarkouts' exact result
 * with joinMarkouts (cluster ids of a later part shifted past the earlier part's).
 */
export function markoutsOfMarkets(tape: MarkoutTape, hours: number, reference: 'prior' | 'fill', from: number, to: number, value: Float32Array, cluster: Int32Array): number {
  const prior = reference === 'prior';
  const H = hours * HOUR_MS;
  const { byMarket, marketStart } = tape;
  // Cluster ids: per market, a wallet's first fill opens its cluster.
  const localId = new Int32Array(tape.walletIds.length).fill(-1);
  let nClusters = 0;
  // Each market's fills gathered first (MarketFills): they lie far apart in the time-ordered tape,
  // and the loops below read each of them several times.
  // runStart[k]: first position of the run of same-wallet fills that ends at position k.
  const fills = new MarketFills();
  let runStart = new Int32Array(64);
  let mLogit = new Float64Array(64);
  for (let m = from; m < to; m++) {
    const a = marketStart[m]!;
    const { len, ts: mTs, wallet: mW, dir: mDir, yesPrice } = fills.gather(tape, m);
    if (len > runStart.length) {
      runStart = new Int32Array(fills.ts.length);
      mLogit = new Float64Array(fills.ts.length);
    }
    for (let k = 0; k < len; k++) {
      const w = mW[k]!;
      mLogit[k] = clippedLogit(yesPrice[k]!);
      if (localId[w] === -1) localId[w] = nClusters++;
      cluster[byMarket[a + k]!] = localId[w]!;
      runStart[k] = k > 0 && mW[k - 1] === w ? runStart[k - 1]! : k;
    }
    for (let k = 0; k < len; k++) localId[mW[k]!] = -1;
    let j = 0; // last position with ts ≤ horizon end (monotone in k)
    for (let k = 0; k < len; k++) {
      const until = mTs[k]! + H;
      if (j < k) j = k;
      while (j + 1 < len && mTs[j + 1]! <= until) j++;
      const w = mW[k]!;
      let q = j;
      if (mW[q] === w) q = runStart[q]! - 1;
      if (q <= k) continue; // nobody else traded after it within the horizon: nothing learned
      const r = prior && runStart[k]! > 0 ? runStart[k]! - 1 : k;
      value[byMarket[a + k]!] = mDir[k]! * (mLogit[q]! - mLogit[r]!);
    }
  }
  return nClusters;
}

/**
 * computeMarkouts' result from two parts computed separately into the same columns: markets
 * [0, split) with `lowClusters` clusters and [split, M) numbered from 0 — shifted here past the first
 * part's, which is the numbering one pass over all markets gives.
 */
export function joinMarkouts(tape: Tape, hours: number, reference: 'prior' | 'fill', split: number, value: Float32Array, cluster: Int32Array, lowClusters: number, highClusters: number): Markouts {
  const { byMarket, marketStart } = tape;
  for (let j = marketStart[split]!, end = marketStart[tape.marketIds.length]!; j < end; j++) cluster[byMarket[j]!]! += lowClusters;
  return { hours, reference, value, cluster, nClusters: lowClusters + highClusters };
}
