import type { Database, Statement } from 'better-sqlite3';
import type { TapeTradeInput } from '../engine/tape.ts';

/** A market with its resolution, as the raw-data export shows it (instants epoch ms). */
export interface MarketRecord {
  id: string;
  question: string | null;
  category: string | null;
  end_time: number | null;
  /** 1 YES, 0 NO; null while unresolved. */
  resolved_outcome: 0 | 1 | null;
  resolution_time: number | null;
}

/** One fill as stored (the engine's trade input: ts epoch ms, price of the named side, size in shares) with its row id. */
export interface TradeRecord extends TapeTradeInput {
  id: number;
}

/**
 * Raw-data reads for clients that compute locally (notebooks build an engine Tape from them):
 * markets with outcomes, and fills filtered by market and/or wallet. Keyset-paged, so a page costs
 * the same wherever it starts; statements prepared once.
 */
export class DataReads {
  private readonly marketsStmt: Statement;
  private readonly byMarket: Statement;
  private readonly byWallet: Statement;
  private readonly all: Statement;

  constructor(db: Database) {
    this.marketsStmt = db.prepare(
      `SELECT m.id, m.question, m.category, m.end_time, o.resolved_outcome, o.resolution_time
         FROM markets m LEFT JOIN outcomes o ON o.market_id = m.id
        WHERE m.id > @after ORDER BY m.id LIMIT @limit`,
    );
    // Filtered reads walk trades_market_ts / trades_wallet_ts in time order, after the fill (@ts, @id).
    this.byMarket = db.prepare(
      `SELECT id, external_id, market_id, wallet, ts, side, action, price, size FROM trades
        WHERE market_id = @market_id AND (@wallet IS NULL OR wallet = @wallet) AND (ts > @ts OR (ts = @ts AND id > @id))
        ORDER BY ts, id LIMIT @limit`,
    );
    this.byWallet = db.prepare(
      `SELECT id, external_id, market_id, wallet, ts, side, action, price, size FROM trades
        WHERE wallet = @wallet AND (ts > @ts OR (ts = @ts AND id > @id))
        ORDER BY ts, id LIMIT @limit`,
    );
    // The unfiltered export walks the table in storage order (no sort over every trade per page).
    this.all = db.prepare(`SELECT id, external_id, market_id, wallet, ts, side, action, price, size FROM trades WHERE id > @id ORDER BY id LIMIT @limit`);
  }

  /** Markets with id > `after`, ascending by id. */
  markets(opts: { after: string; limit: number }): MarketRecord[] {
    return this.marketsStmt.all({ after: opts.after, limit: opts.limit }) as MarketRecord[];
  }

  /**
   * Fills of a market and/or a wallet in time order (ts, then id), after the fill (`ts`, `id`); or,
   * with neither filter, every fill in storage order after `id`.
   */
  trades(opts: { market_id?: string; wallet?: string; after: { ts: number; id: number }; limit: number }): TradeRecord[] {
    const { after, limit } = opts;
    if (opts.market_id !== undefined) return this.byMarket.all({ market_id: opts.market_id, wallet: opts.wallet ?? null, ts: after.ts, id: after.id, limit }) as TradeRecord[];
    if (opts.wallet !== undefined) return this.byWallet.all({ wallet: opts.wallet, ts: after.ts, id: after.id, limit }) as TradeRecord[];
    return this.all.all({ id: after.id, limit }) as TradeRecord[];
  }
}
