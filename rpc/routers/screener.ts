import { ScreenerPage, ScreenerQuery } from '../../contracts/screener.ts';
import { screenerPage } from '../../services/reads.ts';
import { publicProcedure, router } from '../trpc.ts';

export const screenerRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/screener', summary: 'markets of the latest pipeline run, largest confident divergence first; open markets unless `status` says otherwise' } })
    .input(ScreenerQuery)
    .output(ScreenerPage)
    .query(({ ctx, input }) => screenerPage(ctx.db, input)),
});
