import { z } from 'zod';
import { defaultParams } from '../../engine/params.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { PreconditionError } from '../../domain/errors.ts';
import { ParamsInput, TimeInput } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const pipelineRouter = router({
  recompute: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/pipeline/recompute', summary: 'recompute wallet metrics, weights and snapshots as of a time' } })
    .input(z.strictObject({ params: ParamsInput, as_of: TimeInput.optional() }).optional())
    .output(
      z.object({
        run_id: z.string(),
        params_hash: z.string(),
        as_of: z.string(),
        counts: z.record(z.string(), z.number()),
        duration_ms: z.number(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const tape = ctx.tapes.get();
      if (tape.n === 0) throw new PreconditionError('the store has no trades yet: ingest data first');
      const asOf = input?.as_of ?? tape.ts[tape.n - 1]!;
      const r = await runPipeline(ctx.db, { params: input?.params ?? defaultParams, asOf, tape });
      return { ...r, as_of: new Date(r.as_of).toISOString() };
    }),
});
