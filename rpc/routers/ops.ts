import { z } from 'zod';
import { ReadModels } from '../../store/readModels.ts';
import { Run, runOut } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

const KINDS = ['ingest-csv', 'ingest-polymarket', 'pipeline', 'backtest', 'sweep', 'sync-cycle', 'demo'] as const;

export const opsRouter = router({
  runs: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/runs', summary: 'recent runs (ingest, pipeline, backtest, sweep, sync) with status and progress' } })
    .input(z.strictObject({ limit: z.number().int().min(1).max(1000).default(50), kind: z.enum(KINDS).optional() }).optional())
    .output(z.object({ items: z.array(Run) }))
    .query(({ ctx, input }) => ({ items: new ReadModels(ctx.db).runs_({ limit: input?.limit ?? 50, kind: input?.kind }).map(runOut) })),

  metrics: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/ops/metrics', summary: 'counters and per-procedure latency (p50/p95/p99)' } })
    .input(z.void())
    .output(z.object({ items: z.array(z.looseObject({ name: z.string(), label: z.string(), count: z.number(), errors: z.number() })) }))
    .query(({ ctx }) => ({ items: new ReadModels(ctx.db).metrics() as { name: string; label: string; count: number; errors: number }[] })),
});
