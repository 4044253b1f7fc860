import type { EngineParams } from './params.ts';
import { passKey } from './params.ts';
import type { Tape } from './tape.ts';
import type { EvidenceScales } from './types.ts';
import { clamp, HOUR_MS, logit, sigmoid } from './math.ts';
import { marketProbAt } from './marketPrice.ts';
import { ProfileStore } from './profileStore.ts';
import type { Markouts } from './markouts.ts';
import { fixedEvidenceScales, TrustModel, WeightCacheBank } from './trustModel.ts';
import { scoreScan } from './smartcrowd.ts';
import { scanMarket } from './walletStates.ts';
import { blendProb, fitBlendK } from './blend.ts';
import { fitEvidenceScales, gainOverPrice, prequentialLevel, walkForwardScale } from './evidenceScale.ts';

/** Multipliers of the fitted evidence scales the prequential gate chooses among (engine/evidenceScale.ts prequentialLevel). */
const GATE_LEVELS = [0, 0.25, 0.5, 0.75, 1];

export { passKey } from './params.ts';

/** One walk-forward row: a resolved market scored as of its cutoff. Instants are epoch ms. */
export interface BacktestRow {
  market_id: string;
  category: string;
  /** The earlier of end and resolution (whichever is known) − cutoffHours; see cutoffTs. */
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
  /** 'evidence' aggregator: D and G at the cutoff (see smartcrowd.ts; null for 'weighted-mean'). */
  evidence_direction: number | null;
  evidence_price_gap: number | null;
  /** 'evidence' aggregator: C, the crowd's belief relative to the price (0 unless evidenceCrowd; null for 'weighted-mean'). */
  evidence_crowd: number | null;
  /** 'evidence' aggregator: F, the untrusted wallets' net live flow (0 unless evidenceFlow; null for 'weighted-mean'). */
  evidence_flow: number | null;
  /** 'evidence' aggregator: [κ_d, κ_g, κ_c, κ_f] used for this row, fitted on earlier resolved rows (null for 'weighted-mean'). */
  evidence_scales: EvidenceScales | null;
}

export interface WalkForwardResult {
  rows: BacktestRow[];
  /** Resolved markets without any trade at or before their cutoff. */
  n_skipped_no_price: number;
  /** Resolved markets considered. */
  n_resolved: number;
  /** The blend's k after the last row (fitted on every row resolved by then). */
  final_k: number;
  /** 'evidence' aggregator: [κ_d, κ_g, κ_c, κ_f] fitted on every row (null for 'weighted-mean'). */
  final_evidence_scales: EvidenceScales | null;
}

type Progress = {
  onProgress?: (fraction: number, message: string) => void;
  /** The tape's markouts computed elsewhere (services/markoutsInParallel.ts), used when they match the parameters. */
  markouts?: Markouts;
};

/**
 * A resolved market's backtest cutoff (CONTRACTS.md §4), epoch ms: the earlier of its scheduled end
 * and its resolution, minus `cutoffHours` (whichever of the two is known). Markets often resolve
 * before their end date; a cutoff from the end alone would score a price that already knows the
 * answer and let the market's own outcome into the weights that score it.
 */
export function cutoffTs(tape: Tape, m: number, cutoffHours: number): number {
  const e = tape.marketEnd[m]!;
  const r = tape.resolutionTs[m]!;
  const close = Number.isFinite(e) ? (Number.isFinite(r) ? Math.min(e, r) : e) : r;
  return close - cutoffHours * HOUR_MS;
}

/**
 * Walk-forward backtest. For every resolved market, cutoff = the earlier of its end and its
 * resolution, minus cutoffHours (cutoffTs); Market Prob is the last trade price at or before the
 * cutoff; SmartCrowd uses only trades at or before the cutoff and what the trust model saw by
 * cutoff − purgeHours (outcomes resolved and markouts known by then). Markets are processed in
 * cutoff order with one incrementally grown trust model, so one pass serves them all. A row's
 * evidence scale κ and blend k are fitted only on earlier rows whose outcomes were resolved by
 * that row's cutoff − purgeHours. Pure and deterministic.
 */
export function walkForward(tape: Tape, params: EngineParams, opts: Progress = {}): WalkForwardResult {
  return walkForwardMany(tape, [params], opts)[0]!;
}

/** Resolved markets with a cutoff at or before `until` (all when undefined), in cutoff order. */
function marketsInCutoffOrder(tape: Tape, cutoffHours: number, until = Infinity): number[] {
  const markets: number[] = [];
  for (let m = 0; m < tape.marketIds.length; m++) {
    if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!) && tape.resolutionTs[m]! <= until) markets.push(m);
  }
  const cut = new Map(markets.map((m) => [m, cutoffTs(tape, m, cutoffHours)]));
  return markets.sort((a, b) => cut.get(a)! - cut.get(b)! || a - b);
}

/**
 * The raw walk-forward pass shared by backtests and the pipeline's evidence scale: rows with
 * SmartCrowd computed at κ = 0 plus each row's evidence Δ, blends unfitted. Markets resolved after
 * `until` are left out.
 */
function rawPass(
  tape: Tape, paramsList: readonly EngineParams[], until: number, opts: Progress,
): { rows: BacktestRow[][]; training: TrainingRow[][][]; skipped: number; nResolved: number; store: ProfileStore } {
  const first = paramsList[0]!;
  const key = passKey(first);
  if (paramsList.some((p) => passKey(p) !== key)) throw new RangeError('walkForwardMany: parameter sets must share profile parameters, cutoffHours and purgeHours');
  const markets = marketsInCutoffOrder(tape, first.cutoffHours, until);
  const purge = first.purgeHours * HOUR_MS;
  const store = new ProfileStore(tape, first, opts.markouts);
  // Several sets: one interleaved weight cache, each model in its own lane (trustModel.ts WeightCacheBank).
  const bank = paramsList.length > 1 ? new WeightCacheBank(store.slotOfKey.length, paramsList.length) : undefined;
  const models = paramsList.map((p, c) => new TrustModel(tape, p, store, { cache: bank, lane: c }));
  for (const m of models) m.evidenceScales = [0, 0, 0, 0];
  const rows: BacktestRow[][] = paramsList.map(() => []);
  const training: TrainingRow[][][] = paramsList.map(() => []);
  // Extra training rows feed only learned evidence scales.
  const learns = (p: EngineParams) => p.aggregator === 'evidence' && p.learnEvidenceScale;
  const lags = paramsList.some(learns) ? first.evidenceTrainingLagsHours : [];
  let skipped = 0;
  markets.forEach((m, idx) => {
    const cutoff = cutoffTs(tape, m, first.cutoffHours);
    if (idx % 200 === 0) opts.onProgress?.(idx / markets.length, `market ${idx + 1}/${markets.length}`);
    const market_prob = marketProbAt(tape, m, cutoff);
    if (market_prob === null) {
      skipped++;
      return;
    }
    store.advanceTo(cutoff - purge);
    // Extra training rows (evidenceTrainingLagsHours): the market scored earlier, with the trust of the cutoff's row.
    const extra: TrainingRow[][] = paramsList.map(() => []);
    for (const lag of lags) {
      const t = cutoff - lag * HOUR_MS;
      const mp = marketProbAt(tape, m, t);
      if (mp === null) continue;
      const sx = scanMarket(tape, m, t, first, mp, store.scan, store.fillsFor(m));
      paramsList.forEach((p, c) => {
        if (!learns(p)) return;
        const s = scoreScan(tape, models[c]!, sx, m, mp, p);
        if (s.smartcrowd_prob === null || s.evidence_direction === null) return;
        extra[c]!.push({ market: mp, d: s.evidence_direction, g: s.evidence_price_gap!, c: s.evidence_crowd!, f: s.evidence_flow! });
      });
    }
    const sc = scanMarket(tape, m, cutoff, first, market_prob, store.scan, store.fillsFor(m));
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
        evidence_direction: s.evidence_direction,
        evidence_price_gap: s.evidence_price_gap,
        evidence_crowd: s.evidence_crowd,
        evidence_flow: s.evidence_flow,
        evidence_scales: s.evidence_scales,
      });
      training[c]!.push(extra[c]!);
    });
  });
  return { rows, training, skipped, nResolved: markets.length, store };
}

/**
 * Walk-forward backtests of several parameter sets in one pass: they share the profile store and
 * each market's scan (so they must agree on `passKey`: the schema's 'profile' and 'pass' stage
 * parameters) and differ in weights, integrity and aggregation parameters. Each result equals
 * `walkForward` of its set alone.
 * @throws RangeError when the sets do not share a passKey.
 */
export function walkForwardMany(tape: Tape, paramsList: readonly EngineParams[], opts: Progress = {}): WalkForwardResult[] {
  if (paramsList.length === 0) return [];
  const { rows, training, skipped, nResolved } = rawPass(tape, paramsList, Infinity, opts);
  const out = paramsList.map((p, c) => {
    const final_evidence_scales = fitEvidenceWalkForward(rows[c]!, p, training[c]);
    return { rows: rows[c]!, n_skipped_no_price: skipped, n_resolved: nResolved, final_k: fitBlendWalkForward(rows[c]!, p), final_evidence_scales };
  });
  opts.onProgress?.(1, `${rows[0]!.length} markets scored, ${skipped} without a price before the cutoff`);
  return out;
}

type Scales = EvidenceScales;
/** An extra training row of a market (evidenceTrainingLagsHours): its price and features D, G, C, F at an earlier instant. */
export interface TrainingRow {
  market: number;
  d: number;
  g: number;
  c: number;
  f: number;
}
/** The features `params` turns on, in the fit's order: D, G, then C with evidenceCrowd, then F with evidenceFlow. */
const featuresOf = (params: EngineParams, d: number, g: number, c: number, f: number) => {
  const x = [d, g];
  if (params.evidenceCrowd) x.push(c);
  if (params.evidenceFlow) x.push(f);
  return x;
};
/**
 * The evidence history of one row: its price, features and outcome, and its market's extra training rows
 * (`training[i]` for rows[i]), which carry the same outcome.
 */
const evidenceHistory = (params: EngineParams, rows: readonly BacktestRow[], training?: readonly (readonly TrainingRow[])[]) => {
  const extraOf = new Map<BacktestRow, readonly TrainingRow[]>();
  if (training) rows.forEach((r, i) => extraOf.set(r, training[i] ?? []));
  return (r: BacktestRow) => ({
    market: r.market_prob,
    x: featuresOf(params, r.evidence_direction!, r.evidence_price_gap!, r.evidence_crowd!, r.evidence_flow!),
    outcome: r.outcome,
    extra: (extraOf.get(r) ?? []).map((t) => ({ market: t.market, x: featuresOf(params, t.d, t.g, t.c, t.f), outcome: r.outcome })),
  });
};
type EvidenceHistory = ReturnType<ReturnType<typeof evidenceHistory>>;
const hasEvidence = (r: BacktestRow) => r.smartcrowd_prob !== null && r.evidence_direction !== null;
/** Fits the scales on an evidence history: κ_d, κ_g, κ_c in [0, evidenceScaleMax], κ_f in [−evidenceScaleMax, evidenceScaleMax]. */
const fitScales = (params: EngineParams) => {
  const d = 2 + (params.evidenceCrowd ? 1 : 0) + (params.evidenceFlow ? 1 : 0);
  const lower = Array.from({ length: d }, (_, a) => (params.evidenceFlow && a === d - 1 ? -params.evidenceScaleMax : 0));
  return (history: readonly EvidenceHistory[]): Scales => {
    const h = history.some((e) => e.extra.length > 0) ? history.flatMap((e) => [e, ...e.extra]) : history;
    const k = fitEvidenceScales(h, d, params.probEps, params.evidenceScaleShrink, params.evidenceScaleMax, lower);
    return [k[0]!, k[1]!, params.evidenceCrowd ? k[2]! : 0, params.evidenceFlow ? k[d - 1]! : 0];
  };
};

/**
 * 'evidence' aggregator: sets each row's scales [κ_d, κ_g, κ_c, κ_f] and SmartCrowd = σ(logit P + κ_d·D +
 * κ_g·G + κ_c·C + κ_f·F), the scales fitted walk-forward (walkForwardScale) on rows resolved by the row's
 * cutoff − purgeHours, zeros until `blendMinHistory` such rows exist; or the fixed scales when not learned.
 * With `evidenceGate`, each row uses λ times its fitted scales (prequentialLevel), and with `evidenceFlow`
 * too it uses the gated fit with F only where that fit has beaten the gated fit without F out of sample
 * so far (else the latter). Returns the scales for live use, fitted on all rows and chosen the same
 * way (null for 'weighted-mean', whose rows are left as they are).
 */
export function fitEvidenceWalkForward(rows: BacktestRow[], params: EngineParams, training?: readonly (readonly TrainingRow[])[]): Scales | null {
  if (params.aggregator !== 'evidence') return null;
  const eps = params.probEps;
  const forecast = evidenceForecast(eps);
  let { perRow, final } = gatedEvidenceScales(rows, params, training);
  if (params.evidenceFlow && params.learnEvidenceScale && params.evidenceGate) {
    // The untrusted flow enters a row only once the gated fit with it has beaten the gated fit without it
    // out of sample (every earlier resolved row scored with both; a tie keeps it out): a fourth scale
    // is noise while the history is short, and this keeps that noise out of those rows.
    const without = gatedEvidenceScales(rows, { ...params, evidenceFlow: false }, training);
    const withFlow = perRow;
    const gain = (i: number, level: number) => {
      const r = rows[i]!;
      return gainOverPrice(forecast(r, (level === 1 ? withFlow : without.perRow)[i]!), r.market_prob, r.outcome, eps);
    };
    const lv = prequentialLevel(rows, hasEvidence, [0, 1], gain, params.purgeHours * HOUR_MS);
    perRow = lv.perRow.map((level, i) => (level === 1 ? withFlow : without.perRow)[i]!);
    if (lv.final === 0) final = without.final;
  }
  rows.forEach((r, i) => {
    const k = perRow[i]!;
    r.evidence_scales = [k[0], k[1], k[2], k[3]];
    if (!hasEvidence(r)) return;
    r.smartcrowd_prob = forecast(r, k);
    r.divergence = r.smartcrowd_prob - r.market_prob;
  });
  return [final[0], final[1], final[2], final[3]];
}

/** SmartCrowd of a row with scales k: σ(logit P + κ_d·D + κ_g·G + κ_c·C + κ_f·F), the price clipped to [eps, 1 − eps]. */
const evidenceForecast = (eps: number) => (r: BacktestRow, k: readonly number[]) =>
  sigmoid(logit(clamp(r.market_prob, eps, 1 - eps)) + k[0]! * r.evidence_direction! + k[1]! * r.evidence_price_gap! + k[2]! * r.evidence_crowd! + k[3]! * r.evidence_flow!);

/**
 * The scales of every row (walk-forward, gated: see fitEvidenceWalkForward and `evidenceGate`) and the
 * scales fitted on all rows, for the features `params` turns on. Pure: the rows are not changed.
 */
function gatedEvidenceScales(rows: readonly BacktestRow[], params: EngineParams, training?: readonly (readonly TrainingRow[])[]): { perRow: Scales[]; final: Scales } {
  const eps = params.probEps;
  const purgeMs = params.purgeHours * HOUR_MS;
  if (!params.learnEvidenceScale) {
    const fixed = fixedEvidenceScales(params);
    return { perRow: rows.map(() => fixed), final: fixed };
  }
  const learned = walkForwardScale<BacktestRow, EvidenceHistory, Scales>(rows, hasEvidence, evidenceHistory(params, rows, training), fitScales(params), {
    purgeMs, minHistory: params.blendMinHistory, fallback: [0, 0, 0, 0],
  });
  if (!params.evidenceGate) return { perRow: learned.perRow, final: learned.final };
  // Each row's out-of-sample gain over the price with λ times the scales fitted before it.
  const forecast = evidenceForecast(eps);
  const fitted = learned.perRow;
  const gain = (i: number, level: number) => {
    const r = rows[i]!;
    const k = fitted[i]!;
    return gainOverPrice(forecast(r, [level * k[0], level * k[1], level * k[2], level * k[3]]), r.market_prob, r.outcome, eps);
  };
  const lv = prequentialLevel(rows, hasEvidence, GATE_LEVELS, gain, purgeMs);
  const final = learned.final;
  return {
    perRow: fitted.map((k, i): Scales => [lv.perRow[i]! * k[0], lv.perRow[i]! * k[1], lv.perRow[i]! * k[2], lv.perRow[i]! * k[3]]),
    final: [lv.final * final[0], lv.final * final[1], lv.final * final[2], lv.final * final[3]],
  };
}

/**
 * The evidence scales as of `asOf` for a live snapshot ('evidence' aggregator, learned): the
 * walk-forward rows of every market resolved at or before `asOf`, each scored at its cutoff with
 * only what was visible by cutoff − purgeHours, and the scales fitted on all of them ([0, 0] below
 * `blendMinHistory` rows). The fixed scales when not learned; null for 'weighted-mean'.
 */
export function evidenceScalesAsOf(tape: Tape, params: EngineParams, asOf: number, opts: Progress = {}): Scales | null {
  return evidenceScalesAndStoreAsOf(tape, params, asOf, opts).scales;
}

/**
 * evidenceScalesAsOf, plus the profile store its walk-forward pass grew (advanced to the last
 * cutoff − purgeHours before `asOf`, so never past `asOf`), for a caller to advance further rather than
 * build again. Null store for 'weighted-mean' or fixed scales.
 */
export function evidenceScalesAndStoreAsOf(tape: Tape, params: EngineParams, asOf: number, opts: Progress = {}): { scales: Scales | null; store: ProfileStore | null } {
  if (params.aggregator !== 'evidence') return { scales: null, store: null };
  if (!params.learnEvidenceScale) return { scales: fixedEvidenceScales(params), store: null };
  const { rows, training, store } = rawPass(tape, [params], asOf, opts);
  if (params.evidenceGate) return { scales: fitEvidenceWalkForward(rows[0]!, params, training[0])!, store };
  const hist = rows[0]!.filter(hasEvidence).map(evidenceHistory(params, rows[0]!, training[0]));
  return { scales: hist.length >= params.blendMinHistory ? fitScales(params)(hist) : [0, 0, 0, 0], store };
}

/**
 * Fills each row's blend: k fitted walk-forward (walkForwardScale) on the rows with a SmartCrowd
 * value resolved at or before this row's cutoff − purgeHours, k = 0 until `blendMinHistory` such
 * rows exist. With `blendGate`, a row with a fitted k gets k = 1 (SmartCrowd itself) instead where
 * k = 1 has done better out of sample so far than the k the blend used (prequentialLevel over the
 * resolved rows, each scored with the k it had, 0 before blendMinHistory; the fitted k on a tie). Returns the k
 * for live use: fitted on all rows, or 1 when k = 1 did better over all of them. Rows must be in
 * cutoff order.
 */
export function fitBlendWalkForward(rows: BacktestRow[], params: EngineParams): number {
  const eps = params.probEps;
  const fitted = walkForwardScale(
    rows,
    (r) => r.smartcrowd_prob !== null,
    (r) => ({ market: r.market_prob, smartcrowd: r.smartcrowd_prob!, outcome: r.outcome }),
    (h) => fitBlendK(h, eps, params.blendMaxK, params.blendObjective),
    { purgeMs: params.purgeHours * HOUR_MS, minHistory: params.blendMinHistory, fallback: 0 },
  );
  let { perRow, final } = fitted;
  if (params.blendGate) {
    // Level 0: the k fitted before the row; level 1: k = 1. Gain = log-likelihood ratio against the price.
    const kAt = (i: number, level: number) => (level === 0 ? fitted.perRow[i]! : 1);
    const gain = (i: number, level: number) => {
      const r = rows[i]!;
      return gainOverPrice(blendProb(r.market_prob, r.smartcrowd_prob!, kAt(i, level), eps), r.market_prob, r.outcome, eps);
    };
    const lv = prequentialLevel(rows, (r) => r.smartcrowd_prob !== null, [0, 1], gain, params.purgeHours * HOUR_MS);
    perRow = lv.perRow.map((level, i) => (fitted.fitted[i] ? kAt(i, level) : fitted.perRow[i]!));
    if (lv.final === 1) final = 1;
  }
  rows.forEach((r, i) => {
    r.blend_k = perRow[i]!;
    r.blend_prob = r.smartcrowd_prob === null || r.blend_k === 0 ? r.market_prob : blendProb(r.market_prob, r.smartcrowd_prob, r.blend_k, eps);
  });
  return final;
}
