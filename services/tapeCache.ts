import type { Database } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { StatsRepo } from '../store/statsRepo.ts';

/**
 * Keeps one loaded tape per database and reloads it only when the data changed, judged by a cheap
 * fingerprint of the core tables (store/statsRepo.ts).
 */
export class TapeCache {
  private tape: Tape | null = null;
  private key = '';
  private readonly stats: StatsRepo;

  constructor(private readonly db: Database) {
    this.stats = new StatsRepo(db);
  }

  /** The current tape, loading it if the store changed since the last call. */
  get(): Tape {
    const key = this.stats.fingerprint();
    if (!this.tape || key !== this.key) {
      this.tape = loadTape(this.db);
      this.key = key;
    }
    return this.tape;
  }
}
