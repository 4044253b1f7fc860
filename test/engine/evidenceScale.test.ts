import { describe, expect, it } from 'vitest';
import { fitEvidenceScales, prequentialLevel } from '../../engine/evidenceScale.ts';
import { fitEvidenceWalkForward, type BacktestRow } from '../../engine/backtest.ts';
import { parseParams } from '../../engine/params.ts';
import { mulberry32, randNormal } from '../../engine/rng.ts';
import { HOUR_MS, sigmoid } from '../../engine/math.ts';

/**
 * n markets: price p; true log-odds = logit p + 1.5·D + 0.5·G (+ crowdScale·C, C a crowd belief
 * present in every market); outcomes drawn from it. x = [D, G, C].
 */
function history(n: number, seed: number, informative: boolean, crowdScale = 0) {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const lm = 1.2 * randNormal(rng);
    const D = rng() < 0.6 ? 0 : randNormal(rng) * 0.5;
    const G = D === 0 ? 0 : randNormal(rng) * 0.4;
    const C = randNormal(rng) * 0.6;
    const truth = (informative ? lm + 1.5 * D + 0.5 * G : lm) + crowdScale * C;
    return { market: sigmoid(lm), x: [D, G, C], outcome: (rng() < sigmoid(truth) ? 1 : 0) as 0 | 1 };
  });
}

describe('evidence scales', () => {
  it('recover the scales behind informative evidence (maximum likelihood, little shrinkage with strong evidence)', () => {
    const [kd, kg] = fitEvidenceScales(history(20_000, 1, true), 2, 1e-4, 2, 20);
    expect(kd).toBeCloseTo(1.5, 0);
    expect(kg).toBeGreaterThan(0.2);
    expect(kg).toBeLessThan(0.9);
  });

  it('shrink worthless evidence to (nearly) nothing: SmartCrowd falls back to the price', () => {
    let total = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const [kd, kg] = fitEvidenceScales(history(300, seed, false), 2, 1e-4, 2, 20);
      total += kd! + kg!;
    }
    // Without the likelihood-ratio shrinkage the maximum-likelihood scales chase noise (≈ 0.30 summed on average here, 0.05 with it).
    expect(total / 20).toBeLessThan(0.15);
  });

  it('a feature whose unconstrained coefficient would be negative is held at 0 and the others take the constrained optimum', () => {
    // x2 = x1 + noise, truth = logit p + 2·x1 − 0.8·x2: the free optimum has β2 < 0, outside [0, kMax].
    const rng = mulberry32(7);
    const h = Array.from({ length: 20_000 }, () => {
      const lm = randNormal(rng);
      const x1 = randNormal(rng) * 0.6;
      const x2 = x1 + randNormal(rng) * 0.3;
      return { market: sigmoid(lm), x: [x1, x2], outcome: (rng() < sigmoid(lm + 2 * x1 - 0.8 * x2) ? 1 : 0) as 0 | 1 };
    });
    const [b1, b2] = fitEvidenceScales(h, 2, 1e-4, 0, 20);
    // The constrained optimum is the one-feature fit on x1 alone.
    const [only1] = fitEvidenceScales(h.map((r) => ({ ...r, x: [r.x[0]!] })), 1, 1e-4, 0, 20);
    expect(b2).toBe(0);
    expect(b1).toBeCloseTo(only1!, 4);
    expect(b1).toBeGreaterThan(0.8);
  });

  it('three features: the crowd scale is recovered beside the other two', () => {
    const [kd, kg, kc] = fitEvidenceScales(history(20_000, 2, true, 0.8), 3, 1e-4, 3, 20);
    expect(kd).toBeCloseTo(1.5, 0);
    expect(kg).toBeGreaterThan(0.2);
    expect(kc).toBeCloseTo(0.8, 1);
  });

  it('no evidence: zero scales', () => {
    expect(fitEvidenceScales([{ market: 0.4, x: [0, 0], outcome: 1 }], 2, 1e-4, 2, 20)).toEqual([0, 0]);
  });
});

/** Rows in cutoff order, a day apart, each resolving 12 h after its cutoff, with `history`'s evidence. */
function rows(n: number, seed: number, informative: boolean, crowdScale = 0): BacktestRow[] {
  return history(n, seed, informative, crowdScale).map((h, i) => ({
    market_id: `m${i}`, category: 'c', cutoff_ts: i * 24 * HOUR_MS, resolution_ts: i * 24 * HOUR_MS + 12 * HOUR_MS, outcome: h.outcome,
    market_prob: h.market, smartcrowd_prob: h.market, blend_prob: h.market, blend_k: 0, divergence: 0, confidence: 1, integrity_risk: 0, n_wallets: 5,
    evidence_direction: h.x[0]!, evidence_price_gap: h.x[1]!, evidence_crowd: h.x[2] ?? 0, evidence_flow: 0, evidence_scales: [0, 0, 0, 0],
  }));
}
const brier = (p: number, y: number) => (p - y) ** 2;

describe('the prequential gate of the evidence scales', () => {
  const rs = Array.from({ length: 6 }, (_, i) => ({ cutoff_ts: i * 10, resolution_ts: i * 10 + 5 }));
  const levels = [0, 0.5, 1];

  it('keeps the price (level 0) until a level has beaten it out of sample, then takes the best level so far', () => {
    // Row 0 says the evidence hurts, rows 1.. that half of it helps most.
    const gain = (j: number, l: number) => (j === 0 ? -l : l === 0.5 ? 1 : l === 1 ? 0.5 : 0);
    const { perRow, final } = prequentialLevel(rs, () => true, levels, gain, 0);
    // Row i sees rows resolved by its cutoff: rows 0..i−1.
    expect(perRow).toEqual([0, 0, 0.5, 0.5, 0.5, 0.5]);
    expect(final).toBe(0.5);
  });

  it("uses only rows resolved by a row's cutoff − purge: later outcomes cannot change an earlier row's level", () => {
    const base = (j: number, l: number) => l * (j % 2 === 0 ? 1 : -0.4);
    const a = prequentialLevel(rs, () => true, levels, base, 12).perRow;
    const b = prequentialLevel(rs, () => true, levels, (j, l) => (j >= 3 ? -10 * l : base(j, l)), 12).perRow;
    // With a 12 h purge row i sees rows 0..i−2; rows 0..4 never see row 3 or later.
    expect(b.slice(0, 5)).toEqual(a.slice(0, 5));
    expect(b[5]).toBe(0);
  });

  it('worthless evidence: gated SmartCrowd stays within a hair of the price, where the ungated fit adds noise', () => {
    let gated = 0;
    let ungated = 0;
    let market = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const g = rows(400, seed, false);
      const u = rows(400, seed, false);
      fitEvidenceWalkForward(g, parseParams({ evidenceGate: true }));
      fitEvidenceWalkForward(u, parseParams({ evidenceGate: false }));
      for (let i = 0; i < g.length; i++) {
        gated += brier(g[i]!.smartcrowd_prob!, g[i]!.outcome);
        ungated += brier(u[i]!.smartcrowd_prob!, u[i]!.outcome);
        market += brier(g[i]!.market_prob, g[i]!.outcome);
      }
    }
    expect(gated - market).toBeLessThan(ungated - market);
    expect((gated - market) / market).toBeLessThan(0.002);
  });

  it('informative evidence: the gate opens and keeps nearly all of the gain', () => {
    const g = rows(2000, 3, true);
    const u = rows(2000, 3, true);
    fitEvidenceWalkForward(g, parseParams({ evidenceGate: true }));
    fitEvidenceWalkForward(u, parseParams({ evidenceGate: false }));
    const later = (r: BacktestRow[]) => r.slice(1000).reduce((a, x) => a + brier(x.smartcrowd_prob!, x.outcome) - brier(x.market_prob, x.outcome), 0);
    expect(later(u)).toBeLessThan(0);
    expect(later(g)).toBeLessThan(0.9 * later(u));
  });
});

describe('the crowd feature (evidenceCrowd)', () => {
  it('informative crowd beliefs: with the feature the later rows beat both the price and the fit without it', () => {
    const on = rows(2000, 5, true, 0.8);
    const off = rows(2000, 5, true, 0.8);
    expect(fitEvidenceWalkForward(on, parseParams({ evidenceCrowd: true }))![2]).toBeGreaterThan(0.4);
    expect(fitEvidenceWalkForward(off, parseParams({ evidenceCrowd: false }))![2]).toBe(0);
    const later = (r: BacktestRow[]) => r.slice(1000).reduce((a, x) => a + brier(x.smartcrowd_prob!, x.outcome) - brier(x.market_prob, x.outcome), 0);
    expect(later(on)).toBeLessThan(later(off));
    expect(later(off)).toBeLessThan(0);
  });

  it('worthless crowd beliefs: the crowd scale stays (nearly) 0 and SmartCrowd is no worse than without the feature', () => {
    let on = 0;
    let off = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const a = rows(400, seed, false);
      const b = rows(400, seed, false);
      fitEvidenceWalkForward(a, parseParams({ evidenceCrowd: true }));
      fitEvidenceWalkForward(b, parseParams({ evidenceCrowd: false }));
      for (let i = 0; i < a.length; i++) {
        on += brier(a[i]!.smartcrowd_prob!, a[i]!.outcome) - brier(a[i]!.market_prob, a[i]!.outcome);
        off += brier(b[i]!.smartcrowd_prob!, b[i]!.outcome) - brier(b[i]!.market_prob, b[i]!.outcome);
      }
    }
    expect(on / 4000).toBeLessThan(0.0005);
  });
});

describe('evidence scales at scale', () => {
  it('a backtest of 150,000 markets fits and gates its evidence scales (no per-row spread of arguments)', () => {
    // Evidence present but zero: the fits are trivial, so the test is about the bookkeeping only.
    const many = Array.from({ length: 150_000 }, (_, i): BacktestRow => ({
      market_id: `m${i}`, category: 'c', cutoff_ts: i * HOUR_MS, resolution_ts: i * HOUR_MS + 12 * HOUR_MS, outcome: (i % 2) as 0 | 1,
      market_prob: 0.5, smartcrowd_prob: 0.5, blend_prob: 0.5, blend_k: 0, divergence: 0, confidence: 1, integrity_risk: 0, n_wallets: 5,
      evidence_direction: 0, evidence_price_gap: 0, evidence_crowd: 0, evidence_flow: 0, evidence_scales: [0, 0, 0, 0],
    }));
    expect(fitEvidenceWalkForward(many, parseParams({}))).toEqual([0, 0, 0, 0]);
    expect(many[149_999]!.smartcrowd_prob).toBe(0.5);
  });
});

/**
 * Rows whose price carries the temporary push of untrusted flow F ~ N(0, 0.5²): the outcome's log-odds are
 * the price's minus `reversal`·F (the push reverts; 0 = the flow tells nothing). No other evidence. Seeded.
 */
function flowRows(n: number, seed: number, reversal: number): BacktestRow[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const lm = 1.2 * randNormal(rng);
    const F = rng() < 0.3 ? 0 : Math.max(-1, Math.min(1, 0.5 * randNormal(rng)));
    const outcome = (rng() < sigmoid(lm - reversal * F) ? 1 : 0) as 0 | 1;
    const market = sigmoid(lm);
    return {
      market_id: `m${i}`, category: 'c', cutoff_ts: i * 24 * HOUR_MS, resolution_ts: i * 24 * HOUR_MS + 12 * HOUR_MS, outcome,
      market_prob: market, smartcrowd_prob: market, blend_prob: market, blend_k: 0, divergence: 0, confidence: 1, integrity_risk: 0, n_wallets: 5,
      evidence_direction: 0, evidence_price_gap: 0, evidence_crowd: 0, evidence_flow: F, evidence_scales: [0, 0, 0, 0],
    };
  });
}

describe('the untrusted-flow feature (evidenceFlow)', () => {
  it('a coefficient below 0 is recovered where its lower bound allows it, and held at 0 where it does not', () => {
    const h = flowRows(20_000, 3, 1.5).map((r) => ({ market: r.market_prob, x: [r.evidence_flow!], outcome: r.outcome }));
    expect(fitEvidenceScales(h, 1, 1e-4, 2, 20, [-20])[0]).toBeCloseTo(-1.5, 0);
    expect(fitEvidenceScales(h, 1, 1e-4, 2, 20)[0]).toBe(0);
  });

  it('a price that gives back the push of untrusted flow: κ_f is learned below 0 and the later rows beat the price and the fit without the feature', () => {
    const on = flowRows(2000, 7, 1.5);
    const off = flowRows(2000, 7, 1.5);
    expect(fitEvidenceWalkForward(on, parseParams({}))![3]).toBeLessThan(-0.8);
    expect(fitEvidenceWalkForward(off, parseParams({ evidenceFlow: false }))![3]).toBe(0);
    const later = (r: BacktestRow[]) => r.slice(1000).reduce((a, x) => a + brier(x.smartcrowd_prob!, x.outcome) - brier(x.market_prob, x.outcome), 0);
    expect(later(on)).toBeLessThan(-5);
    expect(later(off)).toBeCloseTo(0, 9);
    // Each row's κ_f was fitted on earlier rows only: the first rows (no history yet) are the price.
    expect(on[0]!.evidence_scales).toEqual([0, 0, 0, 0]);
    expect(on[0]!.smartcrowd_prob).toBe(on[0]!.market_prob);
  });

  it('worthless untrusted flow beside informative trusted direction: the flow\'s scale reaches fewer than half of the rows (it enters only where the fit with it has beaten the fit without it out of sample)', () => {
    // The outcome's log-odds are the price's plus 1.5·D; F is noise. Without that second gate the joint gate,
    // opened by D, lets the fitted noise κ_f into about three rows in four.
    let withFlow = 0;
    let rowsSeen = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rng = mulberry32(seed);
      const r = flowRows(300, seed + 100, 0).map((row) => {
        const D = rng() < 0.5 ? 0 : 0.5 * randNormal(rng);
        const outcome = (rng() < sigmoid(Math.log(row.market_prob / (1 - row.market_prob)) + 1.5 * D) ? 1 : 0) as 0 | 1;
        return { ...row, evidence_direction: D, evidence_flow: Math.max(-1, Math.min(1, 0.5 * randNormal(rng))), outcome };
      });
      fitEvidenceWalkForward(r, parseParams({}));
      withFlow += r.filter((x) => x.evidence_scales![3] !== 0).length;
      rowsSeen += r.length;
    }
    expect(withFlow / rowsSeen).toBeLessThan(0.5);
  });

  it('worthless untrusted flow: κ_f stays (nearly) 0 and SmartCrowd stays within a hair of the price', () => {
    let on = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const a = flowRows(400, seed, 0);
      fitEvidenceWalkForward(a, parseParams({}));
      for (const r of a) on += brier(r.smartcrowd_prob!, r.outcome) - brier(r.market_prob, r.outcome);
    }
    expect(on / 4000).toBeLessThan(0.0005);
  });
});

describe('extra training rows (evidenceTrainingLagsHours)', () => {
  it("a market's extra training rows reach the fit only once that market has resolved by a row's cutoff − purge, and then change it", () => {
    const base = rows(900, 11, true);
    const dup = (rs: BacktestRow[]) => rs.map((r) => [{ market: r.market_prob, d: r.evidence_direction!, g: r.evidence_price_gap!, c: r.evidence_crowd!, f: r.evidence_flow! }]);
    const a = rows(900, 11, true);
    const b = rows(900, 11, true);
    const ta = dup(base);
    const tb = dup(base);
    // Market 600's extra row in b says the opposite of what its outcome says, loudly.
    tb[600] = [{ market: 0.5, d: base[600]!.outcome === 1 ? -1 : 1, g: 0, c: 0, f: 0 }, { market: 0.5, d: base[600]!.outcome === 1 ? -1 : 1, g: 0, c: 0, f: 0 }];
    const params = parseParams({});
    fitEvidenceWalkForward(a, params, ta);
    fitEvidenceWalkForward(b, params, tb);
    const seen = a[600]!.resolution_ts;
    const purge = params.purgeHours * HOUR_MS;
    let later = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i]!.cutoff_ts - purge < seen) expect(b[i]!.smartcrowd_prob).toBe(a[i]!.smartcrowd_prob);
      else if (b[i]!.smartcrowd_prob !== a[i]!.smartcrowd_prob) later++;
    }
    expect(later).toBeGreaterThan(0);
    // And without extra rows the fit is the one of the rows alone.
    const c = rows(900, 11, true);
    const d = rows(900, 11, true);
    fitEvidenceWalkForward(c, params);
    fitEvidenceWalkForward(d, params, d.map(() => []));
    expect(d.map((r) => r.smartcrowd_prob)).toEqual(c.map((r) => r.smartcrowd_prob));
    expect(a.map((r) => r.smartcrowd_prob)).not.toEqual(c.map((r) => r.smartcrowd_prob));
  });
});
