import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACC_SIZE, accumulate, specializationOf, type ProfileRecord } from '../../engine/features.ts';
import { trustWeight } from '../../engine/weights.ts';
import { parseParams } from '../../engine/params.ts';
import { NO_SKILL } from '../../engine/skillMixture.ts';

// The seed design's formula ('weighted-mean'): every wallet keeps a voice, the prior weight without history.
const defaultParams = parseParams({ aggregator: 'weighted-mean' });
// The default ('evidence'): trust only for shown skill, measured against the fitted null of all wallets' scores.
const evidenceParams = parseParams({});

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

describe('trust weights (seed design)', () => {
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
          const params = parseParams({ priorStrength, aggregator: 'weighted-mean' });
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

describe('trust weights (evidence aggregator)', () => {
  const none = { categoryHorizon: undefined, category: undefined, horizon: undefined, global: undefined, specialization: 0 };

  it('a wallet with no history gets zero weight, not a small one', () => {
    const w = trustWeight(none, evidenceParams, NO_SKILL);
    expect(w.level).toBe('prior');
    expect(w.weight).toBe(0);
    expect(w.uncertainty).toBe(1);
  });

  it('trust is zero for a score at or below zero, whatever the crowd, and grows past the threshold', () => {
    // A null centred at −1 (a crowd paying the spread): a wallet with no edge (score 0) is still not skilled.
    const mix = { ...NO_SKILL, mu0: -1, sd0: 1 };
    const flat = trustWeight({ ...none, global: accOf(many(20, { edge: 0, outcome: 1, belief: 0.5 })) }, evidenceParams, mix);
    expect(flat.skill_score).toBeCloseTo(0, 12);
    expect(flat.weight).toBe(0);
    // 20 markets with a mean per-fill edge of 0.08: t = 0.08/sqrt(((20·0 + 3·0.1)/23)/20) ≈ 3.13 → u = 4.13 → 3.13 past the threshold of 1.
    const good = trustWeight({ ...none, global: accOf(many(20, { edge: 0.08 })) }, evidenceParams, mix);
    expect(good.skill_score).toBeCloseTo(0.08 / Math.sqrt((0.3 / 23) / 20), 9);
    expect(good.weight).toBeGreaterThan(0);
    const better = trustWeight({ ...none, global: accOf(many(40, { edge: 0.08 })) }, evidenceParams, mix);
    expect(better.weight).toBeGreaterThan(good.weight);
    const bad = trustWeight({ ...none, global: accOf(many(20, { edge: -0.08, outcome: 0, belief: 0.3 })) }, evidenceParams, mix);
    expect(bad.weight).toBe(0);
  });

  it('a markout score counts once the wallet has at least minSupport markets of markouts', () => {
    const mix = { ...NO_SKILL, mu0: 0, sd0: 1 };
    const few = trustWeight({ ...none, markoutScore: 4, markoutSupport: 2 }, evidenceParams, mix);
    expect(few.skill_score).toBeCloseTo(evidenceParams.markoutSkillWeight * 4, 12);
    // (the store gives a score only from minSupport markets on: see profileStore.test.ts)
    expect(few.weight).toBeGreaterThan(0);
  });

  it('property: weights are within [0, maxWeight] and uncertainty within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ edge: fc.double({ min: -1, max: 1, noNaN: true }), belief: fc.double({ min: 0, max: 1, noNaN: true }), outcome: fc.constantFrom<0 | 1>(0, 1), churn: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 50 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (recs, mu0, sd0, zM) => {
          const acc = recs.length ? accOf(recs) : undefined;
          const w = trustWeight({ categoryHorizon: acc, category: acc, horizon: undefined, global: acc, specialization: 0.5, markoutScore: zM }, evidenceParams, { ...NO_SKILL, mu0, sd0 });
          expect(w.weight).toBeGreaterThanOrEqual(0);
          expect(w.weight).toBeLessThanOrEqual(evidenceParams.maxWeight);
          if (!(w.skill_score > 0)) expect(w.weight).toBe(0);
          expect(w.uncertainty).toBeGreaterThanOrEqual(0);
          expect(w.uncertainty).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
