import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { WalletBelief } from './types.ts';
import { clamp, sigmoid } from './math.ts';
import { marketWalletStates, type WalletMarketState } from './walletStates.ts';
import { marketProbAt } from './marketPrice.ts';

/**
 * A wallet's belief from its fills in one market.
 *
 * Every fill is a YES-implied vote (BUY YES / SELL NO = +1, BUY NO / SELL YES = −1) carrying the
 * YES-equivalent price paid p. The belief starts from an anchor and moves beyond it in the
 * direction of the net vote:
 *
 *   paid   = Σv·logit(p) / Σv                       what it paid, recency-weighted
 *   anchor = max(paid, logit P) if net long, min(paid, logit P) if net short, else paid
 *   belief = σ( anchor + beliefConviction · (Σv·d/Σv) · n/(n + beliefPriorMass) )
 *
 * P is the market price as of the belief's time. A buyer of YES at 0.20 believes more than 0.20
 * (not "1"); a position still held when the price has moved in its favour reveals a belief at
 * least that price (it could have sold there), while a price pushed against the holder (by a
 * whale, say) does not drag its belief. A wallet that buys and sells in equal measure believes
 * about what it paid; a single fill counts for less than a streak. Scaling every size by the same
 * factor leaves the belief unchanged.
 *
 * Confidence (0..1) grows with signal mass Σv decayed to the as-of time (half at
 * `confidenceHalfMass`), and falls with churn and with a weak net direction.
 */
export function beliefFromState(st: WalletMarketState, params: EngineParams): WalletBelief {
  const churn = churnOf(st.flips, st.n);
  const netDirection = st.sumSize > 0 ? st.sumSignedSize / st.sumSize : 0;
  return {
    belief: beliefOf(st.sumVLogit, st.sumV, st.sumVDir, st.n, st.refLogit, netDirection, params),
    confidence: confidenceOf(st.mass, churn, netDirection, params),
    churn,
    persistence: 1 - churn,
    avg_size: st.sumSize / st.n,
    net_direction: netDirection,
    n_fills: st.n,
    mass: st.mass,
    first_ts: st.firstTs,
    last_ts: st.lastTs,
  };
}

/**
 * The belief formula above from a wallet's sums (Σv·logit p, Σv, Σv·d, n fills), logit P (NaN
 * when there is no market price) and its net direction (net YES-implied shares / shares).
 */
export function beliefOf(
  sumVLogit: number, sumV: number, sumVDir: number, n: number, refLogit: number, netDirection: number, params: EngineParams,
): number {
  const support = n / (n + params.beliefPriorMass);
  const paid = sumVLogit / sumV;
  const push = params.beliefConviction * (sumVDir / sumV) * support;
  if (params.beliefAnchor === 'absorbed') {
    // The view the fills reveal (paid + conviction), never behind the current price on the held side.
    let view = paid + push;
    if (netDirection > 0 && refLogit > view) view = refLogit;
    else if (netDirection < 0 && refLogit < view) view = refLogit;
    return clamp(sigmoid(view), 0, 1);
  }
  let anchor = paid;
  if (netDirection > 0 && refLogit > anchor) anchor = refLogit;
  else if (netDirection < 0 && refLogit < anchor) anchor = refLogit;
  return clamp(sigmoid(anchor + push), 0, 1);
}

/** Share of consecutive fills that flip direction (0 with one fill). */
export function churnOf(flips: number, n: number): number {
  return n > 1 ? flips / (n - 1) : 0;
}

/**
 * Confidence = mass/(mass + confidenceHalfMass) · (f_p + (1 − f_p)·persistence) · (f_d + (1 − f_d)·|net direction|),
 * f_p = confidencePersistenceFloor, f_d = confidenceDirectionFloor; in [0, 1].
 */
export function confidenceOf(mass: number, churn: number, netDirection: number, params: EngineParams): number {
  const fp = params.confidencePersistenceFloor;
  const fd = params.confidenceDirectionFloor;
  return clamp((mass / (mass + params.confidenceHalfMass)) * (fp + (1 - fp) * (1 - churn)) * (fd + (1 - fd) * Math.abs(netDirection)), 0, 1);
}

/**
 * Belief of wallet `w` in market `m` as of `asOf` (epoch ms), anchored as snapshots anchor it
 * (reference price = the market price as of `asOf`), or null if it has no fill by then.
 */
export function walletBelief(tape: Tape, w: number, m: number, asOf: number, params: EngineParams): WalletBelief | null {
  const ref = marketProbAt(tape, m, asOf);
  const st = marketWalletStates(tape, m, asOf, params, ref ?? NaN).find((s) => s.w === w);
  return st ? beliefFromState(st, params) : null;
}
