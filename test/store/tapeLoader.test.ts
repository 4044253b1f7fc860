import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dirname, join } from 'node:path';
import { existsSync, mkdtempSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildTape, type Tape, type TapeMarketInput, type TapeOutcomeInput, type TapeTradeInput } from '../../engine/tape.ts';
import { defaultParams, paramsHash } from '../../engine/params.ts';
import { openDatabase, type Database } from '../../store/db.ts';
import { loadTape } from '../../store/tapeLoader.ts';
import { ROWID_BOUNDS_SQL, readTapeFile, storeFingerprint, tapeFileWritesSettled, tradeCountBound, tradeSpan } from '../../store/tapeFile.ts';
import { MarketsRepo } from '../../store/marketsRepo.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';
import { OutcomesRepo } from '../../store/outcomesRepo.ts';
import { ingestCsv } from '../../ingest/csv.ts';
import { writeWorldCsv } from '../../datasets/generator/index.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest } from '../../services/backtest.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';
import { tradesArb } from '../helpers/tapeArbitraries.ts';

/** Every row of the store as plain objects (what the object-per-row loader read), as buildTape input. */
function storeRows(db: Database, maxTs = Infinity) {
  return {
    markets: db.prepare(`SELECT id, question, category, end_time FROM markets`).all() as TapeMarketInput[],
    outcomes: db.prepare(`SELECT market_id, resolved_outcome, resolution_time FROM outcomes`).all() as TapeOutcomeInput[],
    trades: (db.prepare(`SELECT external_id, market_id, wallet, ts, side, action, price, size FROM trades`).all() as TapeTradeInput[]).filter((t) => t.ts <= maxTs),
  };
}

function expectSameTape(a: Tape, b: Tape): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const k of Object.keys(b) as (keyof Tape)[]) expect(a[k], k).toEqual(b[k]);
}

/** A small generated world (datasets/ generator, seed 3) ingested through the CSV path. */
async function generatedStore(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-tape-world-'));
  const w = writeWorldCsv(join(dir, 'w'), { seed: 3, markets: 60, wallets: 300, tradesPerMarket: 80, spanDays: 90 });
  const db = openDatabase(tempDbPath('sc-tape-'));
  await ingestCsv(db, { markets: w.files.markets, trades: w.files.trades, outcomes: w.files.outcomes }, { record: false });
  return db;
}

describe('loading the tape from the store', () => {
  it('gives the tape buildTape gives for the same rows, with ties on time ordered by external id and a gap in the rowids', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 0, max: 5 }), (trades, drop) => {
        const db = openDatabase(':memory:');
        const markets = new MarketsRepo(db);
        const repo = new TradesRepo(db);
        db.transaction(() => {
          markets.upsert({ id: 'm1', question: 'Q1?', end_time: 1_800_000_000_000, category: 'politics', liquidity: null, resolution_source: null }, 0);
          for (const t of trades) {
            markets.ensurePlaceholder(t.market_id, 'csv', 0);
            repo.insert(t);
          }
          new OutcomesRepo(db).upsert({ market_id: 'm1', resolved_outcome: 1, resolution_time: 1_700_000_000_500 });
          // Deleting some trades leaves rowids that are not dense (the slower position lookup).
          if (drop > 0) db.prepare(`DELETE FROM trades WHERE rowid % 7 = ?`).run(drop);
        })();
        expectSameTape(loadTape(db), buildTape(storeRows(db)));
        expectSameTape(loadTape(db, { maxTs: 1_700_000_000_000 }), buildTape(storeRows(db, 1_700_000_000_000)));
        db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same tape as buildTape on a generated world, so snapshots and backtest rows are byte-identical', async () => {
    const db = await generatedStore();
    const fromStore = loadTape(db, { parallel: false });
    const fromRows = buildTape(storeRows(db));
    expectSameTape(fromStore, fromRows);
    // Read on two threads (a worker reads the upper rowids into shared columns): the same tape.
    expectSameTape(loadTape(db, { parallel: true }), fromRows);
    expectSameTape(loadTape(db, { parallel: true, maxTs: fromRows.ts[2000]! }), buildTape(storeRows(db, fromRows.ts[2000]!)));

    // The stored results of a pipeline and a backtest computed on either tape are the same bytes.
    const asOf = fromStore.ts[fromStore.n - 1]!;
    const hash = paramsHash(defaultParams);
    const dump = () =>
      ['smartcrowd_snapshots', 'wallet_weights', 'wallet_metrics'].map((t) =>
        JSON.stringify((db.prepare(`SELECT * FROM ${t} WHERE params_hash = ? AND as_of = ? ORDER BY 1, 2, 3, 4, 5`).raw().all(hash, asOf) as unknown[][]).map((r) => (t === 'smartcrowd_snapshots' ? r.filter((_, i) => i !== 3) : r))),
      );
    await runPipeline(db, { params: defaultParams, asOf, tape: fromRows });
    const viaRows = dump();
    await runPipeline(db, { params: defaultParams, asOf }); // loads the tape itself
    expect(dump()).toEqual(viaRows);
    const a = await runBacktest(db, { params: defaultParams, tape: fromRows, now: () => 0 });
    const b = await runBacktest(db, { params: defaultParams, now: () => 0 });
    expect(JSON.stringify(b.rows)).toBe(JSON.stringify(a.rows));
    expect(a.rows.length).toBeGreaterThan(10);
    db.close();
  }, 60_000);

  it('saves the tape beside the store and reads it back only while it was saved from the same data', async () => {
    const db = await generatedStore();
    const file = `${db.name}.tape`;
    const built = loadTape(db, { file: true }); // builds, then saves
    expect(existsSync(file)).toBe(true);
    const fingerprint = storeFingerprint(db);
    const saved = readTapeFile(file, fingerprint)!;
    expectSameTape(saved, buildTape(storeRows(db)));
    expectSameTape(loadTape(db, { file: true }), built);
    expect(readTapeFile(file, `${fingerprint}x`)).toBeNull(); // another store's data: not used

    // New data changes the fingerprint: the saved tape is stale and not used.
    new TradesRepo(db).insert({ external_id: 'late-1', market_id: built.marketIds[0]!, wallet: '0xlate', ts: built.ts[built.n - 1]! + 1, side: 'YES', action: 'BUY', price: 0.5, size: 1 });
    expect(storeFingerprint(db)).not.toBe(fingerprint);
    const after = loadTape(db, { file: true });
    expect(after.n).toBe(built.n + 1);
    expectSameTape(after, buildTape(storeRows(db)));

    // A damaged file is ignored (and replaced by the next build).
    truncateSync(file, 1000);
    expectSameTape(loadTape(db, { file: true }), after);
    db.close();
  }, 60_000);

  it('keeps a saved tape whose trades are unchanged when outcomes or markets change, reading its per-market columns again; a new market rebuilds it', async () => {
    const db = await generatedStore();
    const file = `${db.name}.tape`;
    const built = loadTape(db, { file: true, parallel: false }); // built on this thread (not shared memory), then saved
    expect(built.ts.buffer).toBeInstanceOf(ArrayBuffer);
    const open = built.marketIds.findIndex((_, m) => built.outcome[m] === -1 && built.marketStart[m + 1]! > built.marketStart[m]!);
    expect(open).toBeGreaterThanOrEqual(0);
    // A market resolves, another changes category and end.
    new OutcomesRepo(db).upsert({ market_id: built.marketIds[open]!, resolved_outcome: 1, resolution_time: built.ts[built.n - 1]! + 1000 });
    const other = built.marketIds[(open + 1) % built.marketIds.length]!;
    new MarketsRepo(db).upsert({ id: other, question: 'Renamed?', end_time: 1_900_000_000_000, category: 'a-new-category', liquidity: null, resolution_source: null }, 1);

    const refreshed = loadTape(db, { file: true, parallel: false });
    expect(refreshed.ts.buffer).toBeInstanceOf(SharedArrayBuffer); // the trades' columns came from the file
    expectSameTape(refreshed, buildTape(storeRows(db)));
    expect(refreshed.outcome[open]).toBe(1);
    expect(readTapeFile(file, storeFingerprint(db))).not.toBeNull(); // saved again, for the new fingerprint

    // A market with no trades joins the tape's markets: every trade's market number moves, so it is rebuilt.
    new MarketsRepo(db).upsert({ id: '0-first-market', question: 'New?', end_time: 1_900_000_000_000, category: 'x', liquidity: null, resolution_source: null }, 2);
    const rebuilt = loadTape(db, { file: true, parallel: false });
    expect(rebuilt.ts.buffer).toBeInstanceOf(ArrayBuffer);
    expectSameTape(rebuilt, buildTape(storeRows(db)));
    db.close();
  }, 60_000);

  it('a bulk CSV ingest saves the tape, outcomes included, built on another thread while the indexes are rebuilt; the next load reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-tape-prebuild-'));
    const w = writeWorldCsv(join(dir, 'w'), { seed: 5, markets: 40, wallets: 200, tradesPerMarket: 60, spanDays: 90 });
    const files = { markets: w.files.markets, trades: w.files.trades, outcomes: w.files.outcomes };
    const path = tempDbPath('sc-tape-prebuild-');
    const db = openDatabase(path);
    await ingestCsv(db, files, { record: false, deferIndexes: true, prepareTape: true });
    expect(existsSync(`${path}.tape`)).toBe(true);
    // Saved from the data as it stands after the last file (outcomes too), so its fingerprint matches.
    const saved = readTapeFile(`${path}.tape`, storeFingerprint(db));
    expect(saved).not.toBeNull();
    expectSameTape(saved!, buildTape(storeRows(db)));
    expect(saved!.outcome.some((o) => o >= 0)).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('trades_market_ts', 'trades_wallet_ts')`).pluck().get()).toBe(2);
    db.close();

    // An ingest that keeps its indexes (nothing to overlap with), or is told not to, saves none.
    for (const opts of [{ deferIndexes: false, prepareTape: true }, { deferIndexes: true, prepareTape: false }, { deferIndexes: true }]) {
      const p = tempDbPath('sc-tape-prebuild-');
      const other = openDatabase(p);
      await ingestCsv(other, files, { record: false, ...opts });
      expect(existsSync(`${p}.tape`), JSON.stringify(opts)).toBe(false); // 'auto': fewer than PREPARE_TAPE_MIN_TRADES trades
      other.close();
    }
  });

  it('a tape loaded on two threads is saved by a worker thread while the caller goes on: whole once the write settles, and read back', async () => {
    const db = await generatedStore();
    const file = `${db.name}.tape`;
    const built = loadTape(db, { file: true, parallel: true });
    expect(built.byMarket.buffer).toBeInstanceOf(SharedArrayBuffer); // shared, so the writer needs no copy
    await tapeFileWritesSettled();
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.tmp-'))).toEqual([]); // no temporary file left behind
    expectSameTape(readTapeFile(file, storeFingerprint(db))!, buildTape(storeRows(db)));
    expectSameTape(loadTape(db, { file: true }), built);
    db.close();
  }, 60_000);

  it('reads a store whose rowids have gaps that no deletion recorded (explicit ids) by counting it, on one thread or two', () => {
    const path = tempDbPath('sc-tape-gaps-');
    const db = openDatabase(path);
    new MarketsRepo(db).ensurePlaceholder('m', 'csv', 0);
    const ins = db.prepare(`INSERT INTO trades (id, external_id, market_id, wallet, ts, side, action, price, size) VALUES (?, ?, 'm', ?, ?, 'YES', 'BUY', 0.5, 1)`);
    // 30k ids over a range of 40k, three trades per time: the width is not the count, and the edit counter stays 0.
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) ins.run(1 + i + (i >= 100 ? 10_000 : 0), `e${(i * 7919) % 30_000}`, `w${i % 50}`, 1_000 * Math.floor(i / 3));
    })();
    expect(db.prepare(`SELECT edits FROM trade_edits`).pluck().get()).toBe(0);
    const rows = buildTape(storeRows(db));
    expectSameTape(loadTape(db, { parallel: false, file: false }), rows);
    expectSameTape(loadTape(db, { parallel: true, file: false }), rows);
    db.close();
  }, 60_000);

  it('a deleted or an updated trade changes the fingerprint, so a saved tape is not read for the changed store', () => {
    const db = openDatabase(':memory:');
    new MarketsRepo(db).ensurePlaceholder('m', 'csv', 0);
    const repo = new TradesRepo(db);
    for (let i = 0; i < 5; i++) repo.insert({ external_id: `e${i}`, market_id: 'm', wallet: 'w', ts: i, side: 'YES', action: 'BUY', price: 0.5, size: 1 });
    const before = storeFingerprint(db);
    db.prepare(`UPDATE trades SET price = 0.6 WHERE external_id = 'e2'`).run();
    const updated = storeFingerprint(db);
    expect(updated).not.toBe(before);
    db.prepare(`DELETE FROM trades WHERE external_id = 'e3'`).run(); // neither end of the rowid range
    expect(storeFingerprint(db)).not.toBe(updated);
    expect(loadTape(db).n).toBe(4);
    db.close();
  });

  it('reads the rowid range with seeks, not a scan of the trades (SQLite scans for min and max in one query)', () => {
    const db = openDatabase(':memory:');
    for (const sql of ROWID_BOUNDS_SQL) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan).toMatch(/^SEARCH trades/);
    }
    expect(tradeSpan(db)).toEqual({ firstRowid: 0, lastRowid: -1, edits: 0, n: null });
    expect(tradeCountBound(db)).toBe(0);
    new MarketsRepo(db).ensurePlaceholder('m', 'csv', 0);
    for (const e of ['a', 'b', 'c']) new TradesRepo(db).insert({ external_id: e, market_id: 'm', wallet: 'w', ts: 1, side: 'YES', action: 'BUY', price: 0.5, size: 1 });
    expect(tradeSpan(db)).toEqual({ firstRowid: 1, lastRowid: 3, edits: 0, n: null });
    expect(tradeCountBound(db)).toBe(3);
    db.close();
  });

  it('stops referencing the load once it returns (the SQL functions it registers are replaced)', () => {
    const db = openDatabase(':memory:');
    new MarketsRepo(db).ensurePlaceholder('m', 'csv', 0);
    new TradesRepo(db).insert({ external_id: 'e', market_id: 'm', wallet: 'w', ts: 1, side: 'YES', action: 'BUY', price: 0.5, size: 1 });
    expect(loadTape(db).n).toBe(1);
    expect(db.prepare(`SELECT sc_tape_trade(1) FROM trades`).pluck().get()).toBe(0);
  });
});
