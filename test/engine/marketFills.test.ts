import { describe, expect, it } from 'vitest';
import { buildTape, type TapeTradeInput } from '../../engine/tape.ts';
import { ProfileStore } from '../../engine/profileStore.ts';
import { parseParams } from '../../engine/params.ts';
import { MarketFills, MarketScan, marketWalletStates, scanMarket } from '../../engine/walletStates.ts';

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const fill = (id: string, market: string, wallet: string, hour: number, side: 'YES' | 'NO', action: 'BUY' | 'SELL', price: number, size = 4): TapeTradeInput =>
  ({ external_id: id, market_id: market, wallet, ts: T0 + hour * H, side, action, price, size });

// Two markets whose fills interleave in time (so market order differs from tape order); m1 resolves at hour 40, m2 never.
const tape = buildTape({
  markets: [{ id: 'm1', end_time: T0 + 40 * H }, { id: 'm2', end_time: T0 + 90 * H }],
  trades: [
    fill('1', 'm1', 'a', 0, 'YES', 'BUY', 0.4), fill('2', 'm2', 'b', 1, 'NO', 'BUY', 0.3), fill('3', 'm1', 'b', 2, 'YES', 'SELL', 0.5),
    fill('4', 'm2', 'a', 3, 'YES', 'BUY', 0.6, 9), fill('5', 'm1', 'c', 5, 'NO', 'BUY', 0.4), fill('6', 'm1', 'a', 30, 'YES', 'BUY', 0.7),
    fill('7', 'm2', 'c', 31, 'YES', 'SELL', 0.65),
  ],
  outcomes: [{ market_id: 'm1', resolved_outcome: 1, resolution_time: T0 + 40 * H }],
});
const params = parseParams({});
const m1 = tape.marketIndex.get('m1')!;
const m2 = tape.marketIndex.get('m2')!;

describe('market fills gathered out of the time-ordered tape', () => {
  it("hold exactly a market's fills, in time order", () => {
    const f = MarketFills.of(tape, m1);
    expect(f.len).toBe(4);
    expect([...f.ts.subarray(0, f.len)].map((t) => (t - T0) / H)).toEqual([0, 2, 5, 30]);
    expect([...f.dir.subarray(0, f.len)]).toEqual([1, -1, -1, 1]); // BUY YES, SELL YES, BUY NO, BUY YES
    expect(f.yesPrice[2]).toBeCloseTo(0.6, 12); // BUY NO at 0.40 = YES 0.60
  });

  it('a scan of gathered fills equals the scan that gathers them itself, at any instant', () => {
    for (const m of [m1, m2]) {
      for (const hour of [0, 2, 4, 30, 100]) {
        const sc = scanMarket(tape, m, T0 + hour * H, params, 0.55, new MarketScan(tape.walletIds.length), MarketFills.of(tape, m));
        const states = Array.from({ length: sc.k }, (_, j) => sc.state(j)).sort((a, b) => a.w - b.w);
        expect(states).toEqual(marketWalletStates(tape, m, T0 + hour * H, params, 0.55));
      }
    }
  });

  it('one gathered set of fills scanned again and again (later, earlier, with another half-life) gives what a fresh gather gives each time', () => {
    // The second and later scans reuse the vote-decay factors the earlier ones computed (MarketFills.voteDecay).
    for (const m of [m1, m2]) {
      const kept = MarketFills.of(tape, m);
      for (const [hour, halfLifeHours] of [[2, 24], [30, 24], [4, 24], [100, 24], [100, 6], [30, 24]] as const) {
        const p = parseParams({ halfLifeHours });
        const sc = scanMarket(tape, m, T0 + hour * H, p, 0.55, new MarketScan(tape.walletIds.length), kept);
        const states = Array.from({ length: sc.k }, (_, j) => sc.state(j)).sort((a, b) => a.w - b.w);
        expect(states).toEqual(marketWalletStates(tape, m, T0 + hour * H, p, 0.55));
      }
    }
  });

  it('a market scanned before its resolution is gathered once and kept only until the store adds it', () => {
    const store = new ProfileStore(tape, params);
    const kept = store.fillsFor(m1);
    expect(store.fillsFor(m1)).toBe(kept); // the same gather for the resolution scan
    expect(store.fillsFor(m2)).toBe(store.scan.fills); // never resolves: not kept
    store.advanceTo(T0 + 41 * H); // adds m1 (resolved at hour 40) with the kept fills
    expect(store.fillsFor(m1)).toBe(store.scan.fills); // already visible: no longer kept
  });
});
