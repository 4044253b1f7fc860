import type { EngineParams } from './params.ts';

/** The snapshot fields an alert rule reads. */
export interface AlertInput {
  market_id: string;
  market_prob: number | null;
  smartcrowd_prob: number | null;
  divergence: number | null;
  confidence: number;
  integrity_risk: number;
}

export interface Alert {
  market_id: string;
  kind: 'divergence' | 'integrity';
  /** 0..1, for ordering: |divergence|·confidence, or the integrity risk. */
  severity: number;
  reason: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Alerts of one snapshot: a confident divergence (|divergence| ≥ alertDivergence and confidence ≥
 * alertMinConfidence) and/or an integrity risk at or above integrityRiskThreshold, each with the
 * reason in words.
 */
export function alertsFor(s: AlertInput, params: EngineParams): Alert[] {
  const out: Alert[] = [];
  if (s.divergence !== null && Math.abs(s.divergence) >= params.alertDivergence && s.confidence >= params.alertMinConfidence) {
    out.push({
      market_id: s.market_id,
      kind: 'divergence',
      severity: Math.abs(s.divergence) * s.confidence,
      reason:
        `SmartCrowd ${pct(s.smartcrowd_prob!)} vs market ${pct(s.market_prob!)}: ${s.divergence > 0 ? '+' : ''}${(s.divergence * 100).toFixed(1)} pts ` +
        `(≥ ${(params.alertDivergence * 100).toFixed(0)}) at confidence ${pct(s.confidence)} (≥ ${pct(params.alertMinConfidence)})`,
    });
  }
  if (s.integrity_risk >= params.integrityRiskThreshold) {
    out.push({
      market_id: s.market_id,
      kind: 'integrity',
      severity: s.integrity_risk,
      reason: `integrity risk ${pct(s.integrity_risk)} ≥ ${pct(params.integrityRiskThreshold)}: concentrated, wash-like or fresh-whale flow`,
    });
  }
  return out;
}
