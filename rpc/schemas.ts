import { z } from 'zod';
import { EngineParams } from '../engine/params.ts';
import { InstantInput } from '../domain/instant.ts';
import { MAX_GRID_VALUES } from '../services/sweep.ts';

/** Engine parameter overrides, validated by the engine's own schema (unknown keys → 400 naming them). */
export const ParamsInput = EngineParams.optional();

/** An instant: ISO 8601 or epoch seconds/milliseconds, 1970..2099 (domain/instant.ts, the CLI's rule). */
export const TimeInput = InstantInput;

/**
 * A sweep grid: for any engine parameter, 1..MAX_GRID_VALUES candidate values, each checked by that
 * parameter's own schema; every combination is one parameter set. Unknown keys (`__proto__`
 * included) are refused before anything is multiplied out.
 */
export const ParamGrid = z.strictObject(
  Object.fromEntries(
    Object.entries(EngineParams.shape).map(([key, schema]) => [key, z.array((schema as z.ZodDefault<z.ZodType>).unwrap()).min(1).max(MAX_GRID_VALUES).optional()]),
  ),
) as unknown as z.ZodType<{ [K in keyof EngineParams]?: EngineParams[K][] }>;

const num = z.number();
const numN = z.number().nullable();
/** An instant as ISO 8601 UTC text (every instant the API returns). */
const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601 UTC instant' });

/** The paging input of every list: `limit` (1..max) and `offset` (≥ 0). */
export function PageInput(max: number, dflt: number) {
  return {
    limit: z.number().int().min(1).max(max).default(dflt).meta({ description: `items per page (1..${max})` }),
    offset: z.number().int().min(0).default(0).meta({ description: 'items to skip' }),
  };
}

/** The paging output of every list: the page's items, how many match in all, the window asked for. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().meta({ description: 'items matching the query, across all pages' }),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export const ScreenerItem = z.object({
  market_id: z.string(),
  question: z.string().nullable(),
  category: z.string().nullable(),
  end_time: iso.nullable(),
  market_prob: numN,
  smartcrowd_prob: numN,
  divergence: numN,
  confidence: num,
  integrity_risk: num,
  n_wallets: num,
  effective_n: numN,
  snapshot_ts: iso,
  status: z.enum(['open', 'ended', 'resolved']).meta({ description: 'as of the snapshot: resolved (outcome known), ended (past its end, unresolved) or open' }),
});

export const LeaderboardItem = z.object({
  wallet: z.string(),
  weight: num,
  uncertainty: num,
  n_resolved: num,
  skill: numN,
  edge: numN,
  brier: numN,
  log_loss: numN,
  calibration_error: numN,
  specialization: numN,
  churn: numN,
});

export const Run = z.object({
  run_id: z.string(),
  kind: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  started_at: iso,
  finished_at: iso.nullable(),
  duration_ms: numN,
  params_hash: z.string().nullable(),
  as_of: iso.nullable(),
  progress: num,
  message: z.string().nullable(),
  counts: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
});

export const MetricsItem = z.object({
  name: z.string(),
  label: z.string(),
  count: num,
  errors: num,
  value: numN,
  p50_ms: numN,
  p95_ms: numN,
  p99_ms: numN,
  updated_at: iso,
});

export const Alert = z.object({
  market_id: z.string(),
  question: z.string().nullable(),
  kind: z.enum(['divergence', 'integrity']),
  severity: num,
  reason: z.string(),
  snapshot_ts: iso,
});

export const BacktestListItem = z.object({ run_id: z.string(), params_hash: z.string(), created_at: iso, cutoff_hours: num, n_markets: num });

export const Score = z.looseObject({ brier: num, log_loss: num });
export const PairedDiff = z.looseObject({ mean: num, ci95: z.tuple([num, num]) });

export const BacktestReport = z.looseObject({
  run_id: z.string(),
  params_hash: z.string(),
  cutoff_hours: num,
  n_markets: num,
  scores: z.object({ market: Score, smartcrowd: Score, blend: Score }),
  diff_brier_smartcrowd_minus_market: PairedDiff,
  rows: z.array(
    z.looseObject({
      market_id: z.string(),
      cutoff_ts: iso,
      outcome: z.union([z.literal(0), z.literal(1)]),
      market_prob: num,
      smartcrowd_prob: numN,
      blend_prob: numN,
      confidence: num,
      integrity_risk: num,
      n_wallets: num,
    }),
  ),
});

export const Snapshot = z.looseObject({
  market_id: z.string(),
  market_prob: numN,
  smartcrowd_prob: numN,
  divergence: numN,
  disagreement: num,
  effective_n: num,
  integrity_risk: num,
  confidence: num,
  n_wallets: num,
  top_drivers: z.array(z.looseObject({ wallet: z.string() })),
  cohort_summary: z.array(z.looseObject({ cohort: z.string() })),
  flip_conditions: z.looseObject({ summary: z.string() }),
  explanation: z.looseObject({ headline: z.string(), reasons: z.array(z.string()) }),
});

export const SweepResult = z.looseObject({
  params_hash: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  n_markets: num,
  scores: z.object({ market: Score, smartcrowd: Score, blend: Score }),
  diff_brier_smartcrowd_minus_market: PairedDiff,
  diff_brier_blend_minus_market: PairedDiff,
  blend_k: num,
});

/**
 * Hands a value to a loose output schema. Loose (pass-through) schemas carry an index signature
 * that named interfaces lack; the output parser still validates the value at run time.
 */
export function asOutput<S extends z.ZodType>(_schema: S, value: object): z.infer<S> {
  return value as z.infer<S>;
}
