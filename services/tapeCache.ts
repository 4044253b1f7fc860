import type { Database } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { storeFingerprint } from '../store/tapeFile.ts';

/**
 * Keeps one loaded tape per database and reloads it only when the data changed, judged by the
 * store's fingerprint (store/tapeFile.ts: trade, market and outcome counts, ids and change markers).
 */
export class TapeCache {
  private tape: Tape | null = null;
  private key = '';

  constructor(private readonly db: Database) {}

  /**
   * The current tape, loading it if the store changed since the last call. The stale tape is
   * dropped before the new one loads, so at most one is held here (callers still using the old one
   * keep it alive until they finish).
   */
  get(): Tape {
    const key = storeFingerprint(this.db);
    if (!this.tape || key !== this.key) {
      this.tape = null;
      this.tape = loadTape(this.db);
      this.key = key;
    }
    return this.tape;
  }
}
