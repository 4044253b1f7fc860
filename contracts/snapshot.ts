import { z } from 'zod';
import { IsoInstant, InstantInput } from '../domain/instant.ts';
import { ParamsInput } from './params.ts';

/*
 * A SmartCrowd snapshot as it leaves SmartCrowd (engine/types.ts Snapshot): computed on request
 * (`snapshot.preview`) or stored by a pipeline run (`GET /markets/{id}`).
 */

const num = z.number();
const numN = z.number().nullable();

/** The profile a trust weight came from, most specific first. */
export const ProfileLevel = z.enum(['category×horizon', 'category', 'horizon', 'global', 'prior']);

export const Driver = z.object({
  wallet: z.string(),
  belief: num,
  confidence: num,
  weight: num,
  anti_noise: num,
  effective_weight: num,
  share: num,
  pull: num,
  level: ProfileLevel,
  n_resolved: num,
  skill_posterior: num,
  flags: z.array(z.string()),
});
export const CohortSummary = z.object({ cohort: z.string(), n_wallets: num, weight_share: num, mean_belief: numN });
export const FlipConditions = z.object({
  side: z.enum(['above', 'below', 'equal', 'none']),
  opposing_weight_to_flip: numN,
  pivotal_wallets: z.array(z.string()),
  summary: z.string(),
});
export const Explanation = z.object({
  headline: z.string(),
  reasons: z.array(z.string()),
  components: z.record(z.string(), z.union([num, z.string(), z.null()])),
  integrity: z.object({ concentration: num, wash_share: num, fresh_whale_share: num, flags: z.array(z.string()) }),
});

/** A snapshot's numbers and explanation. */
const SnapshotBody = z.object({
  market_id: z.string(),
  market_prob: numN,
  smartcrowd_prob: numN,
  divergence: numN,
  disagreement: num,
  effective_n: num,
  integrity_risk: num,
  confidence: num,
  n_wallets: num,
  evidence_direction: numN,
  evidence_price_gap: numN,
  evidence_crowd: numN,
  evidence_flow: numN,
  evidence_shift: numN,
  evidence_scales: z.tuple([num, num, num, num]).nullable(),
  top_drivers: z.array(Driver),
  cohort_summary: z.array(CohortSummary),
  flip_conditions: FlipConditions,
  explanation: Explanation,
});

/** A snapshot as of an instant (engine/types.ts Snapshot). */
export const Snapshot = SnapshotBody.extend({ as_of: IsoInstant });
export type Snapshot = z.input<typeof Snapshot>;

/** The latest stored snapshot of a market, with the run that wrote it (`snapshot_ts` = its `as_of`). */
export const StoredSnapshot = SnapshotBody.extend({
  as_of: IsoInstant,
  run_id: z.string().nullable(),
  params_hash: z.string(),
  snapshot_ts: IsoInstant,
});
export type StoredSnapshot = z.input<typeof StoredSnapshot>;

/** POST /snapshot/preview: a market as of an instant (default: the newest trade) with parameter overrides. */
export const PreviewRequest = z.strictObject({ market_id: z.string().min(1).max(200), as_of: InstantInput.optional(), params: ParamsInput });
