/** Small numeric helpers shared by the engine. One named tolerance for float comparisons. */

/** Tolerance for comparing engine floats in tests and invariants. */
export const EPSILON = 1e-9;

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** log(p / (1 − p)); p must be in (0, 1). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** 1 / (1 + e^−x), computed without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Hours → milliseconds. */
export const HOUR_MS = 3_600_000;
