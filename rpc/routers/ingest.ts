import { z } from 'zod';
import { ingestCsv } from '../../ingest/csv.ts';
import { resolveUnderRoot } from '../../services/datasetsPath.ts';
import { PreconditionError } from '../errors.ts';
import { ParamsInput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

const Report = z.looseObject({
  inserted: z.object({ markets: z.number(), trades: z.number(), outcomes: z.number() }),
  duplicates: z.number(),
  rejected: z.array(z.object({ file: z.string(), row: z.number(), column: z.string(), reason: z.string() })),
});

export const ingestRouter = router({
  csv: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/csv', summary: 'ingest CSV files under the datasets root' } })
    .input(
      z
        .strictObject({ markets_path: z.string().min(1).optional(), trades_path: z.string().min(1).optional(), outcomes_path: z.string().min(1).optional() })
        .refine((v) => v.markets_path || v.trades_path || v.outcomes_path, { message: 'give at least one of markets_path, trades_path, outcomes_path' }),
    )
    .output(Report)
    .mutation(async ({ ctx, input }) => {
      const at = (p?: string) => (p ? resolveUnderRoot(ctx.datasetsRoot, p) : undefined);
      const report = await ingestCsv(ctx.db, { markets: at(input.markets_path), trades: at(input.trades_path), outcomes: at(input.outcomes_path) });
      return { ...report };
    }),

  polymarket: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/polymarket', summary: 'live Polymarket ingestion' } })
    .input(z.strictObject({ params: ParamsInput }).optional())
    .output(z.looseObject({}))
    .mutation(async () => {
      throw new PreconditionError('live Polymarket ingestion is not available in this build');
    }),
});
