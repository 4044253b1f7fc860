import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTape, compareCodePoints, stableSortByTime, type Tape, type TapeTradeInput } from '../../engine/tape.ts';
import { tradesArb } from '../helpers/tapeArbitraries.ts';

/**
 * The tape as the object-per-row builder of commit 53fa9c9 made it (its algorithm, kept here as the
 * reference): trades sorted by (ts, external_id), ids interned in ascending order. The one
 * deliberate difference is the tie order of external ids, which is by code point (as SQLite's
 * index orders them) rather than by UTF-16 code unit; the two agree unless ids differ first at a
 * character above U+D7FF.
 */
export function referenceTape(trades: TapeTradeInput[]): Pick<Tape, 'n' | 'ts' | 'market' | 'wallet' | 'dir' | 'yesPrice' | 'size' | 'sideAction' | 'walletIds' | 'marketIds' | 'byMarket' | 'byWallet' | 'marketStart' | 'walletStart'> {
  const n = trades.length;
  const marketIds = [...new Set(trades.map((t) => t.market_id))].sort();
  const walletIds = [...new Set(trades.map((t) => t.wallet))].sort();
  const order = trades.map((_, i) => i).sort((a, b) => trades[a]!.ts - trades[b]!.ts || compareCodePoints(trades[a]!.external_id, trades[b]!.external_id));
  const sorted = order.map((i) => trades[i]!);
  const market = Int32Array.from(sorted, (t) => marketIds.indexOf(t.market_id));
  const wallet = Int32Array.from(sorted, (t) => walletIds.indexOf(t.wallet));
  const group = (keys: Int32Array, nKeys: number) => {
    const start = new Int32Array(nKeys + 1);
    const idx: number[] = [];
    for (let k = 0; k < nKeys; k++) {
      for (let i = 0; i < keys.length; i++) if (keys[i] === k) idx.push(i);
      start[k + 1] = idx.length;
    }
    return [start, Int32Array.from(idx)] as const;
  };
  const [marketStart, byMarket] = group(market, marketIds.length);
  const [walletStart, byWallet] = group(wallet, walletIds.length);
  return {
    n,
    ts: Float64Array.from(sorted, (t) => t.ts),
    market,
    wallet,
    dir: Int8Array.from(sorted, (t) => ((t.side === 'YES') === (t.action === 'BUY') ? 1 : -1)),
    yesPrice: Float64Array.from(sorted, (t) => (t.side === 'NO' ? 1 - t.price : t.price)),
    size: Float64Array.from(sorted, (t) => t.size),
    sideAction: Uint8Array.from(sorted, (t) => (t.side === 'NO' ? 1 : 0) | (t.action === 'SELL' ? 2 : 0)),
    walletIds,
    marketIds,
    marketStart,
    byMarket,
    walletStart,
    byWallet,
  };
}

describe('the trade tape', () => {
  it('orders external ids by code point, which is the byte order of their UTF-8 (SQLite BINARY)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 500 },
    );
    expect(compareCodePoints('\uFF21', '😀')).toBeLessThan(0); // UTF-16 code units would say the opposite
  });

  it('sorts positions by time stably, over any span of milliseconds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 65_535, 65_536, 2 ** 32 + 7, 2 ** 40, 4_102_444_799_999), { maxLength: 200 }), (times) => {
        const ts = Float64Array.from(times);
        const order = Int32Array.from(times.keys());
        const sorted = stableSortByTime(order, ts);
        const expected = [...times.keys()].sort((a, b) => times[a]! - times[b]! || a - b);
        expect([...sorted]).toEqual(expected);
        expect([...order]).toEqual([...times.keys()]); // input untouched
      }),
    );
  });

  it('sorts a large burst-y tape by time stably (a second holding half the trades, the rest over years)', () => {
    const n = 200_000;
    const ts = new Float64Array(n);
    let x = 7;
    for (let i = 0; i < n; i++) {
      x = (x * 48271) % 2147483647;
      ts[i] = i % 2 ? 1_700_000_000_000 + (x % 1000) : 1_600_000_000_000 + (x % 200_000_000_000);
    }
    const sorted = stableSortByTime(Int32Array.from({ length: n }, (_, i) => i), ts);
    let misordered = 0;
    for (let k = 1; k < n; k++) {
      const a = sorted[k - 1]!;
      const b = sorted[k]!;
      if (!(ts[a]! < ts[b]! || (ts[a] === ts[b] && a < b))) misordered++;
    }
    expect(misordered).toBe(0);
    expect(new Set(sorted).size).toBe(n);
  });

  it('is the same tape as the object-per-row builder gave, for any rows in any order', () => {
    fc.assert(
      fc.property(tradesArb, (trades) => {
        const tape = buildTape({ trades });
        const ref = referenceTape(trades);
        for (const k of Object.keys(ref) as (keyof typeof ref)[]) expect(tape[k], k).toEqual(ref[k]);
        const shuffled = [...trades].reverse();
        const again = buildTape({ trades: shuffled });
        for (const k of Object.keys(ref) as (keyof typeof ref)[]) expect(again[k], k).toEqual(ref[k]);
      }),
      { numRuns: 300 },
    );
  });
});
