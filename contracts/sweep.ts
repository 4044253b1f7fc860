import { z } from 'zod';
import { EngineParams, MAX_SWEEP_SETS, ParamGrid, ParamOverrides, ParamsInput } from './params.ts';
import { PairedDiff, Score } from './backtest.ts';

/** The number of parameter sets a grid expands to (the product of its value counts), computed without expanding it. */
export function gridSize(grid: Readonly<Record<string, readonly unknown[] | undefined>>): number {
  let n = 1;
  for (const values of Object.values(grid)) if (values && values.length > 0) n *= values.length;
  return n;
}

/** POST /sweep: a grid over `base` and/or a list of parameter sets, at most MAX_SWEEP_SETS in all (checked before anything is expanded). */
export const SweepRequest = z
  .strictObject({
    base: ParamsInput,
    grid: ParamGrid.optional(),
    sets: z.array(EngineParams).max(MAX_SWEEP_SETS).optional(),
  })
  .refine((v) => v.grid || v.sets, { message: 'give a grid or a list of parameter sets' })
  .refine((v) => (v.grid ? gridSize(v.grid as Record<string, unknown[]>) : 0) + (v.sets?.length ?? 0) <= MAX_SWEEP_SETS, {
    message: `the sweep may have at most ${MAX_SWEEP_SETS} parameter sets (grid combinations plus sets)`,
    path: ['grid'],
  });
export type SweepRequest = z.output<typeof SweepRequest>;

/** One parameter set's backtest summary in a sweep (engine/sweep.ts SweepResult). */
export const SweepResult = z.object({
  params_hash: z.string(),
  overrides: ParamOverrides,
  n_markets: z.number(),
  n_smartcrowd_null: z.number(),
  scores: z.object({ market: Score, smartcrowd: Score, blend: Score }),
  diff_brier_smartcrowd_minus_market: PairedDiff,
  diff_brier_blend_minus_market: PairedDiff,
  blend_k: z.number(),
});
export type SweepResult = z.input<typeof SweepResult>;

/** A sweep's run and its results, in the order of the sets. */
export const SweepResponse = z.object({ run_id: z.string(), n_sets: z.number(), results: z.array(SweepResult) });
