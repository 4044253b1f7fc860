import { PipelineResult, RecomputeRequest } from '../../contracts/pipeline.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { publicProcedure, router } from '../trpc.ts';

export const pipelineRouter = router({
  recompute: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/pipeline/recompute', summary: 'recompute wallet metrics, weights and snapshots as of a time (default: the newest trade in the store)' } })
    .input(RecomputeRequest)
    .output(PipelineResult)
    .mutation(({ ctx, input }) => runPipeline(ctx.db, { params: input.params, asOf: input.as_of, tape: ctx.tapes.get() })),
});
