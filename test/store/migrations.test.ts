import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../store/db.ts';
import { latestVersion, loadMigrations, migrate } from '../../store/migrations.ts';
import { DatabaseTooNewError } from '../../store/errors.ts';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'sc-mig-')), 'test.db');

const tableNames = (db: BetterSqlite3.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]);

describe('migrations', () => {
  it('are numbered from 0001 without gaps', () => {
    const ms = loadMigrations();
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1));
  });

  it('0001 creates every table of the seed §5 with params_hash and as_of on derived tables', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tableNames(db)).toEqual([
      'backtest_reports', 'ingestion_checkpoints', 'market_backtests', 'markets', 'outcomes', 'pipeline_runs',
      'smartcrowd_snapshots', 'system_metrics', 'trades', 'wallet_metrics', 'wallet_weights',
    ]);
    for (const t of ['wallet_metrics', 'wallet_weights', 'smartcrowd_snapshots']) {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]);
      expect(cols).toContain('params_hash');
      expect(cols).toContain('as_of');
    }
    const idx = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trades'`).pluck().all();
    expect(idx).toEqual(expect.arrayContaining(['trades_market_ts', 'trades_wallet_ts']));
    // external_id is unique
    db.prepare(`INSERT INTO markets (id) VALUES ('m')`).run();
    const ins = db.prepare(`INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size) VALUES ('x','m','w',0,'YES','BUY',0.5,1)`);
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
  });

  it('0001 rejects prices outside (0,1) and non-positive sizes at the schema level', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 1);
    db.prepare(`INSERT INTO markets (id) VALUES ('m')`).run();
    const ins = db.prepare(`INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size) VALUES (?,'m','w',0,'YES','BUY',?,?)`);
    expect(() => ins.run('a', 1, 1)).toThrow(/CHECK/);
    expect(() => ins.run('b', 0.5, 0)).toThrow(/CHECK/);
  });

  it('openDatabase sets WAL, foreign keys and busy timeout and migrates to the latest version', () => {
    const path = tmp();
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
    // reopening applies nothing
    const again = new BetterSqlite3(path);
    expect(migrate(again, path)).toEqual([]);
    again.close();
  });

  it('refuses a database newer than the code with a clear error', () => {
    const path = tmp();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrow(/newer than this SmartCrowd knows/);
  });
});
