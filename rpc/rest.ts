import { z } from 'zod';
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { BadInputError } from '../domain/errors.ts';

/** One REST-style route: a method and a path template (`/markets/{market_id}`) bound to a procedure. */
export interface RestRoute {
  method: 'GET' | 'POST';
  template: string;
  /** Dotted procedure path, e.g. `markets.get`. */
  procedure: string;
  /** Names of the `{…}` path parameters, in order. */
  params: string[];
  pattern: RegExp;
  /** The procedure's input schema (undefined for procedures without input). */
  input: z.ZodType | undefined;
}

/** Every procedure with `meta.openapi`, as a route. Paths and methods come from the procedures alone. */
export function restRoutes(router: AnyTRPCRouter): RestRoute[] {
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
  const routes: RestRoute[] = [];
  for (const [path, proc] of Object.entries(procedures)) {
    const meta = proc._def.meta as OpenApiMeta | undefined;
    if (!meta?.openapi || meta.openapi.enabled === false) continue;
    const { method, path: template } = meta.openapi;
    if (method !== 'GET' && method !== 'POST') throw new Error(`${path}: only GET and POST routes are served`);
    const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '([^/]+)')}/?$`);
    const first = proc._def.inputs[0];
    routes.push({ method, template, procedure: path, params, pattern, input: first instanceof z.ZodType ? first : undefined });
  }
  return routes;
}

/** The routes whose template matches `pathname`, with their decoded path parameters. */
export function matchRoutes(routes: readonly RestRoute[], pathname: string): { route: RestRoute; pathParams: Record<string, string> }[] {
  const out: { route: RestRoute; pathParams: Record<string, string> }[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    route.params.forEach((name, i) => {
      try {
        pathParams[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        throw new BadInputError(`path parameter ${name} is not valid percent-encoding`, [{ path: name, message: 'not valid percent-encoding' }]);
      }
    });
    out.push({ route, pathParams });
  }
  // A literal path (/backtest/compare) wins over a template (/backtest/{run_id}).
  return out.sort((a, b) => a.route.params.length - b.route.params.length);
}

/** The object schema inside optional/default wrappers, or null for void/absent inputs. */
function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | null {
  let s: z.ZodType | undefined = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : null;
}

function leaf(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** A decimal number as query text: at most 32 characters, no exponent, no hex, no whitespace. */
const NUMERIC = /^-?\d{1,24}(?:\.\d{1,7})?$/;

/**
 * A GET route's input from its query string. Only top-level fields declared as numbers or booleans
 * are converted (from strict decimal or `true`/`false` text); everything else stays text, and the
 * procedure's own schema then accepts or refuses it — nothing is coerced further, and the
 * schemas themselves are never changed. A repeated key is refused.
 */
export function queryInput(route: RestRoute, search: URLSearchParams, pathParams: Record<string, string>): unknown {
  const shape = objectShape(route.input);
  if (!shape) return undefined;
  const input: Record<string, unknown> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    if (values.length > 1) throw new BadInputError(`query parameter ${key} is repeated`, [{ path: key, message: 'repeated' }]);
    const text = values[0]!;
    const field = Object.hasOwn(shape, key) ? leaf(shape[key]!) : undefined;
    if (field instanceof z.ZodNumber && NUMERIC.test(text)) input[key] = Number(text);
    else if (field instanceof z.ZodBoolean && (text === 'true' || text === 'false')) input[key] = text === 'true';
    else input[key] = text;
  }
  return { ...input, ...pathParams };
}

/** A POST route's input: the JSON body object (or nothing) with the path parameters. */
export function bodyInput(route: RestRoute, body: Record<string, unknown> | undefined, pathParams: Record<string, string>): unknown {
  if (route.params.length === 0) return body;
  return { ...(body ?? {}), ...pathParams };
}
