import { z } from 'zod';
import { ReadModels } from '../../store/readModels.ts';
import { ScreenerItem } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const screenerRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/screener', summary: 'markets of the latest pipeline run, largest confident divergence first' } })
    .input(
      z
        .strictObject({
          limit: z.number().int().min(1).max(5000).default(100),
          offset: z.number().int().min(0).default(0),
          sort: z.enum(['divergence', 'confidence', 'integrity', 'market']).default('divergence'),
          category: z.string().optional(),
        })
        .optional(),
    )
    .output(z.object({ items: z.array(ScreenerItem), run_id: z.string().nullable(), as_of: z.string().nullable(), params_hash: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const rm = new ReadModels(ctx.db);
      const run = rm.latestPipeline();
      if (!run) return { items: [], run_id: null, as_of: null, params_hash: null };
      const items = rm.screener(run.run_id, { limit: input?.limit ?? 100, offset: input?.offset ?? 0, sort: input?.sort ?? 'divergence', category: input?.category });
      return { items, run_id: run.run_id, as_of: run.as_of == null ? null : new Date(run.as_of).toISOString(), params_hash: run.params_hash };
    }),
});
