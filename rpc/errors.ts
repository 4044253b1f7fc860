import { TRPCError } from '@trpc/server';
import { InvalidParamsError } from '../engine/params.ts';
import { CsvFileError } from '../ingest/errors.ts';
import { NothingToBacktestError } from '../services/backtest.ts';
import { UpstreamError } from '../ingest/polymarket/httpClient.ts';

/** An unknown id (market, wallet, run): HTTP 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'SC_NOT_FOUND';
}

/** An engine precondition is not met (no data, no pipeline run yet…): HTTP 422. */
export class PreconditionError extends Error {
  override readonly name = 'PreconditionError';
  readonly code = 'SC_PRECONDITION';
}

/** A path outside the datasets root: HTTP 403, nothing read. */
export class ForbiddenPathError extends Error {
  override readonly name = 'ForbiddenPathError';
  readonly code = 'SC_FORBIDDEN_PATH';
}

/**
 * Maps the project's named errors to tRPC errors (and so to HTTP statuses): bad input 400,
 * forbidden 403, unknown id 404, precondition 422, upstream API failure 502; anything else is a
 * 500 with a generic message (the cause is logged, never sent).
 */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof InvalidParamsError) return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof CsvFileError) return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof NotFoundError) return new TRPCError({ code: 'NOT_FOUND', message: err.message, cause: err });
  if (err instanceof ForbiddenPathError) return new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
  if (err instanceof UpstreamError) return new TRPCError({ code: 'BAD_GATEWAY', message: `upstream API failed: ${err.message}`, cause: err });
  if (err instanceof PreconditionError || err instanceof NothingToBacktestError) {
    return new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: err.message, cause: err });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error (see the server log)', cause: err instanceof Error ? err : undefined });
}
