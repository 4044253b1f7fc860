import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { WeightLookup } from './types.ts';

/**
 * Wallet trust learned from resolved markets, grown incrementally in time order so a
 * walk-forward backtest never sees an outcome before it is visible.
 * (Stub with the final signature: the real profiles land with the engine issue.)
 */
export class TrustModel {
  /** Outcomes resolved at or before this instant (epoch ms) are visible. */
  visibleUntil = -Infinity;

  constructor(readonly tape: Tape, readonly params: EngineParams) {}

  /**
   * Makes visible every market resolved at or before `t` (epoch ms). Calls must be made with
   * non-decreasing `t`. Returns how many markets were added.
   */
  advanceTo(t: number): number {
    if (t < this.visibleUntil) throw new RangeError(`advanceTo(${t}) after advanceTo(${this.visibleUntil}): time must not go back`);
    this.visibleUntil = t;
    return 0;
  }

  /** Trust weight of wallet `w` for market `m` traded as of `asOf`, with its fallback chain. */
  lookup(_w: number, _m: number, _asOf: number): WeightLookup {
    return { weight: this.params.priorWeight, uncertainty: 1, level: 'prior', n_resolved: 0, chain: [{ level: 'prior', n_resolved: 0, used: true }] };
  }
}
