import type { EngineParams } from './params.ts';
import type { ProfileLevel, WeightLookup } from './types.ts';
import { clamp } from './math.ts';
import { calibrationErrorAt, meanChurnAt, outcomeScoreAt, skillAt, supportAt } from './features.ts';
import { NO_SKILL, skillPosterior, type SkillMixture } from './skillMixture.ts';

/** The profiles a lookup may use, most specific first (missing ones undefined). */
export interface ProfileChain {
  categoryHorizon: Float64Array | undefined;
  category: Float64Array | undefined;
  horizon: Float64Array | undefined;
  global: Float64Array | undefined;
  /** The wallet's specialization (0..1), from its global category counts. */
  specialization: number;
  /** The wallet's markout score (profileStore.ts markoutScore); 0 when unknown. */
  markoutScore?: number;
  /** (wallet, market) clusters behind the markout score. */
  markoutSupport?: number;
}

/** Levels of the fallback chain, in order; index 4 is the prior. */
export const LEVELS: readonly ProfileLevel[] = ['category×horizon', 'category', 'horizon', 'global', 'prior'];
export const PRIOR_LEVEL = 4;
export const GLOBAL_LEVEL = 3;

/**
 * The fallback chain's choice: the first of category×horizon, category, horizon, global with at
 * least `minSupport` resolved markets (supports in that order, 0 where a profile is missing), or
 * PRIOR_LEVEL. The one selector every trust lookup uses.
 */
export function selectLevel(s0: number, s1: number, s2: number, s3: number, minSupport: number): number {
  return s0 >= minSupport ? 0 : s1 >= minSupport ? 1 : s2 >= minSupport ? 2 : s3 >= minSupport ? GLOBAL_LEVEL : PRIOR_LEVEL;
}

/** Output of the weight formulas, reused by callers to avoid allocation. */
export interface WeightOut {
  weight: number;
  uncertainty: number;
  /** 'evidence' trust: the skill score and its posterior probability of skill (0 for the seed formula). */
  score: number;
  posterior: number;
}

/** `w` times the style factors shared by both formulas, each entering in proportion to s = nL/(nL + priorStrength). */
function withStyle(w: number, params: EngineParams, s: number, churn: number, calErr: number, specialization: number): number {
  w *= 1 + s * (-params.churnPenalty * churn);
  w *= 1 + s * (params.persistenceWeight * (1 - churn - 0.5));
  w *= 1 + s * (Math.exp(-params.calibrationPenalty * calErr) - 1);
  w *= 1 + s * (params.specializationWeight * specialization);
  return w;
}

/**
 * The seed design's trust weight ('weighted-mean' aggregator) for a profile used at some level of
 * the chain. Skill is the posterior mean per-fill edge against the reference price (skillReference; features.ts
 * `skillAt`); the local level is blended toward the global one by support:
 *
 *   e   = s·skillL + (1 − s)·skillG,  s = nL/(nL + priorStrength)   (e = skillG at the global level)
 *   w   = priorWeight · exp(edgeScale · e) · style(s)
 *   weight = clamp(w, minWeight, maxWeight)
 *   uncertainty = priorStrength/(nL + priorStrength) + ½·s·calibration_error, clamped to [0, 1]
 *
 * style(s) = (1 − s·churnPenalty·churn)(1 + s·persistenceWeight·(persistence − ½))
 *            (1 + s·(exp(−calibrationPenalty·calibration_error) − 1))(1 + s·specializationWeight·specialization),
 * so a wallet with no history keeps exactly the prior weight.
 */
export function weightCore(
  params: EngineParams, isGlobal: boolean, nL: number, skillL: number, churn: number, calErr: number,
  skillG: number, specialization: number, out: WeightOut,
): WeightOut {
  const ps = params.priorStrength;
  const s = nL + ps > 0 ? nL / (nL + ps) : 0;
  const e = isGlobal ? skillG : s * skillL + (1 - s) * skillG;
  const w = withStyle(params.priorWeight * Math.exp(params.edgeScale * e), params, s, churn, calErr, specialization);
  out.weight = clamp(w, params.minWeight, params.maxWeight);
  out.uncertainty = clamp((nL + ps > 0 ? ps / (nL + ps) : 1) + 0.5 * s * calErr, 0, 1);
  out.score = 0;
  out.posterior = 0;
  return out;
}

/**
 * The 'evidence' aggregator's trust weight. A wallet's skill score combines its outcome score at
 * the chain's level, blended toward its global one by support, with its markout score:
 *
 *   score  = s·zL + (1 − s)·zG + markoutSkillWeight·zM,   s = nL/(nL + priorStrength)  (zL = zG at the global level, 0 at the prior)
 *   P      = P(skilled | score) under the two-group mixture fitted over all wallets (skillMixture.ts)
 *   weight = P · style(s) if P ≥ trustMinPosterior, else 0; clamped to [0, maxWeight]
 *
 * so a wallet that has not shown skill beyond what chance gives some of many wallets carries no
 * weight at all. Uncertainty as in the seed formula.
 */
export function evidenceWeightCore(
  params: EngineParams, nL: number, zL: number, zG: number, zM: number, churn: number, calErr: number,
  specialization: number, mixture: SkillMixture, out: WeightOut, edgeL = 0, edgeG = 0,
): WeightOut {
  const ps = params.priorStrength;
  const s = nL + ps > 0 ? nL / (nL + ps) : 0;
  const score = s * zL + (1 - s) * zG + params.markoutSkillWeight * zM;
  const post = skillPosterior(mixture, score);
  let base: number;
  if (params.trustRule === 'mixture') base = post >= params.trustMinPosterior && post > 0 ? post : 0;
  else if (params.trustRule === 'edge') base = Math.max(0, s * edgeL + (1 - s) * edgeG) / params.trustSkillUnit;
  else {
    // Standardised against the empirical null (the mixture's null component; N(0, 1), the t-statistic's
    // own null, while too few wallets have history to fit it): u = (score − μ0)/σ0.
    const u = (score - mixture.mu0) / mixture.sd0;
    // Only a positive score (an edge above zero, not merely above a negative crowd) can earn trust.
    base = score > 0 ? Math.max(0, u - params.trustThreshold) : 0;
  }
  const w = base > 0 ? withStyle(base, params, s, churn, calErr, specialization) : 0;
  out.weight = clamp(w, 0, params.maxWeight);
  out.uncertainty = clamp((nL + ps > 0 ? ps / (nL + ps) : 1) + 0.5 * s * calErr, 0, 1);
  out.score = score;
  out.posterior = post;
  return out;
}

/** The prior's weight (no usable profile): the seed design's priorWeight, or 0 for 'evidence'. */
export function priorWeightOf(params: EngineParams): number {
  return params.aggregator === 'evidence' ? 0 : clamp(params.priorWeight, params.minWeight, params.maxWeight);
}

/**
 * Trust weight of a wallet for one (category, horizon), with the fallback chain
 * category×horizon → category → horizon → global → prior recorded (selectLevel). See weightCore
 * ('weighted-mean') and evidenceWeightCore ('evidence', which needs the fitted `mixture`).
 */
export function trustWeight(chain: ProfileChain, params: EngineParams, mixture: SkillMixture = NO_SKILL): WeightLookup {
  const accs = [chain.categoryHorizon, chain.category, chain.horizon, chain.global];
  const sup = accs.map((a) => (a ? supportAt(a, 0) : 0));
  const used = selectLevel(sup[0]!, sup[1]!, sup[2]!, sup[3]!, params.minSupport);
  const record: WeightLookup['chain'] = accs.map((_, i) => ({ level: LEVELS[i]!, n_resolved: sup[i]!, used: i === used }));
  const out: WeightOut = { weight: 0, uncertainty: 1, score: 0, posterior: 0 };
  const g = chain.global;
  const zM = chain.markoutScore ?? 0;
  const evidence = params.aggregator === 'evidence';
  if (used === PRIOR_LEVEL) {
    record.push({ level: 'prior', n_resolved: 0, used: true });
    if (evidence) evidenceWeightCore(params, 0, 0, 0, zM, 0, 0, chain.specialization, mixture, out);
    else out.weight = priorWeightOf(params);
    out.uncertainty = 1;
  } else {
    const local = accs[used]!;
    if (evidence) {
      const zG = g ? outcomeScoreAt(g, 0, params.skillVarPrior, params.skillVarPseudo) : 0;
      const zL = used === GLOBAL_LEVEL ? zG : outcomeScoreAt(local, 0, params.skillVarPrior, params.skillVarPseudo);
      const eG = g ? skillAt(g, 0, params.skillPriorSd) : 0;
      const eL = used === GLOBAL_LEVEL ? eG : skillAt(local, 0, params.skillPriorSd);
      evidenceWeightCore(params, sup[used]!, zL, zG, zM, meanChurnAt(local, 0), calibrationErrorAt(local, 0), chain.specialization, mixture, out, eL, eG);
    } else {
      weightCore(
        params, used === GLOBAL_LEVEL, sup[used]!, skillAt(local, 0, params.skillPriorSd), meanChurnAt(local, 0), calibrationErrorAt(local, 0),
        g ? skillAt(g, 0, params.skillPriorSd) : 0, chain.specialization, out,
      );
    }
  }
  return {
    weight: out.weight,
    uncertainty: out.uncertainty,
    level: LEVELS[used]!,
    n_resolved: used === PRIOR_LEVEL ? 0 : sup[used]!,
    chain: record,
    skill_score: out.score,
    skill_posterior: out.posterior,
    markout_support: chain.markoutSupport ?? 0,
  };
}
