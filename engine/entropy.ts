import { clamp } from './math.ts';

/**
 * Shannon entropy (nats) of a histogram of non-negative counts; 0 when empty. O(k).
 */
export function entropyOf(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return h;
}

/**
 * Specialization from category counts: 1 − H/log(K), H the Shannon entropy of the wallet's
 * resolved markets over categories and K the number of categories in the tape.
 * 1 = all in one category (also when K < 2); 0 = spread evenly over all; 0 with no markets.
 */
export function specializationOf(counts: ArrayLike<number>, nCategories: number): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (total === 0) return 0;
  return nCategories < 2 ? 1 : clamp(1 - entropyOf(counts) / Math.log(nCategories), 0, 1);
}
