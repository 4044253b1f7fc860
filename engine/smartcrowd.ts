import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { TrustModel } from './trustModel.ts';
import type { Driver, Snapshot, SnapshotCore } from './types.ts';

export type { SnapshotCore } from './types.ts';
import { marketProbAt } from './marketPrice.ts';
import { scanMarket, type MarketScan } from './walletStates.ts';
import { beliefOf, churnOf, confidenceOf } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import { aggregateArrays, type Aggregate } from './aggregate.ts';
import { integrityRisk, isFreshWhale, isWashLike, type IntegrityRisk } from './integrity.ts';
import { buildExplanation, cohortSummary, flipConditions } from './explain.ts';
import { LEVELS } from './weights.ts';
import { clamp, logit, sigmoid } from './math.ts';

/** How many drivers a snapshot lists. */
export const TOP_DRIVERS = 10;

const WASH = 1;
const FRESH = 2;
const WHALE = 4;
/** Cohort codes, indexes into explain.ts COHORTS. */
const COHORT = { trusted: 0, neutral: 1, distrusted: 2, fresh: 3, wash: 4, untrusted: 5 } as const;

/** The 'evidence' aggregate's components (see computeSnapshot). */
interface Evidence {
  direction: number;
  gap: number;
  /** C, the crowd's belief relative to the price, log-odds (0 unless evidenceCrowd). */
  crowd: number;
  /** F, the untrusted flow's net direction (0 unless evidenceFlow). */
  flow: number;
  /** κ_d·direction + κ_g·gap + κ_c·crowd + κ_f·flow, log-odds. */
  shift: number;
}

/** A scored scan: the snapshot's numbers and what its explanation needs. */
interface Scored {
  core: SnapshotCore;
  agg: Aggregate;
  risk: IntegrityRisk;
  components: { support: number; agreement: number; participation: number; integrityFactor: number; anyFlags: number };
  /** 'evidence' with evidenceCrowd: Σ c·belief and Σ c over every wallet (c = confidence × anti-noise), for the crowd's leave-one-out parts. */
  crowd: { bel: number; sum: number };
  /** 'evidence' with evidenceFlow: Σ anti·Σ_live r·d and Σ anti·Σ_all r over the untrusted wallets, for the flow's leave-one-out parts. */
  flow: { dir: number; decay: number };
  /** 'evidence': the price's weight W0 in this market (priceWeight). */
  w0: number;
}

/** C, the crowd's belief relative to the price: logit of the c-weighted mean belief Σ c·belief / Σ c, minus logit P (lm), log-odds. */
function crowdShift(bel: number, sum: number, lm: number, eps: number): number {
  return logit(clamp(bel / sum, eps, 1 - eps)) - lm;
}

/**
 * SmartCrowd snapshot of market `m` as of `asOf` (epoch ms). Uses only fills at or before
 * `asOf` and the trust `model` (the caller controls what it has seen, and its evidence scale κ).
 *
 * For each wallet: belief and confidence from its fills (beliefs.ts), trust weight w from its
 * profile chain (weights.ts), anti_noise from integrity controls (wash-like ×washDownweight, fresh
 * whale ×freshWhaleDownweight, in-market churn ×(1 − inMarketChurnPenalty·churn)), effective weight
 * ew = w × confidence × anti_noise ('weighted-mean') or w × anti_noise × Σ r over its fills here
 * ('evidence', r below). Then, by `aggregator`:
 * - 'evidence' (default): the market price P is the prior and trusted wallets' live fills move it.
 *   A fill at YES-equivalent price p in direction d claims the price should be about
 *   p + d·evidenceConviction in log-odds; it stays live while the price has not got there
 *   (d·(logit p − logit P) + evidenceConviction > 0). With r = 2^(−age/evidenceHalfLifeHours)·size^a per
 *   fill (a = evidenceSizePower) and t = trust × anti_noise per wallet, over trusted wallets,
 *     D = Σ t·Σ_live r·d / (W0 + Σ t·Σ_all r)                 (direction of live trusted flow)
 *     G = Σ t·Σ_live r·(logit p − logit P) / (W0 + Σ t·Σ_all r)  (where it traded, relative to now)
 *   with W0 = pricePseudoWeight typical fills the price's own weight (priceWeight), and
 *     SmartCrowd = σ(logit P + κ_d·D + κ_g·G),
 *   the scales κ learned walk-forward on resolved markets (evidenceScale.ts), 0 — the price — until
 *   there is enough history. With no trusted wallet, D = G = 0 and SmartCrowd is the price.
 * - 'weighted-mean' (the seed design): SmartCrowd = Σ ew·belief / Σ ew over every wallet.
 * Null below `minWallets` wallets (and, for 'evidence', without a market price).
 * Confidence = support × agreement × participation × integrity, where support = ew-weighted
 * (1 − uncertainty), agreement = 1 − 2·disagreement, participation = 1 − exp(−effN/lowWalletCount)
 * (the low-wallet-count haircut), integrity = (1 − risk), times highRiskConfidenceFactor at or
 * above `integrityRiskThreshold`. O(wallets in m · log) per call.
 */
export function computeSnapshot(tape: Tape, model: TrustModel, m: number, asOf: number, params: EngineParams): Snapshot {
  const market_prob = marketProbAt(tape, m, asOf);
  const sc = scanMarket(tape, m, asOf, params, market_prob ?? NaN, model.store.scan);
  const scored = score(tape, model, sc, m, market_prob, params);
  return { market_id: tape.marketIds[m]!, as_of: asOf, ...scored.core, ...details(tape, model, sc, scored, params) };
}

/** The snapshot's numbers only (no drivers, cohorts or explanation): cheaper, for backtests and sweeps. */
export function computeSnapshotCore(tape: Tape, model: TrustModel, m: number, asOf: number, params: EngineParams): SnapshotCore {
  const market_prob = marketProbAt(tape, m, asOf);
  return scoreScan(tape, model, scanMarket(tape, m, asOf, params, market_prob ?? NaN, model.store.scan), m, market_prob, params);
}

/**
 * Scores an already scanned market (`sc`, from scanMarket with the market price as reference) with
 * a trust model's weights. Several parameter sets that share the scan's inputs (stage 'profile'
 * parameters) can score one scan.
 */
export function scoreScan(tape: Tape, model: TrustModel, sc: MarketScan, m: number, market_prob: number | null, params: EngineParams): SnapshotCore {
  return score(tape, model, sc, m, market_prob, params).core;
}

function score(tape: Tape, model: TrustModel, sc: MarketScan, m: number, market_prob: number | null, params: EngineParams): Scored {
  const S = model.scratch;
  const category = tape.marketCategory[m]!;
  const k = sc.k;
  S.ensure(k);
  const evidenceMode = params.aggregator === 'evidence';
  const crowdOn = evidenceMode && params.evidenceCrowd;
  const flowOn = evidenceMode && params.evidenceFlow;
  let totalShares = 0;
  let washShares = 0;
  let freshShares = 0;
  let anyFlags = 0;
  let supportSum = 0;
  // Trusted live-fill sums: Σ t·(Σ r·d), Σ t·(Σ r·gap), Σ t·(Σ r), t = trust × anti-noise.
  let tDir = 0;
  let tGap = 0;
  let tDecay = 0;
  // Crowd belief sums over every wallet: Σ c·belief, Σ c, c = confidence × anti-noise.
  let cBel = 0;
  let cSum = 0;
  // Untrusted live-fill sums: Σ anti·(Σ r·d), Σ anti·(Σ r) over the wallets with no trust.
  let fDir = 0;
  let fDecay = 0;
  // Σ log(mean fill size) over wallets, for the price's weight (priceWeight; fills weighted by size only).
  const sized = evidenceMode && params.evidenceSizePower > 0;
  let logTypical = 0;
  for (let j = 0; j < k; j++) {
    const w = sc.w[j]!;
    const n = sc.n[j]!;
    const size = sc.sumSize[j]!;
    const churn = churnOf(sc.flips[j]!, n);
    const net = size > 0 ? sc.sumSignedSize[j]! / size : 0;
    if (sized && size > 0) logTypical += Math.log(size / n);
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
    let anti = 1 - params.inMarketChurnPenalty * churn;
    totalShares += size;
    if (isWashLike(n, size, sc.sumSignedSize[j]!, params)) {
      anti *= params.washDownweight;
      flags |= WASH;
      washShares += size;
    }
    if (!hasHistory) flags |= FRESH;
    if (isFreshWhale(size, hasHistory, params)) {
      anti *= params.freshWhaleDownweight;
      flags |= WHALE;
      freshShares += size;
    }
    anyFlags |= flags;
    S.flags[j] = flags;
    S.anti[j] = anti;
    if (evidenceMode) {
      // Evidence weight: trust × anti-noise × Σ r over its fills here (recency × size^evidenceSizePower).
      const t = weight * anti;
      S.ew[j] = t * sc.sumDecay[j]!;
      if (crowdOn) {
        const c = S.conf[j]! * anti;
        cSum += c;
        cBel += c * S.belief[j]!;
      }
      if (flowOn && weight === 0) {
        fDir += anti * sc.sumLiveDir[j]!;
        fDecay += anti * sc.sumDecay[j]!;
      }
      if (t > 0) {
        tDir += t * sc.sumLiveDir[j]!;
        tGap += t * sc.sumLiveGap[j]!;
        tDecay += S.ew[j]!;
      }
    } else S.ew[j] = weight * S.conf[j]! * anti;
    supportSum += S.ew[j]! * (1 - S.unc[j]!);
    S.cohort[j] = flags & WASH
      ? COHORT.wash
      : !hasHistory && weight === 0 ? COHORT.fresh
        : evidenceMode ? (weight > 0 ? COHORT.trusted : COHORT.untrusted)
          : !hasHistory ? COHORT.fresh : weight >= 1 ? COHORT.trusted : weight < params.priorWeight ? COHORT.distrusted : COHORT.neutral;
  }

  const enough = k >= params.minWallets;
  const agg = aggregateArrays(S.belief, S.ew, k);
  let sc_prob: number | null;
  let ev: Evidence | null = null;
  const w0 = evidenceMode ? priceWeight(params, logTypical, k) : 0;
  if (evidenceMode) {
    if (market_prob !== null) {
      const den = w0 + tDecay;
      const [kd, kg, kc, kf] = model.evidenceScales;
      const direction = den > 0 ? tDir / den : 0;
      const gap = den > 0 ? tGap / den : 0;
      const eps = params.probEps;
      const crowd = crowdOn && cSum > 0 ? crowdShift(cBel, cSum, logit(clamp(market_prob, eps, 1 - eps)), eps) : 0;
      const flow = flowOn && w0 + fDecay > 0 ? fDir / (w0 + fDecay) : 0;
      ev = { direction, gap, crowd, flow, shift: kd * direction + kg * gap + kc * crowd + kf * flow };
    }
    sc_prob = enough && ev !== null ? sigmoid(logit(clamp(market_prob!, params.probEps, 1 - params.probEps)) + ev.shift) : null;
  } else sc_prob = enough ? agg.prob : null;
  // 'evidence': concentration of the trusted wallets' evidence weights beside the price's pseudo-weight
  // (one wallet outweighing the price is the risk; many small voices beside the price are not).
  const herf = evidenceMode ? herfindahlWithPrice(S.ew, k, agg.totalWeight, w0) : agg.herfindahl;
  const risk = integrityRisk(herf, washShares, freshShares, totalShares, params);
  const W = agg.totalWeight;
  const support = W > 0 ? supportSum / W : 0;
  const agreement = 1 - Math.min(1, 2 * agg.disagreement);
  const participation = 1 - Math.exp(-agg.effectiveN / params.lowWalletCount);
  const integrityFactor = (1 - risk.risk) * (risk.risk >= params.integrityRiskThreshold ? params.highRiskConfidenceFactor : 1);
  const confidence = sc_prob === null ? 0 : support * agreement * participation * integrityFactor;
  return {
    core: {
      market_prob,
      smartcrowd_prob: sc_prob,
      divergence: sc_prob !== null && market_prob !== null ? sc_prob - market_prob : null,
      disagreement: agg.disagreement,
      effective_n: agg.effectiveN,
      integrity_risk: risk.risk,
      confidence,
      n_wallets: k,
      evidence_direction: ev?.direction ?? null,
      evidence_price_gap: ev?.gap ?? null,
      evidence_crowd: ev?.crowd ?? null,
      evidence_flow: ev?.flow ?? null,
      evidence_shift: ev?.shift ?? null,
      evidence_scales: evidenceMode ? [model.evidenceScales[0], model.evidenceScales[1], model.evidenceScales[2], model.evidenceScales[3]] : null,
    },
    agg,
    risk,
    components: { support, agreement, participation, integrityFactor, anyFlags },
    crowd: { bel: cBel, sum: cSum },
    flow: { dir: fDir, decay: fDecay },
    w0,
  };
}

/**
 * The price's weight W0 in a market, in the units of a wallet's evidence weight (trust × Σ r·size^a,
 * a = evidenceSizePower): pricePseudoWeight fills of the market's typical size — the geometric mean, over
 * the k wallets that traded it so far, of each one's mean fill size (shares), to the power a
 * (`logTypical` = Σ log mean size). Exactly pricePseudoWeight when fills count alike (a = 0). A mean over
 * wallets, and a geometric one, so that one whale — who carries no trust — cannot swell the price's weight
 * and so dilute the trusted evidence beside it.
 */
function priceWeight(params: EngineParams, logTypical: number, k: number): number {
  const a = params.evidenceSizePower;
  return a > 0 && k > 0 ? params.pricePseudoWeight * Math.exp((a * logTypical) / k) : params.pricePseudoWeight;
}

/** Drivers, cohorts, flip conditions and the explanation of a scored scan. */
function details(tape: Tape, model: TrustModel, sc: MarketScan, scored: Scored, params: EngineParams) {
  const S = model.scratch;
  const k = sc.k;
  const { core, agg, risk } = scored;
  const { support, agreement, participation, integrityFactor, anyFlags } = scored.components;
  const sc_prob = core.smartcrowd_prob;
  const market_prob = core.market_prob;
  const confidence = core.confidence;
  const W = agg.totalWeight;
  const evidenceMode = params.aggregator === 'evidence';
  const eps = params.probEps;
  const lm = market_prob === null ? NaN : logit(clamp(market_prob, eps, 1 - eps));
  const [kd, kg, kc, kf] = model.evidenceScales;
  const w0 = scored.w0;
  const denom = w0 + W;
  // Wallet j's term in the evidence shift (log-odds): its trusted evidence t·(κ_d·Σ_live r·d + κ_g·Σ_live r·gap)/(W0 + Σ ew),
  // plus what the crowd term κ_c·C and the untrusted-flow term κ_f·F would lose without it (C is a mean over every
  // wallet, F over the untrusted ones, so those parts are leave-one-out).
  const contrib = new Float64Array(k);
  if (evidenceMode && denom > 0) {
    for (let j = 0; j < k; j++) {
      const t = S.weight[j]! * S.anti[j]!;
      if (t > 0) contrib[j] = (t * (kd * sc.sumLiveDir[j]! + kg * sc.sumLiveGap[j]!)) / denom;
    }
  }
  if (evidenceMode && kc !== 0 && core.evidence_crowd !== null && !Number.isNaN(lm)) {
    const { bel, sum } = scored.crowd;
    for (let j = 0; j < k; j++) {
      const c = S.conf[j]! * S.anti[j]!;
      if (c === 0) continue;
      const without = sum - c > 0 ? crowdShift(bel - c * S.belief[j]!, sum - c, lm, eps) : 0;
      contrib[j]! += kc * (core.evidence_crowd - without);
    }
  }
  if (evidenceMode && kf !== 0 && core.evidence_flow !== null) {
    const { dir, decay } = scored.flow;
    for (let j = 0; j < k; j++) {
      if (S.weight[j] !== 0 || S.anti[j] === 0) continue;
      const a = S.anti[j]!;
      const rest = w0 + decay - a * sc.sumDecay[j]!;
      const without = rest > 0 ? (dir - a * sc.sumLiveDir[j]!) / rest : 0;
      contrib[j]! += kf * (core.evidence_flow - without);
    }
  }
  // How far SmartCrowd moves because of wallet j, in probability units.
  const pullOf = (j: number): number => {
    if (sc_prob === null) return 0;
    // ('evidence': the crowd's and the untrusted flow's parts move SmartCrowd with no trusted weight at all.)
    if (!evidenceMode) return W > 0 && agg.prob !== null ? (S.ew[j]! * (S.belief[j]! - agg.prob)) / W : 0;
    return sc_prob - sigmoid(logit(clamp(sc_prob, eps, 1 - eps)) - contrib[j]!);
  };
  // Top drivers by effective weight, then ('evidence') by how far they move SmartCrowd, then by wallet id.
  const ids = tape.walletIds;
  const idx = Array.from({ length: k }, (_, j) => j);
  idx.sort((a, b) => S.ew[b]! - S.ew[a]! || Math.abs(contrib[b]!) - Math.abs(contrib[a]!) || (ids[sc.w[a]!]! < ids[sc.w[b]!]! ? -1 : 1));
  const shareDenom = evidenceMode ? denom : W;
  const drivers: Driver[] = idx.slice(0, TOP_DRIVERS).map((j) => {
    const f = S.flags[j]!;
    return {
      wallet: ids[sc.w[j]!]!,
      belief: S.belief[j]!,
      confidence: S.conf[j]!,
      weight: S.weight[j]!,
      anti_noise: S.anti[j]!,
      effective_weight: S.ew[j]!,
      share: shareDenom > 0 ? S.ew[j]! / shareDenom : 0,
      pull: pullOf(j),
      level: LEVELS[model.levelAt(S.key[j]!)]!,
      n_resolved: model.supportOfLevelAt(S.key[j]!),
      skill_posterior: model.posteriorAt(S.key[j]!),
      flags: [...(f & WASH ? ['wash-like'] : []), ...(f & FRESH ? ['fresh'] : []), ...(f & WHALE ? ['fresh-whale'] : [])],
    };
  });
  const cohorts = cohortSummary(S.cohort, S.belief, S.ew, k, evidenceMode && market_prob !== null ? { weight: w0, belief: market_prob } : null);
  const flags = [...(anyFlags & FRESH ? ['fresh'] : []), ...(anyFlags & WHALE ? ['fresh-whale'] : []), ...(anyFlags & WASH ? ['wash-like'] : [])];
  if (risk.risk >= params.integrityRiskThreshold) flags.push('high-integrity-risk');
  if (agg.effectiveN < params.lowWalletCount) flags.push('few-wallets');
  const mix = model.mixture;

  return {
    top_drivers: drivers,
    cohort_summary: cohorts,
    flip_conditions: flipConditions((j) => ids[sc.w[j]!]!, S.belief, S.ew, k, sc_prob, market_prob, evidenceMode ? { contrib, perUnitWeight: kd / denom, shift: core.evidence_shift ?? 0 } : null),
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
      aggregator: params.aggregator,
      evidence: core.evidence_shift ?? null,
      evidenceScales: evidenceMode ? [kd, kg, kc, kf] : null,
      evidenceCrowd: core.evidence_crowd ?? null,
      evidenceFlow: core.evidence_flow ?? null,
      components: {
        aggregator: params.aggregator,
        support,
        agreement,
        participation,
        integrity_factor: integrityFactor,
        total_effective_weight: W,
        herfindahl: agg.herfindahl,
        visible_resolved_markets: model.nVisible,
        ...(evidenceMode
          ? {
              price_pseudo_weight: w0,
              evidence_direction: core.evidence_direction ?? null,
              evidence_price_gap: core.evidence_price_gap ?? null,
              evidence_shift: core.evidence_shift ?? null,
              evidence_scale_direction: kd,
              evidence_scale_price_gap: kg,
              evidence_crowd: core.evidence_crowd ?? null,
              evidence_scale_crowd: kc,
              evidence_flow: core.evidence_flow ?? null,
              evidence_scale_flow: kf,
              skill_null_mean: mix.mu0,
              skill_null_sd: mix.sd0,
            }
          : {}),
      },
    }),
  };
}

/**
 * Σ share² of the first k effective weights, shares taken of the price's pseudo-weight W0 plus all
 * wallets' weight: near 1 when one wallet outweighs the price and everyone else, 0 when the price
 * carries it all.
 */
function herfindahlWithPrice(ew: Float64Array, k: number, total: number, w0: number): number {
  const T = w0 + total;
  if (!(T > 0)) return 0;
  let h = 0;
  for (let j = 0; j < k; j++) h += (ew[j]! / T) ** 2;
  return h;
}
