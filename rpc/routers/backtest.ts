import { BacktestGet, BacktestListItem, BacktestListQuery, BacktestReport, BacktestRequest, Comparison, CompareRequest } from '../../contracts/backtest.ts';
import { Page } from '../../contracts/paging.ts';
import { compareParamSets, listBacktests, runBacktest, storedBacktest } from '../../services/backtest.ts';
import { publicProcedure, router } from '../trpc.ts';

export const backtestRouter = router({
  run: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/backtest', summary: 'run and store a walk-forward backtest' } })
    .input(BacktestRequest)
    .output(BacktestReport)
    .mutation(({ ctx, input }) => runBacktest(ctx.db, { params: input.params, tape: ctx.tapes.get() })),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/backtest/{run_id}', summary: 'a stored backtest report' } })
    .input(BacktestGet)
    .output(BacktestReport)
    .query(({ ctx, input }) => storedBacktest(ctx.db, input.run_id)),

  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/backtests', summary: 'recent backtest reports (summaries)' } })
    .input(BacktestListQuery)
    .output(Page(BacktestListItem))
    .query(({ ctx, input }) => listBacktests(ctx.db, input)),

  compare: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/backtest/compare', summary: 'two parameter sets on the same data, with their paired difference (nothing stored)' } })
    .input(CompareRequest)
    .output(Comparison)
    .mutation(({ ctx, input }) => compareParamSets(ctx.tapes.get(), input.a, input.b)),
});
