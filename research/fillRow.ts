import type { Rng } from '../engine/rng.ts';
import type { TapeTradeInput } from '../engine/tape.ts';

/**
 * The tape row of a fill that moves YES in direction d (+1 up, −1 down) at YES price `yes`, written
 * — a coin from `rng` — as a trade of YES (BUY up, SELL down) or of NO (SELL up, BUY down) at that
 * side's price; price clipped to [0.001, 0.999] and rounded to 4 decimals, size to cents (≥ 1).
 * The research worlds' (foreignWorld.ts, crowdWorld.ts) way of writing what their traders do.
 */
export function fillRow(rng: Rng, externalId: string, marketId: string, wallet: string, t: number, d: 1 | -1, yes: number, size: number): TapeTradeInput {
  const side: 'YES' | 'NO' = rng() < 0.5 ? 'YES' : 'NO';
  const action: 'BUY' | 'SELL' = side === 'YES' ? (d > 0 ? 'BUY' : 'SELL') : d > 0 ? 'SELL' : 'BUY';
  const price = side === 'YES' ? yes : 1 - yes;
  return { external_id: externalId, market_id: marketId, wallet, ts: Math.floor(t / 1000) * 1000, side, action, price: Math.round(Math.min(0.999, Math.max(0.001, price)) * 1e4) / 1e4, size: Math.round(Math.max(1, size) * 100) / 100 };
}
