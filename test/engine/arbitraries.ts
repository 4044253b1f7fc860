import fc from 'fast-check';
import type { TapeMarketInput, TapeOutcomeInput, TapeTradeInput } from '../../engine/tape.ts';

export const H = 3_600_000;
export const T0 = Date.UTC(2025, 0, 1);

/** A small random world: up to 6 markets, 12 wallets, 120 fills over ~40 days; some markets resolved. */
export const worldArb = fc
  .record({
    trades: fc.array(
      fc.record({
        m: fc.integer({ min: 0, max: 5 }),
        w: fc.integer({ min: 0, max: 11 }),
        h: fc.integer({ min: 0, max: 960 }),
        yes: fc.boolean(),
        buy: fc.boolean(),
        price: fc.integer({ min: 1, max: 99 }),
        size: fc.double({ min: 0.01, max: 5000, noNaN: true, noDefaultInfinity: true }),
      }),
      { minLength: 1, maxLength: 120 },
    ),
    resolved: fc.array(fc.record({ outcome: fc.constantFrom<0 | 1>(0, 1), afterEndH: fc.integer({ min: 0, max: 48 }), resolved: fc.boolean() }), {
      minLength: 6,
      maxLength: 6,
    }),
    endH: fc.array(fc.integer({ min: 200, max: 1000 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ trades, resolved, endH }) => {
    const markets: TapeMarketInput[] = endH.map((e, m) => ({ id: `m${m}`, category: m % 2 ? 'politics' : 'sports', end_time: T0 + e * H, question: `Q${m}?` }));
    const outcomes: TapeOutcomeInput[] = resolved.flatMap((r, m) =>
      r.resolved ? [{ market_id: `m${m}`, resolved_outcome: r.outcome, resolution_time: T0 + (endH[m]! + r.afterEndH) * H }] : [],
    );
    const tt: TapeTradeInput[] = trades
      .filter((t) => t.h <= endH[t.m]!)
      .map((t, i) => ({
        external_id: `t${String(i).padStart(4, '0')}`,
        market_id: `m${t.m}`,
        wallet: `0xw${t.w}`,
        ts: T0 + t.h * H,
        side: t.yes ? 'YES' : 'NO',
        action: t.buy ? 'BUY' : 'SELL',
        price: t.price / 100,
        size: t.size,
      }));
    return { markets, outcomes, trades: tt.length ? tt : [{ external_id: 't', market_id: 'm0', wallet: '0xw0', ts: T0, side: 'YES' as const, action: 'BUY' as const, price: 0.5, size: 1 }] };
  });
