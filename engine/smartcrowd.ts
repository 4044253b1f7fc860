import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { TrustModel } from './model.ts';
import type { Driver, Snapshot, SnapshotCore } from './types.ts';

export type { SnapshotCore } from './types.ts';
import { marketProbAt } from './marketPrice.ts';
import { scanMarket, type MarketScan } from './walletStates.ts';
import { beliefOf, churnOf, confidenceOf } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import { aggregateArrays } from './aggregate.ts';
import { integrityRisk, isFreshWhale, isWashLike } from './integrity.ts';
import { buildExplanation, cohortSummary, flipConditions } from './explain.ts';
import { LEVELS } from './weights.ts';

/** How many drivers a snapshot lists. */
export const TOP_DRIVERS = 10;

const WASH = 1;
const FRESH = 2;
const WHALE = 4;
const COHORT = { trusted: 0, neutral: 1, distrusted: 2, fresh: 3, wash: 4 } as const;

/** Per-wallet scratch of one snapshot, grown on demand (the hot loop allocates nothing). */
class SnapshotScratch {
  belief = new Float64Array(64);
  conf = new Float64Array(64);
  weight = new Float64Array(64);
  unc = new Float64Array(64);
  anti = new Float64Array(64);
  ew = new Float64Array(64);
  key = new Int32Array(64);
  flags = new Uint8Array(64);
  cohort = new Int8Array(64);
  ensure(k: number): void {
    if (k <= this.belief.length) return;
    let cap = this.belief.length;
    while (cap < k) cap *= 2;
    this.belief = new Float64Array(cap); this.conf = new Float64Array(cap); this.weight = new Float64Array(cap);
    this.unc = new Float64Array(cap); this.anti = new Float64Array(cap); this.ew = new Float64Array(cap);
    this.key = new Int32Array(cap); this.flags = new Uint8Array(cap); this.cohort = new Int8Array(cap);
  }
}
const S = new SnapshotScratch();

/**
 * SmartCrowd snapshot of market `m` as of `asOf` (epoch ms). Uses only fills at or before
 * `asOf` and the trust `model` (the caller controls which outcomes it has seen).
 *
 * For each wallet: belief and confidence from its fills (beliefs.ts), trust weight w from its
 * profile chain, anti_noise from integrity controls (wash-like ×washDownweight, fresh whale ×½,
 * in-market churn ×(1 − ½·churnPenalty·churn)), effective weight ew = w × confidence × anti_noise,
 * and SmartCrowd = Σ ew·belief / Σ ew (null below `minWallets` wallets).
 * Confidence = support × agreement × participation × integrity, where support = ew-weighted
 * (1 − uncertainty), agreement = 1 − 2·disagreement, participation = 1 − exp(−effN/lowWalletCount)
 * (the low-wallet-count haircut), integrity = (1 − risk), halved again at or above
 * `integrityRiskThreshold`. O(wallets in m · log) per call.
 */
export function computeSnapshot(tape: Tape, model: TrustModel, m: number, asOf: number, params: EngineParams): Snapshot {
  const market_prob = marketProbAt(tape, m, asOf);
  const sc = scanMarket(tape, m, asOf, params, market_prob ?? NaN);
  const core = scoreScan(tape, model, sc, m, market_prob, params);
  return { market_id: tape.marketIds[m]!, as_of: asOf, ...core, ...details(tape, model, sc, core, params) };
}

/** The snapshot's numbers only (no drivers, cohorts or explanation): cheaper, for backtests and sweeps. */
export function computeSnapshotCore(tape: Tape, model: TrustModel, m: number, asOf: number, params: EngineParams): SnapshotCore {
  const market_prob = marketProbAt(tape, m, asOf);
  return scoreScan(tape, model, scanMarket(tape, m, asOf, params, market_prob ?? NaN), m, market_prob, params);
}

/** Last computed aggregate details, shared between scoreScan and details (same synchronous call). */
let lastAgg = { herfindahl: 1, totalWeight: 0, prob: null as number | null, disagreement: 0, effectiveN: 0 };
let lastRisk = { concentration: 0, washShare: 0, freshWhaleShare: 0, risk: 0 };
let lastComponents = { support: 0, agreement: 0, participation: 0, integrityFactor: 0, anyFlags: 0 };

/**
 * Scores an already scanned market (`sc`, from scanMarket with the market price as reference) with
 * a trust model's weights: fills the per-wallet scratch and returns the snapshot's numbers. Several
 * parameter sets that share the scan's inputs (recency and belief parameters) can score one scan.
 */
export function scoreScan(tape: Tape, model: TrustModel, sc: MarketScan, m: number, market_prob: number | null, params: EngineParams): SnapshotCore {
  const category = tape.marketCategory[m]!;
  const k = sc.k;
  S.ensure(k);
  let totalShares = 0;
  let washShares = 0;
  let freshShares = 0;
  let anyFlags = 0;
  let supportSum = 0;
  for (let j = 0; j < k; j++) {
    const w = sc.w[j]!;
    const n = sc.n[j]!;
    const size = sc.sumSize[j]!;
    const churn = churnOf(sc.flips[j]!, n);
    const net = size > 0 ? sc.sumSignedSize[j]! / size : 0;
    S.belief[j] = beliefOf(sc.sumVLogit[j]!, sc.sumV[j]!, sc.sumVDir[j]!, n, sc.refLogit, net, params);
    S.conf[j] = confidenceOf(sc.mass[j]!, churn, net, params);
    const h = horizonBucket(sc.sumSizeLead[j]! / size, params.horizonEdgesHours);
    const key = model.weightKey(w, category, h);
    S.key[j] = key;
    const weight = model.weightAt(key);
    S.weight[j] = weight;
    S.unc[j] = model.uncertaintyAt(key);
    const hasHistory = model.globalSupport(w) > 0;
    let flags = 0;
    let anti = 1 - 0.5 * params.churnPenalty * churn;
    totalShares += size;
    if (isWashLike(n, size, sc.sumSignedSize[j]!, params)) {
      anti *= params.washDownweight;
      flags |= WASH;
      washShares += size;
    }
    if (!hasHistory) flags |= FRESH;
    if (isFreshWhale(size, hasHistory, params)) {
      anti *= 0.5;
      flags |= WHALE;
      freshShares += size;
    }
    anyFlags |= flags;
    S.flags[j] = flags;
    S.anti[j] = anti;
    S.ew[j] = weight * S.conf[j]! * anti;
    supportSum += S.ew[j]! * (1 - S.unc[j]!);
    S.cohort[j] = flags & WASH ? COHORT.wash : !hasHistory ? COHORT.fresh : weight >= 1 ? COHORT.trusted : weight < params.priorWeight ? COHORT.distrusted : COHORT.neutral;
  }

  const enough = k >= params.minWallets;
  const agg = aggregateArrays(S.belief, S.ew, k);
  const sc_prob = enough ? agg.prob : null;
  const risk = integrityRisk(agg.herfindahl, washShares, freshShares, totalShares, params);
  const W = agg.totalWeight;
  const support = W > 0 ? supportSum / W : 0;
  const agreement = 1 - Math.min(1, 2 * agg.disagreement);
  const participation = 1 - Math.exp(-agg.effectiveN / params.lowWalletCount);
  const integrityFactor = (1 - risk.risk) * (risk.risk >= params.integrityRiskThreshold ? 0.5 : 1);
  const confidence = sc_prob === null ? 0 : support * agreement * participation * integrityFactor;
  lastAgg = agg;
  lastRisk = risk;
  lastComponents = { support, agreement, participation, integrityFactor, anyFlags };
  return {
    market_prob,
    smartcrowd_prob: sc_prob,
    divergence: sc_prob !== null && market_prob !== null ? sc_prob - market_prob : null,
    disagreement: agg.disagreement,
    effective_n: agg.effectiveN,
    integrity_risk: risk.risk,
    confidence,
    n_wallets: k,
  };
}

/** Drivers, cohorts, flip conditions and the explanation of the scan `scoreScan` just scored. */
function details(tape: Tape, model: TrustModel, sc: MarketScan, core: SnapshotCore, params: EngineParams) {
  const k = sc.k;
  const agg = lastAgg;
  const risk = lastRisk;
  const { support, agreement, participation, integrityFactor, anyFlags } = lastComponents;
  const sc_prob = core.smartcrowd_prob;
  const market_prob = core.market_prob;
  const confidence = core.confidence;
  const W = agg.totalWeight;
  // Top drivers by share of effective weight (ties by wallet id).
  const ids = tape.walletIds;
  const idx = Array.from({ length: k }, (_, j) => j);
  idx.sort((a, b) => S.ew[b]! - S.ew[a]! || (ids[sc.w[a]!]! < ids[sc.w[b]!]! ? -1 : 1));
  const drivers: Driver[] = idx.slice(0, TOP_DRIVERS).map((j) => {
    const f = S.flags[j]!;
    return {
      wallet: ids[sc.w[j]!]!,
      belief: S.belief[j]!,
      confidence: S.conf[j]!,
      weight: S.weight[j]!,
      anti_noise: S.anti[j]!,
      effective_weight: S.ew[j]!,
      share: W > 0 ? S.ew[j]! / W : 0,
      pull: W > 0 && agg.prob !== null ? (S.ew[j]! * (S.belief[j]! - agg.prob)) / W : 0,
      level: LEVELS[model.levelAt(S.key[j]!)]!,
      n_resolved: model.supportOfLevelAt(S.key[j]!),
      flags: [...(f & WASH ? ['wash-like'] : []), ...(f & FRESH ? ['fresh'] : []), ...(f & WHALE ? ['fresh-whale'] : [])],
    };
  });
  const cohorts = cohortSummary(S.cohort, S.belief, S.ew, k);
  const flags = [...(anyFlags & FRESH ? ['fresh'] : []), ...(anyFlags & WHALE ? ['fresh-whale'] : []), ...(anyFlags & WASH ? ['wash-like'] : [])];
  if (risk.risk >= params.integrityRiskThreshold) flags.push('high-integrity-risk');
  if (agg.effectiveN < params.lowWalletCount) flags.push('few-wallets');

  return {
    top_drivers: drivers,
    cohort_summary: cohorts,
    flip_conditions: flipConditions((j) => ids[sc.w[j]!]!, S.belief, S.ew, k, sc_prob, market_prob),
    explanation: buildExplanation({
      sc: sc_prob,
      mkt: market_prob,
      nWallets: k,
      minWallets: params.minWallets,
      effectiveN: agg.effectiveN,
      disagreement: agg.disagreement,
      confidence,
      integrity: risk,
      flags,
      drivers,
      cohorts,
      components: {
        support,
        agreement,
        participation,
        integrity_factor: integrityFactor,
        total_effective_weight: W,
        herfindahl: agg.herfindahl,
        visible_resolved_markets: model.nVisible,
      },
    }),
  };
}
