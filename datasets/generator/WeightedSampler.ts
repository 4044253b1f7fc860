import type { Rng } from '../../engine/rng.ts';

/**
 * Draws indexes 0..n−1 with probability proportional to non-negative weights, by binary search
 * in the cumulative sums: O(n) to build, O(log n) per draw.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      s += Math.max(0, weights[i]!);
      this.cumulative[i] = s;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** An index drawn by weight; −1 when every weight is zero or there are none. */
  draw(rng: Rng): number {
    const n = this.cumulative.length;
    const total = n === 0 ? 0 : this.cumulative[n - 1]!;
    if (total <= 0) return -1;
    const u = rng() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
