import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
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

describe('smartcrowd ingest polymarket', () => {
  it('--json prints the report on stdout, progress on stderr; a second run inserts nothing new', async () => {
    const db = tempDbPath('sc-pmcli-');
    const a = await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', fake.url, '--base-data', fake.url, '--json']);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout);
    expect(doc.trades.inserted).toBe(60);
    expect(doc.markets.listed).toBe(4);
    const b = JSON.parse((await cli(['ingest', 'polymarket', '--db', db, '--base-gamma', fake.url, '--base-data', fake.url, '--json'])).stdout);
    expect(b.trades.inserted).toBe(0);
  });

  it('exits 2 for bad options before any request', () => {
    const r = runCli(['ingest', 'polymarket', '--db', tempDbPath(), '--base-gamma', 'ftp://x', '--closed', '--active']);
    expect(r.code).toBe(2);
    const s = runCli(['sync', '--db', tempDbPath(), '--interval-seconds', '-1', '--run-backtest-every-cycles', '1']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--interval-seconds/);
  });
});
