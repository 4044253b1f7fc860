import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { trustModelAsOf } from '../engine/trustModelAsOf.ts';
import { computeSnapshot } from '../engine/smartcrowd.ts';
import type { Snapshot } from '../engine/types.ts';
import { NotFoundError } from '../domain/errors.ts';

/**
 * A market's SmartCrowd snapshot as of `asOf` with the given parameters, from outcomes resolved by
 * then — computed in memory, nothing stored. Defaults to the tape's latest trade time.
 * @throws NotFoundError for an unknown market.
 */
export function previewSnapshot(tape: Tape, marketId: string, params: EngineParams, asOf?: number): Snapshot {
  const m = tape.marketIndex.get(marketId);
  if (m === undefined) throw new NotFoundError(`unknown market ${marketId}`);
  const t = asOf ?? (tape.n ? tape.ts[tape.n - 1]! : 0);
  const model = trustModelAsOf(tape, params, t);
  return computeSnapshot(tape, model, m, t, params);
}
