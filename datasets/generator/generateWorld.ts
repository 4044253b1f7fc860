import { planWorld } from './planWorld.ts';
import { simulateMarket } from './simulateMarket.ts';
import { resolveWorldOptions, type WorldOptions } from './worldOptions.ts';
import { marketRow, outcomeRow } from './worldRows.ts';
import { WorldTruthBuilder } from './WorldTruthBuilder.ts';
import type { OutcomeRow, TradeRow, World } from './worldTypes.ts';

/**
 * Generates a whole synthetic market world in memory: markets, fills, outcomes and the ground
 * truth. Pure given the options (seeded; no clock, no Math.random). For large worlds prefer
 * `writeWorldCsv`, which streams market by market instead of holding every fill.
 * @throws WorldOptionsError for invalid options.
 */
export function generateWorld(opts: WorldOptions = {}): World {
  const world = planWorld(resolveWorldOptions(opts));
  const truth = new WorldTruthBuilder(world);
  const trades: TradeRow[] = [];
  for (const plan of world.markets) {
    const sim = simulateMarket(world, plan, trades.length + 1);
    for (const t of sim.trades) trades.push(t);
    truth.addMarket(plan, sim);
  }
  return {
    baseTime: world.baseMs,
    now: world.nowMs,
    markets: world.markets.map(marketRow),
    trades,
    outcomes: world.markets.map(outcomeRow).filter((o): o is OutcomeRow => o !== null),
    truth: truth.finish(),
  };
}
