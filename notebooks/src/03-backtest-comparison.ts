// %% [markdown]
// # Comparing two parameter sets
// The default engine against a slower, more sceptical variant (`halfLifeHours` 48,
// `priorStrength` 32): reliability diagrams, Murphy decomposition, divergence buckets, the largest
// divergences, and the paired bootstrap CI of their difference. All walk-forward, on the demo data.

// %%
const sc = await require('./lib/load.cjs')('notebooks/lib/workbench.ts');
const db = await sc.openDemo();
const server = await sc.serve(db);
const client = sc.createSmartCrowdClient(server.url);
const A = {};
const B = { halfLifeHours: 48, priorStrength: 32 };
const [ra, rb] = [await client.backtest.run.mutate({ params: A }), await client.backtest.run.mutate({ params: B })];
const cmp = await client.backtest.compare.mutate({ a: A, b: B });
const d = cmp.diff_brier_smartcrowd_b_minus_a;
sc.showMarkdown(`Paired SmartCrowd Brier, B − A, on ${cmp.n_common} markets: **${d.mean.toFixed(4)}**, 95% CI [${d.ci95[0].toFixed(4)}, ${d.ci95[1].toFixed(4)}], Diebold–Mariano p = ${d.dm_p.toFixed(3)}.`);

// %%
sc.showTable(
  [['A (default)', ra], ['B', rb]].flatMap(([name, r]: any) =>
    ['market', 'smartcrowd', 'blend'].map((f) => ({ set: name, forecaster: f, brier: r.scores[f].brier, log_loss: r.scores[f].log_loss, n: r.scores[f].n })),
  ),
);

// %% [markdown]
// ## Reliability diagrams

// %%
for (const [name, r] of [['A (default)', ra], ['B', rb]] as any) {
  const bins = ['market', 'smartcrowd', 'blend'].flatMap((f) => r.calibration[f].map((b: any) => ({ ...b, forecaster: f })));
  sc.showSvg(await sc.reliabilityDiagram(bins, `Reliability — ${name}`));
}

// %% [markdown]
// ## Murphy decomposition
// Brier = reliability − resolution + uncertainty (the residual is the within-bin variance term).

// %%
sc.showTable([['A', ra], ['B', rb]].flatMap(([name, r]: any) => ['market', 'smartcrowd', 'blend'].map((f) => ({ set: name, forecaster: f, ...r.murphy[f] }))));

// %% [markdown]
// ## Divergence buckets and case studies (set A)

// %%
sc.showTable(ra.divergence_buckets);
sc.showTable(ra.case_studies);

// %%
await server.close();
void db.close();
