import { afterEach, describe, expect, it } from 'vitest';
import { ingestPolymarket, CHECKPOINT_SOURCE, type PolymarketIngestOptions } from '../../ingest/polymarket/index.ts';
import { defaultParams } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { FAKE_TAGS, FakePolymarket, seedWorld, type FakeTrade } from '../fakes/fakePolymarket.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

// Fast retries for in-process runs: the fake's 429s carry Retry-After 0.
const fast = { baseDelayMs: 2, maxDelayMs: 20, ratePerSecond: 5000, burst: 5000, random: () => 0.5 };

let fake: FakePolymarket;
afterEach(async () => {
  await fake?.stop();
});

const count = (db: Database, sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
const run = (db: Database, extra: Partial<PolymarketIngestOptions> = {}) =>
  ingestPolymarket(db, { params: defaultParams, baseGamma: fake.url, baseData: fake.url, since: Date.UTC(2024, 0, 1), http: fast, ...extra });

/** The role of every row the fake serves, keyed the way a stored row's raw payload can be matched. */
function roles(trades: readonly FakeTrade[]): Map<string, string> {
  return new Map(trades.map((t) => [`${t.transactionHash}|${t.proxyWallet}|${t.side}|${t.size}`, t.role ?? 'taker']));
}

describe('Polymarket ingestion against a fake that behaves like the reference says the service does', () => {
  it('clamped pages on both APIs, a 400 past offset 3,000, a 9,000-row market, makers and takers, 429s, 500s and overlap: every market, every unique row of both sides and every outcome, once; a re-run adds nothing', async () => {
    fake = await new FakePolymarket().start();
    // Market 0: 3,000 fills, each a taker row and two maker rows = 9,000 rows. The others: 60–250 fills, 0–2 makers each.
    const world = seedWorld(fake, { markets: 12, fills: (m) => (m === 0 ? 3000 : 60 + ((m * 37) % 190)), makers: (m, k) => (m === 0 ? 2 : k % 3) });
    fake.clamp = { '/markets': 5, '/trades': 100, '/events': 50 };
    fake.offsetCap = 3000;
    fake.overlap = { '/markets': 1, '/trades': 3 };
    fake.shortPageEvery = 4;
    fake.chaos = { p429: 0.04, p500: 0.04, retryAfterSeconds: 0, seed: 3 };
    const db = openDatabase(tempDbPath('sc-pm-acc-'));
    const first = await run(db);

    expect(first.complete).toBe(true);
    expect(first.incomplete_markets).toEqual([]);
    expect(count(db, `SELECT count(*) FROM markets`)).toBe(12);
    expect(count(db, `SELECT count(*) FROM trades`)).toBe(world.rows);
    expect(count(db, `SELECT count(*) FROM trades WHERE market_id = ?`, fake.markets[0]!.conditionId)).toBe(9000);
    expect(count(db, `SELECT count(DISTINCT external_id) FROM trades`)).toBe(world.rows);
    expect(world.rows).toBe(fake.uniqueRows());
    expect(count(db, `SELECT count(*) FROM trades WHERE maker_taker = 'taker'`)).toBe(world.takers);
    expect(count(db, `SELECT count(*) FROM trades WHERE maker_taker = 'maker'`)).toBe(world.rows - world.takers);
    // Each stored row carries the role the fake gave it.
    const role = roles(fake.trades);
    const stored = db.prepare(`SELECT maker_taker, raw_payload FROM trades`).all() as { maker_taker: string; raw_payload: string }[];
    const wrong = stored.filter((r) => {
      const p = JSON.parse(r.raw_payload) as { transactionHash: string; proxyWallet: string; side: string; size: number };
      return role.get(`${p.transactionHash}|${p.proxyWallet}|${p.side}|${p.size}`) !== r.maker_taker;
    });
    expect(wrong).toHaveLength(0);
    // Outcomes: 8 closed markets, one of them (i % 7 == 6) only inferable from 0.99/0.01.
    const closed = fake.markets.filter((m) => m.closed);
    expect(count(db, `SELECT count(*) FROM outcomes`)).toBe(closed.length);
    expect(count(db, `SELECT count(*) FROM outcomes WHERE inferred = 1`)).toBe(1);
    // Categories from the events' tags (looked up on /events), the raw tags kept in raw_payload.
    for (const m of fake.markets) {
      const row = db.prepare(`SELECT category, json_extract(raw_payload, '$.smartcrowd_event_tags') AS tags FROM markets WHERE id = ?`).get(m.conditionId) as { category: string; tags: string };
      const set = Object.entries(FAKE_TAGS).find(([, t]) => t === m.tags)![0];
      expect(row.category, m.question).toBe(set === 'none' ? 'uncategorized' : set);
      expect(JSON.parse(row.tags).map((t: { slug: string }) => t.slug)).toEqual(m.tags!.map((t) => t.slug));
    }
    // What paging learned and survived.
    expect(first.paging.trades).toMatchObject({ asked: 500, served: 100 });
    // The first offset refused is past 3,000 and within one served page of it (short pages shift offsets).
    expect(first.paging.trades.refused_at).toBeGreaterThan(3000);
    expect(first.paging.trades.refused_at).toBeLessThanOrEqual(3100);
    expect(first.paging.trades.offset_cap).toBe(first.paging.trades.refused_at);
    expect(first.paging.trades.windows).toBeGreaterThan(2);
    expect(first.paging.gamma).toMatchObject({ asked: 100, served: 5 });
    expect(first.trades.repeated).toBeGreaterThan(0);
    expect(first.markets.repeated).toBeGreaterThan(0);
    expect(first.faults['429']).toBeGreaterThan(0);
    expect(first.faults['5xx']).toBeGreaterThan(0);
    expect(first.retries).toBe((first.faults['429'] ?? 0) + (first.faults['5xx'] ?? 0));
    expect(first.checkpoints_advanced).toBe(12);

    const second = await run(db);
    expect(second.complete).toBe(true);
    expect(second.trades.inserted).toBe(0);
    expect(second.markets).toMatchObject({ inserted: 0, updated: 0 });
    expect(second.outcomes).toMatchObject({ inserted: 0, updated: 0 });
    expect(second.markets_already_complete).toBe(closed.length);
    expect(count(db, `SELECT count(*) FROM trades`)).toBe(world.rows);
  }, 120_000);

  it('60 markets and 4,951 trades behind 429s, 500s, clamped and overlapping pages: all 4,951 stored, checkpoints at each market’s newest fill', async () => {
    fake = await new FakePolymarket().start();
    const world = seedWorld(fake, { markets: 60, fills: (m) => 82 + (m < 31 ? 1 : 0) });
    expect(world.rows).toBe(4951);
    fake.clamp = { '/markets': 20, '/trades': 100 };
    fake.overlap = { '/markets': 2, '/trades': 1 };
    fake.chaos = { p429: 0.08, p500: 0.08, retryAfterSeconds: 0, seed: 9 };
    const db = openDatabase(tempDbPath('sc-pm-acc60-'));
    const first = await run(db);
    expect(first.complete).toBe(true);
    expect(count(db, `SELECT count(*) FROM markets`)).toBe(60);
    expect(count(db, `SELECT count(*) FROM trades`)).toBe(4951);
    expect(first.trades.inserted).toBe(4951);
    for (const cp of new CheckpointsRepo(db).list(CHECKPOINT_SOURCE)) {
      expect(cp.last_ts).toBe(count(db, `SELECT max(ts) FROM trades WHERE market_id = ?`, cp.key));
    }
    expect(new CheckpointsRepo(db).list(CHECKPOINT_SOURCE)).toHaveLength(60);
    const second = await run(db);
    expect(second.trades.inserted).toBe(0);
    expect(count(db, `SELECT count(*) FROM trades`)).toBe(4951);
  }, 120_000);
});
