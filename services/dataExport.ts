import type { Database } from 'better-sqlite3';
import type { DataMarketsPage, DataMarketsQuery, DataTradesPage, DataTradesQuery } from '../contracts/data.ts';
import { DataReads } from '../store/dataReads.ts';

/** Polymarket-style addresses are matched case-insensitively (stored lower-case), as the wallet explorer does. */
const walletId = (w: string) => (/^0x[0-9a-f]+$/i.test(w) ? w.toLowerCase() : w);

/** One page of markets with their resolution (ascending id), and the cursor of the next page (null on the last). */
export function listMarkets(db: Database, q: DataMarketsQuery): DataMarketsPage {
  const items = new DataReads(db).markets({ after: q.cursor ?? '', limit: q.limit });
  return { items, next_cursor: items.length === q.limit ? items[items.length - 1]!.id : null };
}

/**
 * One page of fills of a market and/or a wallet (time order), or of every fill (storage order,
 * for an export), and the cursor of the next page (null on the last): `t:<ts>:<id>` after a
 * filtered read, `i:<id>` after the export. `price` is the named side's price, `size` shares.
 */
export function listTrades(db: Database, q: DataTradesQuery): DataTradesPage {
  const [, a = '0', b = '0'] = (q.cursor ?? '').split(':');
  const after = q.cursor?.startsWith('t:') ? { ts: Number(a), id: Number(b) } : q.cursor?.startsWith('i:') ? { ts: -1, id: Number(a) } : { ts: -1, id: 0 };
  const filtered = q.market_id !== undefined || q.wallet !== undefined;
  const rows = new DataReads(db).trades({ market_id: q.market_id, wallet: q.wallet === undefined ? undefined : walletId(q.wallet), after, limit: q.limit });
  const last = rows[rows.length - 1];
  return {
    items: rows.map(({ id: _id, ...t }) => t),
    next_cursor: rows.length === q.limit && last ? (filtered ? `t:${last.ts}:${last.id}` : `i:${last.id}`) : null,
  };
}
