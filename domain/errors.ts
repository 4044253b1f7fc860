import { z } from 'zod';

/*
 * Domain errors and the one table that says what each error code means at every edge: the HTTP
 * status the server answers and the exit code the CLI returns. Errors anywhere in the code carry
 * a stable `code` (`SC_…`); the server and the CLI both look the code up here, so a code means the
 * same thing over HTTP and on the command line. An error whose code is not in the table is an
 * internal error: HTTP 500 with a generic message, exit 1, details only in the log.
 */

/** code → HTTP status, CLI exit code and what it means (the table docs/api.md reproduces). */
export const ERROR_TABLE = {
  SC_BAD_INPUT: { status: 400, exit: 2, meaning: 'bad input: a field, option or request body is invalid (fields name each one)' },
  SC_INVALID_PARAMS: { status: 400, exit: 2, meaning: 'unknown or invalid engine parameters' },
  SC_BAD_INSTANT: { status: 400, exit: 2, meaning: 'not an instant in 1970..2099 (ISO 8601 or epoch s/ms)' },
  SC_USAGE: { status: 400, exit: 2, meaning: 'bad command-line usage' },
  SC_NOT_A_FILE: { status: 400, exit: 2, meaning: 'an input path that is missing or not a regular file' },
  SC_CSV_UNREADABLE: { status: 400, exit: 2, meaning: 'a CSV file cannot be read' },
  SC_CSV_NOT_A_FILE: { status: 400, exit: 2, meaning: 'a CSV path names a directory, FIFO, socket or device' },
  SC_CSV_MISSING_COLUMNS: { status: 400, exit: 2, meaning: 'a CSV file lacks a required column' },
  SC_CSV_DUPLICATE_COLUMN: { status: 400, exit: 2, meaning: 'a CSV header names a column twice' },
  SC_CSV_EMPTY: { status: 400, exit: 2, meaning: 'a CSV file has no header row' },
  SC_CSV_MALFORMED: { status: 400, exit: 2, meaning: 'a CSV file cannot be parsed past a row' },
  SC_BAD_JSON: { status: 400, exit: 2, meaning: 'a request body that is not a JSON object' },
  SC_UNAUTHORIZED: { status: 401, exit: 2, meaning: 'a mutating request without the bearer token (server not on loopback)' },
  SC_FORBIDDEN_PATH: { status: 403, exit: 2, meaning: 'a path outside the datasets root: nothing was read' },
  SC_HOST_NOT_ALLOWED: { status: 403, exit: 2, meaning: 'the Host header is not in the allow-list (DNS rebinding guard)' },
  SC_NOT_FOUND: { status: 404, exit: 2, meaning: 'unknown market, wallet, run or path' },
  SC_DB_NOT_FOUND: { status: 404, exit: 2, meaning: 'the database file does not exist (only ingest and demo create one)' },
  SC_METHOD_NOT_ALLOWED: { status: 405, exit: 2, meaning: 'the path does not serve this HTTP method (Allow lists those it does)' },
  SC_LOCK_HELD: { status: 409, exit: 1, meaning: 'another sync worker holds the database lock' },
  SC_DB_EXISTS: { status: 409, exit: 2, meaning: 'the demo would replace a database it did not create (pass --force)' },
  SC_PAYLOAD_TOO_LARGE: { status: 413, exit: 2, meaning: 'the request body exceeds the limit' },
  SC_UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 2, meaning: 'a request body that is not application/json' },
  SC_PRECONDITION: { status: 422, exit: 1, meaning: 'the store is not ready for this (no trades yet, no pipeline run yet)' },
  SC_NOTHING_TO_BACKTEST: { status: 422, exit: 1, meaning: 'no resolved market has a price before its cutoff' },
  SC_TUNE_INPUT: { status: 400, exit: 2, meaning: 'a tuning request that cannot be answered honestly (too few folds or markets, candidates that differ in cutoffHours/purgeHours, an oversized grid)' },
  SC_DB_TOO_NEW: { status: 500, exit: 1, meaning: 'the database was written by a newer SmartCrowd' },
  SC_MIGRATION_FAILED: { status: 500, exit: 1, meaning: 'a schema migration could not be applied (nothing of it was kept)' },
  SC_SYNC_FAILED: { status: 500, exit: 1, meaning: 'the sync worker’s last cycle failed' },
  SC_INTERNAL: { status: 500, exit: 1, meaning: 'anything else; the details are in the log, never in the response' },
  SC_PM_UPSTREAM: { status: 502, exit: 1, meaning: 'the Polymarket API refused a request' },
  SC_PM_GIVE_UP: { status: 502, exit: 1, meaning: 'the Polymarket API failed after every retry' },
  SC_PM_INCOMPLETE: { status: 502, exit: 1, meaning: 'a live ingest stored what it listed, but some listings did not complete (the markets are named; their checkpoints stay put)' },
  SC_INSECURE_BIND: { status: 500, exit: 2, meaning: 'refusing to serve a non-loopback address without a token' },
} as const satisfies Record<string, { status: number; exit: 0 | 1 | 2; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** One failing input field: a dotted path (`params.halfLifeHours`, `--as-of`) and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A named, coded error of the domain. Subclasses fix the code; `fields` name failing inputs. */
export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly fields?: FieldIssue[], options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input (a request field, a CLI option, a file that is not a regular file…): HTTP 400, exit 2. */
export class BadInputError extends DomainError {
  override readonly name = 'BadInputError';
  constructor(message: string, fields?: FieldIssue[], code: 'SC_BAD_INPUT' | 'SC_NOT_A_FILE' | 'SC_BAD_JSON' = 'SC_BAD_INPUT') {
    super(code, message, fields);
  }
}

/** An unknown id (market, wallet, run): HTTP 404. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(message: string) {
    super('SC_NOT_FOUND', message);
  }
}

/** The store is not ready for the request (no trades, no pipeline run yet…): HTTP 422, exit 1. */
export class PreconditionError extends DomainError {
  override readonly name = 'PreconditionError';
  constructor(message: string) {
    super('SC_PRECONDITION', message);
  }
}

/** A path outside the datasets root: HTTP 403, nothing read. */
export class ForbiddenPathError extends DomainError {
  override readonly name = 'ForbiddenPathError';
  constructor(message: string) {
    super('SC_FORBIDDEN_PATH', message);
  }
}

/** The database file given does not exist, and the command does not create one: exit 2. */
export class DatabaseNotFoundError extends DomainError {
  override readonly name = 'DatabaseNotFoundError';
  constructor(readonly path: string) {
    super('SC_DB_NOT_FOUND', `database ${path} does not exist (run \`smartcrowd demo\` or \`smartcrowd ingest …\` to create one, or pass --db)`);
  }
}

/** The public form of any error: what the server sends and `--json` prints. */
export interface ErrorInfo {
  code: ErrorCode;
  status: number;
  exit: 0 | 1 | 2;
  message: string;
  fields?: FieldIssue[];
}

const GENERIC = 'internal error (see the server log)';

function isCode(c: unknown): c is ErrorCode {
  return typeof c === 'string' && Object.hasOwn(ERROR_TABLE, c);
}

/**
 * What an error means at the edge: its code, HTTP status, exit code, public message and failing
 * fields. Coded errors keep their message; a zod error is bad input with one field per issue;
 * anything else is SC_INTERNAL with a generic message (never its own text, which may hold
 * paths or internals).
 */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof z.ZodError) {
    const fields = zodFields(err);
    return { code: 'SC_BAD_INPUT', ...row('SC_BAD_INPUT'), message: `invalid input: ${fields.map((f) => `${f.path || '(root)'}: ${f.message}`).join('; ')}`, fields };
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && isCode(code)) {
    const fields = (err as { fields?: FieldIssue[] }).fields ?? (err as { issues?: FieldIssue[] }).issues;
    return { code, ...row(code), message: err.message, ...(Array.isArray(fields) && fields.length ? { fields: fields.map((f) => ({ path: String(f.path), message: String(f.message) })) } : {}) };
  }
  return { code: 'SC_INTERNAL', ...row('SC_INTERNAL'), message: GENERIC };
}

function row(code: ErrorCode): { status: number; exit: 0 | 1 | 2 } {
  const r = ERROR_TABLE[code];
  return { status: r.status, exit: r.exit };
}

/** A zod error's issues as fields: dotted path and message (an unknown key is its own field). */
export function zodFields(err: z.ZodError): FieldIssue[] {
  return err.issues.flatMap((i) => {
    const base = i.path.map(String);
    const keys = i.code === 'unrecognized_keys' ? i.keys : undefined;
    return keys?.length ? keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown key' })) : [{ path: base.join('.'), message: i.message }];
  });
}

/** The JSON error document of the HTTP API and of `--json` on the CLI: `{ "error": { code, status, message, fields? } }`. */
export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'stable error code (SC_…); see the table in docs/api.md', example: 'SC_BAD_INPUT' }),
      status: z.number().int().meta({ description: 'the HTTP status this code maps to', example: 400 }),
      message: z.string().meta({ description: 'what went wrong, for people', example: 'invalid input: params.halfLifeHourz: unknown key' }),
      fields: z
        .array(z.strictObject({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'bad input only: each failing field with its dotted path' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error response has this shape.' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The error document for an error (see ErrorBody). */
export function errorBody(info: Pick<ErrorInfo, 'code' | 'status' | 'message' | 'fields'>): ErrorBody {
  return { error: { code: info.code, status: info.status, message: info.message, ...(info.fields?.length ? { fields: info.fields } : {}) } };
}
