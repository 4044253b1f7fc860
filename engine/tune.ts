import type { EngineParams } from './params.ts';
import { paramsHash, PARAM_STAGES } from './params.ts';
import type { Tape } from './tape.ts';
import { HOUR_MS } from './math.ts';
import { mulberry32 } from './rng.ts';
import { walkForwardMany, type BacktestRow } from './backtest.ts';
import { passGroups, overridesOf } from './sweep.ts';
import { brier, logLoss, pairedBrierDifference, type PairedDifference } from './scoring.ts';

/**
 * The grid `tune` searches when none is given: the signal's main knobs around their defaults —
 * how far past the crowd's null a wallet's skill must be to earn trust, how long a fill's evidence
 * lasts, and how much markouts count beside outcomes. 18 sets in 3 walk-forward passes.
 */
export const DEFAULT_TUNE_GRID: Readonly<Record<string, readonly unknown[]>> = Object.freeze({
  trustThreshold: [0.5, 1, 2],
  evidenceHalfLifeHours: [3, 6, 12],
  markoutSkillWeight: [1, 2],
});

/** The most parameter sets one tune run accepts. */
export const MAX_TUNE_SETS = 200;

/** Number of parameter sets a grid expands to (product of its value counts), computed without expanding it. */
export function gridSize(grid: Readonly<Record<string, readonly unknown[]>>): number {
  let n = 1;
  for (const v of Object.values(grid)) if (Array.isArray(v) && v.length > 0) n *= v.length;
  return n;
}

/** What `tune` selects on: the Brier score of the blend (default) or of SmartCrowd alone. */
export type TuneObjective = 'blend' | 'smartcrowd';

export interface TuneOptions {
  /** Time-ordered folds of resolved markets (by cutoff); fold 0 only ever trains. ≥ 2. */
  folds: number;
  objective: TuneObjective;
  onProgress?: (fraction: number, message: string) => void;
}

/** Brier scores of the three forecasts on a set of rows (SmartCrowd falls back to the price where null). */
export interface TuneScores {
  n: number;
  market: number;
  smartcrowd: number;
  blend: number;
}

export interface TuneFold {
  /** 1-based index of the test fold. */
  fold: number;
  /** Cutoffs of the test rows, epoch ms. */
  test_from: number;
  test_to: number;
  n_train: number;
  n_test: number;
  /** The set chosen on the training rows (earlier folds, resolved before this fold's first cutoff − purgeHours). */
  chosen: { index: number; params_hash: string; overrides: Partial<EngineParams> };
  /** The chosen set's scores on the rows it was chosen on. */
  in_sample: TuneScores;
  /** The chosen set's scores on this fold, which played no part in choosing it. */
  out_of_sample: TuneScores;
  /** The first set of the grid (the defaults, unless the grid says otherwise) on this fold, for reference. */
  baseline_out_of_sample: TuneScores;
}

/** The nested walk-forward tuning report. */
export interface TuneReport {
  objective: TuneObjective;
  n_candidates: number;
  n_markets: number;
  folds: TuneFold[];
  /** Mean of the folds' in-sample scores (what choosing on the same data would have promised). */
  in_sample: TuneScores;
  /** Every test fold's rows under the set chosen for it, pooled: the honest estimate. */
  out_of_sample: TuneScores & {
    log_loss: { market: number; smartcrowd: number; blend: number };
    diff_brier_smartcrowd_minus_market: PairedDifference;
    diff_brier_blend_minus_market: PairedDifference;
  };
  /** How often each candidate was chosen, by params hash. */
  chosen_counts: Record<string, number>;
  /** The set chosen on every fold's data together: what to use from now on. */
  recommended: { index: number; params_hash: string; overrides: Partial<EngineParams>; in_sample: TuneScores };
}

/** Raised for tuning input that cannot give an honest answer. */
export class TuneInputError extends Error {
  override readonly name = 'TuneInputError';
  /** Bad input, not a failure: HTTP 400 and exit 2 by the one error table (domain/errors.ts). */
  readonly code = 'SC_TUNE_INPUT';
}

function scoresOf(rows: readonly BacktestRow[]): TuneScores {
  const o = rows.map((r) => r.outcome);
  const n = rows.length;
  if (n === 0) return { n: 0, market: NaN, smartcrowd: NaN, blend: NaN };
  return {
    n,
    market: brier(rows.map((r) => r.market_prob), o),
    smartcrowd: brier(rows.map((r) => r.smartcrowd_prob ?? r.market_prob), o),
    blend: brier(rows.map((r) => r.blend_prob), o),
  };
}

const objectiveOf = (s: TuneScores, objective: TuneObjective) => (objective === 'blend' ? s.blend : s.smartcrowd);

/**
 * Honest tuning by nested walk-forward. Every candidate set is backtested walk-forward once over
 * the whole tape (so each row is already computed only from what was visible at its cutoff); the
 * resolved markets are then split by cutoff into `folds` time-ordered folds, and for each fold
 * f ≥ 1 the candidate with the best objective Brier on the earlier folds' rows — only those resolved
 * by fold f's first cutoff − purgeHours — is chosen and scored on fold f. Parameters are thus chosen
 * on earlier data only and scored on later data; the report puts in-sample and out-of-sample side by
 * side, with the out-of-sample paired Brier difference against the market (market-clustered
 * bootstrap CI) over all test folds. Candidates must agree on cutoffHours and purgeHours (they
 * define the question and its honesty, not a tunable). Ties go to the earlier candidate.
 * Deterministic. Cost: one walk-forward pass per group of candidates sharing profile parameters.
 * @throws TuneInputError for fewer than two candidates' worth of folds, folds < 2, or candidates
 *   that differ in cutoffHours/purgeHours.
 */
export function tune(tape: Tape, candidates: readonly EngineParams[], opts: TuneOptions): TuneReport {
  if (candidates.length === 0) throw new TuneInputError('tune needs at least one parameter set');
  if (!(opts.folds >= 2)) throw new TuneInputError('tune needs at least 2 folds (one to choose on, one to score on)');
  const first = candidates[0]!;
  for (const p of candidates) {
    for (const k of Object.keys(PARAM_STAGES) as (keyof EngineParams)[]) {
      if (PARAM_STAGES[k] === 'pass' && JSON.stringify(p[k]) !== JSON.stringify(first[k])) {
        throw new TuneInputError(`tune candidates must share ${k} (it defines what is scored, not a tunable)`);
      }
    }
  }
  const rowsOf: BacktestRow[][] = new Array(candidates.length);
  const groups = passGroups(candidates);
  groups.forEach((group, gi) => {
    const res = walkForwardMany(tape, group.map((i) => candidates[i]!), {
      onProgress: (f, msg) => opts.onProgress?.((gi + f) / groups.length, `candidate group ${gi + 1}/${groups.length}: ${msg}`),
    });
    group.forEach((i, j) => (rowsOf[i] = res[j]!.rows));
  });
  const n = rowsOf[0]!.length;
  if (n < opts.folds * 2) throw new TuneInputError(`${n} scored markets are too few for ${opts.folds} folds`);
  const purge = first.purgeHours * HOUR_MS;
  const bounds = Array.from({ length: opts.folds + 1 }, (_, f) => Math.round((f * n) / opts.folds));
  const choose = (trainIdx: number[]) => {
    let best = 0;
    let bestScore = Infinity;
    const scores = candidates.map((_, c) => scoresOf(trainIdx.map((i) => rowsOf[c]![i]!)));
    scores.forEach((s, c) => {
      const v = objectiveOf(s, opts.objective);
      if (v < bestScore) {
        bestScore = v;
        best = c;
      }
    });
    return { best, scores };
  };
  const folds: TuneFold[] = [];
  const testRows: BacktestRow[] = [];
  const counts: Record<string, number> = {};
  for (let f = 1; f < opts.folds; f++) {
    const lo = bounds[f]!;
    const hi = bounds[f + 1]!;
    const ref = rowsOf[0]!;
    const firstCutoff = ref[lo]!.cutoff_ts;
    const trainIdx: number[] = [];
    for (let i = 0; i < lo; i++) if (ref[i]!.resolution_ts <= firstCutoff - purge) trainIdx.push(i);
    if (trainIdx.length === 0) continue;
    const { best, scores } = choose(trainIdx);
    const test = rowsOf[best]!.slice(lo, hi);
    testRows.push(...test);
    const hash = paramsHash(candidates[best]!);
    counts[hash] = (counts[hash] ?? 0) + 1;
    folds.push({
      fold: f,
      test_from: ref[lo]!.cutoff_ts,
      test_to: ref[hi - 1]!.cutoff_ts,
      n_train: trainIdx.length,
      n_test: hi - lo,
      chosen: { index: best, params_hash: hash, overrides: overridesOf(candidates[best]!) },
      in_sample: scores[best]!,
      out_of_sample: scoresOf(test),
      baseline_out_of_sample: scoresOf(rowsOf[0]!.slice(lo, hi)),
    });
  }
  if (folds.length === 0) throw new TuneInputError('no fold had earlier resolved markets to choose on; use fewer folds or more history');
  const mean = (sel: (s: TuneScores) => number) => folds.reduce((a, f) => a + sel(f.in_sample), 0) / folds.length;
  const o = testRows.map((r) => r.outcome);
  const ids = testRows.map((r) => r.market_id);
  const mkt = testRows.map((r) => r.market_prob);
  const sc = testRows.map((r) => r.smartcrowd_prob ?? r.market_prob);
  const bl = testRows.map((r) => r.blend_prob);
  const eps = first.probEps;
  const all = Array.from({ length: n }, (_, i) => i);
  const rec = choose(all);
  return {
    objective: opts.objective,
    n_candidates: candidates.length,
    n_markets: n,
    folds,
    in_sample: { n: folds.reduce((a, f) => a + f.n_train, 0), market: mean((s) => s.market), smartcrowd: mean((s) => s.smartcrowd), blend: mean((s) => s.blend) },
    out_of_sample: {
      ...scoresOf(testRows),
      log_loss: { market: logLoss(mkt, o, eps), smartcrowd: logLoss(sc, o, eps), blend: logLoss(bl, o, eps) },
      diff_brier_smartcrowd_minus_market: pairedBrierDifference(sc, mkt, o, ids, first.bootstrapSamples, mulberry32(first.bootstrapSeed)),
      diff_brier_blend_minus_market: pairedBrierDifference(bl, mkt, o, ids, first.bootstrapSamples, mulberry32(first.bootstrapSeed + 1)),
    },
    chosen_counts: counts,
    recommended: { index: rec.best, params_hash: paramsHash(candidates[rec.best]!), overrides: overridesOf(candidates[rec.best]!), in_sample: rec.scores[rec.best]! },
  };
}
