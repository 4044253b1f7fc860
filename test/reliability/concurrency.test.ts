import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { startServer } from '../../rpc/server.ts';
import { openDatabase } from '../../store/db.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('concurrency on one database', () => {
  it('the sync worker and the API recompute write while many reads run: no locked errors, reads consistent', async () => {
    const { db, path } = openSmallWorld();
    const fake = await new FakePolymarket().start();
    seedFake(fake, 12, 80);
    const server = await startServer({ db, port: 0, datasetsRoot: ROOT });
    try {
      // A second process: the sync worker writing trades, snapshots and runs, cycle after cycle.
      const worker = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'sync', '--db', path, '--interval-seconds', '0.05', '--run-backtest-every-cycles', '2', '--cycles', '6', '--base-gamma', fake.url, '--base-data', fake.url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      worker.stderr.on('data', (d) => (stderr += d));
      const statuses: number[] = [];
      const bodies: string[] = [];
      const inconsistent: string[] = [];
      const reader = async () => {
        for (let i = 0; i < 25; i++) {
          const r = await fetch(`${server.url}/screener?limit=1000&status=all`);
          const text = await r.text();
          statuses.push(r.status);
          bodies.push(text);
          if (r.status === 200) {
            const s = JSON.parse(text);
            // a consistent read: every item belongs to the run the response names, and that run wrote exactly that many
            if (s.run_id) {
              const run = (await (await fetch(`${server.url}/ops/runs?limit=1000&kind=pipeline`)).json()) as { items: { run_id: string; counts: { snapshots: number } }[] };
              const rec = run.items.find((x) => x.run_id === s.run_id);
              if (rec && rec.counts.snapshots !== s.items.length) inconsistent.push(`${s.run_id}: ${s.items.length} items, run wrote ${rec.counts.snapshots}`);
            }
          }
          const m = await fetch(`${server.url}/markets/mk${i % 30}`);
          statuses.push(m.status);
          await m.text();
        }
      };
      const writer = async () => {
        for (let i = 0; i < 6; i++) {
          const r = await fetch(`${server.url}/pipeline/recompute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          statuses.push(r.status);
          bodies.push(await r.text());
        }
      };
      await Promise.all([reader(), reader(), reader(), writer()]);
      const [code] = (await once(worker, 'exit')) as [number];
      expect(code, stderr).toBe(0);
      expect(stderr).not.toMatch(/database is locked|SQLITE_BUSY/);
      expect(bodies.join('\n')).not.toMatch(/database is locked|SQLITE_BUSY/);
      expect(statuses.every((s) => s === 200), JSON.stringify(statuses.filter((s) => s !== 200))).toBe(true);
      expect(inconsistent).toEqual([]);
      const check = openDatabase(path);
      expect(check.prepare(`SELECT count(*) FROM pipeline_runs WHERE kind = 'sync-cycle' AND status = 'succeeded'`).pluck().get()).toBe(6);
      expect(check.prepare(`SELECT count(*) FROM pipeline_runs WHERE status = 'failed'`).pluck().get()).toBe(0);
      check.close();
    } finally {
      await server.close();
      await fake.stop();
    }
  }, 120_000);
});
