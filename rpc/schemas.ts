import { z } from 'zod';
import { EngineParams } from '../engine/params.ts';
import { MAX_GRID_VALUES } from '../services/sweep.ts';
import { InstantInput } from '../domain/instant.ts';

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

/** Any JSON value: what a run's counts or a JSON Schema document hold (typed, not `unknown`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]));

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
  /** What the run did, by kind (pipeline: rows written; ingest: inserted/duplicates/rejected; sweep: parameter_sets). */
  counts: z.record(z.string(), JsonValue).nullable(),
  error: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// Full output shapes (issue 18): every field typed, so the typed client's outputs carry no
// `unknown` bag. Each mirrors an engine/service type; test/rpc/outputSchemas.test.ts proves
// at compile time that schema and type agree both ways, so neither can drift alone.
// ---------------------------------------------------------------------------------------------

/** Every engine parameter (the effective set a report or run used), defaults filled. */
export const EngineParamsOut = z.object(EngineParams.shape);

/** The engine parameters that differ from the defaults: each key optional, no default filled in. */
export const ParamOverrides = z.object(
  Object.fromEntries(Object.entries(EngineParams.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof EngineParams.shape]: z.ZodOptional<ReturnType<(typeof EngineParams.shape)[K]['unwrap']>>;
  },
);

const probN = z.number().nullable();
export const Score = z.object({ brier: num, log_loss: num, n: num });
const Scores = z.object({ market: Score, smartcrowd: Score, blend: Score });

/** A paired loss difference (first − second) with its cluster-bootstrap 95% CI and Diebold–Mariano test. */
export const PairedDiff = z.object({ mean: num, ci95: z.tuple([num, num]), dm_p: num, dm_stat: num, n: num });

export const CalibrationBin = z.object({ lo: num, hi: num, count: num, mean_forecast: probN, observed_rate: probN });
export const MurphyDecomposition = z.object({ reliability: num, resolution: num, uncertainty: num, brier: num, residual: num });
export const DivergenceBucket = z.object({ lo: num, hi: num, n: num, smartcrowd_win_rate: probN, market_win_rate: probN, mean_brier_diff: numN });
export const CaseStudy = z.object({
  market_id: z.string(),
  cutoff_ts: iso,
  outcome: z.union([z.literal(0), z.literal(1)]),
  market_prob: num,
  smartcrowd_prob: num,
  divergence: num,
  winner: z.enum(['smartcrowd', 'market', 'tie']),
  integrity_risk: num,
  confidence: num,
});

/** The summary fields of a backtest (engine/backtestReport.ts BacktestSummary) without its per-bin detail. */
const BacktestSummaryCore = z.object({
  params_hash: z.string(),
  cutoff_hours: num,
  purge_hours: num,
  n_markets: num,
  scores: Scores,
  diff_brier_smartcrowd_minus_market: PairedDiff,
  diff_brier_blend_minus_market: PairedDiff,
  scores_common: Scores,
  n_resolved: num,
  n_skipped_no_price: num,
  n_smartcrowd_null: num,
  blend: z.object({ k: num, k_mean_over_rows: num, note: z.string() }),
  evidence: z.object({ aggregator: z.enum(['evidence', 'weighted-mean']), scales: z.tuple([num, num]).nullable(), scales_mean_over_rows: z.tuple([num, num]).nullable(), note: z.string() }),
  divergence_buckets: z.array(DivergenceBucket),
  verdict: z.string(),
  params: EngineParamsOut,
});
export const BacktestSummary = BacktestSummaryCore.extend({
  calibration: z.object({ market: z.array(CalibrationBin), smartcrowd: z.array(CalibrationBin), blend: z.array(CalibrationBin) }),
  murphy: z.object({ market: MurphyDecomposition, smartcrowd: MurphyDecomposition, blend: MurphyDecomposition }),
  case_studies: z.array(CaseStudy),
});

export const BacktestRow = z.object({
  market_id: z.string(),
  cutoff_ts: iso,
  outcome: z.union([z.literal(0), z.literal(1)]),
  market_prob: num,
  smartcrowd_prob: numN,
  blend_prob: numN,
  confidence: num,
  integrity_risk: num,
  n_wallets: num,
  category: z.string(),
  divergence: numN,
  blend_k: num,
  evidence_direction: numN,
  evidence_price_gap: numN,
  evidence_scales: z.tuple([num, num]).nullable(),
});

/** A stored walk-forward backtest report (CONTRACTS.md §2 and more). */
export const BacktestReport = BacktestSummary.extend({ run_id: z.string(), created_at: iso, rows: z.array(BacktestRow) });

/** Two parameter sets on the same data and their paired differences (B − A; negative: B better). */
export const Comparison = z.object({
  a: BacktestSummaryCore,
  b: BacktestSummaryCore,
  diff_brier_smartcrowd_b_minus_a: PairedDiff,
  diff_brier_blend_b_minus_a: PairedDiff,
  n_common: num,
});

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
export const CohortSummary = z.object({ cohort: z.string(), n_wallets: num, weight_share: num, mean_belief: probN });
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

/** A SmartCrowd snapshot's numbers and explanation (engine/types.ts Snapshot), without its instant. */
const SnapshotBody = z.object({
  market_id: z.string(),
  market_prob: probN,
  smartcrowd_prob: probN,
  divergence: numN,
  disagreement: num,
  effective_n: num,
  integrity_risk: num,
  confidence: num,
  n_wallets: num,
  evidence_direction: numN,
  evidence_price_gap: numN,
  evidence_shift: numN,
  evidence_scales: z.tuple([num, num]).nullable(),
  top_drivers: z.array(Driver),
  cohort_summary: z.array(CohortSummary),
  flip_conditions: FlipConditions,
  explanation: Explanation,
});

/** A snapshot computed on request (snapshot.preview): `as_of` ISO 8601. */
export const Snapshot = SnapshotBody.extend({ as_of: iso });

/** The latest stored snapshot of a market (markets.get): as stored by the pipeline (`as_of` ISO 8601), plus the run that wrote it. */
export const StoredSnapshot = SnapshotBody.extend({
  as_of: iso,
  run_id: z.string().nullable(),
  params_hash: z.string(),
  snapshot_ts: iso,
});

export const MarketDetail = z.object({
  market: z.object({
    id: z.string(),
    question: z.string().nullable(),
    end_time: iso.nullable(),
    category: z.string().nullable(),
    liquidity: numN,
    resolution_source: z.string().nullable(),
    condition_id: z.string().nullable(),
    is_placeholder: z.boolean(),
    source: z.string(),
  }),
  outcome: z.object({ resolved_outcome: z.union([z.literal(0), z.literal(1)]), resolution_time: iso, inferred: z.boolean(), source: z.string() }).nullable(),
  trades: z.object({ n_trades: num, n_wallets: num, first_ts: iso.nullable(), last_ts: iso.nullable(), volume: num }),
  snapshot: StoredSnapshot.nullable(),
});

/** One level of a trust weight's fallback chain. */
const ChainLink = z.object({ level: ProfileLevel, n_resolved: num, used: z.boolean() });

export const WalletPage = z.object({
  wallet: z.string(),
  as_of: iso,
  pipeline_run_id: z.string().nullable(),
  weights: z.array(
    z.object({ category: z.string(), horizon: z.string(), weight: num, uncertainty: num, n_resolved: num, level: ProfileLevel.nullable(), level_n_resolved: numN, chain: z.array(ChainLink) }),
  ),
  metrics: z.array(
    z.object({
      category: z.string(),
      horizon: z.string(),
      n_resolved: num,
      brier: numN,
      log_loss: numN,
      calibration_error: numN,
      edge: numN,
      roi: numN,
      avg_size: numN,
      churn: numN,
      persistence: numN,
      specialization: numN,
      timing_edge: numN,
      skill: numN,
    }),
  ),
  markets: z.array(
    z.object({
      market_id: z.string(),
      question: z.string().nullable(),
      category: z.string().nullable(),
      n_fills: num,
      shares: num,
      first_ts: iso,
      last_ts: iso,
      market_prob: probN,
      belief: probN,
      confidence: numN,
      net_direction: numN,
      churn: numN,
      outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
    }),
  ),
});

export const SweepResult = z.object({
  params_hash: z.string(),
  overrides: ParamOverrides,
  n_markets: num,
  n_smartcrowd_null: num,
  scores: Scores,
  diff_brier_smartcrowd_minus_market: PairedDiff,
  diff_brier_blend_minus_market: PairedDiff,
  blend_k: num,
});

const FileCounts = z.object({ markets: num, trades: num, outcomes: num });
export const IngestCsvReport = z.object({
  inserted: FileCounts,
  duplicates: num,
  rejected: z.array(z.object({ file: z.string(), row: num, column: z.string(), reason: z.string() })),
  updated: z.object({ markets: num, outcomes: num }),
  placeholders: num,
  rows_read: FileCounts,
  rejected_total: num,
  run_id: z.string().nullable(),
});

export const PolymarketIngestReport = z.object({
  run_id: z.string(),
  /** False: some listing did not complete (see incomplete_markets, listing_problems); their checkpoints did not move. */
  complete: z.boolean(),
  markets: z.object({ listed: num, inserted: num, updated: num, repeated: num, by_category: z.record(z.string(), num) }),
  outcomes: z.object({ inserted: num, updated: num, inferred: num, authoritative: num, from_v2: num }),
  trades: z.object({ fetched: num, repeated: num, inserted: num, duplicates: num, taker: num, maker: num, held_back: num, outside: num }),
  skipped_items: num,
  /** Upstream faults met and survived, by kind (429, 5xx, timeout, …). */
  faults: z.record(z.string(), num),
  retries: num,
  checkpoints_advanced: num,
  markets_already_complete: num,
  incomplete_markets: z.array(z.object({ market_id: z.string(), reason: z.string() })),
  listing_problems: z.array(z.string()),
  notes: z.array(z.string()),
  paging: z.object({
    gamma: z.object({ asked: num, served: numN, offset_cap: num, refused_at: numN, windows: num }),
    trades: z.object({ api: z.enum(['v1', 'v2']), asked: num, served: numN, offset_cap: num, refused_at: numN, windows: num }),
  }),
  truncated: z.boolean(),
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


// Raw data pages (rpc/routers/data.ts).
export const DataMarketsPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      question: z.string().nullable(),
      category: z.string().nullable(),
      end_time: iso.nullable(),
      /** 1 YES, 0 NO; null while unresolved. */
      resolved_outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
      resolution_time: iso.nullable(),
    }),
  ),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
});

export const DataTradesPage = z.object({
  items: z.array(
    z.object({
      external_id: z.string(),
      market_id: z.string(),
      wallet: z.string(),
      ts: iso,
      side: z.enum(['YES', 'NO']),
      action: z.enum(['BUY', 'SELL']),
      /** Price of the named side, (0, 1). */
      price: num,
      /** Shares. */
      size: num,
    }),
  ),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
});

/** Brier scores of the three forecasts on a set of rows (engine/tune.ts TuneScores). */
const TuneScores = z.object({ n: num, market: num, smartcrowd: num, blend: num });
/** A nested walk-forward tuning report (services/tune.ts TuneJsonReport). */
export const TuneReport = z.object({
  run_id: z.string(),
  grid: z.record(z.string(), z.array(z.union([num, z.string(), z.boolean(), z.array(num)]))),
  base: ParamOverrides,
  objective: z.enum(['blend', 'smartcrowd']),
  n_candidates: num,
  n_markets: num,
  folds: z.array(
    z.object({
      fold: num,
      test_from: iso,
      test_to: iso,
      n_train: num,
      n_test: num,
      chosen: z.object({ index: num, params_hash: z.string(), overrides: ParamOverrides }),
      in_sample: TuneScores,
      out_of_sample: TuneScores,
      baseline_out_of_sample: TuneScores,
    }),
  ),
  in_sample: TuneScores,
  out_of_sample: TuneScores.extend({
    log_loss: z.object({ market: num, smartcrowd: num, blend: num }),
    diff_brier_smartcrowd_minus_market: PairedDiff,
    diff_brier_blend_minus_market: PairedDiff,
  }),
  chosen_counts: z.record(z.string(), num),
  recommended: z.object({ index: num, params_hash: z.string(), overrides: ParamOverrides, in_sample: TuneScores }),
});
