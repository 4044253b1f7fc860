import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { StoredSnapshot } from './snapshot.ts';

const numN = z.number().nullable();

/** GET /markets/{market_id}: a market, its outcome, its trade statistics and its latest stored snapshot. */
export const MarketDetail = z.object({
  market: z.object({
    id: z.string(),
    question: z.string().nullable(),
    end_time: IsoInstant.nullable(),
    category: z.string().nullable(),
    liquidity: numN,
    resolution_source: z.string().nullable(),
    condition_id: z.string().nullable(),
    is_placeholder: z.boolean(),
    source: z.string(),
  }),
  outcome: z.object({ resolved_outcome: z.union([z.literal(0), z.literal(1)]), resolution_time: IsoInstant, inferred: z.boolean(), source: z.string() }).nullable(),
  trades: z.object({ n_trades: z.number(), n_wallets: z.number(), first_ts: IsoInstant.nullable(), last_ts: IsoInstant.nullable(), volume: z.number() }),
  snapshot: StoredSnapshot.nullable(),
});
export type MarketDetail = z.input<typeof MarketDetail>;

export const MarketGet = z.strictObject({ market_id: z.string().min(1) });
