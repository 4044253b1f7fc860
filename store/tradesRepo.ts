import type { Database, Statement } from 'better-sqlite3';
import type { TradeRow } from './rows.ts';

/** Repository of `trades`: idempotent inserts keyed by `external_id`. */
export class TradesRepo {
  private readonly insertStmt: Statement;
  private readonly countStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size, aggressiveness, maker_taker, source, raw_payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(external_id) DO NOTHING`,
    );
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM trades`).pluck();
  }

  /** Inserts one trade; false when its `external_id` is already stored. Call inside a transaction for batches. */
  insert(t: TradeRow): boolean {
    return (
      this.insertStmt.run(
        t.external_id,
        t.market_id,
        t.wallet,
        t.ts,
        t.side,
        t.action,
        t.price,
        t.size,
        t.aggressiveness ?? null,
        t.maker_taker ?? null,
        t.source ?? 'csv',
        t.raw_payload ?? null,
      ).changes === 1
    );
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}
