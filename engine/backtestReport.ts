import type { EngineParams } from './params.ts';
import { paramsHash } from './params.ts';
import type { BacktestRow, WalkForwardResult } from './backtest.ts';
import type { EvidenceScales } from './types.ts';
import {
  brier, calibrationBins, divergenceBuckets, logLoss, murphyDecomposition, pairedBrierDifferences, type BootstrapDraws,
  type CalibrationBin, type DivergenceBucket, type MurphyDecomposition, type PairedDifference,
} from './scoring.ts';

export interface Score {
  brier: number;
  log_loss: number;
  n: number;
}

export interface CaseStudy {
  market_id: string;
  cutoff_ts: string;
  outcome: 0 | 1;
  market_prob: number;
  smartcrowd_prob: number;
  divergence: number;
  /** Which forecast was closer to the outcome. */
  winner: 'smartcrowd' | 'market' | 'tie';
  integrity_risk: number;
  confidence: number;
}

/** A backtest's summary: the CONTRACTS.md §2 `backtest --json` fields first, then more. */
export interface BacktestSummary {
  params_hash: string;
  cutoff_hours: number;
  purge_hours: number;
  n_markets: number;
  scores: { market: Score; smartcrowd: Score; blend: Score };
  diff_brier_smartcrowd_minus_market: PairedDifference;
  diff_brier_blend_minus_market: PairedDifference;
  /** Scores on the markets where SmartCrowd has a value (the paired comparison's sample). */
  scores_common: { market: Score; smartcrowd: Score; blend: Score };
  n_resolved: number;
  n_skipped_no_price: number;
  /** Markets without enough eligible wallets before the cutoff: excluded from SmartCrowd's scores. */
  n_smartcrowd_null: number;
  blend: { k: number; k_mean_over_rows: number; note: string };
  /** 'evidence' aggregator: the evidence scales [κ_d, κ_g, κ_c, κ_f] fitted on every row and their mean over rows; null for 'weighted-mean'. */
  evidence: { aggregator: 'evidence' | 'weighted-mean'; scales: EvidenceScales | null; scales_mean_over_rows: EvidenceScales | null; note: string };
  calibration: { market: CalibrationBin[]; smartcrowd: CalibrationBin[]; blend: CalibrationBin[] };
  murphy: { market: MurphyDecomposition; smartcrowd: MurphyDecomposition; blend: MurphyDecomposition };
  divergence_buckets: DivergenceBucket[];
  case_studies: CaseStudy[];
  verdict: string;
  params: EngineParams;
}

const score = (f: number[], o: number[], eps: number): Score => ({ brier: brier(f, o), log_loss: logLoss(f, o, eps), n: f.length });

/**
 * Summarises a walk-forward result: Brier and log loss for market, SmartCrowd and blend; the
 * paired Brier differences with a market-clustered bootstrap 95% CI (seeded by
 * `bootstrapSeed`) and a Diebold–Mariano p-value; calibration bins; Murphy decomposition;
 * divergence buckets; the largest divergences as case studies. Deterministic. `draws`: a caller summarising
 * many results on the same markets (a sweep) passes one BootstrapDraws to all of them, so the bootstrap's
 * draws are made once (the same numbers either way).
 */
export function summarizeBacktest(res: WalkForwardResult, params: EngineParams, draws?: BootstrapDraws): BacktestSummary {
  const eps = params.probEps;
  const rows = res.rows;
  const o = rows.map((r) => r.outcome);
  const mk = rows.map((r) => r.market_prob);
  const bl = rows.map((r) => r.blend_prob);
  const common = rows.filter((r): r is BacktestRow & { smartcrowd_prob: number } => r.smartcrowd_prob !== null);
  const co = common.map((r) => r.outcome);
  const cm = common.map((r) => r.market_prob);
  const cs = common.map((r) => r.smartcrowd_prob);
  const cb = common.map((r) => r.blend_prob);
  const [dSc, dBl] = pairedBrierDifferences(
    [{ a: cs, b: cm, o: co, clusters: common.map((r) => r.market_id) }, { a: bl, b: mk, o, clusters: rows.map((r) => r.market_id) }],
    params.bootstrapSamples, params.bootstrapSeed, draws,
  ) as [PairedDifference, PairedDifference];
  const cases: CaseStudy[] = [...common]
    .sort((a, b) => Math.abs(b.smartcrowd_prob - b.market_prob) - Math.abs(a.smartcrowd_prob - a.market_prob) || (a.market_id < b.market_id ? -1 : 1))
    .slice(0, 10)
    .map((r) => {
      const es = Math.abs(r.smartcrowd_prob - r.outcome);
      const em = Math.abs(r.market_prob - r.outcome);
      return {
        market_id: r.market_id,
        cutoff_ts: new Date(r.cutoff_ts).toISOString(),
        outcome: r.outcome,
        market_prob: r.market_prob,
        smartcrowd_prob: r.smartcrowd_prob,
        divergence: r.smartcrowd_prob - r.market_prob,
        winner: es < em ? 'smartcrowd' : em < es ? 'market' : 'tie',
        integrity_risk: r.integrity_risk,
        confidence: r.confidence,
      };
    });
  const fmt = (x: number) => x.toFixed(4);
  const verdict =
    dSc.n === 0
      ? 'No market had enough eligible wallets for a SmartCrowd forecast.'
      : dSc.ci95[1] < 0
        ? `SmartCrowd beats the market price: Brier difference ${fmt(dSc.mean)} (95% CI ${fmt(dSc.ci95[0])}..${fmt(dSc.ci95[1])}).`
        : dSc.ci95[0] > 0
          ? `SmartCrowd alone loses to the market price: Brier difference +${fmt(dSc.mean)} (95% CI ${fmt(dSc.ci95[0])}..${fmt(dSc.ci95[1])}); the blend's k (${res.final_k.toFixed(2)}) says how much of its divergence is still worth adding to the price.`
          : `SmartCrowd and the market price are not distinguishable at 95%: Brier difference ${fmt(dSc.mean)} (95% CI ${fmt(dSc.ci95[0])}..${fmt(dSc.ci95[1])}).`;
  return {
    params_hash: paramsHash(params),
    cutoff_hours: params.cutoffHours,
    purge_hours: params.purgeHours,
    n_markets: rows.length,
    scores: { market: score(mk, o, eps), smartcrowd: score(cs, co, eps), blend: score(bl, o, eps) },
    diff_brier_smartcrowd_minus_market: dSc,
    diff_brier_blend_minus_market: dBl,
    scores_common: { market: score(cm, co, eps), smartcrowd: score(cs, co, eps), blend: score(cb, co, eps) },
    n_resolved: res.n_resolved,
    n_skipped_no_price: res.n_skipped_no_price,
    n_smartcrowd_null: rows.length - common.length,
    blend: {
      k: res.final_k,
      k_mean_over_rows: rows.length ? rows.reduce((s, r) => s + r.blend_k, 0) / rows.length : 0,
      note: 'k is refitted walk-forward on earlier markets already resolved at each cutoff − purgeHours; k = 0 is the market price. Where SmartCrowd is null the blend is the market price.',
    },
    evidence: {
      aggregator: params.aggregator,
      scales: res.final_evidence_scales,
      scales_mean_over_rows:
        res.final_evidence_scales === null || rows.length === 0
          ? null
          : [0, 1, 2, 3].map((a) => rows.reduce((s, r) => s + (r.evidence_scales?.[a] ?? 0), 0) / rows.length) as EvidenceScales,
      note:
        params.aggregator === 'evidence'
          ? 'SmartCrowd = σ(logit price + κ_d·D + κ_g·G + κ_c·C + κ_f·F): the scales of the trusted evidence (D, G), of the crowd\'s belief (C) and of the untrusted flow (F; κ_f < 0 leans against it) are refitted walk-forward on earlier markets resolved at each cutoff − purgeHours; [0, 0, 0, 0] is the market price.'
          : 'The seed design: SmartCrowd = Σ ew·belief / Σ ew over every wallet.',
    },
    calibration: {
      market: calibrationBins(mk, o, params.calibrationBins),
      smartcrowd: calibrationBins(cs, co, params.calibrationBins),
      blend: calibrationBins(bl, o, params.calibrationBins),
    },
    murphy: {
      market: murphyDecomposition(mk, o, params.calibrationBins),
      smartcrowd: murphyDecomposition(cs, co, params.calibrationBins),
      blend: murphyDecomposition(bl, o, params.calibrationBins),
    },
    divergence_buckets: divergenceBuckets(cs, cm, co),
    case_studies: cases,
    verdict,
    params,
  };
}
