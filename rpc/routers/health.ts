import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

export const healthRouter = router({
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/health', summary: 'liveness and store counts' } })
    .input(z.void())
    .output(z.object({ status: z.literal('ok'), schema_version: z.number(), counts: z.object({ markets: z.number(), trades: z.number(), outcomes: z.number() }) }))
    .query(({ ctx }) => {
      const c = ctx.db.prepare(`SELECT (SELECT count(*) FROM markets) AS markets, (SELECT count(*) FROM trades) AS trades, (SELECT count(*) FROM outcomes) AS outcomes`).get() as {
        markets: number; trades: number; outcomes: number;
      };
      return { status: 'ok' as const, schema_version: ctx.db.pragma('user_version', { simple: true }) as number, counts: c };
    }),
});
