import http from 'node:http';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Database } from 'better-sqlite3';
import { DomainError, errorBody, type ErrorCode, type ErrorInfo, ERROR_TABLE } from '../domain/errors.ts';
import { MetricsRepo } from '../store/metricsRepo.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { TapeCache } from '../services/tapeCache.ts';
import { logger as processLogger, type Logger } from '../services/logger.ts';
import { DEFAULT_DATA, DEFAULT_GAMMA } from '../ingest/polymarket/index.ts';
import { appRouter } from './router.ts';
import { LatencyRecorder } from './latency.ts';
import { authorize, hostAllowed, hostAllowList, isLoopbackHost } from './auth.ts';
import { describeError, registerRedaction } from './errors.ts';
import { bodyInput, matchRoutes, queryInput, restRoutes, type RestRoute } from './rest.ts';
import { openApiDocument } from './openapi.ts';
import { DOCS_HTML, docsAsset } from './docsPage.ts';
import { createCallerFactory, type Context, type UpstreamConfig } from './trpc.ts';

export { openApiDocument } from './openapi.ts';

export interface ServeOptions {
  db: Database;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  datasetsRoot: string;
  /** Bearer token for mutating requests on a non-loopback bind (SMARTCROWD_API_TOKEN). */
  token?: string;
  /** Largest accepted request body, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most calls in one tRPC batch request. Default 20 (the typed client batches at most this many). */
  maxBatchSize?: number;
  /** Host names accepted in the Host header besides loopback names and the bind address; `*` accepts any. */
  allowedHosts?: readonly string[];
  /** The server URL the OpenAPI document names (default `/`: where the document was fetched from). */
  publicUrl?: string;
  /** Upstream base URLs for POST /ingest/polymarket. Default: Polymarket's public APIs. */
  upstream?: Partial<UpstreamConfig>;
  /** Where access lines and faults go. Default: the process logger. */
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Raised when the server would be exposed without a token. */
export class InsecureBindError extends DomainError {
  override readonly name = 'InsecureBindError';
  constructor(message: string) {
    super('SC_INSECURE_BIND', message);
  }
}

/** Calls in one tRPC batch at most (the typed client is set to the same). */
export const MAX_BATCH_SIZE = 20;
/** Methods the server serves at all; any other is a 405 whatever the path. */
const SERVED = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

/** The request body as text, or null when it exceeds `limit` bytes (reading stops there). */
function readBody(req: Req, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

/** An error decided by the server itself (before any procedure runs). */
function fault(code: ErrorCode, message: string): ErrorInfo {
  return { code, status: ERROR_TABLE[code].status, exit: ERROR_TABLE[code].exit, message };
}

/**
 * The one request handler: tRPC at /trpc, the REST-style paths (CONTRACTS.md §3, from the
 * procedures' `meta.openapi`), /openapi.json and its interactive reference at /docs. In order, each request: is answered 405 for a
 * method the server does not serve (TRACE, PUT…) or the path does not serve (Allow lists those
 * it does); is refused 403 when its Host header is not allowed; is refused 401 when it mutates
 * without the token off loopback; has its body size-limited (413) and its JSON parsed (400)
 * before any procedure runs. Nothing thrown inside escapes: any fault becomes a 500 with a
 * generic message, logged with its stack. One access-log line per request.
 */
export function createRequestHandler(
  ctx: Context,
  opts: { loopback: boolean; token?: string; hosts: ReturnType<typeof hostAllowList>; maxBodySize: number; maxBatchSize: number; publicUrl: string },
): (req: Req, res: Res) => void {
  const log = ctx.log;
  const trpc = createHTTPHandler({ router: appRouter, createContext: () => ctx, basePath: '/trpc/', maxBodySize: opts.maxBodySize, maxBatchSize: opts.maxBatchSize });
  const routes = restRoutes(appRouter);
  const caller = createCallerFactory(appRouter)(ctx);
  let doc: string | null = null;

  const send = (res: Res, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent) return void res.end();
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const sendError = (res: Res, info: Pick<ErrorInfo, 'code' | 'status' | 'message' | 'fields'>, headers: Record<string, string> = {}) =>
    send(res, info.status, errorBody(info), headers);

  const methodsAt = (pathname: string): Set<string> | null => {
    if (pathname === '/openapi.json' || pathname === '/docs' || pathname === '/docs/' || (pathname.startsWith('/docs/') && docsAsset(pathname.slice(6)))) {
      return new Set(['GET', 'HEAD', 'OPTIONS']);
    }
    if (pathname === '/trpc' || pathname.startsWith('/trpc/')) return new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
    const matched = matchRoutes(routes, pathname);
    if (matched.length === 0) return null;
    const m = new Set(matched.map((x) => x.route.method as string));
    if (m.has('GET')) m.add('HEAD');
    m.add('OPTIONS');
    return m;
  };

  async function rest(req: Req, res: Res, method: string, url: URL): Promise<void> {
    const want = method === 'HEAD' ? 'GET' : method;
    const hit = matchRoutes(routes, url.pathname).find((x) => x.route.method === want)!;
    let input: unknown;
    if (want === 'POST') {
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type)) {
        return sendError(res, fault('SC_UNSUPPORTED_MEDIA_TYPE', type ? `request body must be application/json, got "${type.slice(0, 100)}"` : 'request body must be application/json (Content-Type missing)'));
      }
      const text = await readBody(req, opts.maxBodySize);
      if (text === null) return sendError(res, fault('SC_PAYLOAD_TOO_LARGE', `request body too large (limit ${opts.maxBodySize} bytes)`));
      let body: unknown;
      try {
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch (err) {
        return sendError(res, fault('SC_BAD_JSON', `request body is not valid JSON: ${(err as Error).message.slice(0, 200)}`));
      }
      if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
        return sendError(res, fault('SC_BAD_JSON', 'request body must be a JSON object'));
      }
      input = bodyInput(hit.route, body as Record<string, unknown> | undefined, hit.pathParams);
    } else {
      input = queryInput(hit.route, url.searchParams, hit.pathParams);
    }
    const data = await call(hit.route, input);
    send(res, 200, data);
  }

  function call(route: RestRoute, input: unknown): Promise<unknown> {
    let fn: unknown = caller;
    for (const seg of route.procedure.split('.')) fn = (fn as Record<string, unknown>)[seg];
    return (fn as (i: unknown) => Promise<unknown>)(input);
  }

  async function handle(req: Req, res: Res): Promise<void> {
    const method = (req.method ?? '').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server.invalid');
    } catch {
      return sendError(res, fault('SC_BAD_INPUT', 'the request target is not a valid URL'));
    }
    const allowed = methodsAt(url.pathname);
    const allow = [...(allowed ?? SERVED)].join(', ');
    if (!SERVED.has(method) || (allowed && !allowed.has(method))) {
      return sendError(res, fault('SC_METHOD_NOT_ALLOWED', `${method.slice(0, 20) || 'this method'} is not served at ${url.pathname.slice(0, 200)}; allowed: ${allow}`), { Allow: allow });
    }
    if (!hostAllowed(req.headers.host, opts.hosts)) {
      return sendError(res, fault('SC_HOST_NOT_ALLOWED', 'the Host header does not name this server (see --allowed-hosts)'));
    }
    if (!allowed) return sendError(res, fault('SC_NOT_FOUND', `no such path: ${url.pathname.slice(0, 200)}`));
    if (method === 'OPTIONS') {
      res.statusCode = 204;
      res.setHeader('Allow', allow);
      return void res.end();
    }
    if (!authorize({ method, authorization: req.headers.authorization }, { loopback: opts.loopback, token: opts.token })) {
      return sendError(res, fault('SC_UNAUTHORIZED', 'a bearer token is required for this request (Authorization: Bearer <token>)'), { 'WWW-Authenticate': 'Bearer' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > opts.maxBodySize) return sendError(res, fault('SC_PAYLOAD_TOO_LARGE', `request body too large (limit ${opts.maxBodySize} bytes)`));
    if (url.pathname === '/openapi.json') {
      doc ??= JSON.stringify(openApiDocument(opts.publicUrl));
      return send(res, 200, doc);
    }
    if (url.pathname === '/docs' || url.pathname === '/docs/') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return void res.end(DOCS_HTML);
    }
    if (url.pathname.startsWith('/docs/')) {
      const asset = docsAsset(url.pathname.slice(6))!;
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', 'public, max-age=86400');
      return void res.end(asset.body);
    }
    if (url.pathname === '/trpc' || url.pathname.startsWith('/trpc/')) {
      // tRPC reads its own body (with the same limit) and answers in its own envelope.
      return void trpc(req, res);
    }
    await rest(req, res, method, url);
  }

  return (req, res) => {
    const started = performance.now();
    res.once('close', () => {
      log.info({ method: req.method, path: (req.url ?? '').split('?')[0]!.slice(0, 200), status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
    });
    const fail = (err: unknown) => {
      const info = describeError(err);
      if (info.code === 'SC_INTERNAL') log.error({ err, method: req.method, path: req.url?.slice(0, 200) }, 'request failed');
      try {
        if (!res.headersSent) sendError(res, info);
        else res.end();
      } catch (e) {
        log.error({ err: e }, 'could not send an error response');
        res.destroy();
      }
    };
    try {
      handle(req, res).catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * The HTTP server: tRPC at /trpc, the REST-style paths of CONTRACTS.md §3 (mapped onto the same
 * procedures), and /openapi.json. Binds 127.0.0.1:8000 by default; bound elsewhere it refuses to
 * start without a token, and mutating requests need `Bearer <token>`. Only Host names in the
 * allow-list are answered (loopback names and the bind address by default).
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !opts.token) {
    throw new InsecureBindError(`refusing to bind ${host} (not loopback) without SMARTCROWD_API_TOKEN set: mutating routes must require a bearer token`);
  }
  const log = opts.logger ?? processLogger();
  const datasetsRoot = realpathSync(opts.datasetsRoot);
  registerRedaction(datasetsRoot);
  if (!opts.db.memory) registerRedaction(dirname(opts.db.name));
  const ctx: Context = {
    db: opts.db,
    datasetsRoot,
    tapes: new TapeCache(opts.db),
    latency: new LatencyRecorder(new MetricsRepo(opts.db)),
    upstream: { baseGamma: opts.upstream?.baseGamma ?? DEFAULT_GAMMA, baseData: opts.upstream?.baseData ?? DEFAULT_DATA },
    log,
  };
  for (const r of new RunsRepo(opts.db).failAbandoned()) log.warn({ run_id: r.run_id, kind: r.kind }, 'marked failed a run left running by a process that is gone');
  const handler = createRequestHandler(ctx, {
    loopback,
    token: opts.token,
    hosts: hostAllowList(host, opts.allowedHosts),
    maxBodySize: opts.maxBodyBytes ?? 1 << 20,
    maxBatchSize: opts.maxBatchSize ?? MAX_BATCH_SIZE,
    publicUrl: opts.publicUrl ?? '/',
  });
  const server = http.createServer(handler);
  server.requestTimeout = 10 * 60_000;
  server.on('clientError', (err, socket) => {
    // Malformed HTTP (bad request line, oversized headers): answer 400 and close; never crash.
    if (socket.writable && !(err as NodeJS.ErrnoException).code?.startsWith('ECONN')) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8000, host, () => resolve());
  });
  server.on('error', (err) => log.error({ err }, 'server error'));
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
