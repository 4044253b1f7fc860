import { z } from 'zod';
import { alertsFor } from '../../engine/alerts.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';
import { ReadModels } from '../../store/readModels.ts';
import { publicProcedure, router } from '../trpc.ts';

export const alertsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/alerts', summary: 'markets whose divergence, confidence or integrity cross the thresholds, with the reason' } })
    .input(z.strictObject({ limit: z.number().int().min(1).max(5000).default(100) }).optional())
    .output(
      z.object({
        items: z.array(z.object({ market_id: z.string(), question: z.string().nullable(), kind: z.enum(['divergence', 'integrity']), severity: z.number(), reason: z.string(), snapshot_ts: z.string() })),
        run_id: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => {
      const rm = new ReadModels(ctx.db);
      const run = rm.latestPipeline();
      if (!run) return { items: [], run_id: null };
      const params = run.params_json ? parseParams(JSON.parse(run.params_json)) : defaultParams;
      const items = rm
        .screener(run.run_id, { limit: 1_000_000, offset: 0, sort: 'market' })
        .flatMap((s) => alertsFor(s, params).map((a) => ({ ...a, question: s.question, snapshot_ts: s.snapshot_ts })))
        .sort((a, b) => b.severity - a.severity || (a.market_id < b.market_id ? -1 : 1))
        .slice(0, input?.limit ?? 100);
      return { items, run_id: run.run_id };
    }),
});
