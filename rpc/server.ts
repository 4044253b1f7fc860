import http from 'node:http';
import { realpathSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createOpenApiHttpHandler, generateOpenApiDocument } from 'trpc-to-openapi';
import type { Database } from 'better-sqlite3';
import { MetricsRepo } from '../store/metricsRepo.ts';
import { TapeCache } from '../services/tapeCache.ts';
import { appRouter } from './router.ts';
import { LatencyRecorder } from './latency.ts';
import { authorize, isLoopbackHost } from './auth.ts';
import type { Context } from './trpc.ts';

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
}

export interface RunningServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** The request body as text, or null when it exceeds `limit` bytes (reading stops there). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
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
  });
}

/** Raised when the server would be exposed without a token. */
export class InsecureBindError extends Error {
  override readonly name = 'InsecureBindError';
  readonly code = 'SC_INSECURE_BIND';
  readonly exitCode = 2;
}

/** The OpenAPI 3 document of every REST-style path, generated from the procedures. */
export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'SmartCrowd API',
    description: 'SmartCrowd: wallet-weighted forecasts beside prediction-market prices. The same procedures are served as tRPC at /trpc.',
    version: '0.1.0',
    baseUrl,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'needed for POST when the server is not bound to loopback' } },
  });
  doc.paths = {
    ...doc.paths,
    '/openapi.json': {
      get: { summary: 'this OpenAPI document', operationId: 'openapi', responses: { '200': { description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
  };
  return doc;
}

/**
 * The HTTP server: tRPC at /trpc, the REST-style paths of CONTRACTS.md §3 (mapped onto the same
 * procedures by trpc-to-openapi), and /openapi.json. Binds 127.0.0.1:8000 by default; bound
 * elsewhere it refuses to start without a token, and mutating requests need `Bearer <token>`.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !opts.token) {
    throw new InsecureBindError(`refusing to bind ${host} (not loopback) without SMARTCROWD_API_TOKEN set: mutating routes must require a bearer token`);
  }
  const maxBodySize = opts.maxBodyBytes ?? 1 << 20;
  const ctx: Context = {
    db: opts.db,
    datasetsRoot: realpathSync(opts.datasetsRoot),
    tapes: new TapeCache(opts.db),
    latency: new LatencyRecorder(new MetricsRepo(opts.db)),
  };
  const createContext = () => ctx;
  const trpc = createHTTPHandler({ router: appRouter, createContext, basePath: '/trpc/', maxBodySize });
  const rest = createOpenApiHttpHandler({ router: appRouter, createContext, maxBodySize });
  let doc: unknown = null;

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    try {
      const len = Number(req.headers['content-length'] ?? 0);
      if (len > maxBodySize) return send(413, { message: `request body too large (limit ${maxBodySize} bytes)`, code: 'PAYLOAD_TOO_LARGE' });
      if (!authorize({ method: req.method ?? 'GET', authorization: req.headers.authorization }, { loopback, token: opts.token })) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return send(401, { message: 'a bearer token is required for this request', code: 'UNAUTHORIZED' });
      }
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
        doc ??= openApiDocument(`http://${req.headers.host ?? `${host}`}`);
        return send(200, doc);
      }
      if (path === '/trpc' || path.startsWith('/trpc/')) return void trpc(req, res);
      const method = (req.method ?? 'GET').toUpperCase();
      if (!['POST', 'PUT', 'PATCH'].includes(method) || !(req.headers['content-type'] ?? '').startsWith('application/json')) return void rest(req, res);
      // Read and parse JSON bodies here: the size limit holds for chunked bodies too, and a
      // malformed body is a 400 (the bridge would turn its SyntaxError into a 500).
      readBody(req, maxBodySize).then(
        (text) => {
          if (text === null) return send(413, { message: `request body too large (limit ${maxBodySize} bytes)`, code: 'PAYLOAD_TOO_LARGE' });
          let value: unknown;
          try {
            value = text.trim() === '' ? undefined : JSON.parse(text);
          } catch (err) {
            return send(400, { message: `request body is not valid JSON: ${(err as Error).message}`, code: 'PARSE_ERROR' });
          }
          if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
            return send(400, { message: 'request body must be a JSON object', code: 'BAD_REQUEST' });
          }
          (req as http.IncomingMessage & { body?: unknown }).body = value;
          void rest(req, res);
        },
        () => {
          if (!res.headersSent) send(400, { message: 'could not read the request body', code: 'BAD_REQUEST' });
        },
      );
    } catch {
      if (!res.headersSent) send(500, { message: 'internal error', code: 'INTERNAL_SERVER_ERROR' });
    }
  });
  server.requestTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8000, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
