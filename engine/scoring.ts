import { errorFunction } from 'simple-statistics';
import { clamp } from './math.ts';
import { mulberry32, type Rng } from './rng.ts';

/*
 * Forecast scores for binary outcomes. Forecasts are YES probabilities, outcomes 0/1. All pure;
 * randomness (bootstrap) comes in as a seeded generator.
 */

/** Mean squared error (Brier 1950): (1/n) Σ (f − o)². O(n). NaN for n = 0. */
export function brier(f: readonly number[], o: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (f[i]! - o[i]!) ** 2;
  return s / f.length;
}

/** Mean negative log likelihood (natural log) with forecasts clipped to [eps, 1 − eps]. O(n). */
export function logLoss(f: readonly number[], o: readonly number[], eps = 1e-4): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) {
    const p = clamp(f[i]!, eps, 1 - eps);
    s -= o[i]! === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / f.length;
}

export interface CalibrationBin {
  /** Bin bounds on the forecast: [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  /** Mean forecast in the bin (null when empty). */
  mean_forecast: number | null;
  /** Share of YES outcomes in the bin (null when empty). */
  observed_rate: number | null;
}

/** Equal-width calibration bins of the forecast (reliability diagram data). O(n). */
export function calibrationBins(f: readonly number[], o: readonly number[], nBins = 10): CalibrationBin[] {
  const c = new Float64Array(nBins);
  const sf = new Float64Array(nBins);
  const so = new Float64Array(nBins);
  for (let i = 0; i < f.length; i++) {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(f[i]! * nBins)));
    c[b]!++;
    sf[b]! += f[i]!;
    so[b]! += o[i]!;
  }
  return Array.from({ length: nBins }, (_, b) => ({
    lo: b / nBins,
    hi: (b + 1) / nBins,
    count: c[b]!,
    mean_forecast: c[b]! > 0 ? sf[b]! / c[b]! : null,
    observed_rate: c[b]! > 0 ? so[b]! / c[b]! : null,
  }));
}

export interface MurphyDecomposition {
  /** Σ n_k (f̄_k − ō_k)² / N — lower is better. */
  reliability: number;
  /** Σ n_k (ō_k − ō)² / N — higher is better. */
  resolution: number;
  /** ō (1 − ō) — the Brier of always forecasting the base rate. */
  uncertainty: number;
  /** The Brier score itself. */
  brier: number;
  /** brier − (reliability − resolution + uncertainty): the within-bin variance term, 0 when forecasts within each bin are equal. */
  residual: number;
}

/**
 * Murphy's (1973) decomposition of the Brier score over forecast bins:
 * Brier = reliability − resolution + uncertainty, exact when all forecasts in a bin are equal
 * (otherwise the difference is reported as `residual`; Stephenson et al. 2008).
 */
export function murphyDecomposition(f: readonly number[], o: readonly number[], nBins = 10): MurphyDecomposition {
  const n = f.length;
  const bins = calibrationBins(f, o, nBins);
  let obar = 0;
  for (let i = 0; i < n; i++) obar += o[i]!;
  obar /= n;
  let rel = 0;
  let res = 0;
  for (const b of bins) {
    if (b.count === 0) continue;
    rel += b.count * (b.mean_forecast! - b.observed_rate!) ** 2;
    res += b.count * (b.observed_rate! - obar) ** 2;
  }
  rel /= n;
  res /= n;
  const unc = obar * (1 - obar);
  const bs = brier(f, o);
  return { reliability: rel, resolution: res, uncertainty: unc, brier: bs, residual: bs - (rel - res + unc) };
}

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)), clamped to [0, 1] (simple-statistics' erf is good to ~1e-7). */
export function normalCdf(x: number): number {
  return clamp(0.5 * (1 + errorFunction(x / Math.SQRT2)), 0, 1);
}

export interface PairedDifference {
  /** Mean loss difference (first − second); negative favours the first forecaster. */
  mean: number;
  /** Percentile 95% interval of the mean from a cluster bootstrap. */
  ci95: [number, number];
  /** Two-sided Diebold–Mariano p-value (normal approximation). */
  dm_p: number;
  /** Diebold–Mariano statistic. */
  dm_stat: number;
  n: number;
}

/**
 * Cluster bootstrap of the mean of `d` (e.g. per-market Brier differences): resamples whole
 * clusters (markets) with replacement `samples` times using `rng`, and returns the percentile
 * 95% interval. Deterministic for a given generator state. O(samples · n).
 */
export function clusterBootstrapCI(d: readonly number[], clusters: readonly string[], samples: number, rng: Rng): [number, number] {
  if (d.length === 0) return [NaN, NaN];
  const { sum, cnt } = clusterSums(d, clusters);
  const K = sum.length;
  const means = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let S = 0;
    let C = 0;
    for (let j = 0; j < K; j++) {
      const k = Math.floor(rng() * K);
      S += sum[k]!;
      C += cnt[k]!;
    }
    means[s] = S / C;
  }
  return percentileInterval(means);
}

/** Per-cluster sums and counts of `d`, clusters numbered in order of first appearance. */
function clusterSums(d: readonly number[], clusters: readonly string[]): { sum: Float64Array; cnt: Float64Array } {
  const index = new Map<string, number>();
  const sum: number[] = [];
  const cnt: number[] = [];
  for (let i = 0; i < d.length; i++) {
    let k = index.get(clusters[i]!);
    if (k === undefined) {
      k = sum.length;
      index.set(clusters[i]!, k);
      sum.push(0);
      cnt.push(0);
    }
    sum[k]! += d[i]!;
    cnt[k]!++;
  }
  return { sum: Float64Array.from(sum), cnt: Float64Array.from(cnt) };
}

/** Percentile 95% interval of bootstrap means (sorted in place). */
function percentileInterval(means: Float64Array): [number, number] {
  const samples = means.length;
  means.sort();
  const q = (p: number) => means[Math.min(samples - 1, Math.max(0, Math.round(p * (samples - 1))))]!;
  return [q(0.025), q(0.975)];
}

/** Largest number of drawn indices (samples × clusters, over a call's jobs) BootstrapDraws keeps: 2^25, 64 MB as 16-bit indices. */
const DRAW_CACHE_MAX = 1 << 25;

/**
 * The cluster indices of the last clusterBootstrapCIs call it was given to, by (seed, samples, each
 * job's cluster count) — all the draws depend on. A caller that reports many times on the same
 * markets (a sweep's sets) holds one, so every report after the first reads the indices instead of
 * drawing them again (~5× faster, the same numbers). Dropped with its holder.
 */
export class BootstrapDraws {
  key = '';
  draws: Uint16Array[] = [];
}

/**
 * Cluster bootstrap CIs of several series with one generator: exactly `clusterBootstrapCI(d, clusters,
 * samples, rng)` for each job in order with `rng = mulberry32(seed)` shared (same numbers, bit for bit).
 * With `cache`, the drawn indices are kept there and reused by the next call with the same key, when
 * they fit in DRAW_CACHE_MAX and each job has at most 65,536 clusters. O(samples · clusters).
 */
export function clusterBootstrapCIs(
  jobs: readonly { d: readonly number[]; clusters: readonly string[] }[], samples: number, seed: number, cache?: BootstrapDraws,
): [number, number][] {
  const sums = jobs.map((j) => (j.d.length === 0 ? null : clusterSums(j.d, j.clusters)));
  const Ks = sums.map((s) => (s ? s.sum.length : 0));
  if (!cache || Ks.reduce((a, K) => a + K, 0) * samples > DRAW_CACHE_MAX || Ks.some((K) => K > 65_536)) {
    const rng = mulberry32(seed);
    return jobs.map((j) => clusterBootstrapCI(j.d, j.clusters, samples, rng));
  }
  const key = `${seed}|${samples}|${Ks.join(',')}`;
  if (cache.key !== key) {
    const rng = mulberry32(seed);
    cache.key = key;
    cache.draws = Ks.map((K) => {
      const idx = new Uint16Array(K === 0 ? 0 : samples * K);
      for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(rng() * K);
      return idx;
    });
  }
  return sums.map((sc, t) => {
    if (!sc) return [NaN, NaN];
    const { sum, cnt } = sc;
    const K = sum.length;
    const idx = cache.draws[t]!;
    const means = new Float64Array(samples);
    if (cnt.every((c) => c === 1)) {
      // One row per cluster (one forecast per market): every draw holds K rows, the same C as below.
      for (let s = 0, o = 0; s < samples; s++) {
        let S = 0;
        for (let j = 0; j < K; j++, o++) S += sum[idx[o]!]!;
        means[s] = S / K;
      }
      return percentileInterval(means);
    }
    for (let s = 0, o = 0; s < samples; s++) {
      let S = 0;
      let C = 0;
      for (let j = 0; j < K; j++, o++) {
        const k = idx[o]!;
        S += sum[k]!;
        C += cnt[k]!;
      }
      means[s] = S / C;
    }
    return percentileInterval(means);
  });
}

/**
 * Diebold–Mariano (1995) test of equal predictive accuracy for one-step forecasts: DM = d̄ / sqrt(s²/n)
 * with s² the sample variance of the loss differential, p = 2(1 − Φ(|DM|)). With one forecast per
 * market the differentials are taken as independent (no autocorrelation correction).
 */
export function dieboldMariano(d: readonly number[]): { stat: number; p: number } {
  const n = d.length;
  if (n < 2) return { stat: NaN, p: NaN };
  let m = 0;
  for (const x of d) m += x;
  m /= n;
  let v = 0;
  for (const x of d) v += (x - m) ** 2;
  v /= n - 1;
  if (v === 0) return { stat: m === 0 ? 0 : Math.sign(m) * Infinity, p: m === 0 ? 1 : 0 };
  const stat = m / Math.sqrt(v / n);
  return { stat, p: clamp(2 * (1 - normalCdf(Math.abs(stat))), 0, 1) };
}

/**
 * Paired Brier differences of several (a, b, o, clusters) series, their bootstraps drawn in order from one
 * mulberry32(seed): exactly `pairedBrierDifference` of each in order with that generator shared
 * (clusterBootstrapCIs; `cache` keeps the draws for the next call on the same markets).
 */
export function pairedBrierDifferences(
  jobs: readonly { a: readonly number[]; b: readonly number[]; o: readonly number[]; clusters: readonly string[] }[], samples: number, seed: number, cache?: BootstrapDraws,
): PairedDifference[] {
  const ds = jobs.map((j) => brierDifferences(j.a, j.b, j.o));
  const cis = clusterBootstrapCIs(ds.map((d, t) => ({ d, clusters: jobs[t]!.clusters })), samples, seed, cache);
  return ds.map((d, t) => pairedOf(d, cis[t]!));
}

/** Paired Brier difference of forecasts a − b against outcomes o, clustered by `clusters`. */
export function pairedBrierDifference(
  a: readonly number[], b: readonly number[], o: readonly number[], clusters: readonly string[], samples: number, rng: Rng,
): PairedDifference {
  const d = brierDifferences(a, b, o);
  return pairedOf(d, clusterBootstrapCI(d, clusters, samples, rng));
}

/** Per-forecast Brier loss differences (a − o)² − (b − o)². */
function brierDifferences(a: readonly number[], b: readonly number[], o: readonly number[]): number[] {
  return a.map((x, i) => (x - o[i]!) ** 2 - (b[i]! - o[i]!) ** 2);
}

/** The mean, CI and Diebold–Mariano test of loss differences `d`. */
function pairedOf(d: readonly number[], ci95: [number, number]): PairedDifference {
  const dm = dieboldMariano(d);
  return { mean: d.length ? d.reduce((s, x) => s + x, 0) / d.length : NaN, ci95, dm_p: dm.p, dm_stat: dm.stat, n: d.length };
}

export interface DivergenceBucket {
  /** |SmartCrowd − market| in [lo, hi). */
  lo: number;
  hi: number;
  n: number;
  /** Share of markets where SmartCrowd was closer to the outcome. */
  smartcrowd_win_rate: number | null;
  /** Share where the market was closer. */
  market_win_rate: number | null;
  /** Mean Brier difference SmartCrowd − market in the bucket. */
  mean_brier_diff: number | null;
}

/** Divergence buckets of |SmartCrowd − market| with each side's win rate (closer to the outcome). */
export function divergenceBuckets(
  sc: readonly number[], mkt: readonly number[], o: readonly number[], edges: readonly number[] = [0, 0.02, 0.05, 0.1, 0.2, 1.0000001],
): DivergenceBucket[] {
  return edges.slice(0, -1).map((lo, k) => {
    const hi = edges[k + 1]!;
    let n = 0;
    let scWins = 0;
    let mWins = 0;
    let diff = 0;
    for (let i = 0; i < sc.length; i++) {
      const dv = Math.abs(sc[i]! - mkt[i]!);
      if (dv < lo || dv >= hi) continue;
      n++;
      const es = Math.abs(sc[i]! - o[i]!);
      const em = Math.abs(mkt[i]! - o[i]!);
      if (es < em) scWins++;
      else if (em < es) mWins++;
      diff += (sc[i]! - o[i]!) ** 2 - (mkt[i]! - o[i]!) ** 2;
    }
    return {
      lo,
      hi: Math.min(1, hi),
      n,
      smartcrowd_win_rate: n ? scWins / n : null,
      market_win_rate: n ? mWins / n : null,
      mean_brier_diff: n ? diff / n : null,
    };
  });
}
