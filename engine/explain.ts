import type { CohortSummary, Driver, EvidenceScales, Explanation, FlipConditions } from './types.ts';
import type { IntegrityRisk } from './integrity.ts';

/** Cohort names by code ('untrusted': history without shown skill, weight 0 under the 'evidence' aggregator). */
export const COHORTS = ['trusted', 'neutral', 'distrusted', 'fresh', 'wash-like', 'untrusted'] as const;
/** The order summaries list cohorts in. */
const COHORT_ORDER = [0, 5, 1, 2, 3, 4];

/**
 * What would flip the signal to the other side of the market price, from the first `k` wallets'
 * beliefs and effective weights (ew).
 * - 'weighted-mean' (evidence = null): SmartCrowd = Σ ew·b / Σ ew. opposing_weight_to_flip is the new
 *   effective weight, as a multiple of the current total, placed at the opposite extreme (belief 0 or
 *   1) that brings SmartCrowd to the market price: above → (sc − mkt)/mkt, below → (mkt − sc)/(1 − mkt).
 * - 'evidence': SmartCrowd sits on the side of the sign of the evidence shift S = Σ contrib (each
 *   trusted wallet's log-odds term). opposing_weight_to_flip is the new trusted fill weight, as a
 *   multiple of Σ ew, trading at the current price in the opposite direction, that makes S zero
 *   (each unit adds −perUnitWeight = −κ_d/(W0 + Σ ew)); null-free, 0 when κ_d is 0.
 * - pivotal_wallets: wallets whose removal alone puts SmartCrowd on the other side (or on the price).
 */
export function flipConditions(
  names: (j: number) => string, belief: Float64Array, ew: Float64Array, k: number, sc: number | null, mkt: number | null,
  evidence: { contrib: Float64Array; perUnitWeight: number; shift: number } | null = null,
): FlipConditions {
  if (sc === null || mkt === null) {
    return { side: 'none', opposing_weight_to_flip: null, pivotal_wallets: [], summary: 'No SmartCrowd signal or no market price: nothing to flip.' };
  }
  if (sc === mkt) return { side: 'equal', opposing_weight_to_flip: 0, pivotal_wallets: [], summary: evidence ? 'SmartCrowd equals the market price: neither trusted flow nor the crowd\'s belief moves it.' : 'SmartCrowd equals the market price.' };
  const side = sc > mkt ? 'above' : 'below';
  let W = 0;
  let S = 0;
  const pivotal: string[] = [];
  let x: number | null;
  if (evidence) {
    // S = the shift (log-odds); wallet j's part of it is contrib[j] (its trusted evidence plus, leave-one-out,
    // its part of the crowd term). New trusted flow at the price in the opposite direction adds
    // −perUnitWeight per unit of weight, so x = |S| / perUnitWeight units, as a multiple of Σ ew.
    const c = evidence.contrib;
    for (let j = 0; j < k; j++) W += ew[j]!;
    S = evidence.shift;
    // Null when new trusted flow cannot bring it back: no trusted weight to measure against, or a direction scale of 0.
    x = W > 0 && evidence.perUnitWeight > 0 ? Math.abs(S) / evidence.perUnitWeight / W : null;
    for (let j = 0; j < k; j++) {
      if (c[j] === 0) continue;
      const without = S - c[j]!;
      if ((side === 'above' && without <= 0) || (side === 'below' && without >= 0)) pivotal.push(names(j));
    }
  } else {
    x = side === 'above' ? (sc - mkt) / mkt : (mkt - sc) / (1 - mkt);
    for (let j = 0; j < k; j++) {
      W += ew[j]!;
      S += ew[j]! * belief[j]!;
    }
    for (let j = 0; j < k; j++) {
      const rest = W - ew[j]!;
      if (rest <= 0) continue;
      const without = (S - ew[j]! * belief[j]!) / rest;
      if ((side === 'above' && without <= mkt) || (side === 'below' && without >= mkt)) pivotal.push(names(j));
    }
  }
  pivotal.sort();
  const dir = side === 'above' ? 'NO' : 'YES';
  const flow = x === null
    ? `SmartCrowd is ${side} the market; new trusted flow would not bring it back (${W > 0 ? 'the direction scale is 0' : 'no wallet carries trust'}): the crowd's belief moves it`
    : `SmartCrowd is ${side} the market; it would return to the market price if new ${dir}-certain flow carried ` +
      `${(x * 100).toFixed(0)}% of today's ${evidence ? 'trusted ' : ''}effective weight`;
  const summary = flow + (pivotal.length ? `, or if ${pivotal.length === 1 ? 'wallet ' + pivotal[0] : pivotal.length + ' pivotal wallets'} left.` : '; no single wallet is pivotal.');
  return { side, opposing_weight_to_flip: x, pivotal_wallets: pivotal.slice(0, 10), summary };
}

/**
 * Cohort summaries (cohort codes index COHORTS), in a fixed order, empty ones omitted. With `price`
 * (the 'evidence' aggregator), the market price's own pseudo-weight is listed as a cohort 'market
 * price' (0 wallets, its belief the price) and shares are of the price's weight plus the wallets'.
 */
export function cohortSummary(
  cohort: Int8Array, belief: Float64Array, ew: Float64Array, k: number, price: { weight: number; belief: number } | null = null,
): CohortSummary[] {
  const n = new Float64Array(COHORTS.length);
  const cw = new Float64Array(COHORTS.length);
  const cb = new Float64Array(COHORTS.length);
  let W = price ? price.weight : 0;
  for (let j = 0; j < k; j++) {
    const c = cohort[j]!;
    n[c]!++;
    cw[c]! += ew[j]!;
    cb[c]! += ew[j]! * belief[j]!;
    W += ew[j]!;
  }
  const out: CohortSummary[] = [];
  if (price) out.push({ cohort: 'market price', n_wallets: 0, weight_share: W > 0 ? price.weight / W : 1, mean_belief: price.belief });
  for (const c of COHORT_ORDER) {
    if (n[c]! > 0) out.push({ cohort: COHORTS[c]!, n_wallets: n[c]!, weight_share: W > 0 ? cw[c]! / W : 0, mean_belief: cw[c]! > 0 ? cb[c]! / cw[c]! : null });
  }
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
  /** Which aggregate was computed, and for 'evidence' its Δ and κ. */
  aggregator?: 'evidence' | 'weighted-mean';
  /** 'evidence': the applied log-odds shift and the scales [κ_d, κ_g, κ_c, κ_f] (direction, price gap, crowd, untrusted flow). */
  evidence?: number | null;
  evidenceScales?: EvidenceScales | null;
  /** 'evidence': C, the crowd's belief relative to the price (log-odds). */
  evidenceCrowd?: number | null;
  /** 'evidence': F, the untrusted wallets' net live flow (−1..1). */
  evidenceFlow?: number | null;
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
    if (input.aggregator === 'evidence') {
      const trusted = input.cohorts.find((c) => c.cohort === 'trusted');
      const price = input.cohorts.find((c) => c.cohort === 'market price');
      const crowdShift = (input.evidenceScales?.[2] ?? 0) * (input.evidenceCrowd ?? 0);
      const flowShift = (input.evidenceScales?.[3] ?? 0) * (input.evidenceFlow ?? 0);
      const others = [crowdShift !== 0 ? 'the crowd\'s belief' : null, flowShift !== 0 ? 'the untrusted flow' : null].filter((x) => x !== null);
      if (!trusted) reasons.push(others.length === 0 ? 'No wallet has shown skill beyond chance in resolved history, so SmartCrowd is the market price.' : `No wallet has shown skill beyond chance in resolved history; only ${others.join(' and ')} move${others.length === 1 ? 's' : ''} SmartCrowd from the price.`);
      else {
        reasons.push(
          `The market price is the prior (${pct(price?.weight_share ?? 0)} of the weight); ${trusted.n_wallets} trusted wallet(s) carry ${pct(trusted.weight_share)} ` +
            `and their live fills shift it by ${(input.evidence ?? 0).toFixed(3)} log-odds (scales ${(input.evidenceScales?.[0] ?? 0).toFixed(2)} on direction, ` +
            `${(input.evidenceScales?.[1] ?? 0).toFixed(2)} on price, learned from earlier resolved markets).`,
        );
        if ((input.evidenceScales?.[0] ?? 0) === 0 && (input.evidenceScales?.[1] ?? 0) === 0) {
          reasons.push(`The trusted-flow scales are 0: trusted flow has not yet been worth anything on resolved markets${crowdShift === 0 && flowShift === 0 ? ', so SmartCrowd stays at the price' : ''}.`);
        }
      }
      const kc = input.evidenceScales?.[2] ?? 0;
      if (kc > 0 && input.evidenceCrowd != null) {
        reasons.push(
          `The crowd's belief (every wallet, weighted by confidence) sits ${input.evidenceCrowd.toFixed(3)} log-odds from the price and adds ` +
            `${(kc * input.evidenceCrowd).toFixed(3)} to the shift (scale ${kc.toFixed(2)}, learned because it has predicted outcomes beyond the price on earlier resolved markets).`,
        );
      }
      const kf = input.evidenceScales?.[3] ?? 0;
      if (kf !== 0 && input.evidenceFlow != null && input.evidenceFlow !== 0) {
        reasons.push(
          `Untrusted wallets' recent fills lean ${input.evidenceFlow > 0 ? 'YES' : 'NO'} (net direction ${input.evidenceFlow.toFixed(3)}); SmartCrowd ` +
            `${kf < 0 ? 'leans against' : 'follows'} them by ${(kf * input.evidenceFlow).toFixed(3)} log-odds (scale ${kf.toFixed(2)}, learned because on earlier resolved markets ` +
            `${kf < 0 ? 'the price gave back the push of such flow' : 'such flow predicted outcomes beyond the price'}).`,
        );
      }
    } else {
      const lead = [...input.cohorts].sort((a, b) => b.weight_share - a.weight_share)[0];
      if (lead && lead.mean_belief !== null) {
        reasons.push(`The ${lead.cohort} cohort carries ${pct(lead.weight_share)} of the weight (${lead.n_wallets} wallets) and leans ${lead.mean_belief >= 0.5 ? 'YES' : 'NO'} at ${pct(lead.mean_belief)}.`);
      }
    }
    const top = input.drivers[0];
    if (top && top.effective_weight > 0) reasons.push(`Largest driver ${top.wallet} (${top.level} profile, ${top.n_resolved} resolved markets) holds ${pct(top.share)} of the weight, believes ${pct(top.belief)} and moves SmartCrowd by ${(top.pull * 100).toFixed(1)} pts.`);
    if (input.disagreement > 0.15) reasons.push(`Wallets disagree (weighted s.d. of beliefs ${input.disagreement.toFixed(2)}), which lowers confidence.`);
  }
  if (input.integrity.concentration > 0) reasons.push(`Weight is concentrated (concentration risk ${pct(input.integrity.concentration)}).`);
  if (input.integrity.washShare > 0) reasons.push(`${pct(input.integrity.washShare)} of traded shares come from wash-like wallets, which are down-weighted.`);
  if (input.integrity.freshWhaleShare > 0) reasons.push(`${pct(input.integrity.freshWhaleShare)} of traded shares come from fresh whales with no resolved history; ${input.aggregator === 'evidence' ? 'they carry no trust' : 'they carry only the prior weight'}.`);
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
