import { describe, expect, it } from 'vitest';
import { gridParams, overridesOf, passGroups, runSweep, sweepOne } from '../../engine/sweep.ts';
import { compareParams } from '../../engine/compare.ts';
import { InvalidParamsError, parseParams } from '../../engine/params.ts';
import { buildTape } from '../../engine/tape.ts';
import { generateWorld } from '../../datasets/generator/index.ts';

const world = generateWorld({ seed: 11, markets: 40, wallets: 120, tradesPerMarket: 60, spanDays: 90 });
const tape = buildTape(world);

describe('sweeps and comparisons', () => {
  it('a grid expands every combination, validated by the engine schema', () => {
    const sets = gridParams({}, { halfLifeHours: [6, 24], priorStrength: [4, 8, 16] });
    expect(sets).toHaveLength(6);
    expect(sets.map((s) => [s.halfLifeHours, s.priorStrength])).toEqual([[6, 4], [6, 8], [6, 16], [24, 4], [24, 8], [24, 16]]);
    expect(overridesOf(sets[0]!)).toEqual({ halfLifeHours: 6, priorStrength: 4 });
    expect(() => gridParams({}, { halfLifeHourz: [1] } as never)).toThrow(InvalidParamsError);
  });

  it("a grid expands in the schema's key order whatever order it lists its keys in (a server that parses JSON by schema gets the same sets)", () => {
    const a = gridParams({}, { minWallets: [2, 4], halfLifeHours: [6, 24] });
    const b = gridParams({}, { halfLifeHours: [6, 24], minWallets: [2, 4] });
    expect(a).toEqual(b);
    // halfLifeHours comes before minWallets in the schema: minWallets varies fastest.
    expect(a.map((s) => [s.halfLifeHours, s.minWallets])).toEqual([[6, 2], [6, 4], [24, 2], [24, 4]]);
  });

  it('a sweep gives one summary per set in input order, deterministic, with a paired difference each', () => {
    // The seed design's average moves with every belief parameter, even on this small world (where the
    // evidence aggregator rightly stays at the price: too little history to learn an evidence scale).
    const sets = gridParams({ aggregator: 'weighted-mean' }, { halfLifeHours: [6, 48] });
    const a = runSweep(tape, sets);
    const b = runSweep(tape, sets);
    expect(b).toEqual(a);
    expect(a.map((r) => r.overrides)).toEqual([{ aggregator: 'weighted-mean', halfLifeHours: 6 }, { aggregator: 'weighted-mean', halfLifeHours: 48 }]);
    expect(a[0]!.scores.smartcrowd.brier).not.toBe(a[1]!.scores.smartcrowd.brier);
    expect(a[0]!.diff_brier_smartcrowd_minus_market.ci95).toHaveLength(2);
  });

  it('sets sharing a pass give exactly the numbers they give alone', () => {
    const sets = gridParams({}, { halfLifeHours: [6, 48], priorStrength: [2, 32], minWallets: [3, 10] });
    expect(passGroups(sets).map((g) => g.length)).toEqual([4, 4]);
    const grouped = runSweep(tape, sets);
    sets.forEach((p, i) => expect(grouped[i]).toEqual(sweepOne(tape, p)));
  });

  it('sets sharing a store share skill-mixture fits only where their skill scores agree, and still give exactly their own numbers', () => {
    // priorStrength does not enter the global skill score (two sets may share each mixture fit);
    // markoutSkillWeight does (they must not).
    const sets = gridParams({}, { priorStrength: [2, 32], markoutSkillWeight: [0, 2] });
    expect(passGroups(sets).map((g) => g.length)).toEqual([4]);
    const grouped = runSweep(tape, sets);
    sets.forEach((p, i) => expect(grouped[i]).toEqual(sweepOne(tape, p)));
    expect(new Set(grouped.map((g) => JSON.stringify(g))).size).toBe(4);
  });

  it('comparing a parameter set with itself gives a zero paired difference', () => {
    const p = parseParams({});
    const c = compareParams(tape, p, p);
    expect(c.n_common).toBeGreaterThan(10);
    expect(c.diff_brier_smartcrowd_b_minus_a.mean).toBe(0);
    expect(c.a.scores).toEqual(c.b.scores);
    const d = compareParams(tape, p, parseParams({ halfLifeHours: 96 }));
    expect(d.diff_brier_smartcrowd_b_minus_a.mean).toBeCloseTo(d.b.scores_common.smartcrowd.brier - d.a.scores_common.smartcrowd.brier, 1);
  });
});
