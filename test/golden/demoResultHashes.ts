import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../store/db.ts';
import { ingestCsv } from '../../ingest/csv.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
import { defaultParams } from '../../engine/params.ts';

/*
 * Fingerprints of everything the pipeline and the backtest store for the bundled demo world with
 * the default parameters: the rows of smartcrowd_snapshots, wallet_weights, wallet_metrics and
 * market_backtests (run ids left out: they are random) and the stored backtest report (its run id
 * and creation instant left out). Only APIs that the code before and after a refactor share are
 * used, so the same file computes the "before" fingerprints on the old tree.
 *
 *   npx tsx test/golden/demoResultHashes.ts   # prints the JSON of test/golden/demoResults.json
 */

const ROOT = join(import.meta.dirname, '../..');
const WORLD = join(ROOT, 'datasets/demo');

function sha(rows: unknown[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
}

/** Rows of a table as arrays, without the named columns, in a total order of the remaining ones. */
function tableRows(db: Database, table: string, drop: string[]): unknown[] {
  const cols = (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[]).filter((c) => !drop.includes(c));
  return db.prepare(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).raw().all();
}

/**
 * wallet_weights rows with detail_json as the JSON text of { level, level_n_resolved, chain }
 * whichever form it is stored in (JSON before 2026-11-28, then "u|n0|n1|n2|n3",
 * store/weightDetail.ts): the fingerprint is of what the detail says, not how it is spelled.
 * Written out here (not imported) so this file still runs on trees before that change.
 */
function canonicalWeightDetail(db: Database, rows: unknown[]): unknown[] {
  const cols = db.prepare(`SELECT name FROM pragma_table_info('wallet_weights') ORDER BY cid`).pluck().all() as string[];
  const at = cols.indexOf('detail_json');
  const levels = ['category×horizon', 'category', 'horizon', 'global', 'prior'];
  return rows.map((r) => {
    const row = [...(r as unknown[])];
    const text = row[at] as string | null;
    if (text !== null && !text.startsWith('{')) {
      const [u, ...sup] = text.split('|').map(Number) as [number, ...number[]];
      const chain = sup.map((n, i) => ({ level: levels[i], n_resolved: n, used: i === u }));
      if (u === 4) chain.push({ level: 'prior', n_resolved: 0, used: true });
      row[at] = JSON.stringify({ level: levels[u], level_n_resolved: u === 4 ? 0 : sup[u], chain });
    }
    return row;
  });
}

export interface DemoResultHashes {
  params_hash: string;
  as_of: number;
  counts: Record<string, number>;
  sha256: Record<string, string>;
}

/** Builds the demo world in a temporary store, runs the pipeline as of its newest trade and a backtest, and fingerprints what they stored. */
export async function demoResultHashes(): Promise<DemoResultHashes> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-golden-'));
  const db = openDatabase(join(dir, 'golden.db'));
  try {
    await ingestCsv(db, { markets: join(WORLD, 'markets.csv'), trades: join(WORLD, 'trades.csv'), outcomes: join(WORLD, 'outcomes.csv') });
    const asOf = db.prepare(`SELECT max(ts) FROM trades`).pluck().get() as number;
    const pipeline = await runPipeline(db, { params: defaultParams, asOf });
    const report = await runBacktest(db, { params: defaultParams });
    const stored = JSON.parse(db.prepare(`SELECT summary_json FROM backtest_reports WHERE run_id = ?`).pluck().get(report.run_id) as string) as Record<string, unknown>;
    delete stored.run_id;
    delete stored.created_at;
    const tables = {
      smartcrowd_snapshots: tableRows(db, 'smartcrowd_snapshots', ['run_id']),
      wallet_weights: canonicalWeightDetail(db, tableRows(db, 'wallet_weights', [])),
      wallet_metrics: tableRows(db, 'wallet_metrics', []),
      market_backtests: tableRows(db, 'market_backtests', ['run_id']),
    };
    return {
      params_hash: pipeline.params_hash,
      as_of: asOf,
      counts: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length])),
      sha256: { ...Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, sha(v)])), backtest_report: sha([stored]) },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /demoResultHashes\.ts$/.test(process.argv[1])) {
  demoResultHashes().then((h) => process.stdout.write(`${JSON.stringify(h, null, 2)}\n`));
}
