import { describe, expect, it } from 'vitest';
import { gridSets, identicalPanelsNote, sweepPanels, sweepRows, baseSet } from '../../notebooks/lib/sweepView.ts';
import { paramsHash, type SweepResult } from '../../engine/index.ts';

/** A sweep result for `set` whose numbers are the given diff (everything else fixed). */
const result = (set: Parameters<typeof paramsHash>[0], diff: number, nulls = 0): SweepResult => ({
  params_hash: paramsHash(set),
  overrides: {},
  n_markets: 100,
  n_smartcrowd_null: nulls,
  scores: { market: { brier: 0.2, log_loss: 0.6, n: 100 }, smartcrowd: { brier: 0.2 + diff, log_loss: 0.6, n: 100 }, blend: { brier: 0.2, log_loss: 0.6, n: 100 } },
  diff_brier_smartcrowd_minus_market: { mean: diff, ci95: [diff - 0.01, diff + 0.01], dm_p: 0.5, dm_stat: 0, n: 100 },
  diff_brier_blend_minus_market: { mean: 0, ci95: [0, 0], dm_p: 1, dm_stat: 0, n: 100 },
  blend_k: 0,
});

describe('sweep views for notebook 02', () => {
  it('three keys: the first across, the second down, one panel per value of the third', () => {
    const grid = { halfLifeHours: [3, 6], priorStrength: [2, 8, 32], minWallets: [3, 20] };
    const sets = gridSets({ cutoffHours: 24 }, grid);
    expect(sets).toHaveLength(12);
    expect(sets.every((s) => s.cutoffHours === 24)).toBe(true);
    const rows = sweepRows(grid, sets, sets.map((s, i) => result(s, i / 100, s.minWallets === 20 ? 5 : 0)));
    expect(rows[1]!.values).toEqual({ halfLifeHours: '3', priorStrength: '2', minWallets: '20' });
    const panels = sweepPanels(grid, rows);
    expect(panels.map((p) => p.facet)).toEqual(['minWallets = 3', 'minWallets = 20']);
    expect(panels[0]!.rows.map((r) => [r.x, r.y])).toEqual([['3', '2'], ['3', '8'], ['3', '32'], ['6', '2'], ['6', '8'], ['6', '32']]);
    expect(panels[0]!.x).toBe('halfLifeHours');
    expect(panels[0]!.y).toBe('priorStrength');
    expect(identicalPanelsNote(panels)).toBeNull();
  });

  it('one key: a single row of cells; array values print as JSON', () => {
    const grid = { horizonEdgesHours: [[24, 168], [12, 48, 96]] };
    const sets = gridSets({}, grid);
    const panels = sweepPanels(grid, sweepRows(grid, sets, sets.map((s) => result(s, 0.01))));
    expect(panels).toHaveLength(1);
    expect(panels[0]!.facet).toBe('');
    expect(panels[0]!.y).toBe('—');
    expect(panels[0]!.rows.map((r) => r.x)).toEqual(['[24,168]', '[12,48,96]']);
  });

  it('identical panels are named, with why a threshold did not bind when no market lost its signal', () => {
    const grid = { priorStrength: [2, 8], minWallets: [3, 8] };
    const sets = gridSets({}, grid);
    const rows = sweepRows(grid, sets, sets.map((s) => result(s, s.priorStrength / 100)));
    const panels = sweepPanels(grid, rows);
    expect(panels).toHaveLength(1);
    const three = { priorStrength: [2, 8], halfLifeHours: [6], minWallets: [3, 8] };
    const sets3 = gridSets({}, three);
    const note = identicalPanelsNote(sweepPanels(three, sweepRows(three, sets3, sets3.map((s) => result(s, s.priorStrength / 100)))));
    expect(note).toBe('The panels for **minWallets = 3** and **minWallets = 8** are identical. No backtested market was left without a signal at any of these settings, so a wallet-count threshold among them never binds on this data.');
  });

  it('a result for another parameter set, a bad key or a short result list fails loudly', () => {
    const grid = { halfLifeHours: [3, 6] };
    const sets = gridSets({}, grid);
    expect(() => sweepRows(grid, sets, [result(sets[1]!, 0), result(sets[0]!, 0)])).toThrow(/another parameter set/);
    expect(() => sweepRows(grid, sets, [result(sets[0]!, 0)])).toThrow(/1 results for 2/);
    expect(() => gridSets({}, { halfLifeHourz: [3] })).toThrow(/halfLifeHourz/);
    expect(baseSet({ cutoffHours: 6 }).cutoffHours).toBe(6);
  });
});
