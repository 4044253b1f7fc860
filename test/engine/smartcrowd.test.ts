import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTape, type TapeTradeInput } from '../../engine/tape.ts';
import { TrustModel } from '../../engine/trustModel.ts';
import { trustModelAsOf } from '../../engine/trustModelAsOf.ts';
import { computeSnapshot } from '../../engine/smartcrowd.ts';
import { aggregateBeliefs } from '../../engine/aggregate.ts';
import { defaultParams, parseParams } from '../../engine/params.ts';
import { clamp, EPSILON, logit, sigmoid } from '../../engine/math.ts';
import { H, T0, worldArb } from './arbitraries.ts';

const AS_OF = T0 + 500 * H;

/** Snapshots as the pipeline computes them: the trust model as of `asOf`, with its learned evidence scales. */
function snapshotsAsOf(world: Parameters<typeof buildTape>[0], asOf: number, params = defaultParams) {
  const tape = buildTape(world);
  const model = trustModelAsOf(tape, params, asOf);
  return tape.marketIds.map((_, m) => computeSnapshot(tape, model, m, asOf, params));
}

/**
 * The variants every property runs on: the default (evidence, scales learned — on small worlds they
 * are mostly 0), evidence with fixed scales (so trusted evidence always moves SmartCrowd), and the
 * seed design's weighted mean.
 */
const VARIANTS = [defaultParams, parseParams({ learnEvidenceScale: false }), parseParams({ aggregator: 'weighted-mean', beliefAnchor: 'holder' })];
const variantArb = fc.constantFrom(...VARIANTS);

/**
 * Six resolved "politics" markets (all YES): 8 wallets bought YES at 0.55 in each (a record of edge +0.45),
 * beside 12 noise wallets each right in half of them — so the skilled stand out of a crowd. Tests add "live".
 */
function skilledHistory() {
  const trades: TapeTradeInput[] = [];
  const outcomes: { market_id: string; resolved_outcome: 0 | 1; resolution_time: number }[] = [];
  const markets: { id: string; category: string; end_time: number }[] = [];
  let n = 0;
  for (let r = 0; r < 6; r++) {
    markets.push({ id: `old${r}`, category: 'politics', end_time: T0 + (100 + r) * H });
    outcomes.push({ market_id: `old${r}`, resolved_outcome: 1, resolution_time: T0 + (101 + r) * H });
    for (let w = 0; w < 8; w++) trades.push({ external_id: `e${n++}`, market_id: `old${r}`, wallet: `0xskill${w}`, ts: T0 + (50 + r) * H, side: 'YES', action: 'BUY', price: 0.55, size: 50 });
    for (let q = 0; q < 12; q++) trades.push({ external_id: `q${n++}`, market_id: `old${r}`, wallet: `0xnoise${q}`, ts: T0 + (40 + r) * H, side: (q + r) % 2 ? 'YES' : 'NO', action: 'BUY', price: 0.5, size: 20 });
  }
  return { markets, trades, outcomes };
}

describe('SmartCrowd snapshot', () => {
  it('property: SmartCrowd, confidence and integrity risk are in [0, 1]; weights within their bounds', () => {
    fc.assert(
      fc.property(worldArb, variantArb, (world, params) => {
        for (const s of snapshotsAsOf(world, AS_OF, params)) {
          if (s.smartcrowd_prob !== null) {
            expect(s.smartcrowd_prob).toBeGreaterThanOrEqual(0);
            expect(s.smartcrowd_prob).toBeLessThanOrEqual(1);
          }
          for (const v of [s.confidence, s.integrity_risk]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          for (const d of s.top_drivers) {
            // The evidence aggregator gives wallets without shown skill exactly 0; the seed design at least minWeight.
            expect(d.weight).toBeGreaterThanOrEqual(params.aggregator === 'evidence' ? 0 : params.minWeight);
            expect(d.weight).toBeLessThanOrEqual(params.maxWeight);
            expect(d.effective_weight).toBeGreaterThanOrEqual(0);
          }
          // Explanations describe the computed signal: the drivers' pulls account for its side of the price.
          if (params.aggregator === 'evidence' && s.smartcrowd_prob !== null && s.market_prob !== null && s.smartcrowd_prob !== s.market_prob) {
            expect(s.flip_conditions.side).toBe(s.smartcrowd_prob > s.market_prob ? 'above' : 'below');
            expect(s.cohort_summary[0]!.cohort).toBe('market price');
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('property: no look-ahead — changing every trade after t and every outcome resolved after t leaves snapshots and weights as of t unchanged', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 1, max: 1000 }), variantArb, (world, tH, seed, params) => {
        const t = T0 + tH * H;
        const future: Parameters<typeof buildTape>[0] = {
          markets: world.markets,
          // trades after t: resized, re-sided, re-priced, plus new ones; outcomes after t: flipped or dropped
          trades: [
            ...world.trades.map((tr) => (tr.ts > t ? { ...tr, size: tr.size * 7 + seed, side: tr.side === 'YES' ? ('NO' as const) : ('YES' as const), price: 1 - tr.price } : tr)),
            { external_id: 'zz-new', market_id: 'm0', wallet: '0xnew', ts: t + 1, side: 'YES', action: 'BUY', price: 0.9, size: 1e6 },
          ],
          outcomes: world.outcomes!.map((o) => (o.resolution_time > t ? { ...o, resolved_outcome: (1 - o.resolved_outcome) as 0 | 1 } : o)),
        };
        const a = snapshotsAsOf(world, t, params);
        const b = snapshotsAsOf(future, t, params);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        // weights as of t too
        const ta = buildTape(world);
        const tb = buildTape(future);
        const ma = new TrustModel(ta, params);
        const mb = new TrustModel(tb, params);
        ma.advanceTo(t);
        mb.advanceTo(t);
        for (const id of ta.walletIds) {
          const wa = ta.walletIndex.get(id)!;
          const wb = tb.walletIndex.get(id)!;
          for (let c = 0; c < ta.categories.length; c++) expect(mb.lookupGroup(wb, c, 0)).toEqual(ma.lookupGroup(wa, c, 0));
        }
        expect(JSON.stringify(mb.profiles().map((p) => ({ ...p, wallet: tb.walletIds[p.wallet] })))).toBe(
          JSON.stringify(ma.profiles().map((p) => ({ ...p, wallet: ta.walletIds[p.wallet] }))),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('property: the aggregate is invariant to the order of trades and to renaming wallets', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 2 ** 30 }), variantArb, (world, seed, params) => {
        const shuffled = [...world.trades].sort((x, y) => ((hash(x.external_id, seed) - hash(y.external_id, seed)) | 0));
        const renamed = world.trades.map((t) => ({ ...t, wallet: `renamed-${hash(t.wallet, seed).toString(36)}-${t.wallet}` }));
        const base = snapshotsAsOf(world, AS_OF, params);
        const s1 = snapshotsAsOf({ ...world, trades: shuffled }, AS_OF, params);
        const s2 = snapshotsAsOf({ ...world, trades: renamed }, AS_OF, params);
        base.forEach((s, i) => {
          for (const other of [s1[i]!, s2[i]!]) {
            expect(other.smartcrowd_prob === null).toBe(s.smartcrowd_prob === null);
            if (s.smartcrowd_prob !== null) expect(Math.abs(other.smartcrowd_prob! - s.smartcrowd_prob)).toBeLessThan(EPSILON);
            expect(Math.abs(other.confidence - s.confidence)).toBeLessThan(EPSILON);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('property: a wallet with zero effective weight does not move the aggregate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ belief: fc.double({ min: 0, max: 1, noNaN: true }), ew: fc.double({ min: 0.001, max: 10, noNaN: true }) }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (entries, belief) => {
          const a = aggregateBeliefs(entries);
          const b = aggregateBeliefs([...entries, { belief, ew: 0 }]);
          expect(Math.abs(b.prob! - a.prob!)).toBeLessThan(EPSILON);
          expect(Math.abs(b.effectiveN - a.effectiveN)).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('seed design: a large fresh wallet does not drag the weighted mean and raises integrity risk', () => {
    const params = parseParams({ aggregator: 'weighted-mean', beliefAnchor: 'holder' });
    // 8 wallets with a resolved track record of buying YES right; then all lean YES in market "live".
    const trades: TapeTradeInput[] = [];
    const outcomes = [];
    const markets = [];
    let n = 0;
    for (let r = 0; r < 6; r++) {
      markets.push({ id: `old${r}`, category: 'politics', end_time: T0 + (100 + r) * H });
      outcomes.push({ market_id: `old${r}`, resolved_outcome: 1 as const, resolution_time: T0 + (101 + r) * H });
      for (let w = 0; w < 8; w++) trades.push({ external_id: `e${n++}`, market_id: `old${r}`, wallet: `0xskill${w}`, ts: T0 + (50 + r) * H, side: 'YES', action: 'BUY', price: 0.55, size: 50 });
    }
    markets.push({ id: 'live', category: 'politics', end_time: T0 + 400 * H });
    for (let w = 0; w < 8; w++) trades.push({ external_id: `l${n++}`, market_id: 'live', wallet: `0xskill${w}`, ts: T0 + 300 * H, side: 'YES', action: 'BUY', price: 0.6, size: 40 });
    const before = snapshotsAsOf({ markets, trades, outcomes }, T0 + 350 * H, params);
    const withWhale = [
      ...trades,
      ...[0, 1, 2].map((k) => ({ external_id: `whale${k}`, market_id: 'live', wallet: '0xwhale', ts: T0 + (320 + k) * H, side: 'NO' as const, action: 'BUY' as const, price: 0.5, size: 200_000 })),
    ];
    const after = snapshotsAsOf({ markets, trades: withWhale, outcomes }, T0 + 350 * H, params);
    const live = markets.length - 1;
    const sb = before.find((s) => s.market_id === 'live')!;
    const sa = after.find((s) => s.market_id === 'live')!;
    void live;
    expect(sb.smartcrowd_prob).toBeGreaterThan(0.6);
    // The whale's 600k shares (vs 320 from the skilled wallets) move SmartCrowd by only a little…
    expect(Math.abs(sa.smartcrowd_prob! - sb.smartcrowd_prob!)).toBeLessThan(0.03);
    // …while the market price it pushed is down to 0.5 and the snapshot flags it.
    expect(sa.market_prob).toBe(0.5);
    expect(sa.integrity_risk).toBeGreaterThan(sb.integrity_risk);
    expect(sa.explanation.integrity.flags).toContain('fresh-whale');
    expect(sa.top_drivers.find((d) => d.wallet === '0xwhale')!.level).toBe('prior');
  });

  it('evidence: a large fresh wallet carries no weight; the trusted wallets it trades against keep SmartCrowd above the price it pushed', () => {
    // The same story, among noise wallets (skilledHistory): the 8 skilled wallets all buy YES at 0.6 in
    // "live"; then a fresh whale buys 600k NO shares and pushes the price to 0.5.
    const params = parseParams({ learnEvidenceScale: false });
    const { markets, trades, outcomes } = skilledHistory();
    markets.push({ id: 'live', category: 'politics', end_time: T0 + 400 * H });
    for (let w = 0; w < 8; w++) trades.push({ external_id: `l${w}`, market_id: 'live', wallet: `0xskill${w}`, ts: T0 + 330 * H, side: 'YES', action: 'BUY', price: 0.6, size: 40 });
    const withWhale = [
      ...trades,
      ...[0, 1, 2].map((k) => ({ external_id: `whale${k}`, market_id: 'live', wallet: '0xwhale', ts: T0 + (340 + k) * H, side: 'NO' as const, action: 'BUY' as const, price: 0.5, size: 200_000 })),
    ];
    const before = snapshotsAsOf({ markets, trades, outcomes }, T0 + 345 * H, params).find((s) => s.market_id === 'live')!;
    const after = snapshotsAsOf({ markets, trades: withWhale, outcomes }, T0 + 345 * H, params).find((s) => s.market_id === 'live')!;
    const whale = after.top_drivers.find((d) => d.wallet === '0xwhale')!;
    expect(whale.weight).toBe(0);
    expect(whale.flags).toContain('fresh-whale');
    expect(after.market_prob).toBe(0.5);
    // The skilled wallets bought at 0.6: their fills are live against 0.5, so SmartCrowd stays above the pushed price…
    expect(after.smartcrowd_prob!).toBeGreaterThan(0.5 + 0.02);
    expect(after.evidence_direction!).toBeGreaterThan(0);
    // …by more than it sat above the price before the push (their evidence grew as the price fell).
    expect(after.smartcrowd_prob! - after.market_prob!).toBeGreaterThan(before.smartcrowd_prob! - before.market_prob!);
    expect(after.integrity_risk).toBeGreaterThan(before.integrity_risk);
    expect(after.explanation.integrity.flags).toContain('fresh-whale');
    expect(after.flip_conditions.side).toBe('above');
    // The price's weight is 3 typical fills, typical over wallets (a geometric mean of their mean fill
    // sizes): the whale, one wallet in nine, raises it by about 60%, √(200000/40)^(1/9); a mean over fills
    // would have multiplied it by about twenty, a geometric mean over fills by about three.
    const w0 = (s: typeof before) => s.explanation.components.price_pseudo_weight as number;
    expect(w0(before)).toBeCloseTo(3 * Math.sqrt(40), 9);
    expect(w0(after) / w0(before)).toBeLessThan(1.7);
  });

  it('evidence: a trusted fill counts by the square root of its size — a hundred times the shares moves SmartCrowd further; with evidenceSizePower 0 every fill counts alike', () => {
    // The skilled wallets' history (skilledHistory); in "live" one skilled wallet buys YES at 0.6 with `size`
    // shares among the noise wallets' 40-share fills at 0.6 (the price), so only its size differs between the two worlds.
    const world = (size: number) => {
      const { markets, trades, outcomes } = skilledHistory();
      markets.push({ id: 'live', category: 'politics', end_time: T0 + 400 * H });
      trades.push({ external_id: 'big', market_id: 'live', wallet: '0xskill0', ts: T0 + 330 * H, side: 'YES', action: 'BUY', price: 0.6, size });
      for (let q = 0; q < 12; q++) trades.push({ external_id: `lq${q}`, market_id: 'live', wallet: `0xnoise${q}`, ts: T0 + 331 * H, side: q % 2 ? 'YES' : 'NO', action: 'BUY', price: q % 2 ? 0.6 : 0.4, size: 40 });
      return { markets, trades, outcomes };
    };
    const shift = (size: number, params: ReturnType<typeof parseParams>) => {
      const s = snapshotsAsOf(world(size), T0 + 335 * H, params).find((x) => x.market_id === 'live')!;
      expect(s.market_prob).toBeCloseTo(0.6, 12);
      return s.smartcrowd_prob! - s.market_prob!;
    };
    const sized = parseParams({ learnEvidenceScale: false });
    expect(sized.evidenceSizePower).toBe(0.5);
    expect(shift(40, sized)).toBeGreaterThan(0);
    expect(shift(4000, sized)).toBeGreaterThan(shift(40, sized) + 0.01);
    const alike = parseParams({ learnEvidenceScale: false, evidenceSizePower: 0 });
    expect(shift(4000, alike)).toBeGreaterThan(0);
    expect(shift(4000, alike)).toBeCloseTo(shift(40, alike), 12);
  });

  it('property: with crowd and flow scales, SmartCrowd is the price shifted by κ_d·D + κ_g·G + κ_c·C + κ_f·F, and the explanation and pivotal wallets describe that shift', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const tape = buildTape(world);
        const model = trustModelAsOf(tape, defaultParams, AS_OF);
        model.evidenceScales = [1.2, 0.4, 0.8, -0.6];
        for (let m = 0; m < tape.marketIds.length; m++) {
          const s = computeSnapshot(tape, model, m, AS_OF, defaultParams);
          if (s.smartcrowd_prob === null || s.market_prob === null) continue;
          const eps = defaultParams.probEps;
          const shift = 1.2 * s.evidence_direction! + 0.4 * s.evidence_price_gap! + 0.8 * s.evidence_crowd! - 0.6 * s.evidence_flow!;
          expect(Math.abs(s.evidence_flow!)).toBeLessThanOrEqual(1);
          expect(s.evidence_shift!).toBeCloseTo(shift, 12);
          expect(s.smartcrowd_prob).toBeCloseTo(sigmoid(logit(clamp(s.market_prob, eps, 1 - eps)) + shift), 12);
          expect(s.evidence_scales).toEqual([1.2, 0.4, 0.8, -0.6]);
          if (s.evidence_crowd !== 0) expect(s.explanation.reasons.some((r) => r.includes("crowd's belief"))).toBe(true);
          if (s.evidence_flow !== 0) expect(s.explanation.reasons.some((r) => r.includes('Untrusted wallets') && r.includes('leans against'))).toBe(true);
          expect(s.explanation.components.evidence_flow).toBe(s.evidence_flow);
          expect(s.explanation.components.evidence_scale_flow).toBe(-0.6);
          if (s.smartcrowd_prob !== s.market_prob) expect(s.flip_conditions.side).toBe(s.smartcrowd_prob > s.market_prob ? 'above' : 'below');
          // The shift's sign matches the side, and a driver that moves SmartCrowd has a pull of the sign of its part.
          if (Math.abs(shift) > 1e-9) expect(Math.sign(s.smartcrowd_prob - s.market_prob)).toBe(Math.sign(shift));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('with no trusted wallet at all, the untrusted flow alone moves SmartCrowd, and every wallet behind it carries its part as pull', () => {
    // Three wallets without history (trust 0) buy YES: F > 0; with κ_f = −1 SmartCrowd leans against them.
    const trades: TapeTradeInput[] = [0, 1, 2].map((w) => ({ external_id: `f${w}`, market_id: 'm', wallet: `w${w}`, ts: T0 + w * H, side: 'YES', action: 'BUY', price: 0.5, size: 10 + w }));
    const tape = buildTape({ trades });
    const model = trustModelAsOf(tape, defaultParams, T0 + 3 * H);
    model.evidenceScales = [0, 0, 0, -1];
    const s = computeSnapshot(tape, model, 0, T0 + 3 * H, defaultParams);
    expect(s.evidence_flow!).toBeGreaterThan(0);
    expect(s.smartcrowd_prob!).toBeLessThan(s.market_prob!);
    expect(s.smartcrowd_prob!).toBeCloseTo(sigmoid(logit(s.market_prob!) - s.evidence_flow!), 12);
    expect(s.top_drivers).toHaveLength(3);
    for (const d of s.top_drivers) {
      expect(d.weight).toBe(0);
      expect(d.pull).toBeLessThan(0);
    }
    expect(s.explanation.reasons.some((r) => r.includes('only the untrusted flow moves SmartCrowd'))).toBe(true);
    expect(s.explanation.reasons.some((r) => r.includes('leans against'))).toBe(true);
  });

  it('fewer wallets than minWallets gives a null SmartCrowd with a reason', () => {
    const params = parseParams({ minWallets: 3 });
    const trades: TapeTradeInput[] = [0, 1].map((w) => ({ external_id: `x${w}`, market_id: 'm', wallet: `w${w}`, ts: T0, side: 'YES', action: 'BUY', price: 0.4, size: 5 }));
    const [s] = snapshotsAsOf({ trades }, T0 + H, params);
    expect(s!.smartcrowd_prob).toBeNull();
    expect(s!.market_prob).toBe(0.4);
    expect(s!.explanation.headline).toMatch(/fewer than the 3 required/);
  });
});

function hash(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 2654435761);
  return h >>> 0;
}
