import { MarketDetail, MarketGet } from '../../contracts/market.ts';
import { marketDetail } from '../../services/reads.ts';
import { publicProcedure, router } from '../trpc.ts';

export const marketsRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/markets/{market_id}', summary: 'a market with its latest SmartCrowd snapshot and explanation' } })
    .input(MarketGet)
    .output(MarketDetail)
    .query(({ ctx, input }) => marketDetail(ctx.db, input.market_id)),
});
