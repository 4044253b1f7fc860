import { describe, expect, it } from 'vitest';
import {
  BootstrapDraws, brier, calibrationBins, clusterBootstrapCI, clusterBootstrapCIs, dieboldMariano, divergenceBuckets, logLoss, murphyDecomposition, normalCdf,
  pairedBrierDifference, pairedBrierDifferences,
} from '../../engine/scoring.ts';
import { mulberry32 } from '../../engine/rng.ts';

describe('scoring', () => {
  it('Brier score is the mean squared error (hand-computed: (0.09 + 0.04 + 0.81)/3)', () => {
    expect(brier([0.7, 0.2, 0.9], [1, 0, 0])).toBeCloseTo(0.94 / 3, 12);
    expect(brier([1, 0], [1, 0])).toBe(0);
  });

  it('log loss is the mean negative natural log likelihood, clipped at eps', () => {
    // −(ln 0.7 + ln 0.8 + ln 0.1)/3 = (0.356675 + 0.223144 + 2.302585)/3
    expect(logLoss([0.7, 0.2, 0.9], [1, 0, 0])).toBeCloseTo((0.35667494393873245 + 0.2231435513142097 + 2.3025850929940455) / 3, 12);
    expect(logLoss([0], [1], 1e-4)).toBeCloseTo(-Math.log(1e-4), 12);
  });

  it('calibration bins count forecasts and report mean forecast and observed rate', () => {
    const bins = calibrationBins([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ count: 1, mean_forecast: 0.05, observed_rate: 0 });
    expect(bins[1]!.count).toBe(2);
    expect(bins[1]!.mean_forecast).toBeCloseTo(0.135, 12);
    expect(bins[1]!.observed_rate).toBe(0.5);
    expect(bins[9]).toMatchObject({ count: 2, observed_rate: 1 }); // 1.0 falls in the last bin
    expect(bins[5]).toMatchObject({ count: 0, mean_forecast: null, observed_rate: null });
  });

  it('Murphy (1973): Brier = reliability − resolution + uncertainty exactly when forecasts within a bin are equal', () => {
    // Bin 0.1: outcomes 0,0,1,0 (ō = 0.25); bin 0.7: 1,1,0 (ō = 2/3); ō = 3/7.
    const f = [0.1, 0.1, 0.1, 0.1, 0.7, 0.7, 0.7];
    const o = [0, 0, 1, 0, 1, 1, 0];
    const m = murphyDecomposition(f, o, 10);
    expect(m.reliability).toBeCloseTo((4 * 0.15 ** 2 + 3 * (0.7 - 2 / 3) ** 2) / 7, 12);
    expect(m.resolution).toBeCloseTo((4 * (0.25 - 3 / 7) ** 2 + 3 * (2 / 3 - 3 / 7) ** 2) / 7, 12);
    expect(m.uncertainty).toBeCloseTo(12 / 49, 12);
    expect(m.brier).toBeCloseTo(1.51 / 7, 12);
    expect(m.residual).toBeCloseTo(0, 12);
  });

  it('the standard normal CDF matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it('Diebold–Mariano: DM = mean / sqrt(s²/n) with a two-sided normal p-value', () => {
    // d = 1,2,3,4: mean 2.5, s² = 5/3, DM = 2.5 / sqrt(5/12) = 3.872983; p = 2(1 − Φ(3.873)) ≈ 1.075e-4
    const r = dieboldMariano([1, 2, 3, 4]);
    expect(r.stat).toBeCloseTo(3.872983346207417, 9);
    expect(r.p).toBeCloseTo(1.0753e-4, 6);
    expect(dieboldMariano([0.1, -0.1, 0.1, -0.1]).p).toBeCloseTo(1, 6);
    expect(dieboldMariano([0.1, -0.1, 0.1, -0.1]).p).toBeLessThanOrEqual(1);
  });

  it('the cluster bootstrap resamples whole markets and is deterministic for a seed', () => {
    const d = [0.01, 0.01, -0.02, 0.03, 0.0, 0.02];
    const c = ['a', 'a', 'b', 'c', 'd', 'e'];
    const one = clusterBootstrapCI(d, c, 2000, mulberry32(42));
    expect(clusterBootstrapCI(d, c, 2000, mulberry32(42))).toEqual(one);
    expect(one[0]).toBeLessThan(0.0083);
    expect(one[1]).toBeGreaterThan(0.0083);
    expect(clusterBootstrapCI([0.5, 0.5, 0.5], ['x', 'y', 'z'], 500, mulberry32(1))).toEqual([0.5, 0.5]);
  });

  it('divergence buckets count each side\'s wins', () => {
    const b = divergenceBuckets([0.6, 0.9, 0.3], [0.59, 0.5, 0.5], [1, 1, 1]);
    expect(b[0]).toMatchObject({ n: 1, smartcrowd_win_rate: 1, market_win_rate: 0 }); // |0.01|
    expect(b[4]).toMatchObject({ n: 2, smartcrowd_win_rate: 0.5, market_win_rate: 0.5 }); // 0.4 and 0.2
  });

  it('several bootstraps from one seed equal the same bootstraps run in turn on one generator, bit for bit, whether their draws are fresh or reused', () => {
    const r = mulberry32(11);
    // Clusters of about three rows, or one row each (one forecast per market: the backtest's case).
    const series = (n: number, oneRowPerCluster: boolean) => {
      const a = Array.from({ length: n }, () => r());
      const b = Array.from({ length: n }, () => r());
      const o = Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
      return { a, b, o, clusters: Array.from({ length: n }, (_, i) => (oneRowPerCluster ? `m${i}` : `m${Math.floor((r() * n) / 3)}`)) };
    };
    const draws = new BootstrapDraws();
    for (const [n1, n2, single] of [[120, 90, false], [0, 40, false], [120, 90, false], [150, 60, true], [150, 60, true]] as const) {
      const jobs = [series(n1, single), series(n2, single)];
      const rng = mulberry32(77);
      const inTurn = jobs.map((j) => pairedBrierDifference(j.a, j.b, j.o, j.clusters, 400, rng));
      expect(pairedBrierDifferences(jobs, 400, 77)).toEqual(inTurn); // no cache: the generator itself
      expect(pairedBrierDifferences(jobs, 400, 77, draws)).toEqual(inTurn); // fresh draws (or the previous key's, never a stale set)
      expect(pairedBrierDifferences(jobs, 400, 77, draws)).toEqual(inTurn); // reused draws
      const ds = jobs.map((j) => j.a.map((x, i) => (x - j.o[i]!) ** 2 - (j.b[i]! - j.o[i]!) ** 2));
      const rng2 = mulberry32(78);
      expect(clusterBootstrapCIs(ds.map((d, t) => ({ d, clusters: jobs[t]!.clusters })), 400, 78, draws)).toEqual(ds.map((d, t) => clusterBootstrapCI(d, jobs[t]!.clusters, 400, rng2)));
    }
  });
});
