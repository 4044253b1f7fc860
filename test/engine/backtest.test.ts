import { describe, expect, it } from 'vitest';
import { buildTape, type TapeOutcomeInput, type TapeTradeInput } from '../../engine/tape.ts';
import { evidenceScalesAsOf, fitBlendWalkForward, walkForward, type BacktestRow } from '../../engine/backtest.ts';
import { trustModelAsOf } from '../../engine/trustModelAsOf.ts';
import { TrustModel } from '../../engine/trustModel.ts';
import { computeSnapshot } from '../../engine/smartcrowd.ts';
import { blendProb, fitBlendK } from '../../engine/blend.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';
import { HOUR_MS, logit, sigmoid } from '../../engine/math.ts';
import { mulberry32, randInt } from '../../engine/rng.ts';

const T0 = Date.UTC(2025, 0, 1);

/** 40 markets ending 30 h apart, 30 wallets (5 always right), resolved 1–40 h after the end. Seeded. */
function world(seed = 3) {
  const rng = mulberry32(seed);
  const markets = [];
  const trades: TapeTradeInput[] = [];
  const outcomes: TapeOutcomeInput[] = [];
  let n = 0;
  for (let m = 0; m < 40; m++) {
    const end = T0 + (100 + 30 * m) * HOUR_MS;
    const o = (rng() < 0.5 ? 0 : 1) as 0 | 1;
    markets.push({ id: `m${String(m).padStart(2, '0')}`, category: m % 3 ? 'a' : 'b', end_time: end });
    outcomes.push({ market_id: `m${String(m).padStart(2, '0')}`, resolved_outcome: o, resolution_time: end + (1 + randInt(rng, 40)) * HOUR_MS });
    for (let k = 0; k < 30; k++) {
      const w = randInt(rng, 30);
      const yes = w < 5 ? o === 1 : rng() < 0.5;
      trades.push({
        external_id: `t${n++}`, market_id: `m${String(m).padStart(2, '0')}`, wallet: `w${w}`, ts: end - (60 - 2 * k) * HOUR_MS,
        side: yes ? 'YES' : 'NO', action: 'BUY', price: 0.3 + 0.4 * rng(), size: 5 + 50 * rng(),
      });
    }
  }
  return { markets, trades, outcomes };
}

const params = parseParams({ minSupport: 1, blendMinHistory: 5 });

describe('walk-forward backtest', () => {
  it.each([
    ['', params],
    [' (with extra training rows a day before each cutoff)', parseParams({ minSupport: 1, blendMinHistory: 5, evidenceTrainingLagsHours: [24] })],
  ])('plants the future%s: flipping every outcome resolved after a market\'s cutoff, and rewriting later trades, leaves that market\'s row unchanged', (_label, params) => {
    const w = world();
    const base = walkForward(buildTape(w), params);
    expect(base.rows.length).toBe(40);
    for (const row of base.rows.filter((_, i) => i % 4 === 1)) {
      const cutoff = row.cutoff_ts;
      const future = {
        markets: w.markets,
        outcomes: w.outcomes.map((o) => (o.resolution_time > cutoff ? { ...o, resolved_outcome: (1 - o.resolved_outcome) as 0 | 1 } : o)),
        trades: [
          ...w.trades.map((t) => (t.ts > cutoff ? { ...t, side: t.side === 'YES' ? ('NO' as const) : ('YES' as const), size: t.size * 9 } : t)),
          { external_id: 'planted', market_id: row.market_id, wallet: 'w0', ts: cutoff + 1, side: 'NO' as const, action: 'BUY' as const, price: 0.01, size: 1e6 },
        ],
      };
      const again = walkForward(buildTape(future), params).rows.find((r) => r.market_id === row.market_id)!;
      const { outcome: _o1, ...a } = row;
      const { outcome: _o2, ...b } = again;
      expect(b).toEqual(a);
    }
  });

  it('the planted-future check would catch a leak: using outcomes up to the cutoff without the purge changes rows', () => {
    // Sanity of the test itself: with purgeHours 0 vs 24 the rows differ, so the row comparison is sensitive.
    const w = world();
    const a = walkForward(buildTape(w), params).rows.map((r) => r.smartcrowd_prob);
    const b = walkForward(buildTape(w), parseParams({ minSupport: 1, blendMinHistory: 5, purgeHours: 0 })).rows.map((r) => r.smartcrowd_prob);
    expect(b).not.toEqual(a);
  });

  it('skips and counts markets with no trade before the cutoff', () => {
    const w = world();
    w.trades = w.trades.filter((t) => !(t.market_id === 'm05'));
    const r = walkForward(buildTape(w), params);
    expect(r.n_skipped_no_price).toBe(1);
    expect(r.rows.find((x) => x.market_id === 'm05')).toBeUndefined();
  });

  it('a market that resolves five days before its end date is scored 12 h before its resolution, and its own outcome never reaches its row', () => {
    // "Will X happen by the end date?": it happens at event = end − 5 days; the price jumps to 0.98 and
    // trading goes on until the end date. Scoring 12 h before the *end* would score 0.98.
    const w = world();
    const end = T0 + 2000 * HOUR_MS;
    const event = end - 5 * 24 * HOUR_MS;
    w.markets.push({ id: 'early', category: 'a', end_time: end });
    w.outcomes.push({ market_id: 'early', resolved_outcome: 1, resolution_time: event + HOUR_MS });
    for (let k = 0; k < 20; k++) {
      const ts = event - (40 - 2 * k) * HOUR_MS;
      w.trades.push({ external_id: `early-${k}`, market_id: 'early', wallet: `w${5 + k}`, ts, side: 'YES', action: 'BUY', price: 0.45 + 0.005 * k, size: 10 });
    }
    for (let k = 0; k < 10; k++) w.trades.push({ external_id: `after-${k}`, market_id: 'early', wallet: `w${10 + k}`, ts: event + (2 + 10 * k) * HOUR_MS, side: 'YES', action: 'BUY', price: 0.98, size: 10 });
    const rows = walkForward(buildTape(w), params).rows;
    const row = rows.find((r) => r.market_id === 'early')!;
    expect(row.cutoff_ts).toBe(event + HOUR_MS - 12 * HOUR_MS);
    expect(row.market_prob).toBeLessThan(0.6); // the price before the event, not 0.98
    // Flip its outcome: nothing in its row may move but the outcome itself.
    const flipped = { ...w, outcomes: w.outcomes.map((o) => (o.market_id === 'early' ? { ...o, resolved_outcome: 0 as const } : o)) };
    const again = walkForward(buildTape(flipped), params).rows.find((r) => r.market_id === 'early')!;
    const { outcome: _a, ...a } = row;
    const { outcome: _b, ...b } = again;
    expect(b).toEqual(a);
  });

  it('rows come in cutoff order with cutoff = end − cutoffHours', () => {
    const w = world();
    const r = walkForward(buildTape(w), parseParams({ cutoffHours: 6 })).rows;
    for (let i = 1; i < r.length; i++) expect(r[i]!.cutoff_ts).toBeGreaterThanOrEqual(r[i - 1]!.cutoff_ts);
    expect(r[0]!.cutoff_ts).toBe(T0 + 100 * HOUR_MS - 6 * HOUR_MS);
  });
});

describe('the live trust model (trustModelAsOf)', () => {
  it('reuses the walk-forward pass\'s profile store and equals a fresh model advanced to the same instant', () => {
    const tape = buildTape(world());
    const asOf = T0 + 900 * HOUR_MS;
    const live = trustModelAsOf(tape, params, asOf);
    const fresh = new TrustModel(tape, params);
    fresh.evidenceScales = evidenceScalesAsOf(tape, params, asOf)!;
    fresh.advanceTo(asOf);
    expect(live.evidenceScales).toEqual(fresh.evidenceScales);
    for (let m = 0; m < tape.marketIds.length; m++) {
      expect(JSON.stringify(computeSnapshot(tape, live, m, asOf, params))).toBe(JSON.stringify(computeSnapshot(tape, fresh, m, asOf, params)));
    }
  });
});

describe('blend', () => {
  it('k = 0 is the market and k = 1 is SmartCrowd', () => {
    expect(blendProb(0.3, 0.8, 0, 1e-4)).toBeCloseTo(0.3, 12);
    expect(blendProb(0.3, 0.8, 1, 1e-4)).toBeCloseTo(0.8, 12);
    expect(blendProb(0.3, 0.8, 0.5, 1e-4)).toBeGreaterThan(0.3);
  });

  it('k shrinks toward 0 when SmartCrowd is noise, and grows when it carries information', () => {
    const rng = mulberry32(9);
    const noise = [];
    const informative = [];
    for (let i = 0; i < 2000; i++) {
      const p = 0.1 + 0.8 * rng();
      const o = (rng() < p ? 1 : 0) as 0 | 1;
      noise.push({ market: p, smartcrowd: 0.05 + 0.9 * rng(), outcome: o });
      informative.push({ market: 0.5, smartcrowd: p, outcome: o });
    }
    expect(fitBlendK(noise, 1e-4)).toBeLessThan(0.05);
    expect(fitBlendK(informative, 1e-4)).toBeGreaterThan(0.8);
    expect(fitBlendK([], 1e-4)).toBe(0);
  });

  it('the fitted k minimises the log loss on [0, kMax]: no point of a fine grid does better, whether the optimum is inside or on a bound', () => {
    const rng = mulberry32(21);
    // SmartCrowd shows s times the true log-odds shift x over the price: the best k is 1/s
    // (about 0.67 for s = 1.5, inside; 4 for s = ¼, beyond kMax = 2; 0 for noise).
    for (const s of [1.5, 0.25, 0]) {
      const h = Array.from({ length: 1500 }, () => {
        const lp = 2 * rng() - 1;
        const x = 1.2 * (rng() + rng() + rng() - 1.5);
        const o = (rng() < 1 / (1 + Math.exp(-(lp + x))) ? 1 : 0) as 0 | 1;
        const shown = s === 0 ? 2 * (rng() - 0.5) : s * x;
        return { market: 1 / (1 + Math.exp(-lp)), smartcrowd: 1 / (1 + Math.exp(-(lp + shown))), outcome: o };
      });
      const loss = (k: number) => h.reduce((a, r) => {
        const p = blendProb(r.market, r.smartcrowd, k, 1e-4);
        return a - (r.outcome === 1 ? Math.log(p) : Math.log(1 - p));
      }, 0);
      const k = fitBlendK(h, 1e-4, 2);
      const fk = loss(k);
      for (let g = 0; g <= 2000; g++) expect(fk).toBeLessThanOrEqual(loss(g / 1000) + 1e-9);
      if (s === 0.25) expect(k).toBe(2);
      if (s === 1.5) expect(k).toBeGreaterThan(0.4);
    }
  });

  /**
   * 800 rows a day apart, each resolving 12 h after its cutoff. The outcome's probability is σ(logit P + x), x ~ N(0, 1):
   * SmartCrowd knows x, but for the first 300 rows it showed only a quarter of it (as when the evidence gate sat at ¼),
   * so a k fitted on them is above 1, and it over-scales the later rows, where SmartCrowd shows all of x (k = 1 is
   * right there) until the fit catches up. Seeded.
   */
  function rescaledRows(): BacktestRow[] {
    const rng = mulberry32(17);
    return Array.from({ length: 800 }, (_, i) => {
      const u1 = Math.max(rng(), 1e-12);
      const x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
      const market = 0.2 + 0.6 * rng();
      const outcome = (rng() < sigmoid(logit(market) + x) ? 1 : 0) as 0 | 1;
      const sc = sigmoid(logit(market) + (i < 300 ? 0.25 : 1) * x);
      return {
        market_id: `m${i}`, category: 'c', cutoff_ts: i * 24 * HOUR_MS, resolution_ts: i * 24 * HOUR_MS + 12 * HOUR_MS, outcome,
        market_prob: market, smartcrowd_prob: sc, blend_prob: market, blend_k: 0, divergence: sc - market, confidence: 1, integrity_risk: 0,
        n_wallets: 5, evidence_direction: 0, evidence_price_gap: 0, evidence_crowd: 0, evidence_flow: 0, evidence_scales: [0, 0, 0, 0],
      };
    });
  }

  it('the blend gate: a fitted k that has done worse out of sample than SmartCrowd itself gives way to k = 1', () => {
    const brierLate = (rows: BacktestRow[]) => rows.slice(400).reduce((s, r) => s + (r.blend_prob - r.outcome) ** 2, 0) / 400;
    const scLate = rescaledRows().slice(400).reduce((s, r) => s + (r.smartcrowd_prob! - r.outcome) ** 2, 0) / 400;
    const off = rescaledRows();
    const on = rescaledRows();
    const kOff = fitBlendWalkForward(off, parseParams({ blendGate: false }));
    const kOn = fitBlendWalkForward(on, parseParams({}));
    // Without the gate the early fit keeps the blend over-scaled, worse than SmartCrowd on the later rows.
    expect(off[450]!.blend_k).toBeGreaterThan(1.1);
    expect(brierLate(off)).toBeGreaterThan(scLate);
    // With it, the later rows use k = 1 (SmartCrowd) once k = 1 has done better on resolved rows.
    expect(on.slice(400).every((r) => r.blend_k === 1)).toBe(true);
    expect(brierLate(on)).toBeCloseTo(scLate, 12);
    expect(brierLate(on)).toBeLessThan(brierLate(off));
    expect(kOn).toBe(1);
    expect(kOff).toBeGreaterThan(1);
    // Rows before blendMinHistory keep k = 0 (the market) either way.
    expect(on.slice(0, 30).every((r) => r.blend_k === 0 && r.blend_prob === r.market_prob)).toBe(true);
  });

  it('the walk-forward k of a row uses only earlier rows resolved by its cutoff − purge (k = 0 before blendMinHistory)', () => {
    const r = walkForward(buildTape(world()), parseParams({ minSupport: 1, blendMinHistory: 1000 })).rows;
    expect(r.every((x) => x.blend_k === 0 && x.blend_prob === x.market_prob)).toBe(true);
    expect(defaultParams.blendMinHistory).toBeGreaterThan(0);
  });
});
