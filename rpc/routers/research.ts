import { MAX_SWEEP_SETS } from '../../contracts/params.ts';
import { PreviewRequest, Snapshot } from '../../contracts/snapshot.ts';
import { SweepRequest, SweepResponse } from '../../contracts/sweep.ts';
import { previewSnapshot } from '../../services/preview.ts';
import { sweepRequest } from '../../services/sweep.ts';
import { publicProcedure, router } from '../trpc.ts';

export const snapshotRouter = router({
  preview: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/snapshot/preview', summary: "a market's SmartCrowd as of a time (default: the newest trade) with parameter overrides (nothing stored)" } })
    .input(PreviewRequest)
    .output(Snapshot)
    .mutation(({ ctx, input }) => previewSnapshot(ctx.db, ctx.tapes.get(), input)),
});

export const sweepRouter = router({
  run: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/sweep', summary: `backtest a grid or a list of parameter sets on the same data (at most ${MAX_SWEEP_SETS} sets; summaries; nothing stored but the run record)` } })
    .input(SweepRequest)
    .output(SweepResponse)
    .mutation(({ ctx, input }) => sweepRequest(ctx.db, ctx.tapes, input)),
});
