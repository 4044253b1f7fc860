import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../../rpc/router.ts';
import { createCallerFactory, type Context } from '../../rpc/trpc.ts';
import { LatencyRecorder } from '../../rpc/latency.ts';
import { TapeCache } from '../../services/tapeCache.ts';
import { silentLogger } from '../../services/logger.ts';
import { openDatabase } from '../../store/db.ts';
import { openSmallWorld, tempDbPath } from '../helpers/smallWorld.ts';

const callerFor = (db: Context['db']) =>
  createCallerFactory(appRouter)({
    db, datasetsRoot: '/', tapes: new TapeCache(db), latency: new LatencyRecorder(null),
    upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, log: silentLogger(),
  });

describe('routers through createCaller', () => {
  it('an empty store answers empty lists, and engine preconditions are 422 (UNPROCESSABLE_CONTENT)', async () => {
    const caller = callerFor(openDatabase(tempDbPath()));
    expect(await caller.screener.list()).toEqual({ items: [], total: 0, limit: 100, offset: 0, status: 'open', run_id: null, as_of: null, params_hash: null });
    expect((await caller.wallets.list()).items).toEqual([]);
    await expect(caller.pipeline.recompute()).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await expect(caller.backtest.run()).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
  });

  it('recompute then screener shows the new run, and the tape is reloaded when data changes', async () => {
    const { db, asOf } = openSmallWorld();
    const caller = callerFor(db);
    const r = await caller.pipeline.recompute({ as_of: asOf });
    const s = await caller.screener.list({ limit: 1000, status: 'all' });
    expect(s.run_id).toBe(r.run_id);
    expect(s.items.length).toBe(r.counts.snapshots);
    expect(s.total).toBe(r.counts.snapshots);
    // the default lists open markets only, and says so; each item says its status
    const open = await caller.screener.list({ limit: 1000 });
    expect(open.status).toBe('open');
    expect(open.items.length).toBe(s.items.filter((x) => x.status === 'open').length);
    expect(open.items.length).toBeGreaterThan(0);
    expect(new Set(s.items.map((x) => x.status))).toEqual(new Set(['open', 'ended', 'resolved']));
    db.prepare(`INSERT INTO trades (external_id, market_id, wallet, ts, side, action, price, size) VALUES ('new', 'mk29', '0xnew', ?, 'YES', 'BUY', 0.5, 1)`).run(asOf - 1);
    const r2 = await caller.pipeline.recompute({ as_of: asOf });
    expect(r2.counts.trades).toBe(r.counts.trades + 1);
  });

  it('unknown ids are NOT_FOUND TRPCErrors', async () => {
    const caller = callerFor(openSmallWorld().db);
    await expect(caller.markets.get({ market_id: 'zzz' })).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.markets.get({ market_id: 'zzz' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.snapshot.preview({ market_id: 'zzz' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a sweep grid with an unknown parameter key is bad input naming the key', async () => {
    const caller = callerFor(openSmallWorld().db);
    await expect(caller.sweep.run({ grid: { halfLifeHourz: [1, 2] } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/halfLifeHourz/) });
  });
});

describe('error mapping', () => {
  it('maps named errors to statuses and never passes an internal message through', async () => {
    const { toTRPCError, NotFoundError, PreconditionError, ForbiddenPathError } = await import('../../rpc/errors.ts');
    const { UpstreamError } = await import('../../ingest/polymarket/httpClient.ts');
    const { InvalidParamsError } = await import('../../engine/params.ts');
    expect(toTRPCError(new UpstreamError('SC_PM_GIVE_UP', 'gave up')).code).toBe('BAD_GATEWAY');
    expect(toTRPCError(new NotFoundError('x')).code).toBe('NOT_FOUND');
    expect(toTRPCError(new PreconditionError('x')).code).toBe('UNPROCESSABLE_CONTENT');
    expect(toTRPCError(new ForbiddenPathError('x')).code).toBe('FORBIDDEN');
    expect(toTRPCError(new InvalidParamsError([{ path: 'a', message: 'b' }])).code).toBe('BAD_REQUEST');
    const internal = toTRPCError(new Error('secret detail at /home/x'));
    expect(internal.code).toBe('INTERNAL_SERVER_ERROR');
    expect(internal.message).not.toMatch(/secret/);
  });
});
