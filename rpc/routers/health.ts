import { z } from 'zod';
import { health } from '../../services/health.ts';
import { publicProcedure, router } from '../trpc.ts';

export const healthRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/health', summary: 'liveness and store counts' } })
    .input(z.void())
    .output(z.object({ status: z.literal('ok'), schema_version: z.number(), counts: z.object({ markets: z.number(), trades: z.number(), outcomes: z.number() }) }))
    .query(({ ctx }) => health(ctx.db)),
});
