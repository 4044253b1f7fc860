/**
 * Two-group empirical Bayes over wallets' skill scores (Efron's two-groups model, parametric):
 * most wallets have no skill and their scores follow a null N(μ0, σ0²) — fitted, not assumed
 * N(0, 1), because scores of correlated fills are over-dispersed — while a minority follows a
 * right-shifted N(μ1, σ1²). The posterior probability that a wallet belongs to the skilled group,
 *
 *   P(skilled | s) = π1 φ1(s) / (π1 φ1(s) + (1 − π1) φ0(s)),   0 for s ≤ μ0,
 *
 * controls for how many wallets were tried: with thousands of wallets, many look good by chance;
 * the mixture says how many look better than chance allows. Where no wallet stands out, π1 falls
 * toward 0 and every posterior with it, so the signal falls back to the price.
 */
export interface SkillMixture {
  /** Share of the skilled group, 0..0.5. */
  pi1: number;
  mu0: number;
  sd0: number;
  mu1: number;
  sd1: number;
  /** Scores the fit used. */
  n: number;
}

/** The mixture of no information: nobody is skilled. */
export const NO_SKILL: SkillMixture = Object.freeze({ pi1: 0, mu0: 0, sd0: 1, mu1: 3, sd1: 1, n: 0 });

/** Fewer scores than this: no fit (NO_SKILL). */
export const MIN_MIXTURE_SCORES = 20;

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/**
 * Fits the two-group mixture to `scores` (the first `n` entries) by EM, from a robust start
 * (median and MAD for the null, a small group three null s.d. above it) or, with `warm`, from an
 * earlier fit of slightly fewer scores (fewer iterations needed: a refit as history grows). The
 * skilled group is kept at least `minSeparation` null s.d. above the null and its s.d. within
 * [½, 4]× the null's. Deterministic given its inputs; O(iterations · n).
 */
export function fitSkillMixture(
  scores: ArrayLike<number>, n = scores.length, iterations = 40, minSeparation = 1.5, warm: SkillMixture | null = null,
): SkillMixture {
  if (n < MIN_MIXTURE_SCORES) return { ...NO_SKILL, n };
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = scores[i]!;
  let mu0: number, sd0: number, pi1: number, mu1: number, sd1: number;
  if (warm && warm.n >= MIN_MIXTURE_SCORES && warm.pi1 > 0) {
    ({ mu0, sd0, pi1, mu1, sd1 } = warm);
  } else {
    const sorted = Float64Array.from(s).sort();
    mu0 = median(sorted);
    const dev = Float64Array.from(sorted, (x) => Math.abs(x - mu0)).sort();
    sd0 = Math.max(1e-3, 1.4826 * median(dev));
    pi1 = 0.05;
    mu1 = mu0 + 3 * sd0;
    sd1 = sd0;
  }
  const r = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    // E step: responsibilities of the skilled group.
    let sumR = 0;
    for (let i = 0; i < n; i++) {
      const z0 = (s[i]! - mu0) / sd0;
      const z1 = (s[i]! - mu1) / sd1;
      const a = Math.log(pi1) - Math.log(sd1) - 0.5 * z1 * z1;
      const b = Math.log(1 - pi1) - Math.log(sd0) - 0.5 * z0 * z0;
      const ri = 1 / (1 + Math.exp(b - a));
      r[i] = ri;
      sumR += ri;
    }
    // M step, with the constraints that keep the groups identifiable.
    pi1 = Math.min(0.5, Math.max(1e-4, sumR / n));
    let m0 = 0, m1 = 0, w0 = 0, w1 = 0;
    for (let i = 0; i < n; i++) {
      m1 += r[i]! * s[i]!;
      w1 += r[i]!;
      m0 += (1 - r[i]!) * s[i]!;
      w0 += 1 - r[i]!;
    }
    mu0 = w0 > 0 ? m0 / w0 : mu0;
    mu1 = w1 > 0 ? m1 / w1 : mu1;
    let v0 = 0, v1 = 0;
    for (let i = 0; i < n; i++) {
      v0 += (1 - r[i]!) * (s[i]! - mu0) ** 2;
      v1 += r[i]! * (s[i]! - mu1) ** 2;
    }
    sd0 = Math.max(1e-3, Math.sqrt(w0 > 0 ? v0 / w0 : sd0 * sd0));
    sd1 = Math.min(4 * sd0, Math.max(0.5 * sd0, Math.sqrt(w1 > 1e-9 ? v1 / w1 : sd1 * sd1)));
    mu1 = Math.max(mu1, mu0 + minSeparation * sd0);
  }
  return { pi1, mu0, sd0, mu1, sd1, n };
}

/** P(skilled | score) under a fitted mixture (0 at or below the null's centre). */
export function skillPosterior(mix: SkillMixture, score: number): number {
  if (!(mix.pi1 > 0) || !(score > mix.mu0)) return 0;
  const z0 = (score - mix.mu0) / mix.sd0;
  const z1 = (score - mix.mu1) / mix.sd1;
  const a = Math.log(mix.pi1) - Math.log(mix.sd1) - 0.5 * z1 * z1;
  const b = Math.log(1 - mix.pi1) - Math.log(mix.sd0) - 0.5 * z0 * z0;
  return 1 / (1 + Math.exp(b - a));
}
