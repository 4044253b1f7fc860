import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { loadMigrations, migrate } from '../../store/migrations.ts';
import { WalletsRepo, type WalletWeightRow } from '../../store/walletsRepo.ts';
import { ReadModels } from '../../store/readModels.ts';

const indexes = (db: BetterSqlite3.Database) => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'wallet_weights'`).pluck().all() as string[];

/** Weights of `n` wallets: an ALL × ALL row each plus a narrower one, weights chosen so ties and order both occur. */
function weights(n: number): WalletWeightRow[] {
  const rows: WalletWeightRow[] = [];
  for (let i = 0; i < n; i++) {
    const wallet = `0x${String(i).padStart(40, '0')}`;
    const base = { params_hash: 'p', as_of: 1000, wallet, uncertainty: 0.5, n_resolved: i, detail_json: null };
    rows.push({ ...base, category: 'ALL', horizon: 'ALL', weight: (i * 7) % 5 });
    rows.push({ ...base, category: 'politics', horizon: 'ALL', weight: 10 + i });
  }
  return rows;
}

describe('migration 0006 (the leaderboard index holds only ALL × ALL weights)', () => {
  it('replaces the every-row rank index by a partial one, keeping the rows', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations(), 5);
    new WalletsRepo(db).replaceWeights('p', 1000, weights(20));
    expect(indexes(db)).toContain('wallet_weights_rank');
    expect(migrate(db, ':memory:', loadMigrations(), 6)).toEqual([6]);
    expect(indexes(db)).not.toContain('wallet_weights_rank');
    expect(indexes(db)).toContain('wallet_weights_rank_all');
    expect(db.prepare(`SELECT count(*) FROM wallet_weights`).pluck().get()).toBe(40);
  });

  it('the leaderboard reads it in order, without sorting, and ranks only ALL × ALL rows by weight then wallet', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', loadMigrations());
    new WalletsRepo(db).replaceWeights('p', 1000, weights(20));
    const rm = new ReadModels(db);
    const stmt = (rm as unknown as { leaderboardStmt: BetterSqlite3.Statement }).leaderboardStmt;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${stmt.source}`).all('p', 1000, 10, 0) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('wallet_weights_rank_all');
    expect(plan).not.toContain('TEMP B-TREE');
    const top = rm.leaderboard('p', 1000, 50, 0);
    expect(top).toHaveLength(20);
    const expected = weights(20).filter((r) => r.category === 'ALL').sort((a, b) => b.weight - a.weight || (a.wallet < b.wallet ? -1 : 1)).map((r) => r.wallet);
    expect(top.map((r) => r.wallet)).toEqual(expected);
  });
});
