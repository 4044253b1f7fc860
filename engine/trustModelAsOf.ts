import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { TrustModel } from './trustModel.ts';
import { evidenceScalesAndStoreAsOf } from './backtest.ts';
import { ProfileStore } from './profileStore.ts';
import type { Markouts } from './markouts.ts';

/**
 * The trust model a live snapshot as of `asOf` (epoch ms) uses: everything visible by `asOf`
 * (outcomes resolved, markouts known) and, for the 'evidence' aggregator, the evidence scales
 * fitted walk-forward on the markets resolved by then (evidenceScalesAsOf). Pure.
 */
export function trustModelAsOf(tape: Tape, params: EngineParams, asOf: number, opts: { onProgress?: (fraction: number, message: string) => void; markouts?: Markouts } = {}): TrustModel {
  // The walk-forward pass that fits the scales grew a profile store up to its last cutoff − purge
  // (before asOf); advancing that store to asOf gives exactly a fresh one advanced to asOf (sums are
  // added in the same order), at half the cost.
  const { scales, store } = evidenceScalesAndStoreAsOf(tape, params, asOf, opts);
  const model = new TrustModel(tape, params, store ?? new ProfileStore(tape, params, opts.markouts));
  if (scales !== null) model.evidenceScales = scales;
  model.advanceTo(asOf);
  return model;
}
