
/** Number of belief bins of the calibration error. */
export const CALIBRATION_BINS = 5;

/** Slots of one profile accumulator (a Float64Array). */
export const F = {
  n: 0, brier: 1, logLoss: 2, edge: 3, pnl: 4, cost: 5, size: 6, fills: 7, churn: 8, timing: 9, belief: 10,
  fillEdge: 11, fillEdge2: 12, // Σ and Σ² over fills of direction · (outcome − reference YES price: skillReference)
  mktEdge: 13, mktEdge2: 14, // Σ and Σ² over markets of the wallet's mean per-fill edge in the market
  bins: 15, // CALIBRATION_BINS × (count, Σbelief, Σoutcome)
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
  /** Posterior mean per-fill edge against the reference price (skillReference; see skillAt), the skill behind the trust weight. */
  skill: number;
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
  fillEdge: number;
  fillEdge2: number;
}

/** Adds a record into an accumulator. */
export function accumulate(acc: Float64Array, r: ProfileRecord): void {
  accumulateAt(acc, 0, r.belief, r.outcome, r.edge, r.pnl, r.cost, r.size, r.fills, r.churn, r.timing, r.fillEdge, r.fillEdge2);
}

/**
 * Adds one (wallet, resolved market) record into the accumulator at `off` of a pool.
 * `fillEdge`/`fillEdge2` are Σ and Σ² over the wallet's fills in that market of
 * direction · (outcome − reference YES price), the reference by skillReference (the price before the
 * wallet's run of fills, or the price paid). Allocation-free.
 */
export function accumulateAt(
  pool: Float64Array, off: number, belief: number, outcome: number, edge: number, pnl: number, cost: number,
  size: number, fills: number, churn: number, timing: number, fillEdge: number, fillEdge2: number,
): void {
  // Slots (see F): 0 n, 1 brier, 2 log loss, 3 edge, 4 pnl, 5 cost, 6 size, 7 fills, 8 churn, 9 timing, 10 belief,
  // 11 Σ fill edge, 12 Σ fill edge², 13 Σ market edge, 14 Σ market edge², 15.. bins.
  const p = belief < 1e-4 ? 1e-4 : belief > 1 - 1e-4 ? 1 - 1e-4 : belief;
  const err = belief - outcome;
  pool[off]! += 1;
  pool[off + 1]! += err * err;
  pool[off + 2]! -= Math.log(outcome === 1 ? p : 1 - p);
  pool[off + 3]! += edge;
  pool[off + 4]! += pnl;
  pool[off + 5]! += cost;
  pool[off + 6]! += size;
  pool[off + 7]! += fills;
  pool[off + 8]! += churn;
  pool[off + 9]! += timing;
  pool[off + 10]! += belief;
  pool[off + 11]! += fillEdge;
  pool[off + 12]! += fillEdge2;
  const r = fills > 0 ? fillEdge / fills : 0;
  pool[off + 13]! += r;
  pool[off + 14]! += r * r;
  const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(belief * CALIBRATION_BINS));
  const b = off + 15 + 3 * bin;
  pool[b]! += 1;
  pool[b + 1]! += belief;
  pool[b + 2]! += outcome;
}

/**
 * Skill of the accumulator at `off`: the empirical-Bayes posterior mean of a wallet's true
 * per-fill edge against the reference price (skillReference), under a N(0, priorSd²) prior and the wallet's own
 * per-fill variance v (floored at 0.01): skill = mean · nf/(nf + v/priorSd²). A few lucky fills
 * earn little; a long record of small, steady edges earns much. 0 when empty.
 */
export function skillAt(pool: Float64Array, off: number, priorSd: number): number {
  const nf = pool[off + F.fills]!;
  if (!(nf > 0)) return 0;
  const mean = pool[off + F.fillEdge]! / nf;
  const v = Math.max(0.01, pool[off + F.fillEdge2]! / nf - mean * mean);
  return (mean * nf) / (nf + v / (priorSd * priorSd));
}

/**
 * Outcome skill score of the accumulator at `off`: a t-statistic of the wallet's edge against the
 * reference price (skillReference) with markets as the unit (fills in one market share its outcome, so they are not
 * independent): mean over markets of the wallet's mean per-fill edge, over its standard error,
 * the per-market variance pulled toward `varPrior` by `varPseudo` pseudo-markets (so a single lucky
 * market does not look like certainty). 0 when empty.
 */
export function outcomeScoreAt(pool: Float64Array, off: number, varPrior: number, varPseudo: number): number {
  const n = pool[off + F.n]!;
  if (!(n > 0)) return 0;
  const mean = pool[off + F.mktEdge]! / n;
  const v = Math.max(0, pool[off + F.mktEdge2]! / n - mean * mean);
  const vp = (n * v + varPseudo * varPrior) / (n + varPseudo);
  return mean / Math.sqrt(vp / n);
}

/** Resolved markets behind the accumulator at `off`. */
export function supportAt(pool: Float64Array, off: number): number {
  return pool[off + F.n]!;
}

/** Mean edge against the price paid of the accumulator at `off` (0 when empty). */
export function meanEdgeAt(pool: Float64Array, off: number): number {
  const n = pool[off + F.n]!;
  return n > 0 ? pool[off + F.edge]! / n : 0;
}

/** Mean churn of the accumulator at `off`. */
export function meanChurnAt(pool: Float64Array, off: number): number {
  const n = pool[off + F.n]!;
  return n > 0 ? pool[off + F.churn]! / n : 0;
}

/** Expected calibration error of the accumulator at `off`: count-weighted |mean belief − observed rate| over the bins. */
export function calibrationErrorAt(pool: Float64Array, off: number): number {
  const n = pool[off + F.n]!;
  if (!(n > 0)) return 0;
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const c = pool[off + F.bins + 3 * b]!;
    if (c > 0) ece += Math.abs(pool[off + F.bins + 3 * b + 1]! - pool[off + F.bins + 3 * b + 2]!);
  }
  return ece / n;
}

/** Support (resolved markets) of an accumulator; 0 when absent. */
export function support(acc: Float64Array | undefined): number {
  return acc ? acc[F.n]! : 0;
}

/** Mean edge of an accumulator (0 when empty). */
export function meanEdge(acc: Float64Array | undefined): number {
  return acc && acc[F.n]! > 0 ? acc[F.edge]! / acc[F.n]! : 0;
}

/** Metrics of an accumulator (at `off` of a pool); `specialization` comes from the wallet's category counts. */
export function metricsOf(acc: Float64Array, specialization: number, off = 0, skillPriorSd = 0.02): WalletMetrics {
  const n = acc[off + F.n]!;
  const churn = acc[off + F.churn]! / n;
  return {
    n_resolved: n,
    brier: acc[off + F.brier]! / n,
    log_loss: acc[off + F.logLoss]! / n,
    calibration_error: calibrationErrorAt(acc, off),
    edge: acc[off + F.edge]! / n,
    roi: acc[off + F.cost]! > 0 ? acc[off + F.pnl]! / acc[off + F.cost]! : 0,
    avg_size: acc[off + F.size]! / acc[off + F.fills]!,
    churn,
    persistence: 1 - churn,
    specialization,
    timing_edge: acc[off + F.timing]! / n,
    skill: skillAt(acc, off, skillPriorSd),
  };
}

export { specializationOf } from './entropy.ts';
