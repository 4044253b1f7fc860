import { MetricsPage, MetricsQuery, RunsPage, RunsQuery } from '../../contracts/runs.ts';
import { metricsPage, runsPage } from '../../services/reads.ts';
import { publicProcedure, router } from '../trpc.ts';

export const opsRouter = router({
  runs: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/runs', summary: 'runs (ingest, pipeline, backtest, sweep, tune, sync), newest first, with status and progress' } })
    .input(RunsQuery)
    .output(RunsPage)
    .query(({ ctx, input }) => runsPage(ctx.db, input)),

  metrics: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/metrics', summary: 'counters and per-procedure latency (p50/p95/p99)' } })
    .input(MetricsQuery)
    .output(MetricsPage)
    .query(({ ctx, input }) => metricsPage(ctx.db, input)),
});
