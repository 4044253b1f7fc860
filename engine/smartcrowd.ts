import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { TrustModel } from './model.ts';
import type { Driver, Snapshot } from './types.ts';
import { marketProbAt } from './marketPrice.ts';
import { marketWalletStates } from './walletStates.ts';
import { beliefFromState } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import { aggregateBeliefs } from './aggregate.ts';
import { integrityRisk, isFreshWhale, isWashLike } from './integrity.ts';
import { buildExplanation, cohortSummary, flipConditions, type ExplainedWallet } from './explain.ts';

/** How many drivers a snapshot lists. */
export const TOP_DRIVERS = 10;

/**
 * SmartCrowd snapshot of market `m` as of `asOf` (epoch ms). Uses only fills at or before
 * `asOf` and the trust `model` (the caller controls which outcomes it has seen).
 *
 * For each wallet: belief and confidence from its fills (beliefs.ts), trust weight w from its
 * profile chain, anti_noise from integrity controls (wash-like ×washDownweight, fresh whale ×½,
 * in-market churn), effective weight ew = w × confidence × anti_noise, and
 * SmartCrowd = Σ ew·belief / Σ ew (null below `minWallets` wallets).
 * Confidence = support × agreement × participation × integrity, where support = ew-weighted
 * (1 − uncertainty), agreement = 1 − 2·disagreement, participation = 1 − exp(−effN/lowWalletCount)
 * (the low-wallet-count haircut), integrity = (1 − risk), halved again at or above
 * `integrityRiskThreshold`.
 */
export function computeSnapshot(tape: Tape, model: TrustModel, m: number, asOf: number, params: EngineParams): Snapshot {
  const market_prob = marketProbAt(tape, m, asOf);
  const category = tape.marketCategory[m]!;
  const states = marketWalletStates(tape, m, asOf, params);

  const rows: (Omit<Driver, 'share' | 'pull'> & { uncertainty: number; cohort: string })[] = [];
  let totalShares = 0;
  let washShares = 0;
  let freshShares = 0;
  const flagSet = new Set<string>();
  for (const st of states) {
    const b = beliefFromState(st, params);
    const h = horizonBucket(st.sumSizeLead / st.sumSize, params.horizonEdgesHours);
    const lk = model.lookupGroup(st.w, category, h);
    const globalN = lk.chain.find((c) => c.level === 'global')?.n_resolved ?? 0;
    const flags: string[] = [];
    let anti = 1 - 0.5 * params.churnPenalty * b.churn;
    totalShares += st.sumSize;
    if (isWashLike(st, b, params)) {
      anti *= params.washDownweight;
      flags.push('wash-like');
      washShares += st.sumSize;
    }
    if (globalN === 0) flags.push('fresh');
    if (isFreshWhale(st, globalN > 0, params)) {
      anti *= 0.5;
      flags.push('fresh-whale');
      freshShares += st.sumSize;
    }
    for (const f of flags) flagSet.add(f);
    const cohort = flags.includes('wash-like')
      ? 'wash-like'
      : globalN === 0
        ? 'fresh'
        : lk.weight >= 1
          ? 'trusted'
          : lk.weight < params.priorWeight
            ? 'distrusted'
            : 'neutral';
    rows.push({
      wallet: tape.walletIds[st.w]!,
      belief: b.belief,
      confidence: b.confidence,
      weight: lk.weight,
      anti_noise: anti,
      effective_weight: lk.weight * b.confidence * anti,
      level: lk.level,
      n_resolved: lk.n_resolved,
      flags,
      uncertainty: lk.uncertainty,
      cohort,
    });
  }

  const enough = rows.length >= params.minWallets;
  const agg = aggregateBeliefs(rows.map((r) => ({ belief: r.belief, ew: r.effective_weight })));
  const sc = enough ? agg.prob : null;
  const risk = integrityRisk(agg.herfindahl, washShares, freshShares, totalShares, params);
  let supportSum = 0;
  for (const r of rows) supportSum += r.effective_weight * (1 - r.uncertainty);
  const support = agg.totalWeight > 0 ? supportSum / agg.totalWeight : 0;
  const agreement = 1 - Math.min(1, 2 * agg.disagreement);
  const participation = 1 - Math.exp(-agg.effectiveN / params.lowWalletCount);
  const integrityFactor = (1 - risk.risk) * (risk.risk >= params.integrityRiskThreshold ? 0.5 : 1);
  const confidence = sc === null ? 0 : support * agreement * participation * integrityFactor;

  const W = agg.totalWeight;
  const drivers: Driver[] = rows
    .map(({ uncertainty: _u, cohort: _c, ...r }) => ({
      ...r,
      share: W > 0 ? r.effective_weight / W : 0,
      pull: W > 0 && agg.prob !== null ? (r.effective_weight * (r.belief - agg.prob)) / W : 0,
    }))
    .sort((a, b) => b.share - a.share || (a.wallet < b.wallet ? -1 : 1))
    .slice(0, TOP_DRIVERS);
  const explained: ExplainedWallet[] = rows.map((r) => ({ wallet: r.wallet, belief: r.belief, ew: r.effective_weight, cohort: r.cohort }));
  const cohorts = cohortSummary(explained);
  const flags = [...flagSet].sort();
  if (risk.risk >= params.integrityRiskThreshold) flags.push('high-integrity-risk');
  if (agg.effectiveN < params.lowWalletCount) flags.push('few-wallets');

  return {
    market_id: tape.marketIds[m]!,
    as_of: asOf,
    market_prob,
    smartcrowd_prob: sc,
    divergence: sc !== null && market_prob !== null ? sc - market_prob : null,
    disagreement: agg.disagreement,
    effective_n: agg.effectiveN,
    integrity_risk: risk.risk,
    confidence,
    n_wallets: rows.length,
    top_drivers: drivers,
    cohort_summary: cohorts,
    flip_conditions: flipConditions(explained, sc, market_prob),
    explanation: buildExplanation({
      sc,
      mkt: market_prob,
      nWallets: rows.length,
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
