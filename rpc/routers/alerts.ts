import { AlertsPage, AlertsQuery } from '../../contracts/alerts.ts';
import { alertsPage } from '../../services/reads.ts';
import { publicProcedure, router } from '../trpc.ts';

export const alertsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/alerts', summary: 'markets whose divergence, confidence or integrity cross the thresholds, with the reason, most severe first' } })
    .input(AlertsQuery)
    .output(AlertsPage)
    .query(({ ctx, input }) => alertsPage(ctx.db, input)),
});
