/**
 * The served API against its own OpenAPI document: real error responses (every status the server
 * answers) validate against the declared error schema and are declared for their operation; real
 * 200 responses validate against their operation's schema; security is declared only on POST;
 * /docs is an offline page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startServer, type RunningServer } from '../../rpc/server.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
import { silentLogger } from '../../services/logger.ts';
import { defaultParams } from '../../engine/params.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

let server: RunningServer;
let offLoopback: RunningServer;
let upstream: http.Server;
let doc: any;
let backtestId: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  const w = openSmallWorld();
  await runPipeline(w.db, { params: defaultParams, asOf: w.asOf });
  backtestId = (await runBacktest(w.db, { params: defaultParams })).run_id;
  const root = mkdtempSync(join(tmpdir(), 'sc-contract-'));
  mkdirSync(join(root, 'dir'));
  // An upstream that refuses every request (404): POST /ingest/polymarket fails fast with a 502.
  upstream = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  server = await startServer({ db: w.db, port: 0, datasetsRoot: root, upstream: { baseGamma: up, baseData: up }, logger: silentLogger() });
  offLoopback = await startServer({ db: w.db, host: '0.0.0.0', port: 0, datasetsRoot: root, token: 't0ken', logger: silentLogger() });
  doc = await (await fetch(`${server.url}/openapi.json`)).json();
  ajv.addSchema(doc, 'openapi.json');
});
afterAll(async () => {
  await server?.close();
  await offLoopback?.close();
  await new Promise((r) => upstream?.close(r));
});

function send(base: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; json: any }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(u.port), method, path, headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
const json = { 'content-type': 'application/json' };

/** Validates a body against a schema of the served document, by JSON pointer. */
function check(pointer: string, body: unknown): void {
  const validate = ajv.getSchema(`openapi.json#${pointer}`)!;
  expect(validate, pointer).toBeTruthy();
  expect(validate(body), `${pointer}: ${JSON.stringify(validate.errors)} for ${JSON.stringify(body).slice(0, 400)}`).toBe(true);
}
const pointer = (...parts: string[]) => '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

describe('error responses match the OpenAPI document', () => {
  const cases: [string, string, string, { body?: string; headers?: Record<string, string>; base?: 'off' }, number][] = [
    ['/pipeline/recompute', 'post', '/pipeline/recompute', { body: '{"params":{"halfLifeHourz":1}}', headers: json }, 400],
    ['/pipeline/recompute', 'post', '/pipeline/recompute', { body: '{"params": ', headers: json }, 400],
    ['/ingest/csv', 'post', '/ingest/csv', { body: '{"trades_path":"dir"}', headers: json }, 400],
    ['/sweep', 'post', '/sweep', { body: '{"grid":{"x":[1]}}', headers: json }, 400],
    ['/pipeline/recompute', 'post', '/pipeline/recompute', { body: '{}', headers: json, base: 'off' }, 401],
    ['/ingest/csv', 'post', '/ingest/csv', { body: '{"trades_path":"../x.csv"}', headers: json }, 403],
    ['/screener', 'get', '/screener', { headers: { Host: 'evil.example' } }, 403],
    ['/markets/{market_id}', 'get', '/markets/nope', {}, 404],
    ['/backtest/{run_id}', 'get', '/backtest/nope', {}, 404],
    ['/snapshot/preview', 'post', '/snapshot/preview', { body: '{"market_id":"nope"}', headers: json }, 404],
    ['/health', 'get', '/health', { body: '{}', headers: { ...json, 'x-method': 'POST' } }, 405],
    ['/ingest/csv', 'post', '/ingest/csv', { body: JSON.stringify({ trades_path: 'x'.repeat(1_100_000) }), headers: json }, 413],
    ['/pipeline/recompute', 'post', '/pipeline/recompute', { body: 'x', headers: { 'content-type': 'text/plain' } }, 415],
    ['/ingest/polymarket', 'post', '/ingest/polymarket', { body: '{"max_markets":1}', headers: json }, 502],
  ];

  for (const [path, method, target, opts, status] of cases) {
    it(`${status} from ${method.toUpperCase()} ${target}${opts.base ? ' (off loopback)' : ''} is the declared error shape`, async () => {
      const realMethod = opts.headers?.['x-method'] ?? method.toUpperCase();
      const r = await send(opts.base === 'off' ? offLoopback.url : server.url, realMethod, target, opts);
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect(r.json.error.status).toBe(status);
      check('/components/schemas/Error', r.json);
      expect(doc.paths[path][method].responses[String(status)], `${status} declared for ${method} ${path}`).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
    });
  }

  it('a 422 (no trades yet) is the declared error shape', async () => {
    const { openDatabase } = await import('../../store/db.ts');
    const { tempDbPath } = await import('../helpers/smallWorld.ts');
    const empty = await startServer({ db: openDatabase(tempDbPath()), port: 0, datasetsRoot: tmpdir(), logger: silentLogger() });
    try {
      const r = await send(empty.url, 'POST', '/backtest', { body: '{}', headers: json });
      expect(r.status).toBe(422);
      check('/components/schemas/Error', r.json);
      expect(doc.paths['/backtest'].post.responses['422']).toBeDefined();
    } finally {
      await empty.close();
    }
  });
});

describe('successful responses match the OpenAPI document', () => {
  it('every GET path answers 200 with its declared schema', async () => {
    const gets: [string, string][] = [
      ['/health', '/health'], ['/screener', '/screener?status=all&limit=5'], ['/wallets', '/wallets?limit=3'], ['/alerts', '/alerts'],
      ['/ops/runs', '/ops/runs'], ['/ops/metrics', '/ops/metrics'], ['/backtests', '/backtests'], ['/params/defaults', '/params/defaults'],
      ['/markets/{market_id}', '/markets/mk25'], ['/backtest/{run_id}', `/backtest/${backtestId}`],
    ];
    const wallet = (await send(server.url, 'GET', '/wallets?limit=1')).json.items[0].wallet;
    gets.push(['/wallets/{wallet}', `/wallets/${wallet}`]);
    for (const [path, target] of gets) {
      const r = await send(server.url, 'GET', target);
      expect(r.status, target).toBe(200);
      check(pointer('paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema'), r.json);
    }
  });

  it('every list pages with limit/offset and reports its total; instants are ISO 8601', async () => {
    for (const path of ['/screener?status=all', '/wallets', '/alerts', '/ops/runs', '/ops/metrics', '/backtests']) {
      const all = (await send(server.url, 'GET', path)).json;
      expect(all, path).toMatchObject({ items: expect.any(Array), total: expect.any(Number), limit: expect.any(Number), offset: 0 });
      expect(all.total, path).toBeGreaterThanOrEqual(all.items.length);
      if (all.total > 1) {
        const second = (await send(server.url, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=1&offset=1`)).json;
        expect(second.items, path).toHaveLength(1);
        expect(second.total).toBe(all.total);
      }
    }
    const text = JSON.stringify([(await send(server.url, 'GET', '/backtests')).json, (await send(server.url, 'GET', '/ops/metrics')).json, (await send(server.url, 'GET', '/markets/mk25')).json]);
    for (const m of text.matchAll(/"(created_at|updated_at|as_of|snapshot_ts|started_at)":("?[^,}]*)/g)) expect(m[2], m[0]).toMatch(/^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
  });

  it('numbers carry at most 10 significant digits', async () => {
    const text = JSON.stringify((await send(server.url, 'GET', `/backtest/${backtestId}`)).json) + JSON.stringify((await send(server.url, 'GET', '/ops/metrics')).json);
    // significant digits: drop the sign, the exponent, the point and leading zeros
    for (const m of text.matchAll(/-?\d+\.\d+(e-?\d+)?/g)) expect(m[0].replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length, m[0]).toBeLessThanOrEqual(10);
  });
});

describe('the document itself', () => {
  it('declares the bearer scheme only on POST operations', () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (method === 'post') expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
        else expect(op.security, `${method} ${path}`).toBeUndefined();
      }
    }
    expect(doc.security).toBeUndefined();
  });

  it('GET /docs is an HTML page whose scripts and styles all come from this server (works offline)', async () => {
    const r = await fetch(`${server.url}/docs`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toMatch(/SwaggerUIBundle\(\{ url: '\/openapi\.json'/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(1);
    for (const ref of refs) {
      expect(ref, 'no external URL').toMatch(/^\/docs\//);
      const asset = await fetch(server.url + ref);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(100);
    }
    expect((await fetch(`${server.url}/docs/../package.json`)).status).not.toBe(200);
    expect((await fetch(`${server.url}/docs/index.js`)).status).toBe(404);
  });
});
