import type { Database, Statement } from 'better-sqlite3';

/** How many rows the core tables hold. */
export interface StoreCounts {
  markets: number;
  trades: number;
  outcomes: number;
}

/** Facts about the whole store: row counts, schema version, the newest trade, a change fingerprint. */
export class StatsRepo {
  private readonly countsStmt: Statement;
  private readonly newestStmt: Statement;
  private readonly fingerprintStmt: Statement;

  constructor(private readonly db: Database) {
    this.countsStmt = db.prepare(`SELECT (SELECT count(*) FROM markets) AS markets, (SELECT count(*) FROM trades) AS trades, (SELECT count(*) FROM outcomes) AS outcomes`);
    this.newestStmt = db.prepare(`SELECT max(ts) FROM trades`).pluck();
    // Row counts, the newest trade id, and outcome and market change markers: any write the tape reflects moves it.
    this.fingerprintStmt = db.prepare(
      `SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM trades) || '|' ||
              (SELECT count(*) || ':' || coalesce(sum(resolution_time), 0) || ':' || coalesce(sum(resolved_outcome), 0) FROM outcomes) || '|' ||
              (SELECT count(*) || ':' || coalesce(max(updated_at), 0) FROM markets)`,
    ).pluck();
  }

  counts(): StoreCounts {
    return this.countsStmt.get() as StoreCounts;
  }

  /** The schema version the store is migrated to (`user_version`). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** The instant of the newest trade (epoch ms), or null when the store has none. */
  newestTradeTs(): number | null {
    return (this.newestStmt.get() as number | null) ?? null;
  }

  /** A cheap text that changes whenever trades, outcomes or markets change (a cache key for the tape). */
  fingerprint(): string {
    return this.fingerprintStmt.get() as string;
  }
}
