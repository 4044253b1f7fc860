/** A new operator's first hour (issue 19): one default database, honest exit codes, --version, --json errors. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/runCli.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

const ROOT = join(import.meta.dirname, '../..');
/** tsx's loader by absolute URL: the CLI also runs from folders without node_modules. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** Runs the CLI without blocking this process (servers and fakes may live here). */
function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, ['--import', TSX, join(ROOT, 'cli/main.ts'), ...args], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => p.on('exit', (code) => r({ code, stdout, stderr })));
}

describe('the database', () => {
  it('read and compute commands refuse a missing --db: exit 2 naming the path, nothing created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-nodb-'));
    for (const cmd of ['pipeline', 'backtest']) {
      const path = join(dir, 'sub', 'does-not-exist.db');
      const r = runCli([cmd, '--db', path]);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr).toContain(path);
      expect(existsSync(join(dir, 'sub'))).toBe(false);
    }
  });

  it('`--json` prints the API error document on stdout', () => {
    const r = runCli(['pipeline', '--db', join(tmpdir(), 'sc-missing-xyz.db'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'SC_DB_NOT_FOUND', status: 404, message: expect.stringMatching(/does not exist/) } });
    const bad = runCli(['pipeline', '--db', join(tmpdir(), 'x.db'), '--as-of', 'soon', '--json']);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'SC_USAGE', status: 400, message: expect.stringMatching(/--as-of/) });
  });

  it('the demo does not replace a database it did not create (exit 2, file untouched) unless --force', () => {
    const { path, db } = openSmallWorld();
    db.close();
    const before = statSync(path).size;
    const r = runCli(['demo', '--db', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not created by the demo.*--force/);
    expect(statSync(path).size).toBe(before);
  });

  it('after `demo`, `serve` with no --db shows the demo’s screener and leaderboard (one default database)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sc-default-db-'));
    const demo = await cli(['demo'], cwd, { SMARTCROWD_DB: '' });
    expect(demo.code, demo.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(cwd, 'datasets', 'smartcrowd.db'))).toBe(true);
    // running the demo again replaces its own database without --force
    const p = spawn(process.execPath, ['--import', TSX, join(ROOT, 'cli/main.ts'), 'serve', '--port', '0', '--log-format', 'json'], { cwd, env: { ...process.env, SMARTCROWD_DB: '' } });
    let log = '';
    p.stderr.on('data', (d) => (log += d));
    try {
      for (let i = 0; i < 400 && !/"url":"http/.test(log); i++) await new Promise((r) => setTimeout(r, 50));
      const url = /"url":"(http[^"]+)"/.exec(log)?.[1];
      expect(url, log).toBeTruthy();
      expect(log).toMatch(/\/docs/); // serve prints where the API reference is
      const screener = (await (await fetch(`${url}/screener`)).json()) as { items: unknown[]; total: number };
      expect(screener.items.length).toBeGreaterThan(0);
      const wallets = (await (await fetch(`${url}/wallets`)).json()) as { items: unknown[] };
      expect(wallets.items.length).toBeGreaterThan(0);
    } finally {
      p.kill('SIGTERM');
      await new Promise((r) => p.once('exit', r));
    }
  }, 180_000);
});

describe('the command', () => {
  it('`--version` prints the package version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('logs carry a level and an ISO timestamp, as JSON lines off a terminal', () => {
    const { path, db, asOf } = openSmallWorld();
    db.close();
    const r = runCli(['--log-format', 'json', 'pipeline', '--db', path, '--as-of', String(asOf)]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l).toMatchObject({ level: expect.any(Number), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), msg: expect.any(String) });
    const quiet = runCli(['--log-level', 'warn', 'pipeline', '--db', path, '--as-of', String(asOf)]);
    expect(quiet.stderr).toBe('');
  });
});

describe('sync exit codes', () => {
  it('`sync --cycles 1` against an unreachable upstream exits non-zero, with defaults for every other option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-sync-fail-'));
    writeFileSync(join(dir, 'p.json'), '{}');
    const r = await cli(['sync', '--db', join(dir, 'x.db'), '--cycles', '1', '--base-gamma', 'http://127.0.0.1:9', '--base-data', 'http://127.0.0.1:9', '--log-format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the last sync cycle failed/);
    expect(r.stderr).toMatch(/"level":50/); // the failed cycle is logged as an error
  }, 120_000);
});
