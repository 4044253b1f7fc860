import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { trustModelAsOf } from '../engine/trustModelAsOf.ts';
import { computeSnapshot } from '../engine/smartcrowd.ts';
import type { Snapshot } from '../engine/types.ts';
import { NotFoundError } from '../domain/errors.ts';
import { resolveAsOf } from './asOf.ts';

/**
 * A market's SmartCrowd snapshot as of `as_of` (default: the newest trade in the store, the as-of
 * rule of every entry point) with the given parameters, from outcomes resolved by then — computed
 * in memory, nothing stored.
 * @throws NotFoundError for an unknown market; PreconditionError for a store without trades and no `as_of`.
 */
export function previewSnapshot(db: Database, tape: Tape, q: { market_id: string; params: EngineParams; as_of?: number }): Snapshot {
  const m = tape.marketIndex.get(q.market_id);
  if (m === undefined) throw new NotFoundError(`unknown market ${q.market_id}`);
  const t = resolveAsOf(db, q.as_of, tape);
  const model = trustModelAsOf(tape, q.params, t);
  return computeSnapshot(tape, model, m, t, q.params);
}
