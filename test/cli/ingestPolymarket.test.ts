import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FakePolymarket, seedFake, seedWorld } from '../fakes/fakePolymarket.ts';
import { openDatabase } from '../../store/db.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';
import { runCli } from '../helpers/runCli.ts';

let fake: FakePolymarket;
beforeAll(async () => {
  fake = await new FakePolymarket().start();
  seedFake(fake, 4, 15);
});
afterAll(async () => {
  await fake.stop();
});

/** Runs the CLI asynchronously (the fake server lives in this process, so spawnSync would deadlock). */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = join(import.meta.dirname, '../..');
  const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/main.ts'), ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => p.on('exit', (code) => r({ code, stdout, stderr })));
}

const counts = (path: string) => {
  const db = openDatabase(path);
  try {
    const n = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      markets: n(`SELECT count(*) FROM markets`),
      trades: n(`SELECT count(*) FROM trades`),
      makers: n(`SELECT count(*) FROM trades WHERE maker_taker = 'maker'`),
      takers: n(`SELECT count(*) FROM trades WHERE maker_taker = 'taker'`),
      outcomes: n(`SELECT count(*) FROM outcomes`),
    };
  } finally {
    db.close();
  }
};

describe('smartcrowd ingest polymarket', () => {
  it('--json prints the report on stdout, progress on stderr; a second run inserts nothing new', async () => {
    const db = tempDbPath('sc-pmcli-');
    const a = await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', fake.url, '--base-data', fake.url, '--json']);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout);
    expect(doc.trades.inserted).toBe(60);
    expect(doc.markets.listed).toBe(4);
    expect(doc.complete).toBe(true);
    const b = JSON.parse((await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', fake.url, '--base-data', fake.url, '--json'])).stdout);
    expect(b.trades.inserted).toBe(0);
  });

  it('the acceptance command against clamped pages, a 400 past offset 3,000, a 9,000-row market with makers, 429s, 500s and overlap: everything once, retries on stderr with their reason; a second run adds nothing', async () => {
    const f = await new FakePolymarket().start();
    try {
      const world = seedWorld(f, { markets: 5, fills: (m) => (m === 0 ? 3000 : 80 + m * 10), makers: (m, k) => (m === 0 ? 2 : k % 3) });
      // (The in-process acceptance test pages this by 100; here by 250 to keep the CLI's default 15 requests/s quick.)
      f.clamp = { '/markets': 3, '/trades': 250 };
      f.offsetCap = 3000;
      f.overlap = { '/markets': 1, '/trades': 2 };
      f.chaos = { p429: 0.04, p500: 0.02, retryAfterSeconds: 0, seed: 5 };
      const db = tempDbPath('sc-pmcli-acc-');
      const args = ['ingest', 'polymarket', '--db', db, '--base-gamma', f.url, '--base-data', f.url, '--since', '2024-01-01T00:00:00Z'];
      const a = await cli(args);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toMatch(/, complete\n$/);
      expect(a.stderr).toMatch(/retry 1\/6 in [\d.]+ s: HTTP (429 \(Retry-After 0\)|500) from http:\/\/127\.0\.0\.1:\d+\//);
      expect(a.stderr).toMatch(/the service refused offset 3\d\d\d/);
      expect(counts(db)).toEqual({ markets: 5, trades: world.rows, makers: world.rows - world.takers, takers: world.takers, outcomes: f.markets.filter((m) => m.closed).length });
      const b = await cli(args);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toMatch(/ 0 new trades/);
      expect(counts(db).trades).toBe(world.rows);
    } finally {
      await f.stop();
    }
  }, 120_000);

  it('the acceptance command against 60 markets and 4,951 trades behind 429s, 500s and overlap stores all 4,951', async () => {
    const f = await new FakePolymarket().start();
    try {
      seedWorld(f, { markets: 60, fills: (m) => 82 + (m < 31 ? 1 : 0) });
      f.clamp = { '/markets': 20, '/trades': 200 };
      f.overlap = { '/trades': 1 };
      f.chaos = { p429: 0.05, p500: 0.03, retryAfterSeconds: 0, seed: 8 };
      const db = tempDbPath('sc-pmcli-60-');
      const a = await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', f.url, '--base-data', f.url, '--since', '2024-01-01T00:00:00Z']);
      expect(a.code, a.stderr).toBe(0);
      expect(counts(db)).toMatchObject({ markets: 60, trades: 4951 });
    } finally {
      await f.stop();
    }
  }, 120_000);

  it('an incomplete listing exits 1 naming the market, with the report still on stdout', async () => {
    const f = await new FakePolymarket().start();
    try {
      seedWorld(f, { markets: 2, fills: (m) => (m === 0 ? 50 : 10), spacing: (m, k) => (m === 0 && k > 0 ? 0 : 60) });
      f.offsetCap = 20;
      const db = tempDbPath('sc-pmcli-inc-');
      const r = await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', f.url, '--base-data', f.url, '--page-size', '10', '--json']);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.complete).toBe(false);
      expect(doc.incomplete_markets.map((m: { market_id: string }) => m.market_id)).toEqual([f.markets[0]!.conditionId]);
      expect(r.stderr).toContain(`smartcrowd: ingest incomplete: 1 market(s) not fully listed (${f.markets[0]!.conditionId}: more than 30 fills`);
      expect(r.stderr).toMatch(/checkpoints were not advanced/);
    } finally {
      await f.stop();
    }
  });

  it('an unreachable upstream exits 1 with the cause, not a success', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const r = await cli(['ingest', 'polymarket', '--db', tempDbPath(), '--base-gamma', `http://127.0.0.1:${port}`, '--base-data', `http://127.0.0.1:${port}`, '--max-retries', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/retry 1\/1 in [\d.]+ s: network error: .*ECONNREFUSED/);
    expect(r.stderr).toMatch(/smartcrowd: gave up after 2 attempts: network error: .*ECONNREFUSED/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for bad options before any request', () => {
    const r = runCli(['ingest', 'polymarket', '--db', tempDbPath(), '--base-gamma', 'ftp://x', '--closed', '--active']);
    expect(r.code).toBe(2);
    const s = runCli(['sync', '--db', tempDbPath(), '--interval-seconds', '-1', '--run-backtest-every-cycles', '1']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--interval-seconds/);
    const v = runCli(['ingest', 'polymarket', '--db', tempDbPath(), '--trades-api', 'v3']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--trades-api must be v1 or v2/);
    const c = runCli(['ingest', 'polymarket', '--db', tempDbPath(), '--trades-api', 'v2', '--markets-per-chunk', '30']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/at most 20/);
  });
});
