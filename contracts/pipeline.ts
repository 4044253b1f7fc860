import { z } from 'zod';
import { IsoInstant, InstantInput } from '../domain/instant.ts';
import { ParamsInput } from './params.ts';

/** A pipeline run: what `POST /pipeline/recompute` and `smartcrowd pipeline --json` answer. */
export const PipelineResult = z.object({
  run_id: z.string(),
  params_hash: z.string(),
  as_of: IsoInstant,
  /** Rows written (wallet metrics, weights, snapshots) and what they were computed from. */
  counts: z.object({ wallet_metrics: z.number(), wallet_weights: z.number(), snapshots: z.number(), markets: z.number(), trades: z.number(), resolved_markets: z.number() }),
  duration_ms: z.number(),
});
export type PipelineResult = z.input<typeof PipelineResult>;

/** POST /pipeline/recompute: parameter overrides and an as-of instant (default: the newest trade in the store). */
export const RecomputeRequest = z.strictObject({ params: ParamsInput, as_of: InstantInput.optional() }).prefault({});
