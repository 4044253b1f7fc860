import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../store/db.ts';
import { mulberry32 } from '../../engine/rng.ts';
import { CHECKPOINT_SOURCE } from '../../ingest/polymarket/index.ts';
import { CheckpointsRepo } from '../../store/checkpointsRepo.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

const ROOT = join(import.meta.dirname, '../..');
const BATCH = 5000;

function start(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Kills `args` with SIGKILL after `ms`; resolves when it is gone (it may also have finished). */
async function killAfter(args: string[], ms: number): Promise<number | null> {
  const p = start(args);
  const t = setTimeout(() => p.kill('SIGKILL'), ms);
  const [code] = (await once(p, 'exit')) as [number | null];
  clearTimeout(t);
  return code;
}

describe('crash safety', () => {
  it('a CSV ingest killed with SIGKILL at random points leaves whole batches and a sound file; a re-run completes exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-crash-'));
    const path = join(dir, 'trades.csv');
    const out = createWriteStream(path);
    out.write('market_id,wallet,ts,side,action,price,size,external_id\n');
    const N = 150_000;
    for (let i = 0; i < N; i++) {
      if (!out.write(`m${i % 300},0x${(i % 4999).toString(16)},${1_700_000_000 + i},${i % 2 ? 'YES' : 'NO'},BUY,0.${(i % 89) + 10},${1 + (i % 13)},e${i}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const db = tempDbPath('sc-crash-db-');
    const args = ['ingest', 'csv', '--db', db, '--trades', path, '--batch-size', String(BATCH)];
    const rng = mulberry32(20251124);
    for (let kill = 0; kill < 3; kill++) {
      await killAfter(args, 900 + Math.floor(rng() * 1500));
      const check = openDatabase(db);
      expect(check.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
      const n = check.prepare(`SELECT count(*) FROM trades`).pluck().get() as number;
      expect(n % BATCH, `after kill ${kill + 1}: ${n} rows`).toBe(0); // only whole batches
      expect(check.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('trades_market_ts', 'trades_wallet_ts')`).pluck().get()).toBe(2);
      check.close();
    }
    const done = start(args);
    const [code] = (await once(done, 'exit')) as [number];
    expect(code).toBe(0);
    const final = openDatabase(db);
    expect(final.prepare(`SELECT count(*) FROM trades`).pluck().get()).toBe(N);
    expect(final.prepare(`SELECT count(DISTINCT external_id) FROM trades`).pluck().get()).toBe(N);
    expect(final.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
    final.close();
  }, 120_000);

  it('a live ingest killed with SIGKILL leaves no checkpoint ahead of its trades; a re-run completes exactly', async () => {
    const fake = await new FakePolymarket().start();
    try {
      seedFake(fake, 30, 200);
      // Slow the fake down so the kill lands mid-run.
      for (let i = 0; i < 40; i++) fake.faults['/trades'].push({ kind: 'slow', ms: 60 });
      const db = tempDbPath('sc-crash-pm-');
      const args = ['ingest', 'polymarket', '--db', db, '--base-gamma', fake.url, '--base-data', fake.url, '--page-size', '100'];
      await killAfter(args, 2500);
      const check = openDatabase(db);
      expect(check.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
      const committed = check.prepare(`SELECT count(*) FROM trades`).pluck().get() as number;
      for (const cp of new CheckpointsRepo(check).list(CHECKPOINT_SOURCE)) {
        const maxTs = check.prepare(`SELECT max(ts) FROM trades WHERE market_id = ?`).pluck().get(cp.key) as number | null;
        expect(maxTs).not.toBeNull();
        expect(cp.last_ts!).toBeLessThanOrEqual(maxTs!);
      }
      check.close();
      fake.faults['/trades'].length = 0;
      const p = start(args);
      const [code] = (await once(p, 'exit')) as [number];
      expect(code).toBe(0);
      const final = openDatabase(db);
      expect(final.prepare(`SELECT count(*) FROM trades`).pluck().get()).toBe(6000);
      expect(committed).toBeLessThanOrEqual(6000);
      final.close();
    } finally {
      await fake.stop();
    }
  }, 120_000);
});
