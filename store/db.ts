import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations.ts';

export type { Database } from 'better-sqlite3';

export interface OpenOptions {
  /** Open without creating or migrating (read-only tools). Default false. */
  readonly?: boolean;
  /** Milliseconds a writer waits for the lock before SQLITE_BUSY. Default 10 000. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SmartCrowd database: WAL journal, busy timeout, foreign keys on,
 * schema migrated to the latest version.
 * @throws DatabaseTooNewError when the file was written by a newer SmartCrowd.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      migrate(db, path);
      ensureIndexes(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Secondary indexes a bulk load may drop and rebuild (ingest/csv.ts). Re-created here on every
 * open, so a load killed before its rebuild never leaves the store without them.
 */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS trades_market_ts ON trades(market_id, ts)',
  'CREATE INDEX IF NOT EXISTS trades_wallet_ts ON trades(wallet, ts)',
];

export function ensureIndexes(db: Database): void {
  for (const sql of DEFERRABLE_INDEXES) db.exec(sql);
}

/** Drops the deferrable indexes (bulk loads only; call ensureIndexes afterwards). */
export function dropDeferrableIndexes(db: Database): void {
  db.exec('DROP INDEX IF EXISTS trades_market_ts; DROP INDEX IF EXISTS trades_wallet_ts;');
}

/**
 * Runs `fn` (synchronous, outside any transaction) with the per-row foreign-key check switched off
 * for this connection, restoring it after; for bulk loads that ensure every parent row themselves in
 * the same transaction. Inside an enclosing transaction SQLite cannot switch it, and it stays on.
 */
export function withoutForeignKeyChecks<T>(db: Database, fn: () => T): T {
  const skip = !db.inTransaction && db.pragma('foreign_keys', { simple: true }) === 1;
  if (skip) db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    if (skip) db.pragma('foreign_keys = ON');
  }
}

/** Whether the connection writes through a WAL journal (readers then never block the writer, nor it them). */
export function usesWal(db: Database): boolean {
  return db.pragma('journal_mode', { simple: true }) === 'wal';
}

/** A passive WAL checkpoint now: copies what no reader still needs into the database file. */
export function checkpointWal(db: Database): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * WAL checkpoints for bulk loads: with `on`, SQLite checkpoints every 16,384 pages (64 MiB) instead
 * of its default 1000 (4 MiB, which openDatabase keeps) — far fewer fsyncs to wait for; `off`
 * restores the default and runs a passive checkpoint.
 */
export function bulkCheckpoints(db: Database, on: boolean): void {
  if (on) db.pragma('wal_autocheckpoint = 16384');
  else {
    db.pragma('wal_autocheckpoint = 1000');
    db.pragma('wal_checkpoint(PASSIVE)');
  }
}
