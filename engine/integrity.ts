import type { EngineParams } from './params.ts';
import { clamp } from './math.ts';

/**
 * Wash-like pattern in one market: several fills (n ≥ washMinFills) that mostly offset each other —
 * turnover Σsize/|net size| at least `washTurnoverRatio` and |net direction| at most
 * `washNetDirectionMax`. Such flow says little about belief and is a classic manipulation.
 */
export function isWashLike(nFills: number, sumSize: number, sumSignedSize: number, params: EngineParams): boolean {
  if (nFills < params.washMinFills) return false;
  const net = Math.abs(sumSignedSize);
  const turnover = net > 0 ? sumSize / net : Infinity;
  return turnover >= params.washTurnoverRatio && net / sumSize <= params.washNetDirectionMax;
}

/**
 * A fresh whale: no resolved history at all (its trust is the prior) and at least
 * `freshWhaleSize` shares in this market. It keeps only the prior's voice, never its size's.
 */
export function isFreshWhale(sumSize: number, hasHistory: boolean, params: EngineParams): boolean {
  return !hasHistory && sumSize >= params.freshWhaleSize;
}

/** Components of a market's integrity risk, each 0..1. */
export interface IntegrityRisk {
  /** Excess Herfindahl of effective weights over `concentrationThreshold`, rescaled to 0..1. */
  concentration: number;
  /** Share of the market's traded shares from wash-like wallets. */
  washShare: number;
  /** Share of the market's traded shares from fresh whales. */
  freshWhaleShare: number;
  /** 1 − (1 − concentration)(1 − washShare)(1 − freshWhaleShare). */
  risk: number;
}

export function integrityRisk(herfindahl: number, washShares: number, freshShares: number, totalShares: number, params: EngineParams): IntegrityRisk {
  const t = params.concentrationThreshold;
  const concentration = herfindahl > t ? clamp((herfindahl - t) / (1 - t || 1), 0, 1) : 0;
  const washShare = totalShares > 0 ? clamp(washShares / totalShares, 0, 1) : 0;
  const freshWhaleShare = totalShares > 0 ? clamp(freshShares / totalShares, 0, 1) : 0;
  return { concentration, washShare, freshWhaleShare, risk: 1 - (1 - concentration) * (1 - washShare) * (1 - freshWhaleShare) };
}
