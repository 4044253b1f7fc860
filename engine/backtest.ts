import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import { HOUR_MS } from './math.ts';
import { marketProbAt } from './marketPrice.ts';
import { accumulationKey, ProfileStore, TrustModel } from './model.ts';
import { scoreScan } from './smartcrowd.ts';
import { scanMarket } from './walletStates.ts';
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
 * trust model, so one pass serves them all. The blend's k for a row is fitted only on earlier rows
 * whose outcomes were resolved by that row's cutoff − purgeHours. Pure and deterministic.
 */
export function walkForward(tape: Tape, params: EngineParams, opts: { onProgress?: (fraction: number, message: string) => void } = {}): WalkForwardResult {
  return walkForwardMany(tape, [params], opts)[0]!;
}

/** The parameters that must agree for sets to share one walk-forward pass (see walkForwardMany). */
export function passKey(p: EngineParams): string {
  return `${accumulationKey(p)}|${p.cutoffHours}|${p.purgeHours}`;
}

/**
 * Walk-forward backtests of several parameter sets in one pass: they share the profile store and
 * each market's scan (so they must agree on `passKey`: belief/recency parameters, cutoffHours,
 * purgeHours) and differ in weights, integrity and aggregation parameters. Each result equals
 * `walkForward` of its set alone.
 * @throws RangeError when the sets do not share a passKey.
 */
export function walkForwardMany(tape: Tape, paramsList: readonly EngineParams[], opts: { onProgress?: (fraction: number, message: string) => void } = {}): WalkForwardResult[] {
  if (paramsList.length === 0) return [];
  const first = paramsList[0]!;
  const key = passKey(first);
  if (paramsList.some((p) => passKey(p) !== key)) throw new RangeError('walkForwardMany: parameter sets must share belief/recency parameters, cutoffHours and purgeHours');
  const cutoffOf = (m: number) => {
    const e = tape.marketEnd[m]!;
    return (Number.isFinite(e) ? e : tape.resolutionTs[m]!) - first.cutoffHours * HOUR_MS;
  };
  const markets: number[] = [];
  for (let m = 0; m < tape.marketIds.length; m++) if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!)) markets.push(m);
  markets.sort((a, b) => cutoffOf(a) - cutoffOf(b) || a - b);
  const purge = first.purgeHours * HOUR_MS;
  const store = new ProfileStore(tape, first);
  const models = paramsList.map((p) => new TrustModel(tape, p, store));
  const rows: BacktestRow[][] = paramsList.map(() => []);
  let skipped = 0;
  markets.forEach((m, idx) => {
    const cutoff = cutoffOf(m);
    if (idx % 200 === 0) opts.onProgress?.(idx / markets.length, `market ${idx + 1}/${markets.length}`);
    const market_prob = marketProbAt(tape, m, cutoff);
    if (market_prob === null) {
      skipped++;
      return;
    }
    store.advanceTo(cutoff - purge);
    const sc = scanMarket(tape, m, cutoff, first, market_prob);
    paramsList.forEach((p, c) => {
      const s = scoreScan(tape, models[c]!, sc, m, market_prob, p);
      rows[c]!.push({
        market_id: tape.marketIds[m]!,
        category: tape.categories[tape.marketCategory[m]!]!,
        cutoff_ts: cutoff,
        resolution_ts: tape.resolutionTs[m]!,
        outcome: tape.outcome[m]! as 0 | 1,
        market_prob,
        smartcrowd_prob: s.smartcrowd_prob,
        blend_prob: market_prob,
        blend_k: 0,
        divergence: s.divergence,
        confidence: s.confidence,
        integrity_risk: s.integrity_risk,
        n_wallets: s.n_wallets,
      });
    });
  });
  const out = paramsList.map((p, c) => ({ rows: rows[c]!, n_skipped_no_price: skipped, n_resolved: markets.length, final_k: fitBlendWalkForward(rows[c]!, p) }));
  opts.onProgress?.(1, `${rows[0]!.length} markets scored, ${skipped} without a price before the cutoff`);
  return out;
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
