import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../rpc/server.ts';
import { createSmartCrowdClient, type SmartCrowdClient } from '../../rpc/client.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
import { defaultParams } from '../../engine/params.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import { FakePolymarket, seedFake } from '../fakes/fakePolymarket.ts';
import type { Database } from '../../store/db.ts';
import { latestVersion } from '../../store/migrations.ts';
import { silentLogger } from '../../services/logger.ts';

const FIX = join(import.meta.dirname, '../fixtures/csv');
let server: RunningServer;
let client: SmartCrowdClient;
let db: Database;
let root: string;
let backtestRunId: string;

const get = async (path: string) => {
  const r = await fetch(server.url + path);
  return { status: r.status, body: (await r.json()) as any };
};
const post = async (path: string, body: unknown) => {
  const r = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as any };
};

beforeAll(async () => {
  const w = openSmallWorld();
  db = w.db;
  await runPipeline(db, { params: defaultParams, asOf: w.asOf });
  backtestRunId = (await runBacktest(db, { params: defaultParams })).run_id;
  root = mkdtempSync(join(tmpdir(), 'sc-root-'));
  mkdirSync(join(root, 'csv'));
  copyFileSync(join(FIX, 'markets.csv'), join(root, 'csv', 'markets.csv'));
  const outside = mkdtempSync(join(tmpdir(), 'sc-outside-'));
  writeFileSync(join(outside, 'secret.csv'), 'id\nsecret\n');
  symlinkSync(join(outside, 'secret.csv'), join(root, 'csv', 'link-out.csv'));
  server = await startServer({ db, port: 0, datasetsRoot: root, upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, logger: silentLogger() });
  client = createSmartCrowdClient(server.url);
});
afterAll(async () => {
  await server?.close();
});

describe('HTTP server, REST-style paths (CONTRACTS.md §3)', () => {
  it('binds loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('GET /health', async () => {
    const r = await get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', counts: { markets: 30, trades: 1200, outcomes: 20 } });
    expect(r.body.schema_version).toBe(latestVersion());
  });

  it('GET /screener lists items with the contract fields', async () => {
    const r = await get('/screener?limit=5');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.length).toBeLessThanOrEqual(5);
    for (const k of ['market_id', 'question', 'category', 'market_prob', 'smartcrowd_prob', 'divergence', 'confidence', 'integrity_risk', 'snapshot_ts']) {
      expect(r.body.items[0]).toHaveProperty(k);
    }
  });

  it('GET /markets/{market_id} and 404 for an unknown id', async () => {
    const ok = await get('/markets/mk25');
    expect(ok.status).toBe(200);
    expect(ok.body.market.id).toBe('mk25');
    expect(ok.body.snapshot.explanation.headline).toMatch(/SmartCrowd/);
    const missing = await get('/markets/no-such-market');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'SC_NOT_FOUND', status: 404, message: expect.stringMatching(/unknown market/) });
    expect(JSON.stringify(missing.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('GET /wallets?limit=N has the contract fields; GET /wallets/{wallet} explores one; 404 for an unknown wallet', async () => {
    const list = await get('/wallets?limit=3');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    for (const k of ['wallet', 'weight', 'uncertainty', 'n_resolved']) expect(list.body.items[0]).toHaveProperty(k);
    const one = await get(`/wallets/${list.body.items[0].wallet}`);
    expect(one.status).toBe(200);
    expect(one.body.weights.find((x: any) => x.category === 'ALL' && x.horizon === 'ALL')).toBeDefined();
    expect(one.body.markets.length).toBeGreaterThan(0);
    // markets traded after the pipeline's as-of have no belief yet; earlier ones do
    expect(one.body.markets.some((m: any) => typeof m.belief === 'number')).toBe(true);
    expect((await get('/wallets/0xdoesnotexist')).status).toBe(404);
  });

  it('POST /backtest, GET /backtest/{run_id}, and 404 for an unknown run', async () => {
    const run = await post('/backtest', {});
    expect(run.status).toBe(200);
    expect(run.body.scores.market.brier).toBeGreaterThan(0);
    const got = await get(`/backtest/${backtestRunId}`);
    expect(got.status).toBe(200);
    expect(got.body.run_id).toBe(backtestRunId);
    expect((await get('/backtest/nope')).status).toBe(404);
  });

  it('POST /pipeline/recompute with parameter overrides; a bad key is a 400 naming it', async () => {
    const ok = await post('/pipeline/recompute', { params: { halfLifeHours: 24 } });
    expect(ok.status).toBe(200);
    expect(ok.body.counts.snapshots).toBeGreaterThan(0);
    const bad = await post('/pipeline/recompute', { params: { halfLifeHourz: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'params.halfLifeHourz', message: 'unknown key' }]);
    const type = await post('/pipeline/recompute', { params: { priorStrength: 'many' } });
    expect(type.status).toBe(400);
    expect(type.body.error.fields[0].path).toBe('params.priorStrength');
  });

  it('GET /alerts, GET /ops/runs, GET /ops/metrics answer {items}', async () => {
    const alerts = await get('/alerts');
    expect(alerts.status).toBe(200);
    expect(Array.isArray(alerts.body.items)).toBe(true);
    const runs = await get('/ops/runs?limit=100');
    expect(runs.body.items.map((r: any) => r.kind)).toEqual(expect.arrayContaining(['pipeline', 'backtest']));
    const metrics = await get('/ops/metrics');
    expect(metrics.body.items.find((m: any) => m.name === 'rpc' && m.label === 'health.get')).toMatchObject({ count: expect.any(Number), p99_ms: expect.any(Number) });
  });

  it('POST /ingest/csv reads below the datasets root and refuses paths outside it (.., absolute, symlink) with 403', async () => {
    const ok = await post('/ingest/csv', { markets_path: 'csv/markets.csv' });
    expect(ok.status).toBe(200);
    expect(ok.body.inserted.markets).toBe(2);
    for (const p of ['../../etc/passwd', '/etc/passwd', 'csv/link-out.csv', 'csv/../../x.csv']) {
      const r = await post('/ingest/csv', { markets_path: p });
      expect(r.status, p).toBe(403);
    }
    expect(db.prepare(`SELECT count(*) FROM markets WHERE id = 'secret'`).pluck().get()).toBe(0);
    const none = await post('/ingest/csv', {});
    expect(none.status).toBe(400);
    const unknownField = await post('/ingest/csv', { markets: 'csv/markets.csv' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.fields[0].path).toBe('markets');
  });

  it('POST /ingest/polymarket ingests from the upstream the operator started the server with (a fake on loopback)', async () => {
    const fake = await new FakePolymarket().start();
    const own = await startServer({ db, port: 0, datasetsRoot: root, upstream: { baseGamma: fake.url, baseData: fake.url }, logger: silentLogger() });
    try {
      seedFake(fake, 3, 10);
      const r = await fetch(own.url + '/ingest/polymarket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ max_markets: 3 }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).trades.inserted).toBe(30);
    } finally {
      await own.close();
      await fake.stop();
    }
  });

  it('refuses bodies over the limit with 413', async () => {
    const r = await fetch(server.url + '/ingest/csv', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ markets_path: 'x'.repeat(2_000_000) }) });
    expect(r.status).toBe(413);
  });

  it('GET /openapi.json is an OpenAPI 3 document listing every path of CONTRACTS.md §3', async () => {
    const r = await get('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(r.body.info.title).toBeTruthy();
    const want: [string, string][] = [
      ['get', '/health'], ['post', '/ingest/csv'], ['post', '/ingest/polymarket'], ['post', '/pipeline/recompute'], ['get', '/screener'],
      ['get', '/markets/{market_id}'], ['get', '/wallets'], ['get', '/wallets/{wallet}'], ['post', '/backtest'], ['get', '/backtest/{run_id}'],
      ['get', '/alerts'], ['get', '/ops/runs'], ['get', '/ops/metrics'], ['get', '/openapi.json'],
    ];
    for (const [method, path] of want) {
      expect(r.body.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(r.body.paths[path][method].responses['200']).toBeDefined();
    }
  });
});

describe('typed client over /trpc', () => {
  it('calls every procedure', async () => {
    expect((await client.health.get.query()).status).toBe('ok');
    expect((await client.params.defaults.query()).params.cutoffHours).toBe(12);
    expect((await client.params.schema.query()).type).toBe('object');
    const screener = await client.screener.list.query({ limit: 3 });
    expect(screener.items.length).toBeGreaterThan(0);
    const m = await client.markets.get.query({ market_id: screener.items[0]!.market_id });
    expect(m.market.id).toBe(screener.items[0]!.market_id);
    const wallets = await client.wallets.list.query({ limit: 2 });
    expect(wallets.items).toHaveLength(2);
    expect((await client.wallets.get.query({ wallet: wallets.items[0]!.wallet })).wallet).toBe(wallets.items[0]!.wallet);
    const recompute = await client.pipeline.recompute.mutate({ params: { halfLifeHours: 12 } });
    expect(recompute.run_id).toBeTruthy();
    const bt = await client.backtest.run.mutate({});
    expect((await client.backtest.get.query({ run_id: bt.run_id })).n_markets).toBe(bt.n_markets);
    expect((await client.backtest.list.query()).items.length).toBeGreaterThan(0);
    const cmp = await client.backtest.compare.mutate({ a: {}, b: { halfLifeHours: 48 } });
    expect(cmp.n_common).toBeGreaterThan(0);
    const preview = await client.snapshot.preview.mutate({ market_id: 'mk25', params: { priorStrength: 2 } });
    expect(preview.market_id).toBe('mk25');
    const sweep = await client.sweep.run.mutate({ grid: { halfLifeHours: [6, 24] } });
    expect(sweep.results).toHaveLength(2);
    expect((await client.alerts.list.query()).items).toBeDefined();
    expect((await client.ops.runs.query({ kind: 'sweep' })).items[0]!.status).toBe('succeeded');
    expect((await client.ops.metrics.query()).items.length).toBeGreaterThan(0);
    const ing = await client.ingest.csv.mutate({ markets_path: 'csv/markets.csv' });
    expect(ing.inserted.markets).toBe(0);
  });

  it('reports bad input as BAD_REQUEST with the failing fields and unknown ids as NOT_FOUND', async () => {
    await expect(client.markets.get.query({ market_id: 'nope' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND', httpStatus: 404 } });
    await expect(client.pipeline.recompute.mutate({ params: { minWallets: -1 } })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', fields: [expect.objectContaining({ path: 'params.minWallets' })] },
    });
  });
});

describe('long operations', () => {
  it('a sweep runs off the server thread: /ops/runs answers while it runs and shows its run moving to succeeded', async () => {
    const pending = post('/sweep', { grid: { halfLifeHours: [3, 6, 12, 24, 48, 96], priorStrength: [2, 8, 32, 64] } });
    const seen: { status: string; progress: number }[] = [];
    let answeredWhileRunning = false;
    for (let i = 0; i < 200; i++) {
      const r = await get('/ops/runs?kind=sweep&limit=1');
      const run = r.body.items[0];
      if (run) {
        seen.push({ status: run.status, progress: run.progress });
        if (run.status === 'running') answeredWhileRunning = true;
        if (run.status !== 'running') break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    const done = await pending;
    expect(done.status).toBe(200);
    expect(done.body.results).toHaveLength(24);
    expect(answeredWhileRunning, JSON.stringify(seen)).toBe(true);
    expect(seen.at(-1)).toEqual({ status: 'succeeded', progress: 1 });
  });
});
