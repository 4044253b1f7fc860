import { clamp, logit, sigmoid } from './math.ts';

/**
 * Market-anchored blend: sigmoid(logit(market) + k · (logit(smartcrowd) − logit(market))), both
 * clipped to [eps, 1 − eps]. k = 0 is the market, k = 1 SmartCrowd; k in between tilts the price
 * toward the smart-flow divergence.
 */
export function blendProb(market: number, smartcrowd: number, k: number, eps: number): number {
  const lm = logit(clamp(market, eps, 1 - eps));
  const ls = logit(clamp(smartcrowd, eps, 1 - eps));
  return sigmoid(lm + k * (ls - lm));
}

/** Default largest k the fit may choose (EngineParams `blendMaxK`). */
export const K_MAX = 2;

/**
 * The k in [0, kMax] minimising the mean log loss (or Brier score) of the blend on `history`
 * (golden-section search; the log loss is convex in k, the Brier score unimodal in practice). With no history returns 0 (the market). Deterministic. O(60 · n).
 */
export function fitBlendK(history: readonly { market: number; smartcrowd: number; outcome: 0 | 1 }[], eps: number, kMax = K_MAX, objective: 'log-loss' | 'brier' = 'log-loss'): number {
  if (history.length === 0) return 0;
  const lm = history.map((h) => logit(clamp(h.market, eps, 1 - eps)));
  const dl = history.map((h, i) => logit(clamp(h.smartcrowd, eps, 1 - eps)) - lm[i]!);
  const loss = (k: number) => {
    let s = 0;
    for (let i = 0; i < history.length; i++) {
      const p = clamp(sigmoid(lm[i]! + k * dl[i]!), eps, 1 - eps);
      if (objective === 'brier') s += (p - history[i]!.outcome) ** 2;
      else s -= history[i]!.outcome === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return s;
  };
  const g = (Math.sqrt(5) - 1) / 2;
  let a = 0;
  let b = kMax;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = loss(c);
  let fd = loss(d);
  for (let it = 0; it < 60 && b - a > 1e-6; it++) {
    if (fc <= fd) {
      b = d; d = c; fd = fc; c = b - g * (b - a); fc = loss(c);
    } else {
      a = c; c = d; fc = fd; d = a + g * (b - a); fd = loss(d);
    }
  }
  const k = (a + b) / 2;
  // The ends are candidates too (the optimum of a convex loss can sit on the boundary).
  const cands = [0, k, kMax].map((x) => ({ x, f: loss(x) }));
  cands.sort((p, q) => p.f - q.f || p.x - q.x);
  return cands[0]!.x;
}
