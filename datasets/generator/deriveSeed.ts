/**
 * A 32-bit seed derived from a world seed and a stream label (e.g. a market's index), so each
 * market draws from its own independent stream and can be simulated alone, in any order.
 * Mixing is the murmur3 32-bit finaliser applied after each part.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of [...parts, parts.length]) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}
