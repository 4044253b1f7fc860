import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { clamp } from './math.ts';
import { beliefFromState } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import type { WalletMarketState } from './walletStates.ts';

/** Number of belief bins of the calibration error. */
export const CALIBRATION_BINS = 5;

/** Slots of one profile accumulator (a Float64Array). */
const F = {
  n: 0, brier: 1, logLoss: 2, edge: 3, pnl: 4, cost: 5, size: 6, fills: 7, churn: 8, timing: 9, belief: 10,
  bins: 11, // CALIBRATION_BINS × (count, Σbelief, Σoutcome)
} as const;
export const ACC_SIZE = F.bins + 3 * CALIBRATION_BINS;

/** Quality and style of a wallet over a group of resolved markets. */
export interface WalletMetrics {
  /** Resolved markets in the group. */
  n_resolved: number;
  /** Mean (belief − outcome)². */
  brier: number;
  /** Mean −log likelihood of the outcome under the belief (clipped at 1e-4). */
  log_loss: number;
  /** Count-weighted |mean belief − observed rate| over 5 belief bins (expected calibration error). */
  calibration_error: number;
  /** Mean per-share edge against the price paid: (outcome − YES price) × direction, size-weighted within a market. */
  edge: number;
  /** Σ pnl / Σ cost of the sides bought. */
  roi: number;
  /** Mean shares per fill. */
  avg_size: number;
  /** Mean in-market churn. */
  churn: number;
  persistence: number;
  /** 1 − normalised category entropy of the wallet's resolved markets (1 = one category). */
  specialization: number;
  /** Mean size-weighted direction × (final price − price paid). */
  timing_edge: number;
}

/** One wallet's record in one resolved market, the unit the profiles sum. */
export interface ProfileRecord {
  w: number;
  category: number;
  horizon: number;
  belief: number;
  outcome: 0 | 1;
  edge: number;
  pnl: number;
  cost: number;
  size: number;
  fills: number;
  churn: number;
  timing: number;
}

/** Builds a wallet's record in resolved market `m` from its state evaluated at resolution. */
export function profileRecord(tape: Tape, m: number, st: WalletMarketState, params: EngineParams): ProfileRecord {
  const o = tape.outcome[m]! as 0 | 1;
  const b = beliefFromState(st, params);
  const pnl = o * st.sumSignedSize - st.sumSignedSizePrice;
  return {
    w: st.w,
    category: tape.marketCategory[m]!,
    horizon: horizonBucket(st.sumSizeLead / st.sumSize, params.horizonEdgesHours),
    belief: b.belief,
    outcome: o,
    edge: pnl / st.sumSize,
    pnl,
    cost: st.sumCost,
    size: st.sumSize,
    fills: st.n,
    churn: b.churn,
    timing: st.sumTiming / st.sumSize,
  };
}

/** Adds a record into an accumulator. */
export function accumulate(acc: Float64Array, r: ProfileRecord): void {
  const p = clamp(r.belief, 1e-4, 1 - 1e-4);
  acc[F.n]! += 1;
  acc[F.brier]! += (r.belief - r.outcome) ** 2;
  acc[F.logLoss]! += -Math.log(r.outcome === 1 ? p : 1 - p);
  acc[F.edge]! += r.edge;
  acc[F.pnl]! += r.pnl;
  acc[F.cost]! += r.cost;
  acc[F.size]! += r.size;
  acc[F.fills]! += r.fills;
  acc[F.churn]! += r.churn;
  acc[F.timing]! += r.timing;
  acc[F.belief]! += r.belief;
  const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(r.belief * CALIBRATION_BINS));
  acc[F.bins + 3 * bin]! += 1;
  acc[F.bins + 3 * bin + 1]! += r.belief;
  acc[F.bins + 3 * bin + 2]! += r.outcome;
}

/** Support (resolved markets) of an accumulator; 0 when absent. */
export function support(acc: Float64Array | undefined): number {
  return acc ? acc[F.n]! : 0;
}

/** Mean edge of an accumulator (0 when empty). */
export function meanEdge(acc: Float64Array | undefined): number {
  return acc && acc[F.n]! > 0 ? acc[F.edge]! / acc[F.n]! : 0;
}

/** Metrics of an accumulator; `specialization` comes from the wallet's category counts. */
export function metricsOf(acc: Float64Array, specialization: number): WalletMetrics {
  const n = acc[F.n]!;
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const c = acc[F.bins + 3 * b]!;
    if (c > 0) ece += c * Math.abs(acc[F.bins + 3 * b + 1]! / c - acc[F.bins + 3 * b + 2]! / c);
  }
  const churn = acc[F.churn]! / n;
  return {
    n_resolved: n,
    brier: acc[F.brier]! / n,
    log_loss: acc[F.logLoss]! / n,
    calibration_error: ece / n,
    edge: acc[F.edge]! / n,
    roi: acc[F.cost]! > 0 ? acc[F.pnl]! / acc[F.cost]! : 0,
    avg_size: acc[F.size]! / acc[F.fills]!,
    churn,
    persistence: 1 - churn,
    specialization,
    timing_edge: acc[F.timing]! / n,
  };
}

/**
 * Specialization from category counts: 1 − H/log(K), H the Shannon entropy of the wallet's
 * resolved markets over categories and K the number of categories in the tape (K ≥ 2).
 * 1 = all in one category; 0 = spread evenly over all.
 */
export function specializationOf(counts: ArrayLike<number>, nCategories: number): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (total === 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return nCategories < 2 ? 1 : clamp(1 - h / Math.log(nCategories), 0, 1);
}
