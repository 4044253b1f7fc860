/**
 * The engine's one import for everyone else (services, RPC, notebooks). Pure: no I/O, no clock,
 * no Math.random.
 */
export * from './params.ts';
export * from './types.ts';
export * from './tape.ts';
export * from './rng.ts';
export { stableStringify, sha256Hex } from './hash.ts';
export { EPSILON, clamp, logit, sigmoid, HOUR_MS } from './math.ts';
export { horizonBucket, horizonLabels } from './horizon.ts';
export { marketProbAt } from './marketPrice.ts';
export { marketWalletStates, type WalletMarketState } from './walletStates.ts';
export { beliefFromState, walletBelief } from './beliefs.ts';
export { specializationOf, type WalletMetrics, type ProfileRecord } from './features.ts';
export { trustWeight, type ProfileChain } from './weights.ts';
export { TrustModel, type ProfileEntry } from './trustModel.ts';
export { ProfileStore } from './profileStore.ts';
export { trustModelAsOf } from './trustModelAsOf.ts';
export { computeMarkouts, type Markouts } from './markouts.ts';
export { fitSkillMixture, skillPosterior, NO_SKILL, type SkillMixture } from './skillMixture.ts';
export { fitEvidenceScale, fitEvidenceScales, type EvidenceRow } from './evidenceScale.ts';
export { entropyOf } from './entropy.ts';
export { aggregateBeliefs, type Aggregate, type AggregateEntry } from './aggregate.ts';
export { integrityRisk, isFreshWhale, isWashLike, type IntegrityRisk } from './integrity.ts';
export { computeSnapshot, TOP_DRIVERS } from './smartcrowd.ts';
export { walkForward, walkForwardMany, fitBlendWalkForward, fitEvidenceWalkForward, evidenceScalesAsOf, cutoffTs, type BacktestRow, type WalkForwardResult } from './backtest.ts';
export { summarizeBacktest, type BacktestSummary, type CaseStudy, type Score } from './backtestReport.ts';
export { blendProb, fitBlendK, K_MAX } from './blend.ts';
export * from './scoring.ts';
export { compareParams, type Comparison } from './compare.ts';
export { gridParams, overridesOf, runSweep, sweepOne, type ParamGrid, type SweepResult } from './sweep.ts';
