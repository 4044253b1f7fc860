/*
 * Allocation-free fast paths for the cells a canonical trades file is made of. Each returns NaN
 * (or false) for anything outside its narrow form, and the caller then uses the full normaliser
 * (ingest/normalize.ts, domain/instant.ts), so results and rejections are exactly theirs: these
 * only skip work, never change an outcome (test/ingest/fastCells.test.ts checks that equivalence).
 */

/** True when `s` starts and ends with a printable ASCII character other than space: `trim()` would return it unchanged. */
export function isTrimmed(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * An unsigned plain decimal (`123`, `0.871`, `54.97`, `.5`, `5.`) with at most 15 significant
 * digits and 22 fraction digits, as a number; NaN for anything else. Exact: an integer below 2^53
 * divided by an exactly representable power of ten is correctly rounded, so this equals
 * `Number(s)` whenever it is not NaN.
 */
export function simpleDecimal(s: string): number {
  return simpleDecimalIn(s, 0, s.length);
}

/** `simpleDecimal` of `s.slice(from, to)`, without cutting it out. */
export function simpleDecimalIn(s: string, from: number, to: number): number {
  const n = to - from;
  if (n <= 0 || n > 40) return NaN;
  let int = 0;
  let sig = 0;
  let frac = -1;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (sig > 0 || c !== 48) sig++;
      int = int * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0 || sig > 15) return NaN;
  if (frac <= 0) return int;
  return frac > 22 ? NaN : int / POW10[frac]!;
}

/**
 * The canonical UTC form `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` with a valid
 * calendar date in 1970..2099 and a valid time of day (seconds ≤ 59), as epoch ms; NaN otherwise.
 * Pure integer arithmetic (no Date objects). Equals domain/instant.ts `parseInstant` wherever it is
 * not NaN.
 */
export function canonicalUtcMs(s: string): number {
  return canonicalUtcMsIn(s, 0, s.length);
}

/** `canonicalUtcMs` of `s.slice(from, to)`, without cutting it out. */
export function canonicalUtcMsIn(s: string, from: number, to: number): number {
  const n = to - from;
  const o = from;
  if (n !== 20 && n !== 24) return NaN;
  if (s.charCodeAt(o + 4) !== 45 || s.charCodeAt(o + 7) !== 45 || s.charCodeAt(o + 10) !== 84 || s.charCodeAt(o + 13) !== 58 || s.charCodeAt(o + 16) !== 58 || s.charCodeAt(to - 1) !== 90) return NaN;
  // two() is NaN for a non-digit, and NaN fails every range test below.
  const y = two(s, o) * 100 + two(s, o + 2);
  const mo = two(s, o + 5);
  const d = two(s, o + 8);
  const h = two(s, o + 11);
  const mi = two(s, o + 14);
  const sec = two(s, o + 17);
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(o + 19) !== 46) return NaN;
    ms = two(s, o + 20) * 10 + one(s, o + 22);
  }
  if (!(y >= 1970 && y <= 2099 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && ms >= 0)) return NaN;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)) return NaN;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/** The decimal digit at i; NaN when it is not one. */
function one(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  return a >= 0 && a <= 9 ? a : NaN;
}

/** The two decimal digits at i, i+1 as a number 0..99; NaN when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/** Days from 1970-01-01 to the proleptic Gregorian date y-m-d (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
