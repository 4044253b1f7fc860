import { z } from 'zod';
import { defaultParams, EngineParams } from '../../engine/params.ts';
import { gridParams, type ParamGrid } from '../../engine/sweep.ts';
import { previewSnapshot } from '../../services/preview.ts';
import { sweepBacktests } from '../../services/sweep.ts';
import { ParamsInput, Snapshot, SweepResult, TimeInput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

/** Values per parameter key; every combination is one parameter set (keys and values are validated by the engine schema when the grid expands). */
const Grid = z.record(z.string(), z.array(z.union([z.number(), z.array(z.number())])).min(1).max(50));

export const snapshotRouter = router({
  preview: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/snapshot/preview', summary: "a market's SmartCrowd as of a time with parameter overrides (nothing stored)" } })
    .input(z.strictObject({ market_id: z.string().min(1), as_of: TimeInput.optional(), params: ParamsInput }))
    .output(Snapshot)
    .mutation(({ ctx, input }) => {
      const s = previewSnapshot(ctx.tapes.get(), input.market_id, input.params ?? defaultParams, input.as_of);
      return { ...s, as_of: new Date(s.as_of).toISOString() };
    }),
});

export const sweepRouter = router({
  run: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/sweep', summary: 'backtest a grid or a list of parameter sets on the same data (summaries; nothing stored but the run record)' } })
    .input(
      z
        .strictObject({
          base: ParamsInput,
          grid: Grid.optional(),
          sets: z.array(EngineParams).max(1000).optional(),
        })
        .refine((v) => v.grid || v.sets, { message: 'give a grid or a list of parameter sets' }),
    )
    .output(z.object({ run_id: z.string(), n_sets: z.number(), results: z.array(SweepResult) }))
    .mutation(async ({ ctx, input }) => {
      const sets = [...(input.grid ? gridParams(input.base ?? defaultParams, input.grid as ParamGrid) : []), ...(input.sets ?? [])];
      // A file-backed store sweeps on worker threads, so the server keeps answering (and /ops/runs shows the progress).
      const dbPath = ctx.db.memory ? undefined : ctx.db.name;
      const { run_id, results } = await sweepBacktests(ctx.db, sets, { tape: dbPath ? undefined : ctx.tapes.get(), dbPath });
      return { run_id, n_sets: sets.length, results };
    }),
});
