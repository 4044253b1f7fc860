import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Database } from 'better-sqlite3';
import { ZodError } from 'zod';
import type { TapeCache } from '../services/tapeCache.ts';
import type { LatencyRecorder } from './latency.ts';
import { toTRPCError } from './errors.ts';

/** What every procedure gets: the store, the datasets root for CSV paths, the tape cache, the metrics recorder. */
export interface Context {
  db: Database;
  /** Absolute, real path: POST /ingest/csv may only read below it. */
  datasetsRoot: string;
  tapes: TapeCache;
  latency: LatencyRecorder;
}

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const invalid = (error.cause as { issues?: { path: string; message: string }[] } | undefined)?.issues;
      return {
        ...shape,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          /** The failing input fields (bad input only). */
          fields: zod
            ? zod.issues.flatMap((i) => {
                const base = [...i.path].map(String);
                const keys = (i as { keys?: string[] }).keys;
                return keys?.length
                  ? keys.map((k) => ({ path: [...base, k].join('.'), message: i.message }))
                  : [{ path: base.join('.'), message: i.message }];
              })
            : Array.isArray(invalid)
              ? invalid
              : undefined,
        },
      };
    },
  });

/** Counts calls, errors and latency per procedure into system_metrics; maps named errors to HTTP statuses. */
const observed = t.middleware(async ({ path, next, ctx }) => {
  const started = performance.now();
  const result = await next();
  ctx.latency.record(path, performance.now() - started, !result.ok);
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    // A named error becomes its status; anything else is logged here and answered generically.
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (mapped.code === 'INTERNAL_SERVER_ERROR') process.stderr.write(`smartcrowd serve: ${path} failed: ${String(result.error.cause?.stack ?? result.error.message)}\n`);
    return { ...result, error: mapped } as typeof result;
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(observed);
export const createCallerFactory = t.createCallerFactory;
