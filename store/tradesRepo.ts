import type { Database, Statement } from 'better-sqlite3';
import type { TradeRow } from './rows.ts';

/** Rows per multi-row INSERT (12 parameters each; SQLite allows 32,766 per statement). */
export const MULTI_ROWS = 100;
/** Rows per multi-row INSERT of columnar batches (8 or 10 parameters each). */
export const COLUMN_ROWS = 500;

/**
 * A batch of trades as columns (ingest/csvBatches.ts TradeBatch has this shape): market, wallet and
 * maker/taker values are indexes into the tables passed beside it, external id k is
 * `ext.slice(extEnd[k − 1] ?? 0, extEnd[k])`. Source is 'csv', raw payload null.
 */
export interface TradeColumns {
  n: number;
  /** epoch ms UTC */
  ts: Float64Array;
  price: Float64Array;
  size: Float64Array;
  /** NaN = null; null = no such column. */
  aggressiveness: Float64Array | null;
  /** bit 0 = side NO, bit 1 = action SELL */
  sideAction: Uint8Array;
  market: Int32Array;
  wallet: Int32Array;
  /** −1 = null; null = no such column. */
  makerTaker: Int32Array | null;
  ext: string;
  extEnd: Int32Array;
}


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
  private readonly maxIdStmt: Statement;
  private readonly manyStmt: Statement;
  private readonly columnStmts = new Map<number, Statement>();

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size, aggressiveness, maker_taker, source, raw_payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(external_id) DO NOTHING`,
    );
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM trades`).pluck();
    this.maxIdStmt = db.prepare(`SELECT coalesce(max(id), 0) FROM trades`).pluck();
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

  /**
   * Inserts a columnar batch, COLUMN_ROWS rows per statement, skipping external ids stored
   * already; returns how many were inserted. Call inside a transaction. Stores exactly what
   * `insert` would store for the same trades. Side and action travel as one small integer (text
   * parameters cost several times a number's binding).
   */
  insertColumns(b: TradeColumns, tables: { markets: readonly string[]; wallets: readonly string[]; makerTakers: readonly string[] }): number {
    const full = b.aggressiveness !== null || b.makerTaker !== null;
    const P = full ? 9 : 7;
    const { markets, wallets, makerTakers } = tables;
    const { ts, price, size, aggressiveness: ag, sideAction, market, wallet, makerTaker: mt, ext, extEnd } = b;
    const params: unknown[] = new Array(Math.min(COLUMN_ROWS, b.n) * P);
    let inserted = 0;
    for (let i = 0; i < b.n; i += COLUMN_ROWS) {
      const rows = Math.min(COLUMN_ROWS, b.n - i);
      if (params.length !== rows * P) params.length = rows * P;
      for (let r = 0, o = 0; r < rows; r++, o += P) {
        const k = i + r;
        params[o] = ext.slice(k === 0 ? 0 : extEnd[k - 1]!, extEnd[k]!);
        params[o + 1] = markets[market[k]!];
        params[o + 2] = wallets[wallet[k]!];
        params[o + 3] = ts[k];
        params[o + 4] = sideAction[k];
        params[o + 5] = price[k];
        params[o + 6] = size[k];
        if (full) {
          const a = ag ? ag[k]! : NaN;
          params[o + 7] = a === a ? a : null;
          const m = mt ? mt[k]! : -1;
          params[o + 8] = m < 0 ? null : makerTakers[m];
        }
      }
      inserted += this.columnStatement(full, rows).run(params).changes;
    }
    return inserted;
  }

  /** The multi-row INSERT of `rows` columnar rows (cached: full batches, and the odd last one). */
  private columnStatement(full: boolean, rows: number): Statement {
    const key = (full ? 100_000 : 0) + rows;
    let st = this.columnStmts.get(key);
    if (!st) {
      if (this.columnStmts.size >= 8) this.columnStmts.clear();
      // Placeholders only: the SQL text carries no data. Side/action bits: 1 = NO, 2 = SELL.
      const group = full ? '(?, ?, ?, ?, ?, ?, ?, ?, ?)' : '(?, ?, ?, ?, ?, ?, ?)';
      const sql =
        `INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size${full ? ', aggressiveness, maker_taker' : ''})
         SELECT column1, column2, column3, column4, iif(column5 & 1, 'NO', 'YES'), iif(column5 & 2, 'SELL', 'BUY'), column6, column7${full ? ', column8, column9' : ''}
         FROM (VALUES ${Array.from({ length: rows }, () => group).join(', ')}) WHERE true
         ON CONFLICT(external_id) DO NOTHING`;
      st = this.db.prepare(sql);
      this.columnStmts.set(key, st);
    }
    return st;
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

  /** The highest trade rowid (0 for an empty table): a cheap upper bound of the row count. */
  maxId(): number {
    return this.maxIdStmt.get() as number;
  }
}
