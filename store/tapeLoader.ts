import type { Database } from 'better-sqlite3';
import { TapeBuilder, type Tape } from '../engine/tape.ts';

/**
 * Loads the whole store into a Tape in one pass per table (streaming rows, no intermediate
 * object arrays for trades). Optionally only trades at or before `maxTs` (epoch ms).
 */
export function loadTape(db: Database, opts: { maxTs?: number } = {}): Tape {
  const b = new TapeBuilder();
  for (const m of db.prepare(`SELECT id, question, category, end_time FROM markets`).iterate() as Iterable<{
    id: string; question: string | null; category: string | null; end_time: number | null;
  }>) b.addMarket(m);
  for (const o of db.prepare(`SELECT market_id, resolved_outcome, resolution_time FROM outcomes`).iterate() as Iterable<{
    market_id: string; resolved_outcome: 0 | 1; resolution_time: number;
  }>) b.addOutcome(o);
  const sql =
    `SELECT external_id, market_id, wallet, ts, side, action, price, size FROM trades` +
    (opts.maxTs === undefined ? '' : ` WHERE ts <= ?`);
  const stmt = db.prepare(sql);
  const rows = (opts.maxTs === undefined ? stmt.iterate() : stmt.iterate(opts.maxTs)) as Iterable<{
    external_id: string; market_id: string; wallet: string; ts: number; side: 'YES' | 'NO'; action: 'BUY' | 'SELL'; price: number; size: number;
  }>;
  for (const t of rows) b.addTrade(t);
  return b.build();
}
