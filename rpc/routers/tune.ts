import { z } from 'zod';
import { runTune } from '../../services/tune.ts';
import { ParamsInput, TuneReport } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

/** Values per parameter key; every combination is a candidate (keys and values are validated by the engine schema). */
const Grid = z.record(z.string(), z.array(z.union([z.number(), z.string(), z.boolean(), z.array(z.number())])).min(1).max(50));

export const tuneRouter = router({
  run: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/tune',
        summary: 'choose parameters by nested walk-forward: chosen on earlier folds, scored on the next; in-sample beside out-of-sample (nothing stored but the run record)',
      },
    })
    .input(
      z
        .strictObject({
          base: ParamsInput,
          grid: Grid.optional(),
          folds: z.number().int().min(2).max(20).default(4),
          objective: z.enum(['blend', 'smartcrowd']).default('blend'),
        })
        .optional(),
    )
    .output(TuneReport)
    .mutation(async ({ ctx, input }) =>
      runTune(ctx.db, { base: input?.base, grid: input?.grid, folds: input?.folds, objective: input?.objective, tape: ctx.tapes.get() }),
    ),
});
