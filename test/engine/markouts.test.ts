import { describe, expect, it } from 'vitest';
import { buildTape, type TapeTradeInput } from '../../engine/tape.ts';
import { computeMarkouts, joinMarkouts, markoutColumns, markoutsOfMarkets } from '../../engine/markouts.ts';
import fc from 'fast-check';
import { tradesArb } from '../helpers/tapeArbitraries.ts';
import { ProfileStore } from '../../engine/profileStore.ts';
import { parseParams } from '../../engine/params.ts';
import { logit } from '../../engine/math.ts';

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const fill = (id: string, wallet: string, hour: number, side: 'YES' | 'NO', action: 'BUY' | 'SELL', price: number, size = 4): TapeTradeInput =>
  ({ external_id: id, market_id: 'm', wallet, ts: T0 + hour * H, side, action, price, size });

describe('markouts', () => {
  // a buys YES at 0.40 (h0) and again at 0.45 (h1); b sells YES at 0.50 (h2); c buys NO at 0.40 (YES 0.60, h5); a buys YES at 0.70 (h30).
  const tape = buildTape({
    trades: [fill('1', 'a', 0, 'YES', 'BUY', 0.4), fill('2', 'a', 1, 'YES', 'BUY', 0.45), fill('3', 'b', 2, 'YES', 'SELL', 0.5), fill('4', 'c', 5, 'NO', 'BUY', 0.4), fill('5', 'a', 30, 'YES', 'BUY', 0.7)],
  });
  const idx = (ext: string) => ['1', '2', '3', '4', '5'].indexOf(ext); // tape order is time order here

  it("is the log-odds move of the last other wallet's price within the horizon, in the fill's direction, from the price paid ('fill')", () => {
    const mk = computeMarkouts(tape, 12, 'fill');
    // a's first fill: the last fill by someone else within 12 h is c's, YES-equivalent 0.60 → +(logit .6 − logit .4)
    expect(mk.value[idx('1')]).toBeCloseTo(logit(0.6) - logit(0.4), 6);
    expect(mk.value[idx('2')]).toBeCloseTo(logit(0.6) - logit(0.45), 6);
    // b sold YES (direction −1) at 0.50; the price then was 0.60 → −(logit .6 − logit .5)
    expect(mk.value[idx('3')]).toBeCloseTo(-(logit(0.6) - logit(0.5)), 6);
    // c's fill: nobody else trades after it within 12 h → unknown, not zero
    expect(Number.isNaN(mk.value[idx('4')]!)).toBe(true);
    expect(Number.isNaN(mk.value[idx('5')]!)).toBe(true);
  });

  it("'prior' measures from the price the market showed before the wallet's run of fills began", () => {
    const mk = computeMarkouts(tape, 12, 'prior');
    // a's run opens the market: no earlier price, so each of its two fills is measured from its own price
    expect(mk.value[idx('1')]).toBeCloseTo(logit(0.6) - logit(0.4), 6);
    expect(mk.value[idx('2')]).toBeCloseTo(logit(0.6) - logit(0.45), 6);
    // b sold at 0.50 while the market stood at a's 0.45: −(logit .6 − logit .45), not −(logit .6 − logit .5)
    expect(mk.value[idx('3')]).toBeCloseTo(-(logit(0.6) - logit(0.45)), 6);
    expect(Number.isNaN(mk.value[idx('4')]!)).toBe(true);
  });

  it("'prior' credits a wallet that fills at its own view for the move toward it; 'fill' credits nothing", () => {
    // x stands at 0.40; v's resting order at its view 0.60 is hit twice; the market then trades at 0.60.
    const t = buildTape({
      trades: [fill('1', 'x', 0, 'YES', 'BUY', 0.4), fill('2', 'v', 1, 'YES', 'BUY', 0.6), fill('3', 'v', 2, 'YES', 'BUY', 0.6), fill('4', 'y', 3, 'YES', 'SELL', 0.6)],
    });
    const prior = computeMarkouts(t, 12, 'prior');
    const paid = computeMarkouts(t, 12, 'fill');
    for (const i of [1, 2]) {
      expect(prior.value[i]).toBeCloseTo(logit(0.6) - logit(0.4), 6);
      expect(paid.value[i]).toBeCloseTo(0, 9);
    }
  });

  it("a wallet's own later fills never count: with only its own fills after it, the markout is unknown", () => {
    const solo = buildTape({ trades: [fill('1', 'w', 0, 'YES', 'BUY', 0.3), fill('2', 'w', 1, 'YES', 'BUY', 0.6), fill('3', 'w', 2, 'YES', 'BUY', 0.9)] });
    for (const ref of ['prior', 'fill'] as const) {
      const mk = computeMarkouts(solo, 24, ref);
      for (let i = 0; i < 3; i++) expect(Number.isNaN(mk.value[i]!)).toBe(true);
    }
  });

  it('fills of one wallet in one market share a cluster', () => {
    const mk = computeMarkouts(tape, 12, 'prior');
    expect(mk.cluster[idx('1')]).toBe(mk.cluster[idx('2')]);
    expect(mk.cluster[idx('1')]).toBe(mk.cluster[idx('5')]);
    expect(mk.cluster[idx('3')]).not.toBe(mk.cluster[idx('1')]);
    expect(mk.nClusters).toBe(3);
  });

  it('a markout becomes visible to the profile store only once its horizon has passed', () => {
    const store = new ProfileStore(tape, parseParams({ markoutHours: 12 }));
    const a = tape.walletIndex.get('a')!;
    store.advanceTo(T0 + 11 * H);
    expect(store.markoutSupport(a)).toBe(0);
    store.advanceTo(T0 + 12 * H);
    expect(store.markoutSupport(a)).toBe(1);
  });

  it('markouts computed in two parts of the markets and joined are exactly those of one pass, at every split', () => {
    fc.assert(
      fc.property(tradesArb, fc.constantFrom(1, 12, 1e6), fc.constantFrom('prior' as const, 'fill' as const), (trades, hours, reference) => {
        const tape = buildTape({ trades });
        const whole = computeMarkouts(tape, hours, reference);
        const M = tape.marketIds.length;
        for (let split = 0; split <= M; split++) {
          const { value, cluster } = markoutColumns(tape.n, (b) => new ArrayBuffer(b));
          const high = markoutsOfMarkets(tape, hours, reference, split, M, value, cluster); // either part first
          const low = markoutsOfMarkets(tape, hours, reference, 0, split, value, cluster);
          const joined = joinMarkouts(tape, hours, reference, split, value, cluster, low, high);
          expect(joined.nClusters).toBe(whole.nClusters);
          expect([...joined.value]).toEqual([...whole.value]);
          expect([...joined.cluster]).toEqual([...whole.cluster]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
