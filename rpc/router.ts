import { router } from './trpc.ts';
import { healthRouter } from './routers/health.ts';
import { ingestRouter } from './routers/ingest.ts';
import { pipelineRouter } from './routers/pipeline.ts';
import { screenerRouter } from './routers/screener.ts';
import { marketsRouter } from './routers/markets.ts';
import { walletsRouter } from './routers/wallets.ts';
import { backtestRouter } from './routers/backtest.ts';
import { alertsRouter } from './routers/alerts.ts';
import { opsRouter } from './routers/ops.ts';
import { paramsRouter } from './routers/params.ts';
import { snapshotRouter, sweepRouter } from './routers/research.ts';
import { dataRouter } from './routers/data.ts';
import { tuneRouter } from './routers/tune.ts';

/** The one router: every domain, for the typed client (/trpc) and the REST-style paths alike. */
export const appRouter = router({
  health: healthRouter,
  ingest: ingestRouter,
  pipeline: pipelineRouter,
  screener: screenerRouter,
  markets: marketsRouter,
  wallets: walletsRouter,
  backtest: backtestRouter,
  alerts: alertsRouter,
  ops: opsRouter,
  params: paramsRouter,
  snapshot: snapshotRouter,
  sweep: sweepRouter,
  tune: tuneRouter,
  // Raw markets and fills, for clients that compute locally (notebooks).
  data: dataRouter,
});

export type AppRouter = typeof appRouter;
