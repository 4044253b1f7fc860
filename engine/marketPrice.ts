import type { Tape } from './tape.ts';

/**
 * Market Prob of market `m` as of `asOf` (epoch ms): the YES-equivalent price of its last fill at or
 * before `asOf`, or null when it has none. O(log k) in the market's fills.
 */
export function marketProbAt(tape: Tape, m: number, asOf: number): number | null {
  const start = tape.marketStart[m]!;
  let lo = start;
  let hi = tape.marketStart[m + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tape.ts[tape.byMarket[mid]!]! <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return lo === start ? null : tape.yesPrice[tape.byMarket[lo - 1]!]!;
}
