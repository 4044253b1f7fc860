import { z } from 'zod';
import { metricsPage, runsPage } from '../../services/reads.ts';
import { MetricsItem, Page, PageInput, Run } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

const KINDS = ['ingest-csv', 'ingest-polymarket', 'pipeline', 'backtest', 'sweep', 'sync-cycle', 'demo'] as const;

export const opsRouter = router({
  runs: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/runs', summary: 'runs (ingest, pipeline, backtest, sweep, sync), newest first, with status and progress' } })
    .input(z.strictObject({ ...PageInput(1000, 50), kind: z.enum(KINDS).optional() }).optional())
    .output(Page(Run))
    .query(({ ctx, input }) => runsPage(ctx.db, { limit: input?.limit ?? 50, offset: input?.offset ?? 0, kind: input?.kind })),

  metrics: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/metrics', summary: 'counters and per-procedure latency (p50/p95/p99)' } })
    .input(z.strictObject(PageInput(1000, 1000)).optional())
    .output(Page(MetricsItem))
    .query(({ ctx, input }) => metricsPage(ctx.db, { limit: input?.limit ?? 1000, offset: input?.offset ?? 0 })),
});
