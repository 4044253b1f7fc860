import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { Page, PageInput } from './paging.ts';

const numN = z.number().nullable();

/** A market's status as of a snapshot: resolved (outcome known by then), ended (past its end, unresolved) or open. */
export const MarketStatus = z.enum(['open', 'ended', 'resolved']);
export type MarketStatus = z.output<typeof MarketStatus>;
/** Which markets a screener read lists: one status, or `all`. */
export const StatusFilter = z.enum(['open', 'ended', 'resolved', 'all']);
export type StatusFilter = z.output<typeof StatusFilter>;
export const ScreenerSort = z.enum(['divergence', 'confidence', 'integrity', 'market']);
export type ScreenerSort = z.output<typeof ScreenerSort>;

/** One market of the screener: its latest snapshot's numbers (`snapshot_ts` = the snapshot's as-of). */
export const ScreenerItem = z.object({
  market_id: z.string(),
  question: z.string().nullable(),
  category: z.string().nullable(),
  end_time: IsoInstant.nullable(),
  market_prob: numN,
  smartcrowd_prob: numN,
  divergence: numN,
  confidence: z.number(),
  integrity_risk: z.number(),
  n_wallets: z.number(),
  effective_n: numN,
  snapshot_ts: IsoInstant,
  status: MarketStatus.meta({ description: 'as of the snapshot: resolved (outcome known), ended (past its end, unresolved) or open' }),
});
export type ScreenerItem = z.input<typeof ScreenerItem>;

/** GET /screener. */
export const ScreenerQuery = z
  .strictObject({
    ...PageInput(5000, 100),
    sort: ScreenerSort.default('divergence'),
    category: z.string().max(200).optional(),
    status: StatusFilter.default('open').meta({ description: 'which markets: open (default), ended (past their end, unresolved), resolved, or all' }),
  })
  .prefault({});
export type ScreenerQuery = z.output<typeof ScreenerQuery>;

/** A page of the screener, with the filter applied and the pipeline run it shows (nulls before any run). */
export const ScreenerPage = Page(ScreenerItem).extend({
  status: StatusFilter.meta({ description: 'the status filter applied' }),
  run_id: z.string().nullable(),
  as_of: IsoInstant.nullable(),
  params_hash: z.string().nullable(),
});
