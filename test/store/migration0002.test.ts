import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, migrate } from '../../store/migrations.ts';
import { LocksRepo } from '../../store/locksRepo.ts';

describe('migration 0002 (worker locks)', () => {
  it('adds worker_locks on top of 0001 and keeps existing data', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 1);
    db.prepare(`INSERT INTO markets (id) VALUES ('kept')`).run();
    expect(migrate(db, ':memory:', loadMigrations(), 2)).toEqual([2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare(`SELECT id FROM markets`).pluck().all()).toEqual(['kept']);
    const cols = db.prepare(`SELECT name FROM pragma_table_info('worker_locks')`).pluck().all();
    expect(cols).toEqual(['name', 'holder', 'pid', 'host', 'acquired_at', 'heartbeat_at']);
  });

  it('a lock is exclusive until released or stale', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:');
    const locks = new LocksRepo(db);
    const a = { pid: 1, host: 'h' };
    const b = { pid: 2, host: 'h' };
    expect(locks.acquire('sync', a, 1000, () => false)).toBeNull();
    expect(locks.acquire('sync', b, 1001, () => false)).toMatchObject({ holder: '1@h' });
    expect(locks.acquire('sync', b, 1002, () => true)).toBeNull(); // stale holder: taken over
    expect(locks.heartbeat('sync', a, 1003)).toBe(false);
    locks.release('sync', b);
    expect(locks.get('sync')).toBeUndefined();
  });
});
