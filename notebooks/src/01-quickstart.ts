// %% [markdown]
// # SmartCrowd quickstart
// Build the demo database, run the pipeline **through the typed tRPC client** against a server this
// notebook starts on a loopback port, and — side by side — the same computation through the engine
// directly. Then the screener and one market's explanation.
//
// *Kernel: tslab. The first cell loads the project's modules (see `docs/notebooks.md`; under Deno use
// `const sc = await import('./lib/workbench.ts')`).*

// %%
const sc = await require('./lib/load.cjs')('notebooks/lib/workbench.ts');
const dbPath: string = await sc.demoDatabase();
const db = sc.openDatabase(dbPath);
const server = await sc.serve(db);
const client = sc.createSmartCrowdClient(server.url);
console.log(`demo database ${dbPath}; server ${server.url}`);

// %% [markdown]
// ## 1. Recompute over RPC
// `pipeline.recompute` learns wallet profiles from every market resolved by the data's last trade and
// stores a SmartCrowd snapshot for each open (or recently closed) market.

// %%
const run = await client.pipeline.recompute.mutate({});
sc.showTable([{ run_id: run.run_id, as_of: run.as_of, params_hash: run.params_hash, ...run.counts }]);

// %% [markdown]
// ## 2. The same, through the engine directly
// The tape is loaded once; a `TrustModel` sees the outcomes resolved by the as-of time; `computeSnapshot`
// gives a market's SmartCrowd. The numbers must match the server's.

// %%
const tape = sc.loadTape(db);
const model = new sc.TrustModel(tape, sc.defaultParams);
const asOf = Date.parse(run.as_of);
model.advanceTo(asOf);
const screener = await client.screener.list.query({ limit: 10 });
const direct = screener.items.map((it: any) => {
  const s = sc.computeSnapshot(tape, model, tape.marketIndex.get(it.market_id), asOf, sc.defaultParams);
  return { market_id: it.market_id, 'server smartcrowd': it.smartcrowd_prob, 'engine smartcrowd': s.smartcrowd_prob, same: it.smartcrowd_prob === s.smartcrowd_prob };
});
sc.showTable(direct);

// %% [markdown]
// ## 3. The screener
// Open markets ordered by |divergence| × confidence. Integrity risk flags concentrated, wash-like or
// fresh-whale flow.

// %%
sc.showTable(screener.items, ['market_id', 'question', 'category', 'market_prob', 'smartcrowd_prob', 'divergence', 'confidence', 'integrity_risk', 'n_wallets']);
sc.showSvg(await sc.barChart(screener.items.map((x: any) => ({ market: x.market_id, divergence: x.divergence })), { x: 'market', y: 'divergence', title: 'SmartCrowd − market, top of the screener' }));

// %% [markdown]
// ## 4. Why is the number what it is?
// Every snapshot carries a structured explanation: the headline, the reasons, the top drivers, the
// cohorts and what would flip the signal.

// %%
const detail = await client.markets.get.query({ market_id: screener.items[0].market_id });
const snap = detail.snapshot;
sc.showMarkdown(`**${detail.market.question}**\n\n${snap.explanation.headline}\n\n${snap.explanation.reasons.map((r: string) => `- ${r}`).join('\n')}\n\n*Flip:* ${snap.flip_conditions.summary}`);
sc.showTable(snap.top_drivers, ['wallet', 'belief', 'confidence', 'weight', 'anti_noise', 'share', 'pull', 'level', 'n_resolved', 'flags']);
sc.showTable(snap.cohort_summary);

// %%
await server.close();
void db.close();
