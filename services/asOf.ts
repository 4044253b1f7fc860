import type { Database } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';
import { PreconditionError } from '../domain/errors.ts';
import { StatsRepo } from '../store/statsRepo.ts';

/**
 * The one as-of rule of every entry point (CLI, RPC, sync, demo, previews): the instant asked for,
 * else the newest trade in the store. On historical data "now" would see every market closed
 * (an empty screener); on live data the newest trade is, within a sync interval, now.
 * `tape` (already loaded from this store) answers without a query; it holds every stored trade.
 * @returns epoch ms.
 * @throws PreconditionError when nothing was asked for and the store has no trades.
 */
export function resolveAsOf(db: Database, asked?: number, tape?: Tape): number {
  if (asked !== undefined) return asked;
  const newest = newestTrade(db, tape);
  if (newest === null) throw new PreconditionError('the store has no trades yet: ingest data first (or give an as-of instant)');
  return newest;
}

/** The instant of the newest stored trade (epoch ms), or null for a store without trades. */
export function newestTrade(db: Database, tape?: Tape): number | null {
  if (tape) return tape.n > 0 ? tape.ts[tape.n - 1]! : null;
  return new StatsRepo(db).newestTradeTs();
}
