import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { EngineParamsOut, ParamsInput } from './params.ts';
import { PageInput } from './paging.ts';

/*
 * The walk-forward backtest as it leaves SmartCrowd: `POST /backtest`, `GET /backtest/{run_id}`,
 * `smartcrowd backtest --json` (CONTRACTS.md §2 and more), the stored report document, and the
 * comparison of two parameter sets. Instants go in as epoch ms and come out as ISO 8601.
 */

const num = z.number();
const numN = z.number().nullable();

export const Score = z.object({ brier: num, log_loss: num, n: num });
const Scores = z.object({ market: Score, smartcrowd: Score, blend: Score });

/** A paired loss difference (first − second) with its cluster-bootstrap 95% CI and Diebold–Mariano test. */
export const PairedDiff = z.object({ mean: num, ci95: z.tuple([num, num]), dm_p: num, dm_stat: num, n: num });

export const CalibrationBin = z.object({ lo: num, hi: num, count: num, mean_forecast: numN, observed_rate: numN });
export const MurphyDecomposition = z.object({ reliability: num, resolution: num, uncertainty: num, brier: num, residual: num });
export const DivergenceBucket = z.object({ lo: num, hi: num, n: num, smartcrowd_win_rate: numN, market_win_rate: numN, mean_brier_diff: numN });
/** A market with one of the largest divergences at its cutoff (the engine writes `cutoff_ts` as ISO 8601). */
export const CaseStudy = z.object({
  market_id: z.string(),
  cutoff_ts: z.string().meta({ format: 'date-time', description: 'ISO 8601 UTC instant' }),
  outcome: z.union([z.literal(0), z.literal(1)]),
  market_prob: num,
  smartcrowd_prob: num,
  divergence: num,
  winner: z.enum(['smartcrowd', 'market', 'tie']),
  integrity_risk: num,
  confidence: num,
});

/** The summary fields of a backtest (engine/backtestReport.ts BacktestSummary) without its per-bin detail. */
export const BacktestSummaryCore = z.object({
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
  evidence: z.object({ aggregator: z.enum(['evidence', 'weighted-mean']), scales: z.tuple([num, num, num, num]).nullable(), scales_mean_over_rows: z.tuple([num, num, num, num]).nullable(), note: z.string() }),
  divergence_buckets: z.array(DivergenceBucket),
  verdict: z.string(),
  params: EngineParamsOut,
});
/** A backtest summary (engine/backtestReport.ts BacktestSummary). */
export const BacktestSummary = BacktestSummaryCore.extend({
  calibration: z.object({ market: z.array(CalibrationBin), smartcrowd: z.array(CalibrationBin), blend: z.array(CalibrationBin) }),
  murphy: z.object({ market: MurphyDecomposition, smartcrowd: MurphyDecomposition, blend: MurphyDecomposition }),
  case_studies: z.array(CaseStudy),
});

/** One scored market (engine/backtest.ts BacktestRow, CONTRACTS.md §2 fields and more; the stored `row_json`). */
export const BacktestRow = z.object({
  market_id: z.string(),
  cutoff_ts: IsoInstant,
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
  /** 'evidence' aggregator: D, G, C, F and the scales [κ_d, κ_g, κ_c, κ_f] of this row (null for 'weighted-mean'). */
  evidence_direction: numN,
  evidence_price_gap: numN,
  evidence_crowd: numN,
  evidence_flow: numN,
  evidence_scales: z.tuple([num, num, num, num]).nullable(),
});
export type BacktestRow = z.input<typeof BacktestRow>;

/** A stored walk-forward backtest report (CONTRACTS.md §2 and more). */
export const BacktestReport = BacktestSummary.extend({ run_id: z.string(), created_at: IsoInstant, rows: z.array(BacktestRow) });
export type BacktestReport = z.input<typeof BacktestReport>;

/** A stored report in the list of reports. */
export const BacktestListItem = z.object({ run_id: z.string(), params_hash: z.string(), created_at: IsoInstant, cutoff_hours: num, n_markets: num });

/** Two parameter sets on the same data and their paired differences (B − A; negative: B better). */
export const Comparison = z.object({
  a: BacktestSummaryCore,
  b: BacktestSummaryCore,
  diff_brier_smartcrowd_b_minus_a: PairedDiff,
  diff_brier_blend_b_minus_a: PairedDiff,
  n_common: num,
});

/** POST /backtest. */
export const BacktestRequest = z.strictObject({ params: ParamsInput }).prefault({});
/** GET /backtest/{run_id}. */
export const BacktestGet = z.strictObject({ run_id: z.string().min(1) });
/** GET /backtests. */
export const BacktestListQuery = z.strictObject(PageInput(500, 20)).prefault({});
/** POST /backtest/compare. */
export const CompareRequest = z.strictObject({ a: ParamsInput, b: ParamsInput });
