import { z } from 'zod';
import { alertsPage } from '../../services/reads.ts';
import { Alert, Page, PageInput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const alertsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/alerts', summary: 'markets whose divergence, confidence or integrity cross the thresholds, with the reason, most severe first' } })
    .input(z.strictObject(PageInput(5000, 100)).optional())
    .output(Page(Alert).extend({ run_id: z.string().nullable() }))
    .query(({ ctx, input }) => alertsPage(ctx.db, { limit: input?.limit ?? 100, offset: input?.offset ?? 0 })),
});
