import { z } from 'zod';
import { screenerPage } from '../../services/reads.ts';
import { Page, PageInput, ScreenerItem } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const screenerRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/screener', summary: 'markets of the latest pipeline run, largest confident divergence first; open markets unless `status` says otherwise' } })
    .input(
      z
        .strictObject({
          ...PageInput(5000, 100),
          sort: z.enum(['divergence', 'confidence', 'integrity', 'market']).default('divergence'),
          category: z.string().max(200).optional(),
          status: z.enum(['open', 'ended', 'resolved', 'all']).default('open').meta({ description: 'which markets: open (default), ended (past their end, unresolved), resolved, or all' }),
        })
        .optional(),
    )
    .output(
      Page(ScreenerItem).extend({
        status: z.enum(['open', 'ended', 'resolved', 'all']).meta({ description: 'the status filter applied' }),
        run_id: z.string().nullable(),
        as_of: z.string().nullable(),
        params_hash: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => screenerPage(ctx.db, { limit: input?.limit ?? 100, offset: input?.offset ?? 0, sort: input?.sort ?? 'divergence', category: input?.category, status: input?.status ?? 'open' })),
});
