import { z } from 'zod';
import { ReadModels } from '../../store/readModels.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { asOutput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

const MarketDetail = z.object({ market: z.looseObject({ id: z.string() }), outcome: z.looseObject({}).nullable(), trades: z.looseObject({}), snapshot: z.looseObject({}).nullable() });

export const marketsRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/markets/{market_id}', summary: 'a market with its latest SmartCrowd snapshot and explanation' } })
    .input(z.strictObject({ market_id: z.string().min(1) }))
    .output(MarketDetail)
    .query(({ ctx, input }) => {
      const m = new ReadModels(ctx.db).market(input.market_id);
      if (!m) throw new NotFoundError(`unknown market ${input.market_id}`);
      return asOutput(MarketDetail, m);
    }),
});
