import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPolymarket, CHECKPOINT_SOURCE } from '../../ingest/polymarket/index.ts';
import { defaultParams } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { MetricsRepo } from '../../store/metricsRepo.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

let fake: FakePolymarket;
let db: Database;
// undici checks timeouts on a ~1 s timer: the 2.5 s stall below reliably times out a 500 ms budget.
const fast = { baseDelayMs: 2, maxDelayMs: 20, timeoutMs: 500, ratePerSecond: 1000, burst: 1000, random: () => 0.5 };
const run = (extra: Partial<Parameters<typeof ingestPolymarket>[1]> = {}) =>
  ingestPolymarket(db, { params: defaultParams, baseGamma: fake.url, baseData: fake.url, gammaPageSize: 5, tradesPageSize: 20, tradesOffsetCap: 60, marketsPerChunk: 3, http: fast, ...extra });
const count = (sql: string) => db.prepare(sql).pluck().get() as number;

beforeEach(async () => {
  fake = await new FakePolymarket().start();
  fake.offsetCap = 60;
  seedFake(fake, 12, 50);
  db = openDatabase(tempDbPath('sc-pm-'));
});
afterEach(async () => {
  await fake.stop();
});

describe('live Polymarket ingestion against the fake server', () => {
  it('a full ingest then an incremental run leave exactly the expected rows while faults are injected, every fault counted', async () => {
    fake.faults['/markets'].push({ kind: '429', retryAfterSeconds: 0 }, { kind: '500' }, { kind: 'malformed-item' });
    fake.faults['/trades'].push({ kind: 'truncated' }, { kind: 'reset' }, { kind: 'slow', ms: 2500 }, { kind: '429' }, { kind: 'malformed-item' }, { kind: '500' });
    fake.duplicateAcrossPages = true;
    const first = await run();
    expect(count(`SELECT count(*) FROM markets`)).toBe(12);
    expect(count(`SELECT count(*) FROM trades`)).toBe(600);
    expect(count(`SELECT count(DISTINCT external_id) FROM trades`)).toBe(600);
    expect(count(`SELECT count(*) FROM outcomes`)).toBe(4); // markets 0, 3, 6, 9 are resolved
    expect(first.trades.inserted).toBe(600);
    expect(first.skipped_items).toBe(2);
    expect(first.faults).toMatchObject({ '429': 2, '5xx': 2, malformed_page: 1, network: 1, timeout: 1, malformed_item: 2 });
    expect(first.faults.duplicate).toBeGreaterThan(0);
    const m = new MetricsRepo(db);
    for (const [kind, n] of Object.entries(first.faults)) expect(m.get('polymarket.fault', kind)!.count, kind).toBe(n);

    // Between runs: new fills arrive (some older than the newest fill we have, within the lookback) and market 1 resolves.
    const t = fake.trades;
    const last = Math.max(...t.filter((x) => x.conditionId === fake.markets[1]!.conditionId).map((x) => x.timestamp));
    fake.trades.push(
      { ...t[60]!, transactionHash: '0xnew1', timestamp: last + 600 },
      { ...t[60]!, transactionHash: '0xnew2', timestamp: last - 120, size: 99 },
    );
    fake.resolve(fake.markets[1]!.conditionId, true, '2025-02-01 00:00:00+00');
    fake.faults['/trades'].push({ kind: '500' }, { kind: 'truncated' });
    const second = await run();
    expect(count(`SELECT count(*) FROM trades`)).toBe(602);
    expect(second.trades.inserted).toBe(2);
    expect(count(`SELECT count(*) FROM outcomes`)).toBe(5);
    expect(db.prepare(`SELECT resolved_outcome, inferred FROM outcomes WHERE market_id = ?`).get(fake.markets[1]!.conditionId)).toEqual({ resolved_outcome: 1, inferred: 0 });
    // The incremental run asked only for fills from each checkpoint minus the lookback.
    expect(fake.requests.filter((r) => r.startsWith('/trades')).slice(-4).every((r) => /start=\d+/.test(r))).toBe(true);
  });

  it('maps sides from the token ids: every fill of a YES token is YES', async () => {
    await run();
    const rows = db.prepare(`SELECT side, json_extract(raw_payload, '$.outcomeIndex') AS oi FROM trades`).all() as { side: string; oi: number }[];
    expect(rows.every((r) => (r.oi === 0 ? r.side === 'YES' : r.side === 'NO'))).toBe(true);
  });

  it('an interrupted run leaves no checkpoint ahead of the committed trades, and a rerun completes exactly', async () => {
    const ac = new AbortController();
    let seen = 0;
    const orig = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...xs: string[]) => {
      if (xs.some((x) => x.startsWith('/trades')) && ++seen === 9) ac.abort(new Error('killed mid-cycle'));
      return orig(...xs);
    };
    await expect(run({ signal: ac.signal })).rejects.toThrow();
    const committed = count(`SELECT count(*) FROM trades`);
    expect(committed).toBeLessThan(600);
    for (const cp of new CheckpointsRepo(db).list(CHECKPOINT_SOURCE)) {
      const maxTs = db.prepare(`SELECT max(ts) FROM trades WHERE market_id = ?`).pluck().get(cp.key) as number | null;
      expect(maxTs, cp.key).not.toBeNull();
      expect(cp.last_ts!).toBeLessThanOrEqual(maxTs!);
    }
    expect(count(`SELECT count(*) FROM pipeline_runs WHERE kind = 'ingest-polymarket' AND status = 'failed'`)).toBe(1);
    fake.requests.push = orig;
    await run();
    expect(count(`SELECT count(*) FROM trades`)).toBe(600);
    expect(count(`SELECT count(DISTINCT external_id) FROM trades`)).toBe(600);
  });

  it('gives up clearly after the retries are exhausted', async () => {
    fake.faults['/markets'].push(...Array.from({ length: 10 }, () => ({ kind: '500' as const })));
    await expect(run({ http: { ...fast, maxRetries: 2 } })).rejects.toThrow(/gave up after 3 attempts/);
  });
});
