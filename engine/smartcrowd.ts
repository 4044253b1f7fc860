import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { TrustModel } from './model.ts';
import type { Snapshot } from './types.ts';
import { marketProbAt } from './marketPrice.ts';

/**
 * SmartCrowd snapshot of market `m` as of `asOf` (epoch ms), using only fills at or before asOf
 * and the trust `model` (whose visible outcomes the caller controls).
 * (Stub with the final signature: the real aggregate lands with the engine issue.)
 */
export function computeSnapshot(tape: Tape, _model: TrustModel, m: number, asOf: number, params: EngineParams): Snapshot {
  const market_prob = marketProbAt(tape, m, asOf);
  const wallets = new Set<number>();
  let num = 0;
  let den = 0;
  for (let k = tape.marketStart[m]!; k < tape.marketStart[m + 1]!; k++) {
    const i = tape.byMarket[k]!;
    if (tape.ts[i]! > asOf) break;
    wallets.add(tape.wallet[i]!);
    const w = Math.sqrt(tape.size[i]!);
    num += w * (tape.dir[i] === 1 ? Math.min(0.99, tape.yesPrice[i]! + 0.05) : Math.max(0.01, tape.yesPrice[i]! - 0.05));
    den += w;
  }
  const smartcrowd_prob = wallets.size >= params.minWallets && den > 0 ? num / den : null;
  return {
    market_id: tape.marketIds[m]!,
    as_of: asOf,
    market_prob,
    smartcrowd_prob,
    divergence: smartcrowd_prob != null && market_prob != null ? smartcrowd_prob - market_prob : null,
    disagreement: 0,
    effective_n: wallets.size,
    integrity_risk: 0,
    confidence: 0,
    n_wallets: wallets.size,
    top_drivers: [],
    cohort_summary: [],
    flip_conditions: { side: 'none', opposing_weight_to_flip: null, pivotal_wallets: [], summary: 'stub' },
    explanation: { headline: 'stub', reasons: [], components: {}, integrity: { concentration: 0, wash_share: 0, fresh_whale_share: 0, flags: [] } },
  };
}
