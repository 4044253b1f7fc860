import { z } from 'zod';

/*
 * One instant type for every entry point (CSV cells, CLI options, RPC inputs): epoch milliseconds
 * UTC within a documented range, parsed by one rule.
 *
 * Accepted forms:
 * - ISO 8601: `2025-03-01T12:00:00Z`, fractional seconds, offsets (`+02:00`, `+0200`, `+02`), a
 *   missing offset read as UTC, a date alone as its midnight UTC, `T` or a space between date and time;
 * - Unix epoch as a number or a string of digits (optionally with a fraction): values below
 *   `EPOCH_MS_THRESHOLD` are seconds, at or above it milliseconds (1e11 s is the year 5138; 1e11 ms
 *   is 1973-03-03, so epoch milliseconds before that date must be written as ISO 8601).
 * Anything else — text Date.parse would guess at, calendar overflow such as 2025-02-30, instants
 * outside [INSTANT_MIN, INSTANT_MAX) — is rejected with a reason.
 */

/** Earliest accepted instant: 1970-01-01T00:00:00Z (epoch ms). */
export const INSTANT_MIN = 0;
/** First rejected instant: 2100-01-01T00:00:00Z (epoch ms). */
export const INSTANT_MAX = Date.UTC(2100, 0, 1);
/** Epoch values below this are seconds, at or above it milliseconds. */
export const EPOCH_MS_THRESHOLD = 1e11;
/** The accepted range, as people read it. */
export const INSTANT_RANGE_TEXT = '1970-01-01T00:00:00Z .. 2099-12-31T23:59:59.999Z';

/** Raised for a value that is not an instant in range; `reason` completes a sentence about the value. */
export class InstantError extends Error {
  override readonly name = 'InstantError';
  readonly code = 'SC_BAD_INSTANT';
  constructor(readonly reason: string) {
    super(reason);
  }
}

const show = (v: string) => (v.length > 40 ? `"${v.slice(0, 37)}..."` : `"${v}"`);
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^\d{1,16}(?:\.\d{1,9})?$/;

/** True when `ms` is an integer instant inside the accepted range. */
export function inInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= INSTANT_MIN && ms < INSTANT_MAX;
}

function checkRange(ms: number, shown: string): number {
  if (!inInstantRange(ms)) throw new InstantError(`${shown} is outside the supported range ${INSTANT_RANGE_TEXT}`);
  return ms;
}

/** Epoch seconds or milliseconds (see EPOCH_MS_THRESHOLD) → epoch ms, rounded to the millisecond. */
export function epochToMs(n: number): number {
  return Math.round(n < EPOCH_MS_THRESHOLD ? n * 1000 : n);
}

/**
 * Parses an instant (string or number, forms above) into epoch ms UTC. O(length of the text);
 * texts longer than 64 characters are rejected before any parsing.
 * @throws InstantError naming why the value is not an instant in range.
 */
export function parseInstant(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InstantError(`${value} is not an epoch time (a non-negative number of seconds or milliseconds)`);
    return checkRange(epochToMs(value), String(value));
  }
  const fast = fastIsoUtc(value);
  if (fast === fast) return checkRange(fast, show(value)); // not NaN
  const v = value.trim();
  if (v === '') throw new InstantError('is empty');
  if (v.length > 64) throw new InstantError(`${show(v)} is not an ISO 8601 time or epoch seconds/milliseconds`);
  if (EPOCH.test(v)) return checkRange(epochToMs(Number(v)), show(v));
  const m = ISO.exec(v);
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', off] = m;
    const month = Number(mo);
    const day = Number(d);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 60) {
      let zone = off ?? 'Z';
      if (zone !== 'Z' && zone !== 'z' && !zone.includes(':') && zone.length === 5) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
      if (zone.length === 3) zone = `${zone}:00`;
      const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone.toUpperCase()}`);
      // Reject calendar overflow such as 2025-02-30 (Date.parse would roll it into March).
      if (Number.isFinite(ms) && new Date(ms + offsetMs(zone)).getUTCDate() === day) return checkRange(ms, show(v));
    }
  }
  throw new InstantError(`${show(v)} is not an ISO 8601 time or epoch seconds/milliseconds`);
}

/** The ISO 8601 UTC text of an epoch-ms instant (`2025-03-01T12:00:00.000Z`). */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Fast path for the canonical UTC form `YYYY-MM-DDTHH:MM:SS[.sss]Z` (what our own tools and most
 * exports write): epoch ms without regex or Date.parse, or NaN to fall back to the full parser.
 * Years below 100 fall back too (Date.UTC would read them as 19xx).
 */
export function fastIsoUtc(s: string): number {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return NaN;
  for (const i of n === 20 ? FAST_DIGITS_20 : FAST_DIGITS_24) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  if (n === 24 && s.charCodeAt(19) !== 46) return NaN;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  const ms = n === 24 ? digit(s, 20) * 100 + two(s, 21) : 0;
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  return new Date(t).getUTCDate() === d ? t : NaN; // reject 2025-02-30
}
const FAST_DIGITS_20 = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const FAST_DIGITS_24 = [...FAST_DIGITS_20, 20, 21, 22];

function offsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/**
 * The instant as an RPC/JSON input: an ISO 8601 string or an epoch number (seconds or
 * milliseconds, the same rule as the CLI and CSV), in range; the output is epoch ms.
 */
export const InstantInput = z
  .union([z.number(), z.string().max(64)])
  .transform((v, ctx) => {
    try {
      return parseInstant(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof InstantError ? err.reason : String(err) });
      return z.NEVER;
    }
  });

/**
 * An instant in a JSON document: epoch ms in (what the store, the engine and the services hold),
 * ISO 8601 UTC text out. Every output contract (tRPC outputs, `--json`, stored report documents)
 * formats its instants through this codec and nowhere else; `encode` reads the text back.
 */
export const IsoInstant = z.codec(z.number().int(), z.string().meta({ format: 'date-time', description: 'ISO 8601 UTC instant' }), {
  decode: (ms) => isoOf(ms),
  encode: (text) => parseInstant(text),
});
