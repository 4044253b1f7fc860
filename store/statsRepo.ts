import type { Database, Statement } from 'better-sqlite3';

/** How many rows the core tables hold. */
export interface StoreCounts {
  markets: number;
  trades: number;
  outcomes: number;
}

/** Facts about the whole store: row counts, schema version, the newest trade (the tape's change fingerprint is store/tapeFile.ts's storeFingerprint). */
export class StatsRepo {
  private readonly countsStmt: Statement;
  private readonly newestStmt: Statement;

  constructor(private readonly db: Database) {
    this.countsStmt = db.prepare(`SELECT (SELECT count(*) FROM markets) AS markets, (SELECT count(*) FROM trades) AS trades, (SELECT count(*) FROM outcomes) AS outcomes`);
    // The newest trade per market through trades_market_ts (one index seek each; every trade's market
    // is in markets, a foreign key), not a scan of every trade: at 12M trades 1.3 s → milliseconds.
    this.newestStmt = db.prepare(`SELECT max((SELECT max(ts) FROM trades WHERE market_id = m.id)) FROM markets m`).pluck();
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
}
