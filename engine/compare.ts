import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { walkForward, type BacktestRow } from './backtest.ts';
import { summarizeBacktest, type BacktestSummary } from './backtestReport.ts';
import { pairedBrierDifference, type PairedDifference } from './scoring.ts';
import { mulberry32 } from './rng.ts';

export interface Comparison {
  a: Omit<BacktestSummary, 'calibration' | 'murphy' | 'case_studies'>;
  b: Omit<BacktestSummary, 'calibration' | 'murphy' | 'case_studies'>;
  /** SmartCrowd Brier of B minus A on the markets both scored (negative: B is better). */
  diff_brier_smartcrowd_b_minus_a: PairedDifference;
  /** Blend Brier of B minus A on the markets both scored. */
  diff_brier_blend_b_minus_a: PairedDifference;
  n_common: number;
}

/**
 * Runs two parameter sets on the same tape and reports both with their paired difference on the
 * markets both scored (bootstrap seeded by A's `bootstrapSeed`). Pure.
 */
export function compareParams(tape: Tape, a: EngineParams, b: EngineParams): Comparison {
  const ra = walkForward(tape, a);
  const rb = walkForward(tape, b);
  const byId = new Map(rb.rows.map((r) => [r.market_id, r]));
  const pairs: [BacktestRow, BacktestRow][] = [];
  for (const r of ra.rows) {
    const s = byId.get(r.market_id);
    if (s && r.smartcrowd_prob !== null && s.smartcrowd_prob !== null) pairs.push([r, s]);
  }
  const o = pairs.map(([r]) => r.outcome);
  const ids = pairs.map(([r]) => r.market_id);
  const rng = mulberry32(a.bootstrapSeed);
  const trim = ({ calibration: _c, murphy: _m, case_studies: _s, ...rest }: BacktestSummary) => rest;
  return {
    a: trim(summarizeBacktest(ra, a)),
    b: trim(summarizeBacktest(rb, b)),
    diff_brier_smartcrowd_b_minus_a: pairedBrierDifference(pairs.map(([, s]) => s.smartcrowd_prob!), pairs.map(([r]) => r.smartcrowd_prob!), o, ids, a.bootstrapSamples, rng),
    diff_brier_blend_b_minus_a: pairedBrierDifference(pairs.map(([, s]) => s.blend_prob), pairs.map(([r]) => r.blend_prob), o, ids, a.bootstrapSamples, rng),
    n_common: pairs.length,
  };
}
