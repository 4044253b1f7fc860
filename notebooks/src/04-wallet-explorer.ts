// %% [markdown]
// # Wallet explorer
// The leaderboard, one wallet's profile by category and horizon, and its fills against the price path.

// %% tags=["parameters"]
/** SmartCrowd server URL; null: `$SMARTCROWD_URL` if set, else a local server started for this notebook. */
let serverUrl: string | null = null;
/** SQLite database for the local server; null: a private copy of the bundled demo database. */
let database: string | null = null;
/** The wallet to explore; null: the top of the leaderboard. */
let wallet: string | null = null;
/** Rows of the leaderboard to show. */
let leaderboardSize = 15;
/** The wallet's most recent markets to list. */
let marketsShown = 10;

// %%
import * as nb from '../lib/notebook.ts';
const session = await nb.connect({ url: serverUrl, database });
const client = session.client;
const board = await client.wallets.list.query({ limit: leaderboardSize });
await nb.showTable(board.items, ['wallet', 'weight', 'uncertainty', 'n_resolved', 'skill', 'edge', 'brier', 'calibration_error', 'specialization', 'churn']);

// %% [markdown]
// ## The wallet's profile
// Weights and metrics per (category, horizon); the fallback chain says which profile a weight used.

// %%
const page = await client.wallets.get.query({ wallet: wallet ?? board.items[0]!.wallet, markets: marketsShown });
await nb.showMarkdown(`**${page.wallet}**, as of ${page.as_of}`);
await nb.showTable(page.weights, ['category', 'horizon', 'weight', 'uncertainty', 'n_resolved', 'level']);
await nb.showTable(page.metrics, ['category', 'horizon', 'n_resolved', 'skill', 'edge', 'roi', 'brier', 'log_loss', 'calibration_error', 'churn', 'timing_edge']);
await nb.showTable(page.markets, ['market_id', 'category', 'n_fills', 'shares', 'market_prob', 'belief', 'confidence', 'net_direction', 'outcome']);

// %% [markdown]
// ## Its fills against the price path
// Grey: the market's YES price (every fill in the market, `data.trades`). Points: this wallet's
// fills at their YES-equivalent price, coloured by YES-implied direction, sized by shares.

// %%
const m = page.markets.find((x) => x.outcome !== null) ?? page.markets[0]!;
const trades = await nb.fetchTrades(client, { market_id: m.market_id });
const yes = (t: { side: 'YES' | 'NO'; price: number }) => (t.side === 'YES' ? t.price : 1 - t.price);
const prices = trades.map((t) => ({ time: t.ts, price: yes(t) }));
const fills = trades.filter((t) => t.wallet === page.wallet).map((t) => ({
  time: t.ts, price: yes(t), size: t.size,
  direction: (t.side === 'YES') === (t.action === 'BUY') ? ('YES-implied' as const) : ('NO-implied' as const),
}));
await nb.showSvg(nb.pricePath(prices, fills, `${m.market_id} (outcome ${m.outcome ?? 'open'}): ${page.wallet.slice(0, 10)}… — ${fills.length} fills`));

// %%
await session.close();
