// %% [markdown]
// # SmartCrowd quickstart
// Connect to a SmartCrowd server through the **typed tRPC client**, recompute the pipeline, and
// reproduce the server's numbers locally with the **pure engine** on the same data. Then the
// screener and one market's explanation.
//
// *One source (`notebooks/src/01-quickstart.ts`), two kernels: `notebooks/tslab/` and
// `notebooks/deno/`. With no server given, the notebook starts a local one on a private copy of the
// demo database and stops it in the last cell; the notebook itself never opens the database.*

// %% tags=["parameters"]
/** SmartCrowd server URL; null: `$SMARTCROWD_URL` if set, else a local server started for this notebook. */
let serverUrl: string | null = null;
/** SQLite database for the local server; null: a private copy of the bundled demo database. */
let database: string | null = null;
/** Recompute "as of" this instant (ISO 8601); null: the data's last trade. */
let asOf: string | null = null;
/** How many markets of the screener to show. */
let top = 10;

// %%
import * as engine from '../../engine/index.ts';
import * as nb from '../lib/notebook.ts';
const session = await nb.connect({ url: serverUrl, database });
const client = session.client;
const health = await client.health.get.query();
console.log(`server ${session.url} (${session.local ? `started here on ${session.local.demo ? 'a copy of the demo database' : session.local.database}` : 'given'}): ` +
  `${health.counts.markets} markets, ${health.counts.trades} trades, ${health.counts.outcomes} outcomes`);

// %% [markdown]
// ## 1. Recompute over RPC
// `pipeline.recompute` learns wallet profiles from every market resolved by the as-of time and
// stores a SmartCrowd snapshot for each open (or recently closed) market.

// %%
const run = await client.pipeline.recompute.mutate(asOf === null ? {} : { as_of: asOf });
await nb.showTable([{ run_id: run.run_id, as_of: run.as_of, params_hash: run.params_hash, ...run.counts }]);

// %% [markdown]
// ## 2. The same, computed locally with the engine
// `nb.fetchTape` reads every market and fill through `data.markets` / `data.trades` and builds the
// engine's Tape; `trustModelAsOf` sees what was visible by the as-of time (outcomes resolved,
// markouts known) and learns the evidence scales walk-forward on the markets resolved by then, as
// the pipeline does; `computeSnapshot` gives each market's SmartCrowd. The server rounds numbers to
// 10 significant digits at its boundary, so the comparison is at that precision (under Deno the
// local numbers can also differ from Node's in the last bit, because Deno's V8 rounds
// `Math.exp`/`Math.pow` differently). Anything larger fails here.

// %%
const tape = await nb.fetchTape(client);
const runAsOf = nb.ms(run.as_of);
const model = engine.trustModelAsOf(tape, engine.defaultParams, runAsOf);
const screener = await client.screener.list.query({ limit: top });
const direct = screener.items.map((it) => {
  const s = engine.computeSnapshot(tape, model, tape.marketIndex.get(it.market_id)!, runAsOf, engine.defaultParams);
  const gap = it.smartcrowd_prob === null || s.smartcrowd_prob === null ? (it.smartcrowd_prob === s.smartcrowd_prob ? 0 : Infinity) : Math.abs(it.smartcrowd_prob - s.smartcrowd_prob);
  return { market_id: it.market_id, server: it.smartcrowd_prob, local: s.smartcrowd_prob, abs_difference: gap };
});
await nb.showTable(direct);
const worst = Math.max(0, ...direct.map((d) => d.abs_difference));
// 10 significant digits: a relative difference below 5e-10 is the server's rounding.
if (run.params_hash !== engine.paramsHash(engine.defaultParams) || worst > 1e-9) {
  throw new Error(`local and server SmartCrowd differ by up to ${worst} (server params ${run.params_hash})`);
}
console.log(`all ${direct.length} agree with the server to its 10 significant digits; largest difference ${worst.toExponential(1)}`);

// %% [markdown]
// ## 3. The screener
// Open markets ordered by |divergence| × confidence. Integrity risk flags concentrated, wash-like or
// fresh-whale flow. The bars are SmartCrowd − market, largest first.

// %%
await nb.showTable(screener.items, ['market_id', 'question', 'category', 'market_prob', 'smartcrowd_prob', 'divergence', 'confidence', 'integrity_risk', 'n_wallets']);
const bars = screener.items.filter((x) => x.divergence !== null).map((x) => ({ market: x.market_id, divergence: x.divergence! }));
await nb.showSvg(nb.barChart(bars, { x: 'market', y: 'divergence', sort: true, title: `SmartCrowd − market, top ${top} of the screener` }));

// %% [markdown]
// ## 4. Why is the number what it is?
// Every snapshot carries a structured explanation: the headline, the reasons, the top drivers, the
// cohorts and what would flip the signal.

// %%
const detail = await client.markets.get.query({ market_id: screener.items[0]!.market_id });
const snap = detail.snapshot!;
await nb.showMarkdown(`**${detail.market.question}**\n\n${snap.explanation.headline}\n\n${snap.explanation.reasons.map((r) => `- ${r}`).join('\n')}\n\n*Flip:* ${snap.flip_conditions.summary}`);
await nb.showTable(snap.top_drivers, ['wallet', 'belief', 'confidence', 'weight', 'anti_noise', 'share', 'pull', 'level', 'n_resolved', 'flags']);
await nb.showTable(snap.cohort_summary);

// %%
await session.close();
