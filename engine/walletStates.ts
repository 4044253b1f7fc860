import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { HOUR_MS, logit } from './math.ts';

/**
 * Running sums of one wallet's fills in one market, evaluated as of an instant. Everything a
 * belief, a profile record and the integrity checks need, from a single pass over the market.
 */
export interface WalletMarketState {
  /** Wallet index. */
  w: number;
  /** Fills at or before the instant. */
  n: number;
  /** Σ v (vote weight = sqrt(size) × recency × streak boost). */
  sumV: number;
  /** Σ v · logit(YES price paid). */
  sumVLogit: number;
  /** Σ v · direction. */
  sumVDir: number;
  /** Consecutive fills whose direction flipped. */
  flips: number;
  lastDir: number;
  streak: number;
  /** Σ size (shares). */
  sumSize: number;
  /** Σ size · direction (YES-implied net shares). */
  sumSignedSize: number;
  /** Σ size · direction · YES price (for pnl = outcome·Σsd − Σsdp). */
  sumSignedSizePrice: number;
  /** Σ size × cost per share of the side bought (YES price for +1, 1 − YES price for −1). */
  sumCost: number;
  /** Σ size · hours before the market's end (NaN-free only when the end is known). */
  sumSizeLead: number;
  /** Σ size · direction · (final price − price paid): did the wallet trade ahead of the move? */
  sumTiming: number;
  firstTs: number;
  lastTs: number;
  maxSize: number;
}

/**
 * One pass over market `m`'s fills at or before `asOf` (epoch ms), grouped by wallet, in
 * ascending wallet index. Vote weights decay with `halfLifeHours` relative to `asOf`; streaks of
 * same-direction fills get the persistence boost. `finalPrice` (YES) feeds the timing sums.
 * O(fills of m).
 */
export function marketWalletStates(
  tape: Tape,
  m: number,
  asOf: number,
  params: EngineParams,
  finalPrice: number = NaN,
): WalletMarketState[] {
  const byWallet = new Map<number, WalletMarketState>();
  const halfLifeMs = params.halfLifeHours * HOUR_MS;
  const end = Number.isFinite(tape.marketEnd[m]!) ? tape.marketEnd[m]! : tape.resolutionTs[m]!;
  const s0 = tape.marketStart[m]!;
  const s1 = tape.marketStart[m + 1]!;
  for (let k = s0; k < s1; k++) {
    const i = tape.byMarket[k]!;
    const ts = tape.ts[i]!;
    if (ts > asOf) break;
    const w = tape.wallet[i]!;
    let st = byWallet.get(w);
    if (st === undefined) {
      st = {
        w, n: 0, sumV: 0, sumVLogit: 0, sumVDir: 0, flips: 0, lastDir: 0, streak: 0, sumSize: 0, sumSignedSize: 0,
        sumSignedSizePrice: 0, sumCost: 0, sumSizeLead: 0, sumTiming: 0, firstTs: ts, lastTs: ts, maxSize: 0,
      };
      byWallet.set(w, st);
    }
    const d = tape.dir[i]!;
    const p = tape.yesPrice[i]!;
    const size = tape.size[i]!;
    if (st.n > 0 && d !== st.lastDir) {
      st.flips++;
      st.streak = 1;
    } else st.streak++;
    st.lastDir = d;
    const boost = Math.min(params.persistenceBoostMax, 1 + params.persistenceBoost * (st.streak - 1));
    const v = Math.sqrt(size) * Math.pow(2, -(asOf - ts) / halfLifeMs) * boost;
    st.n++;
    st.sumV += v;
    st.sumVLogit += v * logit(p);
    st.sumVDir += v * d;
    st.sumSize += size;
    st.sumSignedSize += size * d;
    st.sumSignedSizePrice += size * d * p;
    st.sumCost += size * (d === 1 ? p : 1 - p);
    st.sumSizeLead += size * ((end - ts) / HOUR_MS);
    if (Number.isFinite(finalPrice)) st.sumTiming += size * d * (finalPrice - p);
    st.lastTs = ts;
    if (size > st.maxSize) st.maxSize = size;
  }
  return [...byWallet.values()].sort((a, b) => a.w - b.w);
}
