import type { Database } from 'better-sqlite3';
import { assembleTape, stableSortByTime, type Tape, type TapeMarketInput, type TapeOutcomeInput } from '../engine/tape.ts';

/**
 * Loads the store into a Tape — the same tape `buildTape` gives for the same rows — in one pass
 * over `trades`, holding no per-trade objects or strings:
 * 1. every trade streams through a SQL aggregate function straight into presized typed arrays
 *    (time, price, size, side/action bits, interned market and wallet), in rowid order;
 * 2. the (ts, external_id) order comes from the store: trade positions in `external_id` order are
 *    read from its unique index (SQLite's BINARY collation is code point order, as
 *    engine/tape.ts compareCodePoints), then stably radix-sorted by time;
 * 3. the tape is assembled from those columns (engine/tape.ts assembleTape).
 * All in one read transaction (one consistent snapshot while writers go on). About 37 bytes per
 * trade while loading, on top of the tape's ~43. `maxTs` (epoch ms) keeps only trades at or
 * before it.
 */
export function loadTape(db: Database, opts: { maxTs?: number } = {}): Tape {
  return db.transaction(() => {
    const markets = db.prepare(`SELECT id, question, category, end_time FROM markets`).all() as TapeMarketInput[];
    const outcomes = db.prepare(`SELECT market_id, resolved_outcome, resolution_time FROM outcomes`).all() as TapeOutcomeInput[];
    const { n, firstRowid, lastRowid } = db
      .prepare(`SELECT count(*) AS n, coalesce(min(rowid), 0) AS firstRowid, coalesce(max(rowid), -1) AS lastRowid FROM trades`)
      .get() as { n: number; firstRowid: number; lastRowid: number };
    const ts = new Float64Array(n);
    const price = new Float64Array(n);
    const size = new Float64Array(n);
    const sideAction = new Uint8Array(n);
    const market = new Int32Array(n);
    const wallet = new Int32Array(n);
    const marketIds: string[] = [];
    const walletIds: string[] = [];
    const marketOf = new Map<string, number>();
    const walletOf = new Map<string, number>();
    // Trades are never deleted, so rowids are dense in practice: a trade's position is then rowid − first.
    const rowids = lastRowid - firstRowid + 1 === n ? null : new Float64Array(n);
    let k = 0;
    const byExt = new Int32Array(n);
    let r = 0;
    try {
      // varargs: registered for any argument count, so the replacement below replaces exactly these.
      db.aggregate('sc_tape_trade', {
        start: 0,
        varargs: true,
        // better-sqlite3 types `step` with one value argument; SQLite passes each SQL argument.
        step: ((_acc: number, rowid: number, t: number, m: string, w: string, sa: number, p: number, s: number) => {
          let mi = marketOf.get(m);
          if (mi === undefined) {
            mi = marketIds.push(m) - 1;
            marketOf.set(m, mi);
          }
          let wi = walletOf.get(w);
          if (wi === undefined) {
            wi = walletIds.push(w) - 1;
            walletOf.set(w, wi);
          }
          ts[k] = t;
          price[k] = p;
          size[k] = s;
          sideAction[k] = sa;
          market[k] = mi;
          wallet[k] = wi;
          if (rowids) rowids[k] = rowid;
          k++;
        }) as (acc: number, next: unknown) => void,
        result: () => k,
      });
      db.aggregate('sc_tape_rank', {
        start: 0,
        varargs: true,
        step: (_acc: number, rowid: number) => {
          byExt[r++] = rowids ? search(rowids, rowid) : rowid - firstRowid;
        },
        result: () => r,
      });
      // NOT INDEXED: a plain table scan, in rowid order. The subquery keeps external_id order (the unique index).
      db.prepare(`SELECT sc_tape_trade(rowid, ts, market_id, wallet, (side = 'NO') | ((action = 'SELL') << 1), price, size) FROM trades NOT INDEXED`).pluck().get();
      db.prepare(`SELECT sc_tape_rank(r) FROM (SELECT rowid AS r FROM trades ORDER BY external_id)`).pluck().get();
    } finally {
      // Replace the functions so the connection stops referencing this load's arrays.
      for (const name of ['sc_tape_trade', 'sc_tape_rank']) db.aggregate(name, { start: 0, varargs: true, step: () => 0 });
    }
    if (k !== n || r !== n) throw new Error(`loadTape: read ${k} trades and ${r} index entries, expected ${n}`);
    let order = stableSortByTime(byExt, ts);
    if (opts.maxTs !== undefined) {
      let keep = order.length;
      while (keep > 0 && ts[order[keep - 1]!]! > opts.maxTs) keep--;
      order = order.subarray(0, keep);
    }
    return assembleTape({ n, ts, price, size, sideAction, market, wallet, marketIds, walletIds }, order, markets, outcomes);
  })();
}

/** Position of `rowid` in the ascending `rowids`, or −1. */
function search(rowids: Float64Array, rowid: number): number {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rowids[mid]!;
    if (v === rowid) return mid;
    if (v < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
