import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { HOUR_MS } from './math.ts';
import { marketProbAt } from './marketPrice.ts';
import { TrustModel } from './model.ts';
import { computeSnapshot } from './smartcrowd.ts';
import { blendProb, fitBlendK } from './blend.ts';

/** One walk-forward row: a resolved market scored as of its cutoff. Instants are epoch ms. */
export interface BacktestRow {
  market_id: string;
  category: string;
  /** end (resolution where no end is known) − cutoffHours. */
  cutoff_ts: number;
  resolution_ts: number;
  outcome: 0 | 1;
  /** Last YES-equivalent trade price at or before the cutoff. */
  market_prob: number;
  /** null when fewer than minWallets wallets traded before the cutoff. */
  smartcrowd_prob: number | null;
  /** Market-anchored blend with k fitted on earlier, already-resolved rows; the market where SmartCrowd is null. */
  blend_prob: number;
  /** The k the blend used for this row. */
  blend_k: number;
  divergence: number | null;
  confidence: number;
  integrity_risk: number;
  n_wallets: number;
}

export interface WalkForwardResult {
  rows: BacktestRow[];
  /** Resolved markets without any trade at or before their cutoff. */
  n_skipped_no_price: number;
  /** Resolved markets considered. */
  n_resolved: number;
  /** The blend's k after the last row (fitted on every row resolved by then). */
  final_k: number;
}

/**
 * Walk-forward backtest. For every resolved market, cutoff = end (resolution where the end is
 * unknown) − cutoffHours; Market Prob is the last trade price at or before the cutoff; SmartCrowd
 * uses only trades at or before the cutoff and wallet profiles from outcomes resolved at or
 * before cutoff − purgeHours. Markets are processed in cutoff order with one incrementally grown
 * TrustModel, so one pass serves them all. The blend's k for a row is fitted only on earlier rows
 * whose outcomes were resolved by that row's cutoff − purgeHours. Pure and deterministic.
 */
export function walkForward(tape: Tape, params: EngineParams, opts: { onProgress?: (fraction: number, message: string) => void } = {}): WalkForwardResult {
  const cutoffOf = (m: number) => {
    const e = tape.marketEnd[m]!;
    return (Number.isFinite(e) ? e : tape.resolutionTs[m]!) - params.cutoffHours * HOUR_MS;
  };
  const markets: number[] = [];
  for (let m = 0; m < tape.marketIds.length; m++) if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!)) markets.push(m);
  markets.sort((a, b) => cutoffOf(a) - cutoffOf(b) || a - b);
  const purge = params.purgeHours * HOUR_MS;
  const model = new TrustModel(tape, params);
  const rows: BacktestRow[] = [];
  let skipped = 0;
  markets.forEach((m, idx) => {
    const cutoff = cutoffOf(m);
    if (idx % 200 === 0) opts.onProgress?.(idx / markets.length, `market ${idx + 1}/${markets.length}`);
    if (marketProbAt(tape, m, cutoff) === null) {
      skipped++;
      return;
    }
    model.advanceTo(cutoff - purge);
    const s = computeSnapshot(tape, model, m, cutoff, params);
    rows.push({
      market_id: s.market_id,
      category: tape.categories[tape.marketCategory[m]!]!,
      cutoff_ts: cutoff,
      resolution_ts: tape.resolutionTs[m]!,
      outcome: tape.outcome[m]! as 0 | 1,
      market_prob: s.market_prob!,
      smartcrowd_prob: s.smartcrowd_prob,
      blend_prob: s.market_prob!,
      blend_k: 0,
      divergence: s.divergence,
      confidence: s.confidence,
      integrity_risk: s.integrity_risk,
      n_wallets: s.n_wallets,
    });
  });
  const final_k = fitBlendWalkForward(rows, params);
  opts.onProgress?.(1, `${rows.length} markets scored, ${skipped} without a price before the cutoff`);
  return { rows, n_skipped_no_price: skipped, n_resolved: markets.length, final_k };
}

/**
 * Fills each row's blend: k fitted on the rows (with a SmartCrowd value) resolved at or before
 * this row's cutoff − purgeHours, refitted as that history grows (every row while it is small,
 * then every 5% of growth); k = 0 until `blendMinHistory` such rows exist. Returns the k fitted on
 * all rows (for reports). Rows must be in cutoff order.
 */
export function fitBlendWalkForward(rows: BacktestRow[], params: EngineParams): number {
  const eps = params.probEps;
  const purge = params.purgeHours * HOUR_MS;
  const byResolution = rows
    .map((r, i) => i)
    .filter((i) => rows[i]!.smartcrowd_prob !== null)
    .sort((a, b) => rows[a]!.resolution_ts - rows[b]!.resolution_ts || a - b);
  const history: { market: number; smartcrowd: number; outcome: 0 | 1 }[] = [];
  let next = 0;
  let k = 0;
  let fittedAt = 0;
  for (const r of rows) {
    while (next < byResolution.length && rows[byResolution[next]!]!.resolution_ts <= r.cutoff_ts - purge) {
      const h = rows[byResolution[next]!]!;
      history.push({ market: h.market_prob, smartcrowd: h.smartcrowd_prob!, outcome: h.outcome });
      next++;
    }
    if (history.length >= params.blendMinHistory && (history.length < 200 ? history.length !== fittedAt : history.length >= fittedAt * 1.05)) {
      k = fitBlendK(history, eps);
      fittedAt = history.length;
    }
    r.blend_k = history.length >= params.blendMinHistory ? k : 0;
    r.blend_prob = r.smartcrowd_prob === null || r.blend_k === 0 ? r.market_prob : blendProb(r.market_prob, r.smartcrowd_prob, r.blend_k, eps);
  }
  const all = rows.filter((r) => r.smartcrowd_prob !== null).map((r) => ({ market: r.market_prob, smartcrowd: r.smartcrowd_prob!, outcome: r.outcome }));
  return all.length >= params.blendMinHistory ? fitBlendK(all, eps) : 0;
}
