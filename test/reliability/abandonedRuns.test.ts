import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { openDatabase } from '../../store/db.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { startServer } from '../../rpc/server.ts';
import { silentLogger } from '../../services/logger.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

const ROOT = join(import.meta.dirname, '../..');

/** A real process that starts a run and is then killed with SIGKILL (as kill -9 or a crash would). */
async function runKilledMidway(path: string): Promise<{ runId: string; pid: number }> {
  const code = `
    const { openDatabase } = await import(${JSON.stringify(join(ROOT, 'store/db.ts'))});
    const { RunsRepo } = await import(${JSON.stringify(join(ROOT, 'store/runsRepo.ts'))});
    const id = new RunsRepo(openDatabase(${JSON.stringify(path)})).start('ingest-csv');
    process.stdout.write(id + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  for (let i = 0; i < 300 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await once(child, 'exit');
  return { runId: out.trim(), pid: child.pid! };
}

describe('runs left running by a process that died', () => {
  it('are marked failed with the reason at the next run', async () => {
    const path = tempDbPath('sc-abandon-');
    const { runId, pid } = await runKilledMidway(path);
    const db = openDatabase(path);
    const runs = new RunsRepo(db);
    expect(runs.get(runId)!.status).toBe('running');
    const mine = runs.start('pipeline');
    expect(runs.get(runId)).toMatchObject({ status: 'failed', error: expect.stringMatching(new RegExp(`process ${pid} on .* ended without finishing`)) });
    // a live run (this process's) is left alone
    new RunsRepo(db).start('backtest');
    expect(runs.get(mine)!.status).toBe('running');
  }, 60_000);

  it('are marked failed when the server starts', async () => {
    const path = tempDbPath('sc-abandon-');
    const { runId } = await runKilledMidway(path);
    const db = openDatabase(path);
    const server = await startServer({ db, port: 0, datasetsRoot: ROOT, logger: silentLogger() });
    try {
      const r = (await (await fetch(`${server.url}/ops/runs`)).json()) as { items: { run_id: string; status: string; error: string }[] };
      expect(r.items.find((x) => x.run_id === runId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ended without finishing/) });
    } finally {
      await server.close();
    }
  }, 60_000);
});
