import { EngineParams, paramsHash, parseParams, type EngineParamsInput } from './params.ts';
import type { Tape } from './tape.ts';
import { walkForward } from './backtest.ts';
import { summarizeBacktest, type Score } from './backtestReport.ts';
import type { PairedDifference } from './scoring.ts';

/** One parameter set's backtest in a sweep (no rows: summaries only). */
export interface SweepResult {
  params_hash: string;
  /** The keys that differ from the defaults. */
  overrides: Partial<EngineParams>;
  n_markets: number;
  n_smartcrowd_null: number;
  scores: { market: Score; smartcrowd: Score; blend: Score };
  diff_brier_smartcrowd_minus_market: PairedDifference;
  diff_brier_blend_minus_market: PairedDifference;
  blend_k: number;
}

/** A grid of values per key; every combination becomes a parameter set. */
export type ParamGrid = { [K in keyof EngineParams]?: EngineParams[K][] };

/**
 * Every combination of `grid` over `base` (the last key varies fastest), each validated by the
 * engine's schema. @throws InvalidParamsError for an unknown key or a bad value.
 */
export function gridParams(base: EngineParamsInput, grid: ParamGrid): EngineParams[] {
  let sets: Record<string, unknown>[] = [{ ...base }];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) continue;
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [key]: v })));
  }
  return sets.map((s) => parseParams(s));
}

/** The keys of `params` that differ from the defaults. */
export function overridesOf(params: EngineParams): Partial<EngineParams> {
  const d = EngineParams.parse({}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (JSON.stringify(v) !== JSON.stringify(d[k])) out[k] = v;
  return out as Partial<EngineParams>;
}

/** Backtests one parameter set on a tape and keeps the summary numbers a sweep compares. */
export function sweepOne(tape: Tape, params: EngineParams): SweepResult {
  const s = summarizeBacktest(walkForward(tape, params), params);
  return {
    params_hash: paramsHash(params),
    overrides: overridesOf(params),
    n_markets: s.n_markets,
    n_smartcrowd_null: s.n_smartcrowd_null,
    scores: s.scores,
    diff_brier_smartcrowd_minus_market: s.diff_brier_smartcrowd_minus_market,
    diff_brier_blend_minus_market: s.diff_brier_blend_minus_market,
    blend_k: s.blend.k,
  };
}

/**
 * Backtests every parameter set on the same tape (loaded once), serially, in input order. For
 * many sets, services/sweepPool.ts spreads the same work over worker threads. Pure.
 */
export function runSweep(tape: Tape, paramSets: readonly EngineParams[], opts: { onProgress?: (done: number, total: number) => void } = {}): SweepResult[] {
  return paramSets.map((p, i) => {
    const r = sweepOne(tape, p);
    opts.onProgress?.(i + 1, paramSets.length);
    return r;
  });
}
