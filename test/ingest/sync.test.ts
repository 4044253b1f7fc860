import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { LockHeldError, runSyncWorker, SYNC_LOCK } from '../../ingest/sync.ts';
import { defaultParams } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { LocksRepo } from '../../store/locksRepo.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';
import { runCli } from '../helpers/runCli.ts';

let fake: FakePolymarket;
let path: string;
let db: Database;
const fastHttp = { baseDelayMs: 2, maxDelayMs: 20, ratePerSecond: 1000, burst: 1000 };

beforeEach(async () => {
  fake = await new FakePolymarket().start();
  seedFake(fake, 6, 20);
  path = tempDbPath('sc-sync-');
  db = openDatabase(path);
});
afterEach(async () => {
  await fake.stop();
});

const worker = (extra: Partial<Parameters<typeof runSyncWorker>[1]> = {}) =>
  runSyncWorker(db, {
    params: defaultParams, intervalSeconds: 0.01, runBacktestEveryCycles: 2, cycles: 3,
    ingest: { baseGamma: fake.url, baseData: fake.url, http: fastHttp }, ...extra,
  });

describe('sync worker', () => {
  it('runs three cycles with --cycles 3, recording each, with a backtest every 2nd cycle, and releases its lock', async () => {
    const r = await worker();
    expect(r).toEqual({ cycles: 3, failed: 0, stoppedBySignal: false, lastError: null });
    const runs = db.prepare(`SELECT kind, status FROM pipeline_runs ORDER BY started_at, rowid`).all() as { kind: string; status: string }[];
    expect(runs.filter((x) => x.kind === 'sync-cycle')).toEqual(Array(3).fill({ kind: 'sync-cycle', status: 'succeeded' }));
    expect(runs.filter((x) => x.kind === 'ingest-polymarket')).toHaveLength(3);
    expect(runs.filter((x) => x.kind === 'pipeline')).toHaveLength(3);
    expect(db.prepare(`SELECT count(*) FROM trades`).pluck().get()).toBe(120);
    expect(new LocksRepo(db).get(SYNC_LOCK)).toBeUndefined();
  });

  it('survives a failed cycle and goes on', async () => {
    fake.faults['/markets'].push(...Array.from({ length: 3 }, () => ({ kind: '500' as const })));
    const r = await worker({ ingest: { baseGamma: fake.url, baseData: fake.url, http: { ...fastHttp, maxRetries: 2 } } });
    expect(r.cycles).toBe(3);
    expect(r.failed).toBe(1);
    expect(db.prepare(`SELECT status FROM pipeline_runs WHERE kind = 'sync-cycle' ORDER BY started_at, rowid`).pluck().all()).toEqual(['failed', 'succeeded', 'succeeded']);
  });

  it("refuses a second worker while the first holds the lock, naming the holder; takes over a dead holder's lock", async () => {
    const locks = new LocksRepo(db);
    locks.acquire(SYNC_LOCK, { pid: process.pid + 100_000, host: 'other-host' }, Date.now(), () => false);
    await expect(worker()).rejects.toThrow(LockHeldError);
    await expect(worker()).rejects.toThrow(/another sync worker \(\d+@other-host/);
    // A holder on this host whose process is gone is stale: the worker takes over.
    db.prepare(`DELETE FROM worker_locks`).run();
    locks.acquire(SYNC_LOCK, { pid: 2 ** 22 + 12345, host: hostname() }, Date.now(), () => false);
    expect((await worker({ cycles: 1 })).cycles).toBe(1);
  });

  it('as processes: a second `smartcrowd sync` is refused while the first runs, and SIGTERM stops the first cleanly', async () => {
    const root = join(import.meta.dirname, '../..');
    const args = ['--import', 'tsx', join(root, 'cli/main.ts'), 'sync', '--db', path, '--interval-seconds', '30', '--run-backtest-every-cycles', '0', '--base-gamma', fake.url, '--base-data', fake.url];
    const first = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err1 = '';
    first.stderr.on('data', (d) => (err1 += d));
    // wait until the first worker holds the lock and finished a cycle
    for (let i = 0; i < 200 && !/sync cycle 1/.test(err1); i++) await new Promise((r) => setTimeout(r, 100));
    expect(err1).toMatch(/sync cycle 1/);
    const second = runCli(['sync', '--db', path, '--interval-seconds', '1', '--run-backtest-every-cycles', '0', '--cycles', '1', '--base-gamma', fake.url, '--base-data', fake.url]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another sync worker .* holds the lock/);
    first.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => first.on('exit', r));
    expect(code).toBe(0);
    expect(err1).toMatch(/SIGTERM received/);
    const check = openDatabase(path);
    expect(new LocksRepo(check).get(SYNC_LOCK)).toBeUndefined();
    check.close();
  }, 60_000);
});
