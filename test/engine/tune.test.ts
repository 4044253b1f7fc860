import { describe, expect, it } from 'vitest';
import { tune, TuneInputError } from '../../engine/tune.ts';
import { gridParams } from '../../engine/sweep.ts';
import { buildTape } from '../../engine/tape.ts';
import { walkForward } from '../../engine/backtest.ts';
import { parseParams } from '../../engine/params.ts';
import { generateWorld } from '../../datasets/generator/index.ts';

const world = generateWorld({ seed: 12, markets: 120, wallets: 300, tradesPerMarket: 80, spanDays: 120 });
const tape = buildTape(world);
const grid = gridParams({}, { trustThreshold: [0.5, 2], evidenceHalfLifeHours: [3, 12] });

describe('tune (nested walk-forward)', () => {
  const report = tune(tape, grid, { folds: 4, objective: 'blend' });

  it('scores each fold with the set chosen on earlier folds only, and says which it chose', () => {
    expect(report.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    for (const f of report.folds) {
      expect(f.n_train).toBeGreaterThan(0);
      expect(f.n_test).toBeGreaterThan(0);
      // The chosen set is the best on its training rows…
      const rows = walkForward(tape, grid[f.chosen.index]!).rows;
      expect(rows.filter((r) => r.cutoff_ts >= f.test_from && r.cutoff_ts <= f.test_to)).toHaveLength(f.n_test);
      // …and every training row resolved before the fold's first cutoff − purge.
      const train = rows.filter((r) => r.resolution_ts <= f.test_from - grid[0]!.purgeHours * 3_600_000 && r.cutoff_ts < f.test_from);
      expect(train.length).toBe(f.n_train);
    }
  });

  it('reports in-sample and out-of-sample side by side, with a paired CI against the market', () => {
    expect(report.out_of_sample.n).toBe(report.folds.reduce((a, f) => a + f.n_test, 0));
    for (const k of ['market', 'smartcrowd', 'blend'] as const) {
      expect(report.in_sample[k]).toBeGreaterThan(0);
      expect(report.out_of_sample[k]).toBeGreaterThan(0);
    }
    const d = report.out_of_sample.diff_brier_blend_minus_market;
    expect(d.ci95[0]).toBeLessThanOrEqual(d.mean);
    expect(d.ci95[1]).toBeGreaterThanOrEqual(d.mean);
    expect(Object.values(report.chosen_counts).reduce((a, b) => a + b, 0)).toBe(report.folds.length);
  });

  it('choosing never looks at the fold it is scored on: changing the last fold\'s outcomes leaves every choice unchanged', () => {
    const last = report.folds[report.folds.length - 1]!;
    const flipped = buildTape({
      ...world,
      outcomes: world.outcomes.map((o) => {
        const m = tape.marketIndex.get(o.market_id)!;
        const cutoff = Math.min(tape.marketEnd[m]!, o.resolution_time) - 12 * 3_600_000;
        return cutoff >= last.test_from ? { ...o, resolved_outcome: (1 - o.resolved_outcome) as 0 | 1 } : o;
      }),
    });
    const again = tune(flipped, grid, { folds: 4, objective: 'blend' });
    expect(again.folds.map((f) => f.chosen.index)).toEqual(report.folds.map((f) => f.chosen.index));
  });

  it('is deterministic', () => {
    expect(JSON.stringify(tune(tape, grid, { folds: 4, objective: 'blend' }))).toBe(JSON.stringify(report));
  });

  it('refuses what cannot be tuned honestly', () => {
    expect(() => tune(tape, grid, { folds: 1, objective: 'blend' })).toThrow(TuneInputError);
    expect(() => tune(tape, [parseParams({}), parseParams({ cutoffHours: 24 })], { folds: 3, objective: 'blend' })).toThrow(/cutoffHours/);
  });
});
