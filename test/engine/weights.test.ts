import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACC_SIZE, accumulate, specializationOf, type ProfileRecord } from '../../engine/features.ts';
import { trustWeight } from '../../engine/weights.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';

function accOf(records: Partial<ProfileRecord>[]): Float64Array {
  const acc = new Float64Array(ACC_SIZE);
  for (const r of records)
  {
    // two fills per market, each with the record's edge: Σ = 2·edge, Σ² = 2·edge²
    const rec = { w: 0, category: 0, horizon: 0, belief: 0.7, outcome: 1 as const, edge: 0.1, pnl: 1, cost: 5, size: 10, fills: 2, churn: 0, timing: 0, ...r };
    accumulate(acc, { ...rec, fillEdge: 2 * rec.edge, fillEdge2: 2 * rec.edge * rec.edge });
  }
  return acc;
}
const many = (n: number, r: Partial<ProfileRecord>) => Array.from({ length: n }, () => r);

describe('trust weights', () => {
  it('a wallet with no history gets exactly the prior weight and full uncertainty', () => {
    const w = trustWeight({ categoryHorizon: undefined, category: undefined, horizon: undefined, global: undefined, specialization: 0 }, defaultParams);
    expect(w.level).toBe('prior');
    expect(w.weight).toBe(defaultParams.priorWeight);
    expect(w.uncertainty).toBe(1);
    expect(w.chain.map((c) => c.level)).toEqual(['category×horizon', 'category', 'horizon', 'global', 'prior']);
  });

  it('the fallback chain uses the most specific level with at least minSupport markets and records every level', () => {
    const params = parseParams({ minSupport: 3 });
    const w = trustWeight(
      { categoryHorizon: accOf(many(2, {})), category: accOf(many(5, {})), horizon: accOf(many(9, {})), global: accOf(many(12, {})), specialization: 0.5 },
      params,
    );
    expect(w.level).toBe('category');
    expect(w.n_resolved).toBe(5);
    expect(w.chain).toEqual([
      { level: 'category×horizon', n_resolved: 2, used: false },
      { level: 'category', n_resolved: 5, used: true },
      { level: 'horizon', n_resolved: 9, used: false },
      { level: 'global', n_resolved: 12, used: false },
    ]);
  });

  it('shrinkage: more resolved markets with the same positive edge give more skill, more weight and less uncertainty', () => {
    const at = (n: number) => trustWeight({ categoryHorizon: undefined, category: undefined, horizon: undefined, global: accOf(many(n, { edge: 0.08 })), specialization: 0 }, defaultParams);
    const small = at(3);
    const big = at(60);
    expect(big.weight).toBeGreaterThan(small.weight);
    expect(small.weight).toBeGreaterThan(defaultParams.priorWeight);
    expect(big.uncertainty).toBeLessThan(small.uncertainty);
    // Skill = posterior mean per-fill edge: 6 fills of edge 0.08, variance floored at 0.01, prior sd 0.02:
    // 0.08 · 6/(6 + 0.01/0.02²) = 0.08 · 6/31. Style factors enter with s = n/(n + priorStrength) = 3/11.
    const s = 3 / (3 + defaultParams.priorStrength);
    const skill = (0.08 * 6) / (6 + 0.01 / defaultParams.skillPriorSd ** 2);
    expect(small.weight).toBeCloseTo(
      defaultParams.priorWeight * Math.exp(defaultParams.edgeScale * skill) *
        (1 + s * (1 + defaultParams.persistenceWeight * 0.5 - 1)) *
        (1 + s * (Math.exp(-defaultParams.calibrationPenalty * 0.3) - 1)),
      10,
    );
  });

  it('a losing wallet (negative edge against the price paid) is weighted below the prior', () => {
    const w = trustWeight({ categoryHorizon: undefined, category: undefined, horizon: undefined, global: accOf(many(30, { edge: -0.1, outcome: 0, belief: 0.2 })), specialization: 0 }, defaultParams);
    expect(w.weight).toBeLessThan(defaultParams.priorWeight);
  });

  it('property: weights are positive and within [minWeight, maxWeight], uncertainty within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ edge: fc.double({ min: -1, max: 1, noNaN: true }), belief: fc.double({ min: 0, max: 1, noNaN: true }), outcome: fc.constantFrom<0 | 1>(0, 1), churn: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (recs, spec, priorStrength) => {
          const params = parseParams({ priorStrength });
          const acc = recs.length ? accOf(recs) : undefined;
          const w = trustWeight({ categoryHorizon: acc, category: acc, horizon: undefined, global: acc, specialization: spec }, params);
          expect(w.weight).toBeGreaterThan(0);
          expect(w.weight).toBeGreaterThanOrEqual(params.minWeight);
          expect(w.weight).toBeLessThanOrEqual(params.maxWeight);
          expect(w.uncertainty).toBeGreaterThanOrEqual(0);
          expect(w.uncertainty).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('specialization is 1 for one category and 0 for an even spread (1 − H/log K)', () => {
    expect(specializationOf([5, 0, 0, 0], 4)).toBe(1);
    expect(specializationOf([2, 2, 2, 2], 4)).toBeCloseTo(0, 12);
    // two of four categories evenly: H = log 2, 1 − log2/log4 = 0.5
    expect(specializationOf([3, 3, 0, 0], 4)).toBeCloseTo(0.5, 12);
  });
});
