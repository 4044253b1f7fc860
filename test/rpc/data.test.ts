import { describe, expect, it } from 'vitest';
import { appRouter } from '../../rpc/router.ts';
import { silentLogger } from '../../services/logger.ts';
import { createCallerFactory, type Context } from '../../rpc/trpc.ts';
import { LatencyRecorder } from '../../rpc/latency.ts';
import { TapeCache } from '../../services/tapeCache.ts';
import { loadTape } from '../../store/tapeLoader.ts';
import { buildTape } from '../../engine/tape.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';

const callerFor = (db: Context['db']) =>
  createCallerFactory(appRouter)({
    db, datasetsRoot: '/', tapes: new TapeCache(db), latency: new LatencyRecorder(null),
    upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, log: silentLogger(),
  });

type Caller = ReturnType<typeof callerFor>;

/** Every page of data.trades for the given filters, following next_cursor. */
async function allTrades(caller: Caller, filters: { market_id?: string; wallet?: string }, limit: number) {
  const items = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await caller.data.trades({ ...filters, cursor, limit });
    items.push(...page.items);
    if (page.next_cursor === null) return items;
    cursor = page.next_cursor;
  }
}

describe('raw data procedures (data.markets, data.trades)', () => {
  it('paging through every market and every fill rebuilds the same engine tape as the store', async () => {
    const { db, asOf } = openSmallWorld();
    // A fill whose size carries binary float noise (0.1 + … sums do): raw data must come back exactly,
    // not rounded like computed outputs, or a tape rebuilt from it differs from the server's.
    const noisy = 5.159999999999998;
    new TradesRepo(db).insertMany([{ external_id: 'noisy-size', market_id: 'mk0', wallet: '0xnoise', ts: asOf - 3_600_000, side: 'YES', action: 'BUY', price: 0.1234567890123, size: noisy }]);
    const caller = callerFor(db);
    const markets = [];
    let cursor: string | undefined;
    do {
      const page = await caller.data.markets({ cursor, limit: 7 });
      markets.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(markets).toHaveLength(30);
    expect(markets.filter((m) => m.resolved_outcome !== null)).toHaveLength(20);
    const trades = await allTrades(caller, {}, 97);
    expect(trades).toHaveLength(30 * 40 + 1);
    expect(trades.find((t) => t.external_id === 'noisy-size')!.size).toBe(noisy);
    expect(new Set(trades.map((t) => t.external_id)).size).toBe(trades.length);
    const ms = (s: string | null) => (s === null ? null : Date.parse(s));
    const tape = buildTape({
      markets: markets.map((m) => ({ id: m.id, question: m.question, category: m.category, end_time: ms(m.end_time) })),
      outcomes: markets.flatMap((m) => (m.resolved_outcome === null ? [] : [{ market_id: m.id, resolved_outcome: m.resolved_outcome, resolution_time: ms(m.resolution_time)! }])),
      trades: trades.map((t) => ({ ...t, ts: Date.parse(t.ts) })),
    });
    const stored = loadTape(db);
    expect(tape.n).toBe(stored.n);
    expect([...tape.ts]).toEqual([...stored.ts]);
    expect([...tape.yesPrice]).toEqual([...stored.yesPrice]);
    // Raw data round-trips exactly: no rounding at the JSON boundary (sizes like 5.159999999999998 stay).
    expect([...tape.size]).toEqual([...stored.size]);
    expect([...tape.dir]).toEqual([...stored.dir]);
    expect([...tape.market]).toEqual([...stored.market]);
    expect([...tape.outcome]).toEqual([...stored.outcome]);
    expect(tape.walletIds).toEqual(stored.walletIds);
  });

  it("a market's or a wallet's fills come in time order, across pages, and only theirs", async () => {
    const { db } = openSmallWorld();
    const caller = callerFor(db);
    const inMarket = await allTrades(caller, { market_id: 'mk3' }, 6);
    expect(inMarket).toHaveLength(40);
    expect(inMarket.every((t) => t.market_id === 'mk3')).toBe(true);
    const times = inMarket.map((t) => Date.parse(t.ts));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const wallet = inMarket[0]!.wallet;
    const ofWallet = await allTrades(caller, { wallet }, 5);
    expect(ofWallet.length).toBe(db.prepare(`SELECT count(*) FROM trades WHERE wallet = ?`).pluck().get(wallet));
    const both = await allTrades(caller, { market_id: 'mk3', wallet }, 2);
    expect(both).toEqual(inMarket.filter((t) => t.wallet === wallet));
  });

  it('a cursor from another kind of read, or not a cursor at all, is bad input naming the field', async () => {
    const caller = callerFor(openSmallWorld().db);
    const page = await caller.data.trades({ limit: 3 });
    await expect(caller.data.trades({ market_id: 'mk1', cursor: page.next_cursor! })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/cursor/) });
    await expect(caller.data.trades({ cursor: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await caller.data.trades({ market_id: 'nope' })).items).toEqual([]);
  });
});
