import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';

/** Repository of `store_info`: facts about the store itself (e.g. `created_by`: `demo`). */
export class StoreInfoRepo {
  private readonly getStmt: Statement;
  private readonly setStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare(`SELECT value FROM store_info WHERE key = ?`).pluck();
    this.setStmt = db.prepare(`INSERT INTO store_info (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
}

/**
 * Who created the database file at `path` (`store_info.created_by`), read without migrating or
 * writing it; null when the file is not a SmartCrowd store, predates the marker or cannot be read.
 */
export function storeCreatedBy(path: string): string | null {
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_info'`).pluck().get();
    if (!hasTable) return null;
    return (db.prepare(`SELECT value FROM store_info WHERE key = 'created_by'`).pluck().get() as string | undefined) ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
