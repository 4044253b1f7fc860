import { clamp, logit, sigmoid } from './math.ts';

/** One resolved market's evidence as it stood at its cutoff: price, trusted evidence Δ (log-odds), outcome. */
export interface EvidenceRow {
  market: number;
  evidence: number;
  outcome: 0 | 1;
}

/**
 * κ, the scale of the trusted wallets' evidence: the maximum-likelihood κ in [0, kMax] of
 * σ(logit P + κ·Δ) over resolved markets (a convex problem, solved by bounded Newton steps), shrunk
 * toward 0 by n/(n + shrink), n the markets with any evidence (Δ ≠ 0):
 *
 *   κ = argmin_κ Σ −log L(outcome | σ(logit P + κ·Δ)) · n/(n + shrink).
 *
 * κ = 0 is the price itself: where trusted flow has not predicted outcomes beyond the price, κ
 * stays at (or near) 0 and SmartCrowd falls back to the price; the shrinkage keeps κ small while
 * that history is short. Deterministic; O(iterations · n). 0 with no evidence.
 */
export function fitEvidenceScale(history: readonly EvidenceRow[], eps: number, shrink: number, kMax: number): number {
  let n = 0;
  for (const h of history) if (h.evidence !== 0) n++;
  if (n === 0) return 0;
  const lm = history.map((h) => logit(clamp(h.market, eps, 1 - eps)));
  let k = 0;
  for (let it = 0; it < 60; it++) {
    let g = 0;
    let H = 0;
    for (let i = 0; i < history.length; i++) {
      const d = history[i]!.evidence;
      if (d === 0) continue;
      const p = clamp(sigmoid(lm[i]! + k * d), eps, 1 - eps);
      g += (p - history[i]!.outcome) * d;
      H += p * (1 - p) * d * d;
    }
    if (!(H > 0)) break;
    const next = clamp(k - g / H, 0, kMax);
    if (Math.abs(next - k) < 1e-9) {
      k = next;
      break;
    }
    k = next;
  }
  return (k * n) / (n + shrink);
}

/**
 * The walk-forward bookkeeping of everything fitted on resolved history: over `rows` in cutoff
 * order, before row i's value is taken (`valueAt(i)`), `absorb(j)` is called once for every
 * included row j resolved at or before row i's cutoff − purgeMs, in resolution order (ties in row
 * order) — so row i's value sees only what had resolved by then. With `absorbRest`, the included
 * rows resolved after the last row's cutoff are absorbed at the end too. O(n log n) plus the calls.
 */
function walkResolved<R extends { cutoff_ts: number; resolution_ts: number }, V>(
  rows: readonly R[],
  include: (r: R) => boolean,
  purgeMs: number,
  absorb: (j: number) => void,
  valueAt: (i: number) => V,
  absorbRest = false,
): V[] {
  const byResolution = rows
    .map((_, i) => i)
    .filter((i) => include(rows[i]!))
    .sort((a, b) => rows[a]!.resolution_ts - rows[b]!.resolution_ts || a - b);
  let next = 0;
  const values = rows.map((r, i) => {
    while (next < byResolution.length && rows[byResolution[next]!]!.resolution_ts <= r.cutoff_ts - purgeMs) absorb(byResolution[next++]!);
    return valueAt(i);
  });
  if (absorbRest) while (next < byResolution.length) absorb(byResolution[next++]!);
  return values;
}

/**
 * Walk-forward refits of a scale over rows in cutoff order: row i's value is fitted on the rows
 * resolved at or before its cutoff − purgeMs (`historyOf(j)` gives row j's contribution), refitted
 * whenever that history grew (every row while it has fewer than 200 rows, then every 5% of
 * growth); `fallback` until `minHistory` rows exist. Returns the value per row, the value fitted
 * on every row, and per row whether its value was fitted (false: the fallback). Rows must be in cutoff order. O(n log n + refits · n).
 */
export function walkForwardScale<R extends { cutoff_ts: number; resolution_ts: number }, H, V = number>(
  rows: readonly R[],
  include: (r: R) => boolean,
  historyOf: (r: R) => H,
  fit: (history: readonly H[]) => V,
  opts: { purgeMs: number; minHistory: number; fallback: V },
): { perRow: V[]; final: V; fitted: boolean[] } {
  const history: H[] = [];
  let value = opts.fallback;
  let fittedAt = 0;
  const fitted: boolean[] = [];
  const perRow = walkResolved(rows, include, opts.purgeMs, (j) => history.push(historyOf(rows[j]!)), () => {
    if (history.length >= opts.minHistory && (history.length < 200 ? history.length !== fittedAt : history.length >= fittedAt * 1.05)) {
      value = fit(history);
      fittedAt = history.length;
    }
    fitted.push(history.length >= opts.minHistory);
    return history.length >= opts.minHistory ? value : opts.fallback;
  });
  const all = rows.filter(include).map(historyOf);
  return { perRow, final: all.length >= opts.minHistory ? fit(all) : opts.fallback, fitted };
}

/**
 * Log-likelihood ratio of a forecast against the market price on one outcome (nats): log p(outcome | forecast)
 * − log p(outcome | price), both clipped to [eps, 1 − eps]. Positive when the forecast did better. The gain
 * prequentialLevel sums.
 */
export function gainOverPrice(forecast: number, market: number, outcome: 0 | 1, eps: number): number {
  const p1 = clamp(forecast, eps, 1 - eps);
  const p0 = clamp(market, eps, 1 - eps);
  return outcome === 1 ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0));
}

/**
 * Prequential shrinkage of a walk-forward fit: for each row, the multiplier λ of `levels` (ascending,
 * starting at 0 — the price) whose forecasts would have done best *out of sample* so far. Row j's
 * gain at level λ is `gain(j, λ)`: the log loss of the price minus that of the forecast made with λ
 * times the value fitted before row j (its walk-forward value), positive when better than the price.
 * Row i gets the level with the largest sum of gains over the rows resolved at or before its
 * cutoff − purgeMs (the smaller level on a tie, so 0 until some level has beaten the price);
 * `final` the level best over all included rows. Rows must be in cutoff order.
 * O(n log n + n·levels).
 *
 * In-sample fits always find some value in noise; this asks the question the in-sample shrinkage
 * cannot answer — how much of the fit would have helped on markets it was not fitted on — and keeps
 * the price where the answer is none.
 */
export function prequentialLevel<R extends { cutoff_ts: number; resolution_ts: number }>(
  rows: readonly R[],
  include: (r: R) => boolean,
  levels: readonly number[],
  gain: (i: number, level: number) => number,
  purgeMs: number,
): { perRow: number[]; final: number } {
  const sums = new Float64Array(levels.length);
  const best = () => {
    let b = 0;
    for (let l = 1; l < levels.length; l++) if (sums[l]! > sums[b]!) b = l;
    return levels[b]!;
  };
  const absorb = (j: number) => {
    for (let l = 0; l < levels.length; l++) sums[l]! += gain(j, levels[l]!);
  };
  const perRow = walkResolved(rows, include, purgeMs, absorb, best, true);
  return { perRow, final: best() };
}

/**
 * Several evidence scales at once: the coefficients β in the box [lower_a, kMax] (lower_a = `lower[a]`,
 * 0 where not given) maximising the likelihood of
 * σ(logit P + β·x) over resolved markets (a tiny ridge for numerical stability), then shrunk toward
 * 0 — the price — by the positive-part factor
 *
 *   max(0, 1 − shrink / LR),   LR = 2·(log L(β) − log L(0)),
 *
 * the likelihood-ratio statistic of the evidence against the price alone (≈ χ²_d when the evidence
 * is worthless, so shrink = d leaves nothing of a fit that only chased noise, and keeps most of one
 * that clearly beat the price).
 *
 * The bounds are handled by an active set: a coordinate at a bound whose gradient pushes it outward
 * is held there, Newton steps are taken in the others, and every step is backtracked until the
 * penalised log loss decreases — so correlated features whose unconstrained optimum lies outside the
 * box (a negative coefficient) converge to the constrained optimum instead of oscillating between
 * projections. Deterministic; O(iterations · n · d²). Zeros with no evidence.
 */
export function fitEvidenceScales(
  history: readonly { market: number; x: readonly number[]; outcome: 0 | 1 }[], d: number, eps: number, shrink: number, kMax: number, lower: readonly number[] = [],
): number[] {
  const beta = new Array<number>(d).fill(0);
  const lo = Array.from({ length: d }, (_, a) => Math.min(0, lower[a] ?? 0));
  const rows = history.filter((h) => h.x.some((v) => v !== 0));
  if (rows.length === 0) return beta;
  const n = rows.length;
  // Packed once: the loss below runs over these a few dozen times.
  const lm = new Float64Array(n);
  const X = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const h = rows[i]!;
    lm[i] = logit(clamp(h.market, eps, 1 - eps));
    for (let a = 0; a < d; a++) X[i * d + a] = h.x[a]!;
    y[i] = h.outcome;
  }
  const ridge = 1e-6;
  /**
   * Penalised negative log likelihood at b, with its gradient and Hessian written to gOut and HOut
   * (one pass: a step accepted by the backtracking below already has the derivatives the next
   * Newton step needs).
   */
  const evalAt = (b: readonly number[], gOut: Float64Array, HOut: Float64Array): number => {
    gOut.fill(0);
    HOut.fill(0);
    let f = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      let z = lm[i]!;
      for (let a = 0; a < d; a++) z += b[a]! * X[o + a]!;
      const p = clamp(sigmoid(z), eps, 1 - eps);
      f -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
      const r = p - y[i]!;
      const wgt = p * (1 - p);
      for (let a = 0; a < d; a++) {
        gOut[a]! += r * X[o + a]!;
        for (let c = 0; c < d; c++) HOut[a * d + c]! += wgt * X[o + a]! * X[o + c]!;
      }
    }
    for (let a = 0; a < d; a++) {
      f += 0.5 * ridge * b[a]! * b[a]!;
      gOut[a]! += ridge * b[a]!;
      HOut[a * d + a]! += ridge;
    }
    return f;
  };
  let g = new Float64Array(d);
  let H = new Float64Array(d * d);
  let gNext = new Float64Array(d);
  let HNext = new Float64Array(d * d);
  let f0 = evalAt(beta, g, H);
  for (let it = 0; it < 100; it++) {
    // Free coordinates: those not held at a bound by their gradient.
    const free: number[] = [];
    for (let a = 0; a < d; a++) {
      if (beta[a]! <= lo[a]! && g[a]! > 0) continue;
      if (beta[a]! >= kMax && g[a]! < 0) continue;
      free.push(a);
    }
    if (free.length === 0) break;
    const nf = free.length;
    const Hf = new Float64Array(nf * nf);
    const gf = new Float64Array(nf);
    free.forEach((a, i) => {
      gf[i] = g[a]!;
      free.forEach((b, j) => (Hf[i * nf + j] = H[a * d + b]!));
    });
    const step = solve(Hf, gf, nf);
    // Converged: the full Newton step would move no coordinate by 1e-9, or would lower the loss by
    // less than 1e-12 of it (the Newton decrement g·step/2) — backtracking such a step only meets
    // rounding in the loss.
    let full = 0;
    let decrement = 0;
    for (let i = 0; i < nf; i++) {
      full = Math.max(full, Math.abs(clamp(beta[free[i]!]! - step[i]!, lo[free[i]!]!, kMax) - beta[free[i]!]!));
      decrement += gf[i]! * step[i]!;
    }
    if (full < 1e-9 || decrement / 2 < 1e-12 * (1 + Math.abs(f0))) break;
    // Backtracking: the largest t in 1, ½, ¼, … whose projected step lowers the loss.
    let t = 1;
    let moved = 0;
    let accepted = false;
    for (let bt = 0; bt < 40; bt++, t /= 2) {
      const cand = beta.slice();
      free.forEach((a, i) => (cand[a] = clamp(beta[a]! - t * step[i]!, lo[a]!, kMax)));
      const f1 = evalAt(cand, gNext, HNext);
      if (f1 < f0) {
        moved = 0;
        for (let a = 0; a < d; a++) moved = Math.max(moved, Math.abs(cand[a]! - beta[a]!));
        for (let a = 0; a < d; a++) beta[a] = cand[a]!;
        f0 = f1;
        [g, gNext] = [gNext, g];
        [H, HNext] = [HNext, H];
        accepted = true;
        break;
      }
    }
    if (!accepted || moved < 1e-9) break;
  }
  // Likelihood ratio of the fit against the price alone.
  let lr = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let z = lm[i]!;
    for (let a = 0; a < d; a++) z += beta[a]! * X[o + a]!;
    lr += 2 * gainOverPrice(sigmoid(z), sigmoid(lm[i]!), rows[i]!.outcome, eps);
  }
  const factor = lr > shrink ? 1 - shrink / lr : 0;
  return beta.map((b) => b * factor);
}

/** Solves the d×d system A·x = b (Gaussian elimination with partial pivoting); zeros where singular. */
function solve(A: Float64Array, b: Float64Array, d: number): number[] {
  const M = Array.from({ length: d }, (_, i) => [...Array.from(A.subarray(i * d, i * d + d)), b[i]!]);
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    if (Math.abs(M[c]![c]!) < 1e-300) continue;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= d; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-300 ? 0 : row[d]! / row[i]!));
}
