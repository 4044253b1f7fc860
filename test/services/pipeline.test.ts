import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inKeyOrder, runPipeline } from '../../services/pipeline.ts';
import { defaultParams, paramsHash } from '../../engine/params.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import type { Database } from '../../store/db.ts';

function hashStored(db: Database, hash: string, asOf: number): string {
  const h = createHash('sha256');
  for (const table of ['smartcrowd_snapshots', 'wallet_weights', 'wallet_metrics']) {
    const rows = db
      .prepare(`SELECT * FROM ${table} WHERE params_hash = ? AND as_of = ? ORDER BY 1, 2, 3, 4, 5`)
      .raw()
      .all(hash, asOf) as unknown[][];
    for (const r of rows) h.update(JSON.stringify(table === 'smartcrowd_snapshots' ? r.filter((_, i) => i !== 3) : r)); // drop run_id
  }
  return h.digest('hex');
}

describe('pipeline', () => {
  it('stores metrics, weights and snapshots as of a time and records its run', async () => {
    const { db, asOf } = openSmallWorld();
    const res = await runPipeline(db, { params: defaultParams, asOf });
    expect(res.counts.snapshots).toBeGreaterThan(0);
    expect(res.counts.wallet_weights).toBe(res.counts.wallet_metrics);
    expect(res.counts.resolved_markets).toBe(20);
    const run = new RunsRepo(db).get(res.run_id)!;
    expect(run.status).toBe('succeeded');
    expect(run.kind).toBe('pipeline');
    expect(run.as_of).toBe(asOf);
    expect(run.params_hash).toBe(paramsHash(defaultParams));
    expect(JSON.parse(run.counts_json!)).toEqual(res.counts);
    const snap = db.prepare(`SELECT explanation_json FROM smartcrowd_snapshots WHERE run_id = ? LIMIT 1`).pluck().get(res.run_id) as string;
    expect(JSON.parse(snap).explanation.headline).toMatch(/SmartCrowd|No SmartCrowd/);
  });

  it('is deterministic: the same data and params give byte-identical stored rows', async () => {
    const a = openSmallWorld();
    const b = openSmallWorld();
    await runPipeline(a.db, { params: defaultParams, asOf: a.asOf });
    await runPipeline(b.db, { params: defaultParams, asOf: b.asOf });
    await runPipeline(b.db, { params: defaultParams, asOf: b.asOf }); // recompute replaces, never duplicates
    const hash = paramsHash(defaultParams);
    expect(hashStored(b.db, hash, b.asOf)).toBe(hashStored(a.db, hash, a.asOf));
    expect(b.db.prepare(`SELECT count(*) FROM smartcrowd_snapshots`).pluck().get()).toBe(
      a.db.prepare(`SELECT count(*) FROM smartcrowd_snapshots`).pluck().get(),
    );
  });

  it('the always-right wallets get the highest global weights', async () => {
    const { db, asOf } = openSmallWorld();
    await runPipeline(db, { params: defaultParams, asOf });
    const top = db
      .prepare(`SELECT wallet FROM wallet_weights WHERE category = 'ALL' AND horizon = 'ALL' ORDER BY weight DESC, wallet LIMIT 4`)
      .pluck()
      .all() as string[];
    expect(top.sort()).toEqual([0, 1, 2, 3].map((w) => `0x${w.toString(16).padStart(40, '0')}`));
  });

  it('a failing run is recorded as failed with its error', async () => {
    const { db } = openSmallWorld();
    db.exec(`DROP TABLE smartcrowd_snapshots`);
    await expect(runPipeline(db, { params: defaultParams, asOf: Date.UTC(2025, 2, 1) })).rejects.toThrow();
    const [run] = new RunsRepo(db).list({ kind: 'pipeline' });
    expect(run!.status).toBe('failed');
    expect(run!.error).toMatch(/smartcrowd_snapshots/);
  });
});

describe('profiles are stored in the primary key order of the wallet tables', () => {
  it('sorts by wallet id text, then category label, then horizon label, whatever the index order', () => {
    const walletIds = ['0xc', '0xa', '0xb'];
    const cats = ['sports', 'ALL', 'politics'];
    const hors = ['ALL', '<1d', '1-7d'];
    const p = (wallet: number, category: number, horizon: number) => ({ wallet, category, horizon });
    const profiles = [p(0, 0, 0), p(1, 2, 2), p(1, 0, 1), p(2, 1, 0), p(1, 0, 0), p(0, 1, 0)];
    const sorted = inKeyOrder(profiles, walletIds, (c) => cats[c]!, (h) => hors[h]!);
    const keys = sorted.map((x) => [walletIds[x.wallet], cats[x.category], hors[x.horizon]].join('|'));
    expect(keys).toEqual(['0xa|politics|1-7d', '0xa|sports|<1d', '0xa|sports|ALL', '0xb|ALL|ALL', '0xc|ALL|ALL', '0xc|sports|ALL']);
  });
});
