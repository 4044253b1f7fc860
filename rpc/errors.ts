import { homedir, tmpdir } from 'node:os';
import { sep } from 'node:path';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ERROR_TABLE, errorInfo, type ErrorCode, type ErrorInfo } from '../domain/errors.ts';

export { NotFoundError, PreconditionError, ForbiddenPathError } from '../domain/errors.ts';

/** The tRPC code of each HTTP status the server uses (tRPC derives the status from it). */
const TRPC_CODE: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
};

/** Our code for an error tRPC raised itself (bad batch, unknown procedure, unparsable input…). */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'SC_BAD_JSON',
  BAD_REQUEST: 'SC_BAD_INPUT',
  NOT_FOUND: 'SC_NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'SC_METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'SC_PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'SC_UNSUPPORTED_MEDIA_TYPE',
  UNAUTHORIZED: 'SC_UNAUTHORIZED',
};

/**
 * What an error means at the HTTP edge (see domain/errors.ts): a TRPCError is unwrapped to its
 * cause (the domain error, or the zod error of bad input); an error tRPC raised itself keeps its
 * own (safe) message under our code; anything else is SC_INTERNAL with a generic message.
 * Messages are scrubbed of absolute server paths.
 */
export function describeError(err: unknown): ErrorInfo {
  const e = rootCause(err);
  if (e instanceof TRPCError) {
    const code = FROM_TRPC[e.code];
    if (code) return { code, status: ERROR_TABLE[code].status, exit: ERROR_TABLE[code].exit, message: redactPaths(e.message) };
  }
  const info = errorInfo(e);
  return { ...info, message: redactPaths(info.message) };
}

/**
 * The error a TRPCError wraps: its domain cause, or the zod error of bad input. A zod error
 * under anything but BAD_REQUEST is a failed output check — an internal fault, not bad input.
 */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; depth < 8 && e instanceof TRPCError; depth++) {
    const c: unknown = e.cause;
    if (!c || c === e) return e;
    if (c instanceof ZodError) return e.code === 'BAD_REQUEST' ? c : e;
    e = c;
  }
  return e;
}

/** True when the error is ours to explain (a coded or input error), false for an internal fault worth logging. */
export function isInternal(err: unknown): boolean {
  return describeError(err).code === 'SC_INTERNAL';
}

/**
 * Maps any error to the TRPCError whose code gives the right HTTP status, keeping the original
 * as its cause (the formatter reads it back through describeError).
 */
export function toTRPCError(err: unknown): TRPCError {
  const info = describeError(err);
  const code = TRPC_CODE[info.status] ?? 'INTERNAL_SERVER_ERROR';
  if (err instanceof TRPCError && err.code === code) return err;
  return new TRPCError({ code, message: info.message, cause: err instanceof Error ? err : undefined });
}

const redactions = new Set<string>();
/** Registers a folder whose absolute path must never appear in a response (the datasets root, the database folder…). */
export function registerRedaction(folder: string): void {
  if (folder && folder !== sep) redactions.add(folder.endsWith(sep) ? folder : folder + sep);
}
for (const f of [process.cwd(), tmpdir(), homedir()]) registerRedaction(f);

/** The message with every registered server folder cut out (paths shown relative to it). */
export function redactPaths(message: string): string {
  let out = message;
  // Longest first, so the datasets root wins over the working directory that contains it.
  for (const f of [...redactions].sort((a, b) => b.length - a.length)) out = out.split(f).join('');
  return out;
}
