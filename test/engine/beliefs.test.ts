import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTape } from '../../engine/tape.ts';
import { walletBelief } from '../../engine/beliefs.ts';
import { defaultParams } from '../../engine/params.ts';
import { EPSILON } from '../../engine/math.ts';
import { H, T0, worldArb } from './arbitraries.ts';

const trade = (i: number, over: Partial<Parameters<typeof buildTape>[0]['trades'][number]>) => ({
  external_id: `x${i}`, market_id: 'm', wallet: 'a', ts: T0 + i * H, side: 'YES' as const, action: 'BUY' as const, price: 0.5, size: 10, ...over,
});

describe('beliefs', () => {
  it('a buyer of YES at 0.20 believes more than 0.20 but far from certainty', () => {
    const tape = buildTape({ trades: [trade(0, { price: 0.2 })] });
    const b = walletBelief(tape, 0, 0, T0 + H, defaultParams)!;
    expect(b.belief).toBeGreaterThan(0.2);
    expect(b.belief).toBeLessThan(0.5);
  });

  it('buying NO at 0.70 is a YES-implied vote down from 0.30', () => {
    const tape = buildTape({ trades: [trade(0, { side: 'NO', price: 0.7 })] });
    const b = walletBelief(tape, 0, 0, T0 + H, defaultParams)!;
    expect(b.belief).toBeLessThan(0.3);
    expect(b.net_direction).toBe(-1);
  });

  it('selling NO pushes YES up like buying YES', () => {
    const sellNo = walletBelief(buildTape({ trades: [trade(0, { side: 'NO', action: 'SELL', price: 0.6 })] }), 0, 0, T0 + H, defaultParams)!;
    expect(sellNo.belief).toBeGreaterThan(0.4);
    expect(sellNo.net_direction).toBe(1);
  });

  it('a wallet that flips every fill has full churn and lower confidence than a persistent one', () => {
    const flip = buildTape({ trades: [0, 1, 2, 3].map((i) => trade(i, { action: i % 2 ? 'SELL' : 'BUY' })) });
    const keep = buildTape({ trades: [0, 1, 2, 3].map((i) => trade(i, {})) });
    const bf = walletBelief(flip, 0, 0, T0 + 5 * H, defaultParams)!;
    const bk = walletBelief(keep, 0, 0, T0 + 5 * H, defaultParams)!;
    expect(bf.churn).toBe(1);
    expect(bk.churn).toBe(0);
    expect(bf.confidence).toBeLessThan(bk.confidence);
    expect(Math.abs(bf.belief - 0.5)).toBeLessThan(Math.abs(bk.belief - 0.5));
  });

  it('fills after the as-of time are ignored', () => {
    const tape = buildTape({ trades: [trade(0, {}), trade(10, { side: 'NO', size: 1e4 })] });
    expect(walletBelief(tape, 0, 0, T0 + 5 * H, defaultParams)!.n_fills).toBe(1);
  });

  it('property: beliefs and confidences are in [0, 1]', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const tape = buildTape(world);
        for (let w = 0; w < tape.walletIds.length; w++)
          for (let m = 0; m < tape.marketIds.length; m++) {
            const b = walletBelief(tape, w, m, T0 + 2000 * H, defaultParams);
            if (!b) continue;
            expect(b.belief).toBeGreaterThanOrEqual(0);
            expect(b.belief).toBeLessThanOrEqual(1);
            expect(b.confidence).toBeGreaterThanOrEqual(0);
            expect(b.confidence).toBeLessThanOrEqual(1);
          }
      }),
      { numRuns: 60 },
    );
  });

  it('property: scaling every size by the same factor does not change beliefs', () => {
    fc.assert(
      fc.property(worldArb, fc.double({ min: 0.01, max: 1000, noNaN: true }), (world, k) => {
        const a = buildTape(world);
        const b = buildTape({ ...world, trades: world.trades.map((t) => ({ ...t, size: t.size * k })) });
        for (let w = 0; w < a.walletIds.length; w++)
          for (let m = 0; m < a.marketIds.length; m++) {
            const x = walletBelief(a, w, m, T0 + 2000 * H, defaultParams);
            const y = walletBelief(b, w, m, T0 + 2000 * H, defaultParams);
            expect(x === null).toBe(y === null);
            if (x && y) expect(Math.abs(x.belief - y.belief)).toBeLessThan(EPSILON);
          }
      }),
      { numRuns: 60 },
    );
  });
});

describe('beliefs under extreme recency', () => {
  it('stay finite when the half-life is tiny and the fills are years old', () => {
    const params = { ...defaultParams, halfLifeHours: 0.01 };
    const tape = buildTape({
      trades: [0, 1, 2].map((i) => ({ external_id: `x${i}`, market_id: 'm', wallet: 'a', ts: T0 + i * 24 * H, side: 'YES' as const, action: 'BUY' as const, price: 0.3, size: 10 })),
    });
    const b = walletBelief(tape, 0, 0, T0 + 3 * 365 * 24 * H, params)!;
    expect(Number.isFinite(b.belief)).toBe(true);
    expect(b.belief).toBeGreaterThan(0.3);
    expect(b.confidence).toBe(0); // the mass has decayed away: a stale belief carries no confidence
  });

  it('recency halves a fill\'s vote every half-life relative to later fills', () => {
    // Two opposite fills at the same price: the later one dominates by 2^(Δt/halfLife).
    const params = { ...defaultParams, halfLifeHours: 10, persistenceBoost: 0, beliefConviction: 1 };
    const tape = buildTape({
      trades: [
        { external_id: 'a', market_id: 'm', wallet: 'w', ts: T0, side: 'YES', action: 'BUY', price: 0.5, size: 1 },
        { external_id: 'b', market_id: 'm', wallet: 'w', ts: T0 + 10 * H, side: 'NO', action: 'BUY', price: 0.5, size: 1 },
      ],
    });
    const b = walletBelief(tape, 0, 0, T0 + 10 * H, params)!;
    // net vote = (0.5·(+1) + 1·(−1)) / 1.5 = −1/3; support n/(n+1) = 2/3; belief = σ(−1 · 1/3 · 2/3)
    expect(b.belief).toBeCloseTo(1 / (1 + Math.exp(2 / 9)), 12);
  });
});
