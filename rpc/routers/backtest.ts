import { z } from 'zod';
import { defaultParams } from '../../engine/params.ts';
import { compareParams } from '../../engine/compare.ts';
import { getBacktest, listBacktests, runBacktest } from '../../services/backtest.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { BacktestListItem, BacktestReport, Comparison, Page, PageInput, ParamsInput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const backtestRouter = router({
  run: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/backtest', summary: 'run and store a walk-forward backtest' } })
    .input(z.strictObject({ params: ParamsInput }).optional())
    .output(BacktestReport)
    .mutation(async ({ ctx, input }) => runBacktest(ctx.db, { params: input?.params ?? defaultParams, tape: ctx.tapes.get() })),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/backtest/{run_id}', summary: 'a stored backtest report' } })
    .input(z.strictObject({ run_id: z.string().min(1) }))
    .output(BacktestReport)
    .query(({ ctx, input }) => {
      const r = getBacktest(ctx.db, input.run_id);
      if (!r) throw new NotFoundError(`unknown backtest run ${input.run_id}`);
      return r;
    }),

  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/backtests', summary: 'recent backtest reports (summaries)' } })
    .input(z.strictObject(PageInput(500, 20)).optional())
    .output(Page(BacktestListItem))
    .query(({ ctx, input }) => listBacktests(ctx.db, { limit: input?.limit ?? 20, offset: input?.offset ?? 0 })),

  compare: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/backtest/compare', summary: 'two parameter sets on the same data, with their paired difference (nothing stored)' } })
    .input(z.strictObject({ a: ParamsInput, b: ParamsInput }))
    .output(Comparison)
    .mutation(({ ctx, input }) => compareParams(ctx.tapes.get(), input.a ?? defaultParams, input.b ?? defaultParams)),
});
