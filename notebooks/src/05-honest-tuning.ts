// %% [markdown]
// # Honest tuning: choose on earlier data, score on later data
// A parameter grid searched the way that does not fool you: every candidate is backtested
// walk-forward once, resolved markets are split by cutoff into time-ordered folds, and for each fold
// the candidate with the best Brier on the *earlier* folds is chosen and scored on *this* one. The
// in-sample column is what choosing on the same data would have promised; the out-of-sample column is
// what you get. (`smartcrowd tune` on the command line, `tune.run` over tRPC.)

// %% tags=["parameters"]
/** SmartCrowd server URL; null: `$SMARTCROWD_URL` if set, else a local server started for this notebook. */
let serverUrl: string | null = null;
/** SQLite database for the local server; null: a private copy of the bundled demo database. */
let database: string | null = null;
/** Values per engine parameter; every combination is a candidate. */
let grid: Record<string, number[]> = { trustThreshold: [0.5, 1, 2], evidenceHalfLifeHours: [6, 12] };
/** Time-ordered folds of resolved markets (the first only trains). */
let folds = 4;
/** What to choose on: the blend's Brier or SmartCrowd's. */
let objective: 'blend' | 'smartcrowd' = 'blend';

// %%
import * as nb from '../lib/notebook.ts';
const session = await nb.connect({ url: serverUrl, database });
const client = session.client;
const report = await client.tune.run.mutate({ grid: grid, folds: folds, objective: objective });
const o = report.out_of_sample;
const d = objective === 'blend' ? o.diff_brier_blend_minus_market : o.diff_brier_smartcrowd_minus_market;
await nb.showMarkdown(
  `${report.n_candidates} candidates, ${report.n_markets} markets, ${report.folds.length} scored folds. ` +
  `Out of sample (${o.n} markets): market Brier **${o.market.toFixed(4)}**, SmartCrowd **${o.smartcrowd.toFixed(4)}**, blend **${o.blend.toFixed(4)}**; ` +
  `${objective} − market ${d.mean.toFixed(4)}, 95% CI [${d.ci95[0].toFixed(4)}, ${d.ci95[1].toFixed(4)}].`,
);

// %% [markdown]
// ## Each fold: what was chosen, what it promised, what it gave

// %%
const pick = (s: { market: number; smartcrowd: number; blend: number }) => (objective === 'blend' ? s.blend : s.smartcrowd);
const rows = report.folds.map((f) => ({
  fold: f.fold,
  test_from: f.test_from.slice(0, 10),
  test_to: f.test_to.slice(0, 10),
  chosen: Object.entries(f.chosen.overrides).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ') || 'defaults',
  in_sample: pick(f.in_sample),
  out_of_sample: pick(f.out_of_sample),
  market: f.out_of_sample.market,
  first_candidate: pick(f.baseline_out_of_sample),
}));
await nb.showTable(rows);

// %%
const long = report.folds.flatMap((f) => [
  { fold: `fold ${f.fold}`, score: 'in-sample (chosen on)', brier: pick(f.in_sample) },
  { fold: `fold ${f.fold}`, score: 'out-of-sample (scored on)', brier: pick(f.out_of_sample) },
  { fold: `fold ${f.fold}`, score: 'market, same markets', brier: f.out_of_sample.market },
]);
await nb.showSvg(nb.barChart(long, { x: 'fold', y: 'brier', color: 'score', grouped: true, title: `${objective} Brier: in-sample vs out-of-sample, by fold` }));

// %% [markdown]
// ## What to use from now on
// The candidate chosen on all the data. Its honest record is the out-of-sample line above, not its
// in-sample score.

// %%
await nb.showTable([{ recommended: JSON.stringify(report.recommended.overrides), in_sample: pick(report.recommended.in_sample), chosen_counts: JSON.stringify(report.chosen_counts) }]);

// %%
await session.close();
