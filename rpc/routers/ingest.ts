import { z } from 'zod';
import { ingestCsv } from '../../ingest/csv.ts';
import { resolveUnderRoot } from '../../services/datasetsPath.ts';
import { defaultParams } from '../../engine/params.ts';
import { ingestPolymarket } from '../../ingest/polymarket/index.ts';
import { IngestCsvReport, ParamsInput, PolymarketIngestReport } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const ingestRouter = router({
  csv: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/csv', summary: 'ingest CSV files under the datasets root' } })
    .input(
      z
        .strictObject({ markets_path: z.string().min(1).optional(), trades_path: z.string().min(1).optional(), outcomes_path: z.string().min(1).optional() })
        .refine((v) => v.markets_path || v.trades_path || v.outcomes_path, { message: 'give at least one of markets_path, trades_path, outcomes_path' }),
    )
    .output(IngestCsvReport)
    .mutation(async ({ ctx, input }) => {
      const at = (p?: string) => (p ? resolveUnderRoot(ctx.datasetsRoot, p) : undefined);
      const report = await ingestCsv(ctx.db, { markets: at(input.markets_path), trades: at(input.trades_path), outcomes: at(input.outcomes_path) });
      return report;
    }),

  polymarket: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/polymarket', summary: 'live Polymarket ingestion (markets, outcomes, trades from per-market checkpoints)' } })
    .input(
      z
        .strictObject({
          params: ParamsInput,
          base_gamma: z.url().optional(),
          base_data: z.url().optional(),
          windows: z.enum(['closed', 'active', 'both']).default('both'),
          max_markets: z.number().int().min(1).max(100_000).optional(),
          lookback_hours: z.number().min(0).max(24 * 30).default(1),
        })
        .optional(),
    )
    .output(PolymarketIngestReport)
    .mutation(async ({ ctx, input }) => {
      const r = await ingestPolymarket(ctx.db, {
        params: input?.params ?? defaultParams,
        baseGamma: input?.base_gamma,
        baseData: input?.base_data,
        windows: input?.windows ?? 'both',
        maxMarkets: input?.max_markets,
        lookbackHours: input?.lookback_hours ?? 1,
      });
      return { ...r, faults: r.faults as Record<string, number> };
    }),
});
