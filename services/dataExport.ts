import type { Database } from 'better-sqlite3';
import { DataReads } from '../store/dataReads.ts';

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** Polymarket-style addresses are matched case-insensitively (stored lower-case), as the wallet explorer does. */
const walletId = (w: string) => (/^0x[0-9a-f]+$/i.test(w) ? w.toLowerCase() : w);

/**
 * One page of markets with their resolution (ascending id), and the cursor of the next page (null
 * on the last). Instants ISO 8601.
 */
export function listMarkets(db: Database, opts: { cursor?: string; limit: number }) {
  const rows = new DataReads(db).markets({ after: opts.cursor ?? '', limit: opts.limit });
  return {
    items: rows.map((m) => ({
      id: m.id,
      question: m.question,
      category: m.category,
      end_time: iso(m.end_time),
      resolved_outcome: m.resolved_outcome,
      resolution_time: iso(m.resolution_time),
    })),
    next_cursor: rows.length === opts.limit ? rows[rows.length - 1]!.id : null,
  };
}

/**
 * The cursor of a trades page: `t:<ts>:<id>` for a filtered (time-ordered) read, `i:<id>` for the
 * unfiltered export (storage order).
 */
export const TRADES_CURSOR = /^(t:\d+:\d+|i:\d+)$/;

/**
 * One page of fills of a market and/or a wallet (time order), or of every fill (storage order,
 * for an export), and the cursor of the next page (null on the last). `ts` ISO 8601, `price` the
 * named side's price, `size` shares.
 */
export function listTrades(db: Database, opts: { market_id?: string; wallet?: string; cursor?: string; limit: number }) {
  const [, a = '0', b = '0'] = (opts.cursor ?? '').split(':');
  const after = opts.cursor?.startsWith('t:') ? { ts: Number(a), id: Number(b) } : opts.cursor?.startsWith('i:') ? { ts: -1, id: Number(a) } : { ts: -1, id: 0 };
  const filtered = opts.market_id !== undefined || opts.wallet !== undefined;
  const rows = new DataReads(db).trades({ market_id: opts.market_id, wallet: opts.wallet === undefined ? undefined : walletId(opts.wallet), after, limit: opts.limit });
  const last = rows[rows.length - 1];
  return {
    items: rows.map(({ id: _id, ts, ...t }) => ({ ...t, ts: iso(ts)! })),
    next_cursor: rows.length === opts.limit && last ? (filtered ? `t:${last.ts}:${last.id}` : `i:${last.id}`) : null,
  };
}
