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
 * The k in [0, kMax] minimising the mean log loss (or Brier score) of the blend on `history`, both
 * forecasts clipped to [eps, 1 − eps]. With no history returns 0 (the market). Deterministic.
 *
 * Log loss: safeguarded Newton steps on the derivative (a bisection step whenever Newton would leave
 * the bracket that the derivative's signs have narrowed), to |step| < 1e-9 — O(iterations · n), a
 * handful of iterations. Brier (unimodal in practice, not convex): golden-section search, O(60 · n).
 * Either way the ends 0 and kMax are candidates too, and the smallest loss wins (ties: the smaller k).
 */
export function fitBlendK(history: readonly { market: number; smartcrowd: number; outcome: 0 | 1 }[], eps: number, kMax = K_MAX, objective: 'log-loss' | 'brier' = 'log-loss'): number {
  const n = history.length;
  if (n === 0) return 0;
  const lm = new Float64Array(n);
  const dl = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const h = history[i]!;
    lm[i] = logit(clamp(h.market, eps, 1 - eps));
    dl[i] = logit(clamp(h.smartcrowd, eps, 1 - eps)) - lm[i]!;
    y[i] = h.outcome;
  }
  const loss = (k: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = clamp(sigmoid(lm[i]! + k * dl[i]!), eps, 1 - eps);
      if (objective === 'brier') s += (p - y[i]!) ** 2;
      else s -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return s;
  };
  const k = objective === 'log-loss' ? newtonLogLossK(lm, dl, y, eps, kMax) : goldenSection(loss, kMax);
  // The ends are candidates too (the optimum of a convex loss can sit on the boundary).
  const cands = [0, k, kMax].map((x) => ({ x, f: loss(x) }));
  cands.sort((p, q) => p.f - q.f || p.x - q.x);
  return cands[0]!.x;
}

/**
 * A stationary point in [0, kMax] of the clipped log loss Σ −log clamp(σ(lm + k·dl)): Newton steps
 * on its derivative (which is 0 for rows whose forecast is clipped), each kept inside the bracket
 * [lo, hi] the derivative's signs have established, a bisection step where Newton would leave it.
 */
function newtonLogLossK(lm: Float64Array, dl: Float64Array, y: Uint8Array, eps: number, kMax: number): number {
  let lo = 0;
  let hi = kMax;
  let k = 0;
  for (let it = 0; it < 100; it++) {
    let g = 0;
    let H = 0;
    for (let i = 0; i < lm.length; i++) {
      const p = sigmoid(lm[i]! + k * dl[i]!);
      if (p < eps || p > 1 - eps) continue;
      const d = dl[i]!;
      g += (p - y[i]!) * d;
      H += p * (1 - p) * d * d;
    }
    if (g > 0) hi = k;
    else if (g < 0) lo = k;
    else return k;
    let next = H > 0 ? k - g / H : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - k) < 1e-9 || hi - lo < 1e-9) return next;
    k = next;
  }
  return k;
}

/** The minimiser of a unimodal f on [0, kMax] by golden-section search to a bracket of 1e-6 (at most 60 steps). */
function goldenSection(loss: (k: number) => number, kMax: number): number {
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
  return (a + b) / 2;
}
