import { z } from 'zod';
import { JsonValue } from '../../contracts/json.ts';
import { ParamDefaults } from '../../contracts/params.ts';
import { paramDefaults, paramsJsonSchema } from '../../services/params.ts';
import { publicProcedure, router } from '../trpc.ts';

export const paramsRouter = router({
  defaults: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/params/defaults', summary: 'the engine parameters with their defaults' } })
    .input(z.void())
    .output(ParamDefaults)
    .query(() => paramDefaults()),

  schema: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/params/schema', summary: 'JSON Schema of the engine parameters (every key, its bounds and meaning)' } })
    .input(z.void())
    .output(z.record(z.string(), JsonValue))
    .query(() => paramsJsonSchema()),
});
