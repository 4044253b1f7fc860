import { CATEGORIES } from './categories.ts';
import type { MarketPlan } from './planWorld.ts';
import type { MarketRow, OutcomeRow } from './worldTypes.ts';

/** The `markets.csv` row of a planned market. */
export function marketRow(plan: MarketPlan): MarketRow {
  return {
    id: plan.id,
    question: plan.question,
    end_time: plan.scheduledEndMs,
    category: CATEGORIES[plan.category]!.name,
    liquidity: plan.liquidity,
    resolution_source: plan.resolutionSource,
  };
}

/** The `outcomes.csv` row of a planned market, or null while it is open. */
export function outcomeRow(plan: MarketPlan): OutcomeRow | null {
  return plan.open ? null : { market_id: plan.id, resolved_outcome: plan.outcome, resolution_time: plan.resolutionMs };
}
