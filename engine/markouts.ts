import type { Tape } from './tape.ts';
import { HOUR_MS } from './math.ts';

/**
 * Per-fill markouts: how far the market moved in the fill's direction within `hours` after it,
 *
 *   markout = d · (logit P(ts + H) − logit p),
 *
 * in log-odds (prices clipped to [0.005, 0.995], so a move from 0.02 to 0.05 counts like one from 0.4
 * to 0.6), d the fill's YES-implied direction, p its YES-equivalent price and P(ts + H) the YES price of the
 * last fill by *another* wallet at or before ts + H (a wallet's own later fills are skipped, so it
 * cannot earn markout from pushing the price itself). NaN when no other
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

export function computeMarkouts(tape: Tape, hours: number): Markouts {
  const n = tape.n;
  const value = new Float32Array(n).fill(NaN);
  const cluster = new Int32Array(n);
  const H = hours * HOUR_MS;
  const { ts, wallet, dir, yesPrice, byMarket, marketStart } = tape;
  // Cluster ids: per market, a wallet's first fill opens its cluster.
  const localId = new Int32Array(tape.walletIds.length).fill(-1);
  let nClusters = 0;
  // Per market, its fills' columns gathered into market order first: a market's fills lie far
  // apart in the time-ordered tape, and the loops below read each of them several times.
  // runStart[k]: first position of the run of same-wallet fills that ends at position k.
  let cap = 64;
  let runStart = new Int32Array(cap);
  let mTs = new Float64Array(cap);
  let mW = new Int32Array(cap);
  let mLogit = new Float64Array(cap);
  for (let m = 0; m < tape.marketIds.length; m++) {
    const a = marketStart[m]!;
    const len = marketStart[m + 1]! - a;
    if (len > cap) {
      cap = Math.max(len, cap * 2);
      runStart = new Int32Array(cap);
      mTs = new Float64Array(cap);
      mW = new Int32Array(cap);
      mLogit = new Float64Array(cap);
    }
    for (let k = 0; k < len; k++) {
      const i = byMarket[a + k]!;
      const w = wallet[i]!;
      mTs[k] = ts[i]!;
      mW[k] = w;
      mLogit[k] = clippedLogit(yesPrice[i]!);
      if (localId[w] === -1) localId[w] = nClusters++;
      cluster[i] = localId[w]!;
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
      const i = byMarket[a + k]!;
      value[i] = dir[i]! * (mLogit[q]! - mLogit[k]!);
    }
  }
  return { hours, value, cluster, nClusters };
}
