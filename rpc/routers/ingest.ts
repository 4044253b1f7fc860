import { IngestCsvReport, IngestCsvRequest, PolymarketIngestReport, PolymarketIngestRequest } from '../../contracts/ingest.ts';
import { ingestCsvUnderRoot } from '../../services/csvIngest.ts';
import { ingestPolymarketRequest } from '../../services/liveIngest.ts';
import { publicProcedure, router } from '../trpc.ts';

export const ingestRouter = router({
  csv: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/csv', summary: 'ingest CSV files under the datasets root' } })
    .input(IngestCsvRequest)
    .output(IngestCsvReport)
    .mutation(({ ctx, input }) => ingestCsvUnderRoot(ctx.db, ctx.datasetsRoot, input)),

  polymarket: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/ingest/polymarket', summary: 'live Polymarket ingestion (markets, outcomes, trades from per-market checkpoints) from the upstream the server was started with' } })
    .input(PolymarketIngestRequest)
    .output(PolymarketIngestReport)
    .mutation(({ ctx, input }) => ingestPolymarketRequest(ctx.db, ctx.upstream, input)),
});
