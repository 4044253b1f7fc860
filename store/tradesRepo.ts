import type { Database, Statement } from 'better-sqlite3';
import type { TradeRow } from './rows.ts';

/** Rows per multi-row INSERT (12 parameters each; SQLite allows 32,766 per statement). */
export const MULTI_ROWS = 100;

function fill(p: unknown[], o: number, t: TradeRow): void {
  p[o] = t.external_id;
  p[o + 1] = t.market_id;
  p[o + 2] = t.wallet;
  p[o + 3] = t.ts;
  p[o + 4] = t.side;
  p[o + 5] = t.action;
  p[o + 6] = t.price;
  p[o + 7] = t.size;
  p[o + 8] = t.aggressiveness ?? null;
  p[o + 9] = t.maker_taker ?? null;
  p[o + 10] = t.source ?? 'csv';
  p[o + 11] = t.raw_payload ?? null;
}

/** Repository of `trades`: idempotent inserts keyed by `external_id`. */
export class TradesRepo {
  private readonly insertStmt: Statement;
  private readonly countStmt: Statement;
  private readonly manyStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size, aggressiveness, maker_taker, source, raw_payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(external_id) DO NOTHING`,
    );
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM trades`).pluck();
    this.manyStmt = db.prepare(
      `INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size, aggressiveness, maker_taker, source, raw_payload)
       VALUES ${Array.from({ length: MULTI_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT(external_id) DO NOTHING`,
    );
  }

  /**
   * Inserts many trades, MULTI_ROWS per statement (far fewer round trips than one by one); rows
   * whose `external_id` is stored already are skipped. Returns how many were inserted. Call inside
   * a transaction.
   */
  insertMany(rows: readonly TradeRow[]): number {
    let inserted = 0;
    let i = 0;
    const params: unknown[] = new Array(MULTI_ROWS * 12);
    for (; i + MULTI_ROWS <= rows.length; i += MULTI_ROWS) {
      for (let k = 0; k < MULTI_ROWS; k++) fill(params, k * 12, rows[i + k]!);
      inserted += this.manyStmt.run(params).changes;
    }
    for (; i < rows.length; i++) if (this.insert(rows[i]!)) inserted++;
    return inserted;
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
