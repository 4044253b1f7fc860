import type { EngineParams } from './params.ts';
import type { ProfileLevel, WeightLookup } from './types.ts';
import { clamp } from './math.ts';
import { meanEdge, metricsOf, support } from './features.ts';

/** The profiles a lookup may use, most specific first (missing ones undefined). */
export interface ProfileChain {
  categoryHorizon: Float64Array | undefined;
  category: Float64Array | undefined;
  horizon: Float64Array | undefined;
  global: Float64Array | undefined;
  /** The wallet's specialization (0..1), from its global category counts. */
  specialization: number;
}

/**
 * Trust weight of a wallet for one (category, horizon), with the fallback chain
 * category×horizon → category → horizon → global → prior; a level is used when it has at least
 * `minSupport` resolved markets.
 *
 *   global edge  eG' = nG/(nG + priorStrength) · eG            (shrunk toward the prior edge 0)
 *   local edge   e   = s·eL + (1 − s)·eG',  s = nL/(nL + priorStrength)   (e = eG' at the global level)
 *   base         = priorWeight · exp(edgeScale · e)
 *   adjusted     = base × churn, persistence, calibration and specialization factors, each
 *                  applied in proportion to s so a wallet with no history keeps exactly the prior
 *   weight       = clamp(adjusted, minWeight, maxWeight)
 *   uncertainty  = priorStrength/(nL + priorStrength) + ½·s·calibration_error, clamped to [0, 1]
 *
 * Edge is measured against the price paid (the cleaner skill signal; Brier of a wallet's beliefs
 * partly measures the market it traded at).
 */
export function trustWeight(chain: ProfileChain, params: EngineParams): WeightLookup {
  const levels: [ProfileLevel, Float64Array | undefined][] = [
    ['category×horizon', chain.categoryHorizon],
    ['category', chain.category],
    ['horizon', chain.horizon],
    ['global', chain.global],
  ];
  let used = -1;
  for (let i = 0; i < levels.length; i++) {
    if (support(levels[i]![1]) >= params.minSupport) {
      used = i;
      break;
    }
  }
  const record = levels.map(([level, acc], i) => ({ level, n_resolved: support(acc), used: i === used }));
  if (used < 0) {
    record.push({ level: 'prior', n_resolved: 0, used: true });
    return { weight: clamp(params.priorWeight, params.minWeight, params.maxWeight), uncertainty: 1, level: 'prior', n_resolved: 0, chain: record };
  }
  const [level, local] = levels[used]!;
  const nG = support(chain.global);
  const nL = support(local);
  const eG = (nG / (nG + params.priorStrength || 1)) * meanEdge(chain.global);
  const s = nL / (nL + params.priorStrength || 1);
  // The global level shrinks straight to the prior edge 0; narrower levels shrink toward the global edge.
  const e = level === 'global' ? eG : s * meanEdge(local) + (1 - s) * eG;
  const m = metricsOf(local!, chain.specialization);
  const factor = (f: number) => 1 + s * (f - 1);
  let w = params.priorWeight * Math.exp(params.edgeScale * e);
  w *= factor(1 - params.churnPenalty * m.churn);
  w *= factor(1 + params.persistenceWeight * (m.persistence - 0.5));
  w *= factor(Math.exp(-params.calibrationPenalty * m.calibration_error));
  w *= factor(1 + params.specializationWeight * chain.specialization);
  const uncertainty = clamp((params.priorStrength / (nL + params.priorStrength || 1)) + 0.5 * s * m.calibration_error, 0, 1);
  return { weight: clamp(w, params.minWeight, params.maxWeight), uncertainty, level, n_resolved: nL, chain: record };
}
