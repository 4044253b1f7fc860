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
        .strictObject({ markets_path: z.string().min(1).max(1024).optional(), trades_path: z.string().min(1).max(1024).optional(), outcomes_path: z.string().min(1).max(1024).optional() })
        .refine((v) => v.markets_path || v.trades_path || v.outcomes_path, { message: 'give at least one of markets_path, trades_path, outcomes_path' }),
    )
    .output(IngestCsvReport)
    .mutation(async ({ ctx, input }) => {
      const at = (p: string | undefined, field: string) => (p ? resolveUnderRoot(ctx.datasetsRoot, p, field) : undefined);
      return ingestCsv(ctx.db, {
        markets: at(input.markets_path, 'markets_path'),
        trades: at(input.trades_path, 'trades_path'),
        outcomes: at(input.outcomes_path, 'outcomes_path'),
      });
    }),

  polymarket: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/polymarket', summary: 'live Polymarket ingestion (markets, outcomes, trades from per-market checkpoints) from the upstream the server was started with' } })
    .input(
      z
        .strictObject({
          params: ParamsInput,
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
        // Upstream URLs are the operator's (serve --base-gamma/--base-data), never the caller's.
        baseGamma: ctx.upstream.baseGamma,
        baseData: ctx.upstream.baseData,
        windows: input?.windows ?? 'both',
        maxMarkets: input?.max_markets,
        lookbackHours: input?.lookback_hours ?? 1,
      });
      return { ...r, faults: r.faults as Record<string, number> };
    }),
});
