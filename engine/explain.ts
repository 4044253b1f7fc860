import type { CohortSummary, Driver, Explanation, FlipConditions } from './types.ts';
import type { IntegrityRisk } from './integrity.ts';

/** Cohort names by code, in the order summaries list them. */
export const COHORTS = ['trusted', 'neutral', 'distrusted', 'fresh', 'wash-like'] as const;

/**
 * What would flip the signal to the other side of the market price, from the first `k` wallets'
 * beliefs and effective weights (ew).
 * - opposing_weight_to_flip: new effective weight, as a multiple of the current total, placed at
 *   the opposite extreme (belief 0 or 1) that brings SmartCrowd down (up) to the market price:
 *   above → (sc − mkt)/mkt, below → (mkt − sc)/(1 − mkt).
 * - pivotal_wallets: wallets whose removal alone puts SmartCrowd on the other side.
 */
export function flipConditions(
  names: (j: number) => string, belief: Float64Array, ew: Float64Array, k: number, sc: number | null, mkt: number | null,
): FlipConditions {
  if (sc === null || mkt === null) {
    return { side: 'none', opposing_weight_to_flip: null, pivotal_wallets: [], summary: 'No SmartCrowd signal or no market price: nothing to flip.' };
  }
  if (sc === mkt) return { side: 'equal', opposing_weight_to_flip: 0, pivotal_wallets: [], summary: 'SmartCrowd equals the market price.' };
  const side = sc > mkt ? 'above' : 'below';
  const x = side === 'above' ? (sc - mkt) / mkt : (mkt - sc) / (1 - mkt);
  let W = 0;
  let S = 0;
  for (let j = 0; j < k; j++) {
    W += ew[j]!;
    S += ew[j]! * belief[j]!;
  }
  const pivotal: string[] = [];
  for (let j = 0; j < k; j++) {
    const rest = W - ew[j]!;
    if (rest <= 0) continue;
    const without = (S - ew[j]! * belief[j]!) / rest;
    if ((side === 'above' && without <= mkt) || (side === 'below' && without >= mkt)) pivotal.push(names(j));
  }
  pivotal.sort();
  const dir = side === 'above' ? 'NO' : 'YES';
  const summary =
    `SmartCrowd is ${side} the market; it would return to the market price if new ${dir}-certain flow carried ` +
    `${(x * 100).toFixed(0)}% of today's effective weight` +
    (pivotal.length ? `, or if ${pivotal.length === 1 ? 'wallet ' + pivotal[0] : pivotal.length + ' pivotal wallets'} left.` : '; no single wallet is pivotal.');
  return { side, opposing_weight_to_flip: x, pivotal_wallets: pivotal.slice(0, 10), summary };
}

/** Cohort summaries (cohort codes index COHORTS), cohorts in a fixed order, empty ones omitted. */
export function cohortSummary(cohort: Int8Array, belief: Float64Array, ew: Float64Array, k: number): CohortSummary[] {
  const n = new Float64Array(COHORTS.length);
  const cw = new Float64Array(COHORTS.length);
  const cb = new Float64Array(COHORTS.length);
  let W = 0;
  for (let j = 0; j < k; j++) {
    const c = cohort[j]!;
    n[c]!++;
    cw[c]! += ew[j]!;
    cb[c]! += ew[j]! * belief[j]!;
    W += ew[j]!;
  }
  const out: CohortSummary[] = [];
  COHORTS.forEach((name, c) => {
    if (n[c]! > 0) out.push({ cohort: name, n_wallets: n[c]!, weight_share: W > 0 ? cw[c]! / W : 0, mean_belief: cw[c]! > 0 ? cb[c]! / cw[c]! : null });
  });
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A structured explanation a person can read: the headline, the reasons, the numbers. */
export function buildExplanation(input: {
  sc: number | null;
  mkt: number | null;
  nWallets: number;
  minWallets: number;
  effectiveN: number;
  disagreement: number;
  confidence: number;
  integrity: IntegrityRisk;
  flags: string[];
  drivers: Driver[];
  cohorts: CohortSummary[];
  components: Record<string, number | string | null>;
}): Explanation {
  const { sc, mkt } = input;
  const reasons: string[] = [];
  let headline: string;
  if (sc === null) {
    headline =
      input.nWallets < input.minWallets
        ? `No SmartCrowd signal: ${input.nWallets} wallet(s) traded, fewer than the ${input.minWallets} required.`
        : 'No SmartCrowd signal: no wallet carries weight.';
  } else {
    const div = mkt === null ? null : sc - mkt;
    headline =
      `SmartCrowd ${pct(sc)}` +
      (mkt === null ? ' (no market price yet)' : ` vs market ${pct(mkt)} (${div! >= 0 ? '+' : ''}${(div! * 100).toFixed(1)} pts)`) +
      ` from ${input.nWallets} wallets, effective N ${input.effectiveN.toFixed(1)}, confidence ${pct(input.confidence)}.`;
    const lead = [...input.cohorts].sort((a, b) => b.weight_share - a.weight_share)[0];
    if (lead && lead.mean_belief !== null) {
      reasons.push(`The ${lead.cohort} cohort carries ${pct(lead.weight_share)} of the weight (${lead.n_wallets} wallets) and leans ${lead.mean_belief >= 0.5 ? 'YES' : 'NO'} at ${pct(lead.mean_belief)}.`);
    }
    const top = input.drivers[0];
    if (top) reasons.push(`Largest driver ${top.wallet} (${top.level} profile, ${top.n_resolved} resolved markets) holds ${pct(top.share)} of the weight and believes ${pct(top.belief)}.`);
    if (input.disagreement > 0.15) reasons.push(`Wallets disagree (weighted s.d. of beliefs ${input.disagreement.toFixed(2)}), which lowers confidence.`);
  }
  if (input.integrity.concentration > 0) reasons.push(`Weight is concentrated (concentration risk ${pct(input.integrity.concentration)}).`);
  if (input.integrity.washShare > 0) reasons.push(`${pct(input.integrity.washShare)} of traded shares come from wash-like wallets, which are down-weighted.`);
  if (input.integrity.freshWhaleShare > 0) reasons.push(`${pct(input.integrity.freshWhaleShare)} of traded shares come from fresh whales with no resolved history; they carry only the prior weight.`);
  return {
    headline,
    reasons,
    components: input.components,
    integrity: {
      concentration: input.integrity.concentration,
      wash_share: input.integrity.washShare,
      fresh_whale_share: input.integrity.freshWhaleShare,
      flags: input.flags,
    },
  };
}
