// %% [markdown]
// # Parameter sweep
// A grid over `halfLifeHours` × `priorStrength`, and one threshold (`minWallets`), run with
// `sweep.run` on the demo data. Each cell of the grid is a full walk-forward backtest.
//
// **Honest labelling:** picking the best of many settings on the same markets is *in-sample for the
// sweep* — the winner's margin is optimistic. Confirm it on other data or a later period.

// %%
const sc = await require('./lib/load.cjs')('notebooks/lib/workbench.ts');
const db = await sc.openDemo();
const server = await sc.serve(db);
const client = sc.createSmartCrowdClient(server.url);
const t0 = Date.now();
const sweep = await client.sweep.run.mutate({ grid: { halfLifeHours: [3, 6, 12, 24, 48, 96], priorStrength: [2, 8, 32], minWallets: [3, 8] } });
console.log(`${sweep.n_sets} parameter sets in ${((Date.now() - t0) / 1000).toFixed(1)} s (run ${sweep.run_id})`);

// %%
const rows = sweep.results.map((r: any) => ({
  halfLifeHours: r.overrides.halfLifeHours ?? sc.defaultParams.halfLifeHours,
  priorStrength: r.overrides.priorStrength ?? sc.defaultParams.priorStrength,
  minWallets: r.overrides.minWallets ?? sc.defaultParams.minWallets,
  diff: r.diff_brier_smartcrowd_minus_market.mean,
  ci_lo: r.diff_brier_smartcrowd_minus_market.ci95[0],
  ci_hi: r.diff_brier_smartcrowd_minus_market.ci95[1],
  blend_diff: r.diff_brier_blend_minus_market.mean,
  k: r.blend_k,
  smartcrowd_brier: r.scores.smartcrowd.brier,
  market_brier: r.scores.market.brier,
}));
for (const mw of [3, 8]) {
  const sub = rows.filter((r: any) => r.minWallets === mw).map((r: any) => ({ ...r, label: `${r.diff >= 0 ? '+' : ''}${r.diff.toFixed(4)}\n[${r.ci_lo.toFixed(3)}, ${r.ci_hi.toFixed(3)}]` }));
  sc.showSvg(await sc.heatmap(sub, { x: 'halfLifeHours', y: 'priorStrength', value: 'diff', label: 'label', diverging: true, title: `Brier SmartCrowd − market (95% CI), minWallets = ${mw}` }));
}

// %% [markdown]
// ## Best setting vs the default
// Lower Brier difference is better (negative means SmartCrowd beats the price).

// %%
const sorted = [...rows].sort((a: any, b: any) => a.diff - b.diff);
const best = sorted[0];
const def = rows.find((r: any) => r.halfLifeHours === sc.defaultParams.halfLifeHours && r.priorStrength === sc.defaultParams.priorStrength && r.minWallets === sc.defaultParams.minWallets);
sc.showTable(sorted.slice(0, 8));
sc.showMarkdown(
  `Best (in-sample for this sweep): halfLifeHours **${best.halfLifeHours}**, priorStrength **${best.priorStrength}**, minWallets **${best.minWallets}** — ` +
  `SmartCrowd − market Brier ${best.diff.toFixed(4)} [${best.ci_lo.toFixed(4)}, ${best.ci_hi.toFixed(4)}], ` +
  `${(def.diff - best.diff).toFixed(4)} Brier better than the default (${def.diff.toFixed(4)}). ` +
  (best.ci_lo > 0 ? 'Even the best setting loses to the market price with 95% confidence.' : best.ci_hi < 0 ? 'Its interval excludes 0.' : 'Its interval includes 0.'),
);

// %%
await server.close();
void db.close();
