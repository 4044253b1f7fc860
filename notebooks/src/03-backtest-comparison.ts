// %% [markdown]
// # Comparing two parameter sets
// Two engine settings backtested walk-forward on the same markets: reliability diagrams, the Murphy
// decomposition, divergence buckets, the largest divergences, and the paired bootstrap CI of their
// difference with a Diebold–Mariano test. By default, the engine's defaults (A) against a slower,
// more sceptical variant (B).

// %% tags=["parameters"]
/** SmartCrowd server URL; null: `$SMARTCROWD_URL` if set, else a local server started for this notebook. */
let serverUrl: string | null = null;
/** SQLite database for the local server; null: a private copy of the bundled demo database. */
let database: string | null = null;
/** Backtest cutoff before each market's end, hours (engine parameter `cutoffHours`), for both sets. */
let cutoffHours = 12;
/** Engine parameter overrides of set A ({} = the defaults). */
let setA: Record<string, number> = {};
/** Engine parameter overrides of set B. */
let setB: Record<string, number> = { halfLifeHours: 48, priorStrength: 32 };

// %%
import * as engine from '../../engine/index.ts';
import * as nb from '../lib/notebook.ts';
const session = await nb.connect({ url: serverUrl, database });
const client = session.client;
// Parsed locally first: a bad key or value fails here, naming it.
const A = engine.parseParams({ ...setA, cutoffHours });
const B = engine.parseParams({ ...setB, cutoffHours });
const describe = (o: Record<string, number>) => (Object.keys(o).length ? Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') : 'defaults');
const names = { A: `A (${describe(setA)})`, B: `B (${describe(setB)})` };
const ra = await client.backtest.run.mutate({ params: A });
const rb = await client.backtest.run.mutate({ params: B });
const cmp = await client.backtest.compare.mutate({ a: A, b: B });
const d = cmp.diff_brier_smartcrowd_b_minus_a;
await nb.showMarkdown(
  `Cutoff ${cutoffHours} h. Paired SmartCrowd Brier, ${names.B} − ${names.A}, on ${cmp.n_common} markets: **${d.mean.toFixed(4)}**, ` +
  `95% CI [${d.ci95[0].toFixed(4)}, ${d.ci95[1].toFixed(4)}], Diebold–Mariano p = ${d.dm_p.toFixed(3)}.`,
);

// %%
const forecasters = ['market', 'smartcrowd', 'blend'] as const;
const reports = [[names.A, ra], [names.B, rb]] as const;
await nb.showTable(reports.flatMap(([name, r]) => forecasters.map((f) => ({ set: name, forecaster: f, brier: r.scores[f].brier, log_loss: r.scores[f].log_loss, n: r.scores[f].n }))));

// %% [markdown]
// ## Reliability diagrams

// %%
for (const [name, r] of reports) {
  const bins = forecasters.flatMap((f) => r.calibration[f].map((b) => ({ ...b, forecaster: f })));
  await nb.showSvg(nb.reliabilityDiagram(bins, `Reliability — ${name}, cutoff ${cutoffHours} h`));
}

// %% [markdown]
// ## Murphy decomposition
// Brier = reliability − resolution + uncertainty (the residual is the within-bin variance term).

// %%
await nb.showTable(reports.flatMap(([name, r]) => forecasters.map((f) => ({ set: name, forecaster: f, ...r.murphy[f] }))));

// %% [markdown]
// ## Divergence buckets and case studies (set A)

// %%
await nb.showTable(ra.divergence_buckets);
await nb.showTable(ra.case_studies);

// %%
await session.close();
