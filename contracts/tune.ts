import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { EngineParams, ParamOverrides } from './params.ts';
import { PairedDiff } from './backtest.ts';

/*
 * Honest parameter choice by nested walk-forward (engine/tune.ts) as it leaves SmartCrowd:
 * `POST /tune`, `smartcrowd tune --json`. Fold bounds go in as epoch ms and come out as ISO 8601.
 */

const num = z.number();

/** Values per parameter key; every combination is a candidate (keys and values are validated by the engine schema). */
export const TuneGrid = z.record(z.string(), z.array(z.union([num, z.string(), z.boolean(), z.array(num)])).min(1).max(50));
export type TuneGrid = z.output<typeof TuneGrid>;

/** What tuning selects on: the Brier score of the blend or of SmartCrowd alone. */
export const TuneObjective = z.enum(['blend', 'smartcrowd']);

/** POST /tune: a grid over `base` (default grid: engine/tune.ts DEFAULT_TUNE_GRID), the folds, the objective. */
export const TuneRequest = z
  .strictObject({
    base: EngineParams.optional(),
    grid: TuneGrid.optional(),
    folds: z.number().int().min(2).max(20).default(4),
    objective: TuneObjective.default('blend'),
  })
  .prefault({});
export type TuneRequest = z.output<typeof TuneRequest>;

/** Brier scores of the three forecasts on a set of rows (engine/tune.ts TuneScores). */
const TuneScores = z.object({ n: num, market: num, smartcrowd: num, blend: num });

/** A nested walk-forward tuning report (engine/tune.ts TuneReport) with the run, the grid and the base it searched. */
export const TuneReport = z.object({
  run_id: z.string(),
  grid: TuneGrid,
  base: ParamOverrides,
  objective: TuneObjective,
  n_candidates: num,
  n_markets: num,
  folds: z.array(
    z.object({
      fold: num,
      test_from: IsoInstant,
      test_to: IsoInstant,
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
export type TuneReport = z.input<typeof TuneReport>;
