import { z } from 'zod';
import { defaultParams, EngineParams, paramsHash } from '../../engine/params.ts';
import { EngineParamsOut, JsonValue } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const paramsRouter = router({
  defaults: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/params/defaults', summary: 'the engine parameters with their defaults' } })
    .input(z.void())
    .output(z.object({ params: EngineParamsOut, params_hash: z.string() }))
    .query(() => ({ params: { ...defaultParams }, params_hash: paramsHash(defaultParams) })),

  schema: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/params/schema', summary: 'JSON Schema of the engine parameters (every key, its bounds and meaning)' } })
    .input(z.void())
    .output(z.record(z.string(), JsonValue))
    .query(() => z.toJSONSchema(EngineParams, { io: 'input', unrepresentable: 'any' }) as Record<string, JsonValue>),
});
