/**
 * The precision of every number SmartCrowd prints as JSON (HTTP responses, `--json`): finite
 * non-integers are rounded to 10 significant digits, which removes binary float noise
 * (0.23399999999999999 → 0.234) and keeps far more precision than any price, probability or
 * score needs. Integers (counts, epoch values) are untouched. Stored values are never rounded.
 */
export const JSON_SIGNIFICANT_DIGITS = 10;

/** `x` rounded to JSON_SIGNIFICANT_DIGITS significant digits (integers and non-finite values unchanged). */
export function roundNumber(x: number): number {
  return Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(JSON_SIGNIFICANT_DIGITS));
}

/** A copy of a JSON-like value with every number rounded by roundNumber (plain objects and arrays only). */
export function roundNumbers<T>(value: T): T {
  if (typeof value === 'number') return roundNumber(value) as T;
  if (Array.isArray(value)) return value.map(roundNumbers) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundNumbers(v);
    return out as T;
  }
  return value;
}
