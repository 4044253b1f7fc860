import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { WalletBelief } from './types.ts';
import { clamp, sigmoid } from './math.ts';
import { marketWalletStates, type WalletMarketState } from './walletStates.ts';

/**
 * A wallet's belief from its fills in one market.
 *
 * Every fill is a YES-implied vote (BUY YES / SELL NO = +1, BUY NO / SELL YES = −1) carrying the
 * YES-equivalent price paid. The belief starts from the vote-weighted mean log-odds of the prices
 * paid and moves beyond them in the direction of the net vote:
 *
 *   belief = σ( Σv·logit(p)/Σv + beliefConviction · (Σv·d/Σv) · n/(n + beliefPriorMass) )
 *
 * so a buyer of YES at 0.20 believes more than 0.20 (not "1"), a wallet that buys and sells in
 * equal measure believes about what it paid, and a single fill counts for less than a streak.
 * Scaling every size by the same factor leaves the belief unchanged.
 *
 * Confidence (0..1) grows with signal mass Σv decayed to the as-of time (half at
 * `confidenceHalfMass`), and falls with churn
 * and with a weak net direction.
 */
export function beliefFromState(st: WalletMarketState, params: EngineParams): WalletBelief {
  const churn = churnOf(st.flips, st.n);
  const netDirection = st.sumSize > 0 ? st.sumSignedSize / st.sumSize : 0;
  return {
    belief: beliefOf(st.sumVLogit, st.sumV, st.sumVDir, st.n, params),
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

/** The belief formula above from a wallet's sums (Σv·logit p, Σv, Σv·d, n fills). */
export function beliefOf(sumVLogit: number, sumV: number, sumVDir: number, n: number, params: EngineParams): number {
  const support = n / (n + params.beliefPriorMass);
  return clamp(sigmoid(sumVLogit / sumV + params.beliefConviction * (sumVDir / sumV) * support), 0, 1);
}

/** Share of consecutive fills that flip direction (0 with one fill). */
export function churnOf(flips: number, n: number): number {
  return n > 1 ? flips / (n - 1) : 0;
}

/** Confidence = mass/(mass + confidenceHalfMass) · (0.5 + 0.5·persistence) · (0.3 + 0.7·|net direction|), in [0, 1]. */
export function confidenceOf(mass: number, churn: number, netDirection: number, params: EngineParams): number {
  return clamp((mass / (mass + params.confidenceHalfMass)) * (0.5 + 0.5 * (1 - churn)) * (0.3 + 0.7 * Math.abs(netDirection)), 0, 1);
}

/** Belief of wallet `w` in market `m` as of `asOf` (epoch ms), or null if it has no fill by then. */
export function walletBelief(tape: Tape, w: number, m: number, asOf: number, params: EngineParams): WalletBelief | null {
  const st = marketWalletStates(tape, m, asOf, params).find((s) => s.w === w);
  return st ? beliefFromState(st, params) : null;
}
