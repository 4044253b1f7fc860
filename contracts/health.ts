import { z } from 'zod';

/** GET /health: liveness, the store's schema version and row counts. */
export const Health = z.object({
  status: z.literal('ok'),
  schema_version: z.number(),
  counts: z.object({ markets: z.number(), trades: z.number(), outcomes: z.number() }),
});
export type Health = z.input<typeof Health>;
