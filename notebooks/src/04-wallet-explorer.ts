// %% [markdown]
// # Wallet explorer
// The leaderboard, one wallet's profile by category and horizon, and its trades against the price path.

// %%
const sc = await require('./lib/load.cjs')('notebooks/lib/workbench.ts');
const db = await sc.openDemo();
const server = await sc.serve(db);
const client = sc.createSmartCrowdClient(server.url);
const board = await client.wallets.list.query({ limit: 15 });
sc.showTable(board.items, ['wallet', 'weight', 'uncertainty', 'n_resolved', 'skill', 'edge', 'brier', 'calibration_error', 'specialization', 'churn']);

// %% [markdown]
// ## The top wallet's profile
// Weights and metrics per (category, horizon); the fallback chain says which profile a weight used.

// %%
const page = await client.wallets.get.query({ wallet: board.items[0].wallet, markets: 10 });
sc.showTable(page.weights, ['category', 'horizon', 'weight', 'uncertainty', 'n_resolved', 'level']);
sc.showTable(page.metrics, ['category', 'horizon', 'n_resolved', 'skill', 'edge', 'roi', 'brier', 'log_loss', 'calibration_error', 'churn', 'timing_edge']);
sc.showTable(page.markets, ['market_id', 'category', 'n_fills', 'shares', 'market_prob', 'belief', 'confidence', 'net_direction', 'outcome']);

// %% [markdown]
// ## Its trades against the price path
// Grey: the market's YES price (every fill in the market). Points: this wallet's fills at their
// YES-equivalent price, coloured by YES-implied direction, sized by shares.

// %%
const m = page.markets.find((x: any) => x.outcome !== null) ?? page.markets[0];
const rows = db.prepare(`SELECT wallet, ts, side, action, price, size FROM trades WHERE market_id = ? ORDER BY ts`).all(m.market_id);
const yes = (r: any) => (r.side === 'YES' ? r.price : 1 - r.price);
const prices = rows.map((r: any) => ({ time: new Date(r.ts).toISOString(), price: yes(r) }));
const fills = rows.filter((r: any) => r.wallet === page.wallet).map((r: any) => ({
  time: new Date(r.ts).toISOString(), price: yes(r), size: r.size,
  direction: (r.side === 'YES') === (r.action === 'BUY') ? 'YES-implied' : 'NO-implied',
}));
sc.showSvg(await sc.pricePath(prices, fills, `${m.market_id} (outcome ${m.outcome ?? 'open'}): ${page.wallet.slice(0, 10)}… fills`));

// %%
await server.close();
void db.close();
