// %% [markdown]
// # Parameter sweep
// Every combination of the `grid` below is a full walk-forward backtest, run by `sweep.run` on the
// server. The heatmaps show the Brier difference SmartCrowd − market with its 95% CI: the grid's
// first key across, its second down, and one heatmap per combination of any further keys.
//
// **Honest labelling:** picking the best of many settings on the same markets is *in-sample for the
// sweep* — the winner's margin is optimistic. Confirm it on other data or a later period.

// %% tags=["parameters"]
/** SmartCrowd server URL; null: `$SMARTCROWD_URL` if set, else a local server started for this notebook. */
let serverUrl: string | null = null;
/** SQLite database for the local server; null: a private copy of the bundled demo database. */
let database: string | null = null;
/** Backtest cutoff before each market's end, hours (engine parameter `cutoffHours`), for every set. */
let cutoffHours = 12;
/** Values per engine parameter; every combination is one backtest. Any keys of the engine's parameters. */
let grid: Record<string, (number | number[])[]> = { halfLifeHours: [3, 6, 12, 24, 48, 96], priorStrength: [2, 8, 32], minWallets: [3, 20] };

// %%
import * as engine from '../../engine/index.ts';
import * as nb from '../lib/notebook.ts';
const session = await nb.connect({ url: serverUrl, database });
const client = session.client;
// The same sets the server will run, expanded locally (validates the grid's keys and values first).
const base = { cutoffHours };
const sets = nb.gridSets(base, grid);
const reference = nb.baseSet(base);
const referenceInGrid = sets.findIndex((s) => engine.paramsHash(s) === engine.paramsHash(reference));
const t0 = Date.now();
const sweep = await client.sweep.run.mutate({ base, grid, sets: referenceInGrid >= 0 ? [] : [reference] });
console.log(`${sweep.n_sets} parameter sets in ${((Date.now() - t0) / 1000).toFixed(1)} s (run ${sweep.run_id})`);
const rows = nb.sweepRows(grid, sets, sweep.results);
const referenceRow = nb.sweepRows(grid, [reference], [sweep.results[referenceInGrid >= 0 ? referenceInGrid : sets.length]!])[0]!;

// %% [markdown]
// ## Heatmaps
// Red: SmartCrowd's Brier is higher (worse) than the market's; blue: lower (better). Each cell shows
// the mean difference and its 95% interval.

// %%
const panels = nb.sweepPanels(grid, rows);
for (const p of panels) {
  const nulls = Math.max(...p.rows.map((r) => r.n_smartcrowd_null));
  const title = `Brier SmartCrowd − market (95% CI), cutoff ${cutoffHours} h${p.facet ? `, ${p.facet}` : ''}${nulls ? ` (up to ${nulls} markets without a signal)` : ''}`;
  await nb.showSvg(nb.heatmap(p.rows, { x: 'x', y: 'y', xTitle: p.x, yTitle: p.y, value: 'diff', label: 'cell', diverging: true, title }));
}
const note = nb.identicalPanelsNote(panels);
if (note) await nb.showMarkdown(note);
console.log(`${panels.length} heatmap(s): ${Object.keys(grid)[0]} across${Object.keys(grid)[1] ? `, ${Object.keys(grid)[1]} down` : ''}`);

// %% [markdown]
// ## Best setting vs the reference
// The reference is the engine's defaults with this notebook's cutoff. Lower Brier difference is
// better (negative means SmartCrowd beats the price).

// %%
const sorted = [...rows].sort((a, b) => a.diff - b.diff);
const best = sorted[0]!;
await nb.showTable(sorted.slice(0, 8).map((r) => ({ ...r.values, diff: r.diff, ci_lo: r.ci_lo, ci_hi: r.ci_hi, blend_diff: r.blend_diff, blend_k: r.blend_k, n_markets: r.n_markets, n_smartcrowd_null: r.n_smartcrowd_null })));
const setting = Object.entries(best.values).map(([k, v]) => `${k} **${v}**`).join(', ');
await nb.showMarkdown(
  `Best (in-sample for this sweep): ${setting} — SmartCrowd − market Brier ${best.diff.toFixed(4)} [${best.ci_lo.toFixed(4)}, ${best.ci_hi.toFixed(4)}], ` +
  `${(referenceRow.diff - best.diff).toFixed(4)} Brier better than the reference (${referenceRow.diff.toFixed(4)}). ` +
  (best.ci_lo > 0 ? 'Even the best setting loses to the market price with 95% confidence.' : best.ci_hi < 0 ? 'Its interval excludes 0.' : 'Its interval includes 0.'),
);

// %%
await session.close();
