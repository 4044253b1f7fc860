import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';

/**
 * Procedure metadata: the OpenAPI route, and `exactNumbers` for raw-data procedures (data.*) whose
 * numbers must round-trip exactly — a client rebuilding the engine's tape from them must get the
 * stored values, not their JSON rounding.
 */
export type Meta = OpenApiMeta & { exactNumbers?: boolean };
import type { Database } from 'better-sqlite3';
import type { TapeCache } from '../services/tapeCache.ts';
import type { Logger } from '../services/logger.ts';
import type { LatencyRecorder } from './latency.ts';
import { describeError, toTRPCError } from './errors.ts';
import { roundNumbers } from '../domain/json.ts';

/** Where live ingestion reads from: set by the operator when the server starts, never by a request. */
export interface UpstreamConfig {
  baseGamma: string;
  baseData: string;
}

/** What every procedure gets: the store, the datasets root for CSV paths, the tape cache, the metrics recorder, the log. */
export interface Context {
  db: Database;
  /** Absolute, real path: POST /ingest/csv may only read below it. */
  datasetsRoot: string;
  tapes: TapeCache;
  latency: LatencyRecorder;
  /** Upstream API base URLs for POST /ingest/polymarket (operator configuration). */
  upstream: UpstreamConfig;
  log: Logger;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const info = describeError(error);
      return {
        ...shape,
        message: info.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          /** The stable SmartCrowd error code (domain/errors.ts). */
          error_code: info.code,
          /** The failing input fields (bad input only). */
          fields: info.fields,
        },
      };
    },
  });

/** Counts calls, errors and latency per procedure into system_metrics; maps named errors to HTTP statuses; logs internal faults. */
const observed = t.middleware(async ({ path, next, ctx, meta }) => {
  const started = performance.now();
  const result = await next();
  ctx.latency.record(path, performance.now() - started, !result.ok);
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped.code === 'INTERNAL_SERVER_ERROR') ctx.log.error({ err: result.error.cause ?? result.error, procedure: path }, `${path} failed`);
    else if (mapped.code === 'BAD_GATEWAY') ctx.log.error({ err: result.error.cause ?? result.error, procedure: path }, `${path}: upstream failed: ${mapped.message}`);
    return { ...result, error: mapped } as typeof result;
  }
  // One JSON style at the boundary: numbers rounded to a documented precision (domain/json.ts),
  // except raw data, which must round-trip exactly.
  return meta?.exactNumbers ? result : { ...result, data: roundNumbers(result.data) };
});

export const router = t.router;
export const publicProcedure = t.procedure.use(observed);
export const createCallerFactory = t.createCallerFactory;
