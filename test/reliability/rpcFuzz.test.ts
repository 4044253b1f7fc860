import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../rpc/server.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { defaultParams } from '../../engine/params.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import { silentLogger } from '../../services/logger.ts';

let server: RunningServer;
beforeAll(async () => {
  const w = openSmallWorld();
  await runPipeline(w.db, { params: defaultParams, asOf: w.asOf });
  // The upstream is a closed loopback port: no fuzzed request can reach the network.
  server = await startServer({
    db: w.db, port: 0, datasetsRoot: mkdtempSync(join(tmpdir(), 'sc-fuzz-root-')),
    upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, logger: silentLogger(),
  });
});
afterAll(async () => {
  await server?.close();
});

const anyJson = fc.jsonValue({ maxDepth: 3 });
const weirdString = fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('../../etc/passwd', '%00', '\u0000', '💥'.repeat(100), 'NaN', '-1', '1e309', '{}', '[]'));
const INPUT_STATUSES = [200, 400, 403, 404, 413, 415, 422];

describe('the HTTP API under fuzzed input', () => {
  it('answers random JSON bodies on every POST route with an input status, never a 500 or a stack trace', async () => {
    const routes = ['/ingest/csv', '/pipeline/recompute', '/backtest', '/backtest/compare', '/snapshot/preview', '/sweep', '/ingest/polymarket'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(anyJson, fc.record({ params: anyJson }), fc.record({ market_id: weirdString, as_of: anyJson, params: anyJson })), async (route, body) => {
        // Keep ingest.polymarket off the network: its bodies always name an upstream, which is refused (400).
        if (route === '/ingest/polymarket') body = { ...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}), base_gamma: 'http://127.0.0.1:1/' };
        const r = await fetch(server.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const text = await r.text();
        expect(INPUT_STATUSES, `${route} ${JSON.stringify(body).slice(0, 200)} → ${r.status} ${text.slice(0, 200)}`).toContain(r.status);
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('answers random query strings and path ids on every GET route, never a 500', async () => {
    const routes = ['/screener', '/wallets', '/alerts', '/ops/runs', '/backtests', '/markets/', '/wallets/', '/backtest/'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), weirdString, fc.dictionary(fc.constantFrom('limit', 'offset', 'sort', 'kind', 'category', 'x'), weirdString), async (route, id, query) => {
        const path = route.endsWith('/') ? route + encodeURIComponent(id || 'x') : route;
        const r = await fetch(`${server.url}${path}?${new URLSearchParams(query)}`);
        await r.text();
        expect(INPUT_STATUSES, `${path} ${JSON.stringify(query)} → ${r.status}`).toContain(r.status);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('malformed JSON and wrong content types are client errors', async () => {
    const bad = await fetch(server.url + '/pipeline/recompute', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"params": ' });
    expect([400, 415]).toContain(bad.status);
    const type = await fetch(server.url + '/pipeline/recompute', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect([400, 415]).toContain(type.status);
  });
});
