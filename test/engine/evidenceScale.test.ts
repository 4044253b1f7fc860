import { describe, expect, it } from 'vitest';
import { fitEvidenceScales } from '../../engine/evidenceScale.ts';
import { mulberry32, randNormal } from '../../engine/rng.ts';
import { sigmoid } from '../../engine/math.ts';

/** n markets: price p; true log-odds = logit p + 1.5·D + 0.5·G; outcomes drawn from it. */
function history(n: number, seed: number, informative: boolean) {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const lm = 1.2 * randNormal(rng);
    const D = rng() < 0.6 ? 0 : randNormal(rng) * 0.5;
    const G = D === 0 ? 0 : randNormal(rng) * 0.4;
    const truth = informative ? lm + 1.5 * D + 0.5 * G : lm;
    return { market: sigmoid(lm), x: [D, G], outcome: (rng() < sigmoid(truth) ? 1 : 0) as 0 | 1 };
  });
}

describe('evidence scales', () => {
  it('recover the scales behind informative evidence (maximum likelihood, little shrinkage with strong evidence)', () => {
    const [kd, kg] = fitEvidenceScales(history(20_000, 1, true), 2, 1e-4, 2, 20);
    expect(kd).toBeCloseTo(1.5, 0);
    expect(kg).toBeGreaterThan(0.2);
    expect(kg).toBeLessThan(0.9);
  });

  it('shrink worthless evidence to (nearly) nothing: SmartCrowd falls back to the price', () => {
    let total = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const [kd, kg] = fitEvidenceScales(history(300, seed, false), 2, 1e-4, 2, 20);
      total += kd! + kg!;
    }
    // Without the likelihood-ratio shrinkage the maximum-likelihood scales chase noise (≈ 0.30 summed on average here, 0.05 with it).
    expect(total / 20).toBeLessThan(0.15);
  });

  it('no evidence: zero scales', () => {
    expect(fitEvidenceScales([{ market: 0.4, x: [0, 0], outcome: 1 }], 2, 1e-4, 2, 20)).toEqual([0, 0]);
  });
});
