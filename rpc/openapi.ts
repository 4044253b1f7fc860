import { z } from 'zod';
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { ERROR_TABLE, ErrorBody } from '../domain/errors.ts';
import { appRouter } from './router.ts';
import { VERSION } from '../services/version.ts';

/** The statuses every GET may answer besides 200, and every POST (POST /ingest/polymarket adds 502). */
const GET_ERRORS = [400, 403, 404, 405, 500];
const POST_ERRORS = [400, 401, 403, 404, 405, 413, 415, 422, 500];

/** What each status means, from the codes that map to it (domain/errors.ts). */
function statusDescription(status: number): string {
  const codes = Object.entries(ERROR_TABLE).filter(([, v]) => v.status === status);
  return codes.map(([code, v]) => `${code}: ${v.meaning}`).join('; ') || 'error';
}

type Operation = { responses?: Record<string, unknown>; security?: unknown; [k: string]: unknown };

/**
 * The OpenAPI 3.1 document of every REST-style path, generated from the procedures, with one
 * error schema (`components.schemas.Error`, the ErrorBody every error response has) declared for
 * every status each operation can answer, and the bearer scheme declared only on POST (the only
 * requests that need a token, and only off loopback). `serverUrl` comes from the operator's
 * configuration (`--public-url`), never from a request: the default `/` means "where this
 * document was fetched from".
 */
export function openApiDocument(serverUrl = '/', version = VERSION) {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'SmartCrowd API',
    description:
      'SmartCrowd: wallet-weighted forecasts beside prediction-market prices. The same procedures are served as tRPC at /trpc. ' +
      'Instants are ISO 8601 UTC; non-integer numbers carry at most 10 significant digits; lists page with limit/offset and report their total; ' +
      'every error is `{ "error": { code, status, message, fields? } }`.',
    version,
    baseUrl: serverUrl,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'needed for POST when the server is not bound to loopback (SMARTCROWD_API_TOKEN); the scheme name is case-insensitive' } },
  });
  // ErrorBody carries the id `Error`: zod puts it under $defs; the document keeps it as a component.
  const generated = z.toJSONSchema(ErrorBody, { target: 'draft-2020-12' }) as { $defs?: Record<string, Record<string, unknown>> };
  const errorSchema = generated.$defs?.Error ?? generated;
  doc.components = { ...doc.components, schemas: { ...(doc.components?.schemas ?? {}), Error: errorSchema } };
  const ref = { $ref: '#/components/schemas/Error' };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const statuses = method === 'post' ? [...POST_ERRORS, ...(path === '/ingest/polymarket' ? [502] : [])] : GET_ERRORS;
      const ok = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([s]) => s.startsWith('2')));
      op.responses = { ...ok, ...Object.fromEntries(statuses.map((s) => [String(s), { description: statusDescription(s), content: { 'application/json': { schema: ref } } }])) };
      if (method === 'post') op.security = [{ bearer: [] }];
      else delete op.security;
    }
  }
  const errors = Object.fromEntries(GET_ERRORS.map((s) => [String(s), { description: statusDescription(s), content: { 'application/json': { schema: ref } } }]));
  doc.paths = {
    ...doc.paths,
    '/openapi.json': {
      get: { summary: 'this OpenAPI document', operationId: 'openapi', responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors } },
    },
    '/docs': {
      get: { summary: 'interactive reference of this document (Swagger UI, served from the package: works offline)', operationId: 'docs', responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }, ...errors } },
    },
  };
  return doc;
}
