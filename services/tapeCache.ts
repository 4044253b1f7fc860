import type { Database, Statement } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';
import { loadTape } from '../store/tapeLoader.ts';

/**
 * Keeps one loaded tape per database and reloads it only when the data changed, judged by a cheap
 * fingerprint of the core tables (row counts, newest ids, outcome and market change markers).
 */
export class TapeCache {
  private tape: Tape | null = null;
  private key = '';
  private readonly fp: Statement;

  constructor(private readonly db: Database) {
    this.fp = db.prepare(
      `SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM trades) || '|' ||
              (SELECT count(*) || ':' || coalesce(sum(resolution_time), 0) || ':' || coalesce(sum(resolved_outcome), 0) FROM outcomes) || '|' ||
              (SELECT count(*) || ':' || coalesce(max(updated_at), 0) FROM markets)`,
    ).pluck();
  }

  /**
   * The current tape, loading it if the store changed since the last call. The stale tape is
   * dropped before the new one loads, so at most one is held here (callers still using the old one
   * keep it alive until they finish).
   */
  get(): Tape {
    const key = this.fp.get() as string;
    if (!this.tape || key !== this.key) {
      this.tape = null;
      this.tape = loadTape(this.db);
      this.key = key;
    }
    return this.tape;
  }
}
