import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/runCli.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

const FIX = join(import.meta.dirname, '../fixtures/csv');

describe('smartcrowd ingest csv', () => {
  it('--json prints exactly the contract document on stdout and exits 0 when bad rows were skipped', () => {
    const db = tempDbPath('sc-cli-');
    const r = runCli(['ingest', 'csv', '--db', db, '--markets', join(FIX, 'markets.csv'), '--trades', join(FIX, 'trades_bad_rows.csv'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inserted).toEqual({ markets: 2, trades: 4, outcomes: 0 });
    expect(doc.duplicates).toBe(0);
    expect(doc.rejected).toHaveLength(5);
    for (const x of doc.rejected) expect(Object.keys(x).sort()).toEqual(['column', 'file', 'reason', 'row']);
    const again = JSON.parse(runCli(['ingest', 'csv', '--db', db, '--trades', join(FIX, 'trades_bad_rows.csv'), '--json']).stdout);
    expect(again.inserted.trades).toBe(0);
    expect(again.duplicates).toBe(4);
  });

  it('exits 2 with a message for bad usage and for a file missing required columns', () => {
    const db = tempDbPath('sc-cli-');
    const none = runCli(['ingest', 'csv', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs at least one of --markets, --trades, --outcomes/);
    const missing = runCli(['ingest', 'csv', '--db', db, '--trades', join(FIX, 'markets.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/lacks required column/);
    expect(missing.stdout).toBe('');
    const unreadable = runCli(['ingest', 'csv', '--db', db, '--trades', join(FIX, 'nope.csv')]);
    expect(unreadable.code).toBe(2);
    expect(runCli(['ingest', 'csv', '--help']).stdout).toMatch(/--trades <file>/);
  });
});
