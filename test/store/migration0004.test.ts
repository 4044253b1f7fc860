import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, migrate } from '../../store/migrations.ts';

const cols = (db: BetterSqlite3.Database, t: string) => db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[];
const FAR = 9_999_999_999_999_999; // the probe's poisoned ts (year ~318857)

describe('migration 0004 (run owners, store info, out-of-range instants moved aside)', () => {
  it('adds run owners and store_info on top of 0003, keeping existing data', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 3);
    db.prepare(`INSERT INTO markets (id) VALUES ('kept')`).run();
    expect(migrate(db, ':memory:', loadMigrations(), 4)).toEqual([4]);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(cols(db, 'pipeline_runs')).toEqual(expect.arrayContaining(['owner_pid', 'owner_host']));
    expect(cols(db, 'store_info')).toEqual(['key', 'value']);
    expect(db.prepare(`SELECT id FROM markets`).pluck().all()).toEqual(['kept']);
  });

  it('marks runs left running before it failed, with the reason', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 3);
    db.prepare(`INSERT INTO pipeline_runs (run_id, kind, status, started_at) VALUES ('stuck', 'ingest-csv', 'running', 1000), ('done', 'pipeline', 'succeeded', 1000)`).run();
    migrate(db, ':memory:', loadMigrations(), 4);
    const rows = db.prepare(`SELECT run_id, status, error FROM pipeline_runs ORDER BY run_id`).all();
    expect(rows).toEqual([
      { run_id: 'done', status: 'succeeded', error: null },
      { run_id: 'stuck', status: 'failed', error: expect.stringMatching(/left running by a process that ended/) },
    ]);
  });

  it('moves trades, outcomes and end times outside 1970..2099 into quarantine and drops derived rows computed as of such instants', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 3);
    db.prepare(`INSERT INTO markets (id, end_time) VALUES ('m', ?), ('ok', 1000)`).run(FAR);
    const ins = db.prepare(`INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size) VALUES (?, 'm', 'w', ?, 'YES', 'BUY', 0.5, 1)`);
    ins.run('good', 1_740_000_000_000);
    ins.run('far', FAR);
    ins.run('pre1970', -5);
    db.prepare(`INSERT INTO outcomes (market_id, resolved_outcome, resolution_time) VALUES ('m', 1, ?), ('ok', 0, 2000)`).run(FAR);
    db.prepare(`INSERT INTO pipeline_runs (run_id, kind, status, started_at, as_of) VALUES ('p', 'pipeline', 'succeeded', 1, ?)`).run(8_640_000_000_000_001);
    db.prepare(`INSERT INTO smartcrowd_snapshots (params_hash, as_of, market_id, n_wallets, explanation_json) VALUES ('h', ?, 'm', 0, '{}')`).run(8_640_000_000_000_001);
    migrate(db, ':memory:', loadMigrations(), 4);
    expect(db.prepare(`SELECT external_id FROM trades`).pluck().all()).toEqual(['good']);
    expect(db.prepare(`SELECT market_id FROM outcomes`).pluck().all()).toEqual(['ok']);
    expect(db.prepare(`SELECT end_time FROM markets WHERE id = 'm'`).pluck().get()).toBeNull();
    expect(db.prepare(`SELECT as_of, status FROM pipeline_runs WHERE run_id = 'p'`).get()).toEqual({ as_of: null, status: 'failed' });
    expect(db.prepare(`SELECT count(*) FROM smartcrowd_snapshots`).pluck().get()).toBe(0);
    const q = db.prepare(`SELECT table_name, row_json, reason FROM quarantine ORDER BY id`).all() as { table_name: string; row_json: string; reason: string }[];
    expect(q.map((r) => r.table_name)).toEqual(['trades', 'trades', 'outcomes', 'markets', 'pipeline_runs']);
    expect(JSON.parse(q[0]!.row_json)).toMatchObject({ external_id: 'far', ts: FAR, market_id: 'm' });
  });
});
