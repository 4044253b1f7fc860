import { z } from 'zod';
import { Health } from '../../contracts/health.ts';
import { health } from '../../services/health.ts';
import { publicProcedure, router } from '../trpc.ts';

export const healthRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/health', summary: 'liveness and store counts' } })
    .input(z.void())
    .output(Health)
    .query(({ ctx }) => health(ctx.db)),
});
