import type { EngineParams } from './params.ts';
import type { ProfileLevel, WeightLookup } from './types.ts';
import { clamp } from './math.ts';
import { calibrationErrorAt, meanChurnAt, skillAt, supportAt } from './features.ts';

/** The profiles a lookup may use, most specific first (missing ones undefined). */
export interface ProfileChain {
  categoryHorizon: Float64Array | undefined;
  category: Float64Array | undefined;
  horizon: Float64Array | undefined;
  global: Float64Array | undefined;
  /** The wallet's specialization (0..1), from its global category counts. */
  specialization: number;
}

/** Levels of the fallback chain, in order; index 4 is the prior. */
export const LEVELS: readonly ProfileLevel[] = ['category×horizon', 'category', 'horizon', 'global', 'prior'];
export const PRIOR_LEVEL = 4;
export const GLOBAL_LEVEL = 3;

/** Output of `weightCore`, reused by callers to avoid allocation. */
export interface WeightOut {
  weight: number;
  uncertainty: number;
}

/**
 * The trust-weight formula for a profile used at some level of the chain. Skill is the
 * posterior mean per-fill edge against the price paid (features.ts `skillAt`), already shrunk
 * toward 0 by the wallet's own evidence; the local level is then blended toward the global one
 * by support:
 *
 *   e   = s·skillL + (1 − s)·skillG,  s = nL/(nL + priorStrength)   (e = skillG at the global level)
 *   w   = priorWeight · exp(edgeScale · e)
 *         × (1 + s·(−churnPenalty·churn))
 *         × (1 + s·persistenceWeight·(persistence − ½))
 *         × (1 + s·(exp(−calibrationPenalty·calibration_error) − 1))
 *         × (1 + s·specializationWeight·specialization)
 *   weight = clamp(w, minWeight, maxWeight)
 *   uncertainty = priorStrength/(nL + priorStrength) + ½·s·calibration_error, clamped to [0, 1]
 *
 * Each style factor enters in proportion to s, so a wallet with no history keeps exactly the
 * prior weight. Edge is measured against the price paid (the cleaner skill signal; Brier of a
 * wallet's beliefs partly measures the market it traded at).
 */
export function weightCore(
  params: EngineParams, isGlobal: boolean, nL: number, skillL: number, churn: number, calErr: number,
  skillG: number, specialization: number, out: WeightOut,
): WeightOut {
  const ps = params.priorStrength;
  const s = nL + ps > 0 ? nL / (nL + ps) : 0;
  const e = isGlobal ? skillG : s * skillL + (1 - s) * skillG;
  let w = params.priorWeight * Math.exp(params.edgeScale * e);
  w *= 1 + s * (-params.churnPenalty * churn);
  w *= 1 + s * (params.persistenceWeight * (1 - churn - 0.5));
  w *= 1 + s * (Math.exp(-params.calibrationPenalty * calErr) - 1);
  w *= 1 + s * (params.specializationWeight * specialization);
  out.weight = clamp(w, params.minWeight, params.maxWeight);
  out.uncertainty = clamp((nL + ps > 0 ? ps / (nL + ps) : 1) + 0.5 * s * calErr, 0, 1);
  return out;
}

/**
 * Trust weight of a wallet for one (category, horizon), with the fallback chain
 * category×horizon → category → horizon → global → prior recorded; a level is used when it has
 * at least `minSupport` resolved markets. See `weightCore` for the formula.
 */
export function trustWeight(chain: ProfileChain, params: EngineParams): WeightLookup {
  const accs = [chain.categoryHorizon, chain.category, chain.horizon, chain.global];
  const sup = accs.map((a) => (a ? supportAt(a, 0) : 0));
  let used = sup.findIndex((n) => n >= params.minSupport);
  const record = accs.map((_, i) => ({ level: LEVELS[i]!, n_resolved: sup[i]!, used: i === used }));
  if (used < 0) {
    record.push({ level: 'prior', n_resolved: 0, used: true });
    return { weight: clamp(params.priorWeight, params.minWeight, params.maxWeight), uncertainty: 1, level: 'prior', n_resolved: 0, chain: record };
  }
  const local = accs[used]!;
  const g = chain.global;
  const out = weightCore(
    params, used === GLOBAL_LEVEL, sup[used]!, skillAt(local, 0, params.skillPriorSd), meanChurnAt(local, 0), calibrationErrorAt(local, 0),
    g ? skillAt(g, 0, params.skillPriorSd) : 0, chain.specialization, { weight: 0, uncertainty: 0 },
  );
  return { weight: out.weight, uncertainty: out.uncertainty, level: LEVELS[used]!, n_resolved: sup[used]!, chain: record };
}
