import { sha256Hex } from '../engine/hash.ts';
import type { Action, Side } from '../store/rows.ts';
import { FieldError } from './errors.ts';

/*
 * Normalisation of CSV fields (CONTRACTS.md §1). Each function takes the raw cell and the column
 * name, returns the canonical value, or throws FieldError naming the column and the reason.
 */

const show = (v: string) => (v.length > 40 ? `"${v.slice(0, 37)}..."` : `"${v}"`);

/** A required cell, trimmed; empty → "is missing". */
export function required(raw: string | undefined, column: string): string {
  const v = raw?.trim() ?? '';
  if (v === '') throw new FieldError(column, 'is missing');
  return v;
}

/** An optional cell, trimmed; empty → null. */
export function optional(raw: string | undefined): string | null {
  const v = raw?.trim() ?? '';
  return v === '' ? null : v;
}

const SIDES: Record<string, Side> = { YES: 'YES', Y: 'YES', '1': 'YES', NO: 'NO', N: 'NO', '0': 'NO' };
/** YES/NO, case-insensitive; also Y/N, 1/0 and outcome labels "Yes"/"No". */
export function parseSide(raw: string | undefined, column = 'side'): Side {
  const v = required(raw, column);
  const s = SIDES[v.toUpperCase()];
  if (!s) throw new FieldError(column, `${show(v)} is not a side (YES/NO, Y/N, 1/0)`);
  return s;
}

const ACTIONS: Record<string, Action> = { BUY: 'BUY', B: 'BUY', SELL: 'SELL', S: 'SELL' };
/** BUY/SELL, case-insensitive; also B/S. */
export function parseAction(raw: string | undefined, column = 'action'): Action {
  const v = required(raw, column);
  const a = ACTIONS[v.toUpperCase()];
  if (!a) throw new FieldError(column, `${show(v)} is not an action (BUY/SELL, B/S)`);
  return a;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^\d{1,16}(?:\.\d+)?$/;
/** Epoch values below this are seconds, at or above it milliseconds (1e11 s is the year 5138). */
export const EPOCH_MS_THRESHOLD = 1e11;

/**
 * An instant as epoch ms UTC from ISO 8601 (`2025-03-01T12:00:00Z`, offsets allowed, a missing
 * offset read as UTC, a date alone as its midnight UTC) or Unix epoch seconds/milliseconds.
 * Anything else — including text Date.parse would guess at — is rejected.
 */
export function parseTimestamp(raw: string | undefined, column: string): number {
  const fast = raw === undefined ? NaN : fastIsoUtc(raw);
  if (fast === fast) return fast; // not NaN
  const v = required(raw, column);
  if (EPOCH.test(v)) {
    const n = Number(v);
    return Math.round(n < EPOCH_MS_THRESHOLD ? n * 1000 : n);
  }
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
      if (Number.isFinite(ms) && new Date(ms + offsetMs(zone)).getUTCDate() === day) return ms;
    }
  }
  throw new FieldError(column, `${show(v)} is not an ISO 8601 time or epoch seconds/milliseconds`);
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Fast path for the canonical UTC form `YYYY-MM-DDTHH:MM:SS[.sss]Z` (what our own tools and most
 * exports write): epoch ms without regex or Date.parse, or NaN to fall back to the full parser.
 */
function fastIsoUtc(s: string): number {
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
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN;
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

function parseNumber(v: string, column: string): number {
  const n = Number(v);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) || !Number.isFinite(n)) throw new FieldError(column, `${show(v)} is not a number`);
  return n;
}

/** The price of the named side: a number strictly between 0 and 1. */
export function parsePrice(raw: string | undefined, column = 'price'): number {
  const v = required(raw, column);
  const p = parseNumber(v, column);
  if (!(p > 0 && p < 1)) throw new FieldError(column, `price ${v} is not strictly between 0 and 1`);
  return p;
}

/** Shares: a number > 0. */
export function parseSize(raw: string | undefined, column = 'size'): number {
  const v = required(raw, column);
  const s = parseNumber(v, column);
  if (!(s > 0)) throw new FieldError(column, `size ${v} is not greater than 0`);
  return s;
}

/** An optional number (null when empty). */
export function parseOptionalNumber(raw: string | undefined, column: string): number | null {
  const v = optional(raw);
  return v === null ? null : parseNumber(v, column);
}

/** A wallet: required; a 0x hex address is lower-cased, anything else kept as written (trimmed). */
export function parseWallet(raw: string | undefined, column = 'wallet'): string {
  const v = required(raw, column);
  return /^0x[0-9a-f]+$/i.test(v) ? v.toLowerCase() : v;
}

const OUTCOMES: Record<string, 0 | 1> = { '1': 1, YES: 1, Y: 1, '0': 0, NO: 0, N: 0 };
/** A resolved outcome: 1/0 or YES/NO (case-insensitive). */
export function parseOutcome(raw: string | undefined, column = 'resolved_outcome'): 0 | 1 {
  const v = required(raw, column);
  const o = OUTCOMES[v.toUpperCase()];
  if (o === undefined) throw new FieldError(column, `${show(v)} is not an outcome (1/0 or YES/NO)`);
  return o;
}

/**
 * The deterministic id of a trade without `external_id`: `csv-` + the first 32 hex digits of
 * SHA-256 over `market_id|wallet|ts_ms|side|action|price|size` of the normalised values (numbers
 * in JavaScript's shortest round-trip form), so the same fill always gets the same id.
 */
export function tradeExternalId(t: { market_id: string; wallet: string; ts: number; side: Side; action: Action; price: number; size: number }): string {
  return `csv-${sha256Hex([t.market_id, t.wallet, t.ts, t.side, t.action, String(t.price), String(t.size)].join('|')).slice(0, 32)}`;
}
