import { sha256Hex } from '../engine/hash.ts';
import type { Action, Side } from '../store/rows.ts';
import { FieldError } from './errors.ts';
import { InstantError, parseInstant } from '../domain/instant.ts';
export { EPOCH_MS_THRESHOLD } from '../domain/instant.ts';

/*
 * Normalisation of CSV fields (CONTRACTS.md §1). Each function takes the raw cell and the column
 * name, returns the canonical value, or throws FieldError naming the column and the reason.
 */

const show = (v: string) => (v.length > 40 ? `"${v.slice(0, 37)}..."` : `"${v}"`);

/** Longest identifier cell (market id, wallet, external id), in characters. */
export const MAX_ID_CHARS = 512;
/** Longest number cell, in characters: longer is "not a number" before any parsing. */
export const MAX_NUMBER_CHARS = 64;

/** A required cell, trimmed; empty → "is missing". */
export function required(raw: string | undefined, column: string): string {
  const v = raw?.trim() ?? '';
  if (v === '') throw new FieldError(column, 'is missing');
  return v;
}

/** A required identifier cell, trimmed: non-empty and at most MAX_ID_CHARS characters. */
export function requiredId(raw: string | undefined, column: string): string {
  const v = required(raw, column);
  if (v.length > MAX_ID_CHARS) throw new FieldError(column, `is longer than ${MAX_ID_CHARS} characters (${v.length})`);
  return v;
}

/** An optional identifier cell, trimmed: null when empty, at most MAX_ID_CHARS characters. */
export function optionalId(raw: string | undefined, column: string): string | null {
  const v = optional(raw);
  if (v !== null && v.length > MAX_ID_CHARS) throw new FieldError(column, `is longer than ${MAX_ID_CHARS} characters (${v.length})`);
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

/**
 * An instant as epoch ms UTC (domain/instant.ts: ISO 8601 or Unix epoch seconds/milliseconds,
 * within 1970..2099), or a FieldError naming the column and the reason.
 */
export function parseTimestamp(raw: string | undefined, column: string): number {
  if (raw === undefined) throw new FieldError(column, 'is missing');
  try {
    return parseInstant(raw);
  } catch (err) {
    if (err instanceof InstantError) throw new FieldError(column, err.reason === 'is empty' ? 'is missing' : err.reason);
    throw err;
  }
}

/**
 * True when `v` is a decimal number as written by people and spreadsheets —
 * `[+-]digits[.digits][e[+-]digits]` (at least one mantissa digit, `5.` and `.5` allowed) — of at
 * most MAX_NUMBER_CHARS characters. One pass, no backtracking: linear in the cell's length.
 */
export function isDecimalText(v: string): boolean {
  const n = v.length;
  if (n === 0 || n > MAX_NUMBER_CHARS) return false;
  let i = 0;
  let c = v.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < n && (c = v.charCodeAt(i)) >= 48 && c <= 57) i++, digits++;
  if (i < n && v.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = v.charCodeAt(i)) >= 48 && c <= 57) i++, digits++;
  }
  if (digits === 0) return false;
  if (i < n && (v.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < n && ((c = v.charCodeAt(i)) === 43 || c === 45)) i++;
    let e = 0;
    while (i < n && (c = v.charCodeAt(i)) >= 48 && c <= 57) i++, e++;
    if (e === 0) return false;
  }
  return i === n;
}

function parseNumber(v: string, column: string): number {
  if (!isDecimalText(v)) throw new FieldError(column, v.length > MAX_NUMBER_CHARS ? `${show(v)} is not a number (${v.length} characters; at most ${MAX_NUMBER_CHARS})` : `${show(v)} is not a number`);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new FieldError(column, `${show(v)} is not a number`);
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
  const v = requiredId(raw, column);
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
