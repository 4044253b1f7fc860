import { z } from 'zod';
import { ReadModels } from '../../store/readModels.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { MarketDetail } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const marketsRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/markets/{market_id}', summary: 'a market with its latest SmartCrowd snapshot and explanation' } })
    .input(z.strictObject({ market_id: z.string().min(1) }))
    .output(MarketDetail)
    .query(({ ctx, input }) => {
      const m = new ReadModels(ctx.db).market(input.market_id);
      if (!m) throw new NotFoundError(`unknown market ${input.market_id}`);
      return m;
    }),
});
