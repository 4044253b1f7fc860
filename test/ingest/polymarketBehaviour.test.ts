import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ingestPolymarket, CHECKPOINT_SOURCE, UpstreamError, type PolymarketIngestOptions } from '../../ingest/polymarket/index.ts';
import { defaultParams } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { FakePolymarket, seedFake, seedWorld } from '../fakes/fakePolymarket.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

const fast = { baseDelayMs: 2, maxDelayMs: 20, ratePerSecond: 5000, burst: 5000, random: () => 0.5 };
let fake: FakePolymarket;
afterEach(async () => {
  await fake?.stop();
});

const db = () => openDatabase(tempDbPath('sc-pm-b-'));
const count = (d: Database, sql: string, ...args: unknown[]) => d.prepare(sql).pluck().get(...args) as number;
const run = (d: Database, extra: Partial<PolymarketIngestOptions> = {}) =>
  ingestPolymarket(d, { params: defaultParams, baseGamma: fake.url, baseData: fake.url, http: fast, ...extra });
const checkpoints = (d: Database) => new Map(new CheckpointsRepo(d).list(CHECKPOINT_SOURCE).map((c) => [c.key, c.last_ts]));

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('Polymarket ingestion: completeness and checkpoints', () => {
  it('a market with more fills in one second than the offset cap is reported incomplete and keeps no checkpoint; the other markets advance', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 4, fills: (m) => (m === 1 ? 90 : 30), spacing: (m, k) => (m === 1 && k > 0 ? 0 : 60) });
    fake.offsetCap = 40;
    const d = db();
    const r = await run(d, { tradesPageSize: 20 });
    const burst = fake.markets[1]!.conditionId;
    expect(r.complete).toBe(false);
    expect(r.truncated).toBe(true);
    expect(r.incomplete_markets).toEqual([{ market_id: burst, reason: expect.stringMatching(/more than 60 fills at .* \(one second/) }]);
    const cps = checkpoints(d);
    expect(cps.has(burst)).toBe(false);
    expect([...cps.keys()].sort()).toEqual(fake.markets.filter((m) => m.conditionId !== burst).map((m) => m.conditionId).sort());
    // What the offset budget reached of that second is stored (not thrown away).
    expect(count(d, `SELECT count(*) FROM trades WHERE market_id = ?`, burst)).toBeGreaterThanOrEqual(60);
  });

  it('a page that keeps coming back as something other than an array leaves its chunk incomplete with the checkpoints unmoved; once the service recovers a re-run stores every row', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 4, 30);
    const d = db();
    fake.faults['/trades'].push({ kind: 'not-array' }, { kind: 'not-array' }, { kind: 'not-array' });
    const first = await run(d, { marketsPerChunk: 2, chunkConcurrency: 1 });
    expect(first.complete).toBe(false);
    expect(first.incomplete_markets).toHaveLength(2);
    expect(first.incomplete_markets[0]!.reason).toMatch(/malformed \/trades page: not a JSON array/);
    const cps = checkpoints(d);
    for (const m of first.incomplete_markets) expect(cps.has(m.market_id)).toBe(false);
    expect(cps.size).toBe(2);
    const second = await run(d, { marketsPerChunk: 2 });
    expect(second.complete).toBe(true);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(120);
    expect(checkpoints(d).size).toBe(4);
  });

  it('an empty page in the middle of a listing is asked again before it is believed', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 2, 100);
    fake.faults['/trades'].push({ kind: 'slow', ms: 0 }, { kind: 'empty' });
    const d = db();
    const r = await run(d, { tradesPageSize: 20, chunkConcurrency: 1 });
    expect(r.complete).toBe(true);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(200);
  });

  it('rows that are not newest-first are paged past the offset cap by bisecting the time window, nothing lost', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 3, 100);
    fake.unordered = true;
    fake.offsetCap = 60;
    fake.clamp = { '/trades': 20 };
    const d = db();
    const r = await run(d);
    expect(r.complete).toBe(true);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(300);
    expect(r.paging.trades.windows).toBeGreaterThan(2);
    // One market per chunk, three chunks at once: whichever sees the disorder first, none loses rows.
    const d2 = db();
    expect((await run(d2, { marketsPerChunk: 1, chunkConcurrency: 3 })).complete).toBe(true);
    expect(count(d2, `SELECT count(*) FROM trades`)).toBe(300);
  });

  it('a service that serves rows strictly before `end` is detected at the first window boundary, and nothing at the boundary seconds is lost', async () => {
    fake = await new FakePolymarket().start();
    // Three rows per second (a taker and two makers share a timestamp), so every window boundary cuts a second.
    const w = seedWorld(fake, { markets: 2, fills: () => 150, makers: () => 2 });
    fake.endExclusive = true;
    fake.offsetCap = 100;
    fake.clamp = { '/trades': 25 };
    const d = db();
    const said: string[] = [];
    const r = await run(d, { onProgress: (m) => said.push(m) });
    expect(r.complete).toBe(true);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(w.rows);
    expect(said).toContainEqual(expect.stringMatching(/treats end as exclusive/));
  });

  it('a service that ignores `end` cannot be paged past its offset cap: the markets are reported incomplete, not silently cut', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 1, 100);
    fake.ignoreEnd = true;
    fake.offsetCap = 40;
    const d = db();
    const r = await run(d, { tradesPageSize: 20 });
    expect(r.complete).toBe(false);
    expect(r.incomplete_markets[0]!.reason).toMatch(/ignored end=/);
  });

  it('past Gamma’s offset cap (422) the market listing continues in end_date windows and lists every market once', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 60, fills: () => 2 });
    fake.clamp = { '/markets': 7 };
    fake.gammaOffsetCap = 20;
    const d = db();
    const r = await run(d);
    expect(r.complete).toBe(true);
    expect(r.markets.listed).toBe(60);
    expect(count(d, `SELECT count(*) FROM markets`)).toBe(60);
    expect(r.paging.gamma.refused_at).toBeGreaterThan(20);
    expect(r.paging.gamma.windows).toBeGreaterThan(2);
    expect(r.notes.join(' ')).toMatch(/end_date windows/);
  });

  it('closed markets listed completely after they closed are not listed again, unless asked (relistClosed)', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 6, fills: () => 10 });
    const d = db();
    await run(d);
    const closed = fake.markets.filter((m) => m.closed).map((m) => m.conditionId);
    fake.requests.length = 0;
    const again = await run(d);
    expect(again.markets_already_complete).toBe(closed.length);
    const asked = fake.requests.filter((q) => q.startsWith('/trades')).join(' ');
    for (const id of closed) expect(asked).not.toContain(id);
    const relisted = await run(d, { relistClosed: true });
    expect(relisted.markets_already_complete).toBe(0);
    expect(relisted.trades.inserted).toBe(0);
  });
});

describe('Polymarket ingestion: sides, ids and alternative feeds', () => {
  it('takerOnly stores only the taker rows, each marked taker', async () => {
    fake = await new FakePolymarket().start();
    const w = seedWorld(fake, { markets: 3, fills: () => 40, makers: (_, k) => 1 + (k % 3) });
    const d = db();
    const r = await run(d, { takerOnly: true });
    expect(r.complete).toBe(true);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(w.takers);
    expect(count(d, `SELECT count(*) FROM trades WHERE maker_taker = 'taker'`)).toBe(w.takers);
    expect(fake.requests.filter((q) => q.startsWith('/trades')).every((q) => q.includes('takerOnly=true'))).toBe(true);
  });

  it('two identical fills in one transaction (same wallet, price and size) are both kept; a re-run adds neither again', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 1, fills: () => 5, makers: () => 1 });
    const maker = fake.trades.find((t) => t.role === 'maker')!;
    fake.trades.push({ ...maker });
    const d = db();
    await run(d);
    expect(count(d, `SELECT count(*) FROM trades`)).toBe(11);
    expect(count(d, `SELECT count(*) FROM trades WHERE external_id LIKE '%-1'`)).toBe(1);
    expect((await run(d, { relistClosed: true })).trades.inserted).toBe(0);
  });

  it('Data API v2 (/v2/trades, cursor paging) stores the same rows under the same ids and sides as v1', async () => {
    fake = await new FakePolymarket().start();
    const w = seedWorld(fake, { markets: 5, fills: () => 120, makers: (_, k) => k % 2 });
    fake.clamp = { '/v2/trades': 50 };
    fake.chaos = { p429: 0.05, p500: 0.05, retryAfterSeconds: 0, seed: 4, routes: ['/v2/trades'] };
    const v1 = db();
    const v2 = db();
    await run(v1);
    const r = await run(v2, { tradesApi: 'v2', v2PageSize: 1000 });
    expect(r.complete).toBe(true);
    expect(fake.requests.some((q) => q.startsWith('/v2/trades') && q.includes('cursor='))).toBe(true);
    const rows = (d: Database) => d.prepare(`SELECT external_id, maker_taker, side, action, price, size, ts FROM trades ORDER BY external_id`).all();
    expect(rows(v2)).toHaveLength(w.rows);
    expect(rows(v2)).toEqual(rows(v1));
  });

  it('v2 resolutions, when asked, settle closed markets Gamma leaves unresolved or only inferable; a proposal is not a resolution', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 9, fills: () => 1 });
    const [a, b, c] = [fake.markets[2]!, fake.markets[6]!, fake.markets[5]!];
    // a: closed, no status, mid prices (Gamma says nothing); b: 0.99/0.01 (inferred); c: closed with a proposal only.
    Object.assign(a, { closed: true, closedTime: '2025-03-02 00:00:00+00', outcomePrices: ['0.6', '0.4'], umaResolutionStatus: undefined, v2Resolution: { status: 'resolved', price: '0', lastUpdate: 1_740_873_600 } });
    Object.assign(b, { v2Resolution: { status: 'resolved', price: '1000000000000000000', lastUpdate: 1_740_873_600 } });
    Object.assign(c, { closed: true, outcomePrices: ['0.5', '0.5'], umaResolutionStatus: 'proposed', v2Resolution: { status: 'posed', price: '1', lastUpdate: 1_740_873_600 } });
    const plain = db();
    await run(plain);
    const outcome = (d: Database, id: string) => d.prepare(`SELECT resolved_outcome, inferred, resolution_time FROM outcomes WHERE market_id = ?`).get(id);
    expect(outcome(plain, a.conditionId)).toBeUndefined();
    expect(outcome(plain, b.conditionId)).toMatchObject({ inferred: 1 });
    const withV2 = db();
    const r = await run(withV2, { resolutionsV2: true });
    expect(r.outcomes.from_v2).toBe(2);
    expect(outcome(withV2, a.conditionId)).toEqual({ resolved_outcome: 0, inferred: 0, resolution_time: 1_740_873_600_000 });
    expect(outcome(withV2, b.conditionId)).toMatchObject({ resolved_outcome: 1, inferred: 0 });
    expect(outcome(withV2, c.conditionId)).toBeUndefined();
    expect(count(withV2, `SELECT count(*) FROM outcomes WHERE inferred = 1`)).toBe(0);
    expect((await run(withV2, { resolutionsV2: true })).outcomes).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('without /events every market is uncategorized and the run says why; a later failed lookup keeps the stored categories', async () => {
    fake = await new FakePolymarket().start();
    seedWorld(fake, { markets: 6, fills: () => 1 });
    const d = db();
    await run(d);
    const before = d.prepare(`SELECT id, category FROM markets ORDER BY id`).all();
    expect(new Set((before as { category: string }[]).map((m) => m.category))).toEqual(new Set(['politics', 'sports', 'crypto', 'economics', 'entertainment', 'uncategorized']));
    fake.noEvents = true;
    const again = await run(d);
    expect(again.notes.join(' ')).toMatch(/\/events answered HTTP 404/);
    expect(again.markets.updated).toBe(0);
    expect(d.prepare(`SELECT id, category FROM markets ORDER BY id`).all()).toEqual(before);
    const fresh = db();
    await run(fresh);
    expect(count(fresh, `SELECT count(*) FROM markets WHERE category = 'uncategorized'`)).toBe(6);
  });
});

describe('Polymarket ingestion: failing clearly', () => {
  it('an unreachable Gamma fails the run with the cause, after the configured retries', async () => {
    const port = await deadPort();
    const d = db();
    const err = await ingestPolymarket(d, { params: defaultParams, baseGamma: `http://127.0.0.1:${port}`, baseData: `http://127.0.0.1:${port}`, http: { ...fast, maxRetries: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/gave up after 2 attempts: network error: .*ECONNREFUSED/);
    expect(count(d, `SELECT count(*) FROM pipeline_runs WHERE kind = 'ingest-polymarket' AND status = 'failed'`)).toBe(1);
  });

  it('an unreachable Data API fails the run (not a success with no trades)', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 3, 5);
    const port = await deadPort();
    const d = db();
    await expect(run(d, { baseData: `http://127.0.0.1:${port}`, http: { ...fast, maxRetries: 1 } })).rejects.toThrow(/Data API unreachable: gave up after 2 attempts/);
    expect(count(d, `SELECT count(*) FROM markets`)).toBe(3);
    expect(checkpoints(d).size).toBe(0);
  });

  it('every retry is reported with its reason and delay', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 1, 5);
    fake.faults['/markets'].push({ kind: '429', retryAfterSeconds: 0 });
    fake.faults['/trades'].push({ kind: '500' });
    const said: string[] = [];
    const r = await run(db(), { onProgress: (m) => said.push(m) });
    expect(r.retries).toBe(2);
    expect(said).toContainEqual(expect.stringMatching(/^retry 1\/6 in 0\.0 s: HTTP 429 \(Retry-After 0\) from http:\/\/127\.0\.0\.1:\d+\/markets\?/));
    expect(said).toContainEqual(expect.stringMatching(/^retry 1\/6 in [\d.]+ s: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/trades\?/));
  });
});
