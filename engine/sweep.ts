import { EngineParams, paramsHash, parseParams, type EngineParamsInput } from './params.ts';
import type { Tape } from './tape.ts';
import { passKey, walkForward, walkForwardMany, type WalkForwardResult } from './backtest.ts';
import { summarizeBacktest, type Score } from './backtestReport.ts';
import { BootstrapDraws, type PairedDifference } from './scoring.ts';

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
 * Every combination of `grid` over `base`, each validated by the engine's schema. Keys expand in
 * the schema's order (the order of EngineParams' keys), whatever order the grid object lists them
 * in, the last varying fastest — so a grid sent over JSON (which a schema may reorder) and the same
 * grid expanded locally give the same sets in the same order. Unknown keys come last (and fail).
 * @throws InvalidParamsError for an unknown key or a bad value.
 */
export function gridParams(base: EngineParamsInput, grid: ParamGrid): EngineParams[] {
  const order = Object.keys(EngineParams.shape);
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const entries = Object.entries(grid).sort(([a], [b]) => rank(a) - rank(b));
  let sets: Record<string, unknown>[] = [{ ...base }];
  for (const [key, values] of entries) {
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

/** The summary numbers a sweep compares, from one set's walk-forward result (`draws`: see summarizeBacktest). */
export function sweepSummary(params: EngineParams, res: WalkForwardResult, draws?: BootstrapDraws): SweepResult {
  const s = summarizeBacktest(res, params, draws);
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

/** Backtests one parameter set on a tape and keeps the summary numbers a sweep compares. */
export function sweepOne(tape: Tape, params: EngineParams): SweepResult {
  return sweepSummary(params, walkForward(tape, params));
}

/**
 * Groups parameter-set indexes that can share one walk-forward pass (same `passKey`), groups in
 * order of first appearance.
 */
export function passGroups(paramSets: readonly EngineParams[]): number[][] {
  const groups = new Map<string, number[]>();
  paramSets.forEach((p, i) => {
    const k = passKey(p);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  });
  return [...groups.values()];
}

/**
 * Backtests every parameter set on the same tape (loaded once), in input order. Sets that differ
 * only in weighting parameters (priorStrength, minWallets, penalties…) share one pass: one profile
 * accumulation and one scan per market for the whole group. services/sweepPool.ts spreads the
 * groups over worker threads. Pure; each result equals `sweepOne` of its set.
 */
export function runSweep(tape: Tape, paramSets: readonly EngineParams[], opts: { onProgress?: (done: number, total: number) => void } = {}): SweepResult[] {
  const out: SweepResult[] = new Array(paramSets.length);
  let done = 0;
  // One bootstrap draw for all the sets' reports (they report on the same markets).
  const draws = new BootstrapDraws();
  for (const group of passGroups(paramSets)) {
    const sets = group.map((i) => paramSets[i]!);
    walkForwardMany(tape, sets).forEach((res, j) => {
      out[group[j]!] = sweepSummary(sets[j]!, res, draws);
      opts.onProgress?.(++done, paramSets.length);
    });
  }
  return out;
}
