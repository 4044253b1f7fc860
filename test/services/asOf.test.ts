import { afterEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../rpc/router.ts';
import { createCallerFactory } from '../../rpc/trpc.ts';
import { LatencyRecorder } from '../../services/latency.ts';
import { TapeCache } from '../../services/tapeCache.ts';
import { silentLogger } from '../../services/logger.ts';
import { resolveAsOf } from '../../services/asOf.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runSyncWorker } from '../../services/sync.ts';
import { PreconditionError } from '../../domain/errors.ts';
import { defaultParams } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { StatsRepo } from '../../store/statsRepo.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import { openSmallWorld, tempDbPath } from '../helpers/smallWorld.ts';
import { runCli } from '../helpers/runCli.ts';

/*
 * One as-of rule for every entry point (issue 17): the instant asked for, else the newest trade
 * in the store — never "now" (on historical data "now" would show every market closed).
 */

const callerFor = (db: Database) =>
  createCallerFactory(appRouter)({
    db, datasetsRoot: '/', tapes: new TapeCache(db), latency: new LatencyRecorder(null),
    upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, log: silentLogger(),
  });

/** The small world's newest trade (it lies years before any plausible "now"). */
function newest(db: Database): number {
  return new StatsRepo(db).newestTradeTs()!;
}

let fake: FakePolymarket | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

describe('the as-of rule', () => {
  it('is the instant asked for, else the newest trade; a store without trades is not ready', () => {
    const { db } = openSmallWorld();
    expect(resolveAsOf(db)).toBe(newest(db));
    expect(newest(db)).toBeLessThan(Date.UTC(2025, 6, 1));
    expect(resolveAsOf(db, 123_000)).toBe(123_000);
    expect(() => resolveAsOf(openDatabase(tempDbPath()))).toThrow(PreconditionError);
  });

  it('the pipeline service, `pipeline.recompute` and `snapshot.preview` default to the newest trade', async () => {
    const { db } = openSmallWorld();
    expect((await runPipeline(db, { params: defaultParams })).as_of).toBe(newest(db));
    const caller = callerFor(db);
    const iso = new Date(newest(db)).toISOString();
    expect((await caller.pipeline.recompute()).as_of).toBe(iso);
    expect((await caller.snapshot.preview({ market_id: 'mk25' })).as_of).toBe(iso);
    expect((await caller.wallets.get({ wallet: `0x${'0'.repeat(40)}` })).as_of).toBe(iso);
  });

  it('`smartcrowd pipeline` without --as-of computes as of the newest trade, not now', () => {
    const { db, path } = openSmallWorld();
    const expected = new Date(newest(db)).toISOString();
    db.close();
    const r = runCli(['pipeline', '--db', path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).as_of).toBe(expected);
  });

  it('every sync cycle recomputes as of the newest trade', async () => {
    fake = await new FakePolymarket().start();
    seedFake(fake, 3, 10);
    const db = openDatabase(tempDbPath());
    const fast = { baseDelayMs: 2, maxDelayMs: 20, ratePerSecond: 1000, burst: 1000 };
    const r = await runSyncWorker(db, { params: defaultParams, intervalSeconds: 0, cycles: 1, ingest: { baseGamma: fake.url, baseData: fake.url, http: fast } });
    expect(r.lastError).toBeNull();
    const [run] = new RunsRepo(db).list({ kind: 'pipeline' });
    expect(run!.as_of).toBe(newest(db));
  });
});
