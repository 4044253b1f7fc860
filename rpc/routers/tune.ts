import { TuneReport, TuneRequest } from '../../contracts/tune.ts';
import { runTune } from '../../services/tune.ts';
import { publicProcedure, router } from '../trpc.ts';

export const tuneRouter = router({
  run: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/tune',
        summary: 'choose parameters by nested walk-forward: chosen on earlier folds, scored on the next; in-sample beside out-of-sample (nothing stored but the run record)',
      },
    })
    .input(TuneRequest)
    .output(TuneReport)
    .mutation(({ ctx, input }) => runTune(ctx.db, { ...input, tape: ctx.tapes.get() })),
});
