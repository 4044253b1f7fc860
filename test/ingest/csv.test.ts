import { describe, expect, it } from 'vitest';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ingestCsv } from '../../ingest/csv.ts';
import { CsvFileError } from '../../ingest/errors.ts';
import { openDatabase } from '../../store/db.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

const FIX = join(import.meta.dirname, '../fixtures/csv');
const fx = (f: string) => join(FIX, f);
const fresh = () => openDatabase(tempDbPath('sc-csv-'));

describe('CSV ingestion', () => {
  it('keeps the good rows of a file with bad rows and reports each bad one with its row number and column', async () => {
    const db = fresh();
    const r = await ingestCsv(db, { markets: fx('markets.csv'), trades: fx('trades_bad_rows.csv') });
    expect(r.inserted).toEqual({ markets: 2, trades: 4, outcomes: 0 });
    expect(r.rejected).toEqual([
      { file: 'trades_bad_rows.csv', row: 2, column: 'price', reason: 'price 1.2 is not strictly between 0 and 1' },
      { file: 'trades_bad_rows.csv', row: 3, column: 'size', reason: 'size -3 is not greater than 0' },
      { file: 'trades_bad_rows.csv', row: 4, column: 'side', reason: '"MAYBE" is not a side (YES/NO, Y/N, 1/0)' },
      { file: 'trades_bad_rows.csv', row: 5, column: 'ts', reason: '"yesterday" is not an ISO 8601 time or epoch seconds/milliseconds' },
      { file: 'trades_bad_rows.csv', row: 6, column: 'wallet', reason: 'is missing' },
    ]);
    expect(r.rejected_total).toBe(5);
    const rows = db.prepare(`SELECT market_id, wallet, ts, side, action, price, size, external_id FROM trades ORDER BY ts, market_id, wallet`).all();
    // rows 1, 7 and 9 are all 2025-02-20T10:00:00Z (ISO Z, epoch seconds, and 12:00+02:00)
    const ten = Date.UTC(2025, 1, 20, 10);
    expect(rows).toEqual([
      { market_id: 'm-1', wallet: '0xabc0000000000000000000000000000000000001', ts: ten, side: 'YES', action: 'BUY', price: 0.4, size: 100, external_id: expect.stringMatching(/^csv-/) },
      { market_id: 'm-1', wallet: '0xabc0000000000000000000000000000000000006', ts: ten, side: 'NO', action: 'SELL', price: 0.55, size: 20, external_id: expect.stringMatching(/^csv-/) },
      { market_id: 'm-2', wallet: 'bob', ts: ten, side: 'YES', action: 'BUY', price: 0.61, size: 7, external_id: 'given-id-9' },
      { market_id: 'm-new', wallet: 'alice', ts: ten + 3_600_000, side: 'YES', action: 'BUY', price: 0.3, size: 5, external_id: expect.stringMatching(/^csv-/) },
    ]);
  });

  it('creates a placeholder market for an unknown market, and a later markets.csv row replaces it', async () => {
    const db = fresh();
    const r = await ingestCsv(db, { trades: fx('trades_bad_rows.csv'), outcomes: fx('outcomes.csv') });
    expect(r.placeholders).toBe(4); // m-1, m-new, m-2 from trades; m-unknown from outcomes
    // The foreign key holds for every trade, and is enforced again once the ingest is done.
    expect(db.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT id, is_placeholder, question FROM markets ORDER BY id`).all()).toEqual([
      { id: 'm-1', is_placeholder: 1, question: null },
      { id: 'm-2', is_placeholder: 1, question: null },
      { id: 'm-new', is_placeholder: 1, question: null },
      { id: 'm-unknown', is_placeholder: 1, question: null },
    ]);
    const again = await ingestCsv(db, { markets: fx('markets.csv') });
    expect(again.inserted.markets).toBe(0);
    expect(again.updated.markets).toBe(2);
    expect(db.prepare(`SELECT id, is_placeholder, question, end_time, category, liquidity FROM markets WHERE id IN ('m-1','m-2') ORDER BY id`).all()).toEqual([
      { id: 'm-1', is_placeholder: 0, question: 'Will it rain in Paris on 2025-03-01?', end_time: Date.UTC(2025, 2, 1, 12), category: 'weather', liquidity: 1500.5 },
      { id: 'm-2', is_placeholder: 0, question: 'Will the "big" bill pass?', end_time: null, category: 'politics', liquidity: null },
    ]);
  });

  it('reads outcomes, rejecting a bad one by row and column', async () => {
    const db = fresh();
    const r = await ingestCsv(db, { markets: fx('markets.csv'), outcomes: fx('outcomes.csv') });
    expect(r.inserted.outcomes).toBe(2);
    expect(r.rejected).toEqual([{ file: 'outcomes.csv', row: 3, column: 'resolved_outcome', reason: '"maybe" is not an outcome (1/0 or YES/NO)' }]);
    expect(db.prepare(`SELECT market_id, resolved_outcome, resolution_time FROM outcomes ORDER BY market_id`).all()).toEqual([
      { market_id: 'm-1', resolved_outcome: 1, resolution_time: Date.UTC(2025, 2, 1, 13) },
      { market_id: 'm-unknown', resolved_outcome: 0, resolution_time: 1740800000000 },
    ]);
  });

  it('ingesting the same files twice inserts and updates nothing the second time', async () => {
    const db = fresh();
    const files = { markets: fx('markets.csv'), trades: fx('trades_bad_rows.csv'), outcomes: fx('outcomes.csv') };
    await ingestCsv(db, files);
    const count = () => db.prepare(`SELECT (SELECT count(*) FROM markets) || '/' || (SELECT count(*) FROM trades) || '/' || (SELECT count(*) FROM outcomes)`).pluck().get();
    const before = count();
    const r = await ingestCsv(db, files);
    expect(r.inserted).toEqual({ markets: 0, trades: 0, outcomes: 0 });
    expect(r.updated).toEqual({ markets: 0, outcomes: 0 });
    expect(r.duplicates).toBe(4);
    expect(count()).toBe(before);
  });

  it('handles a BOM and a quoted newline, numbering rows by record rather than by line', async () => {
    const db = fresh();
    const r = await ingestCsv(db, { trades: fx('trades_quoted.csv') });
    expect(r.inserted.trades).toBe(2);
    expect(r.rejected).toEqual([{ file: 'trades_quoted.csv', row: 2, column: 'price', reason: 'price 1.5 is not strictly between 0 and 1' }]);
  });

  it('refuses a file that lacks a required column, writing nothing of it', async () => {
    const db = fresh();
    const dir = mkdtempSync(join(tmpdir(), 'sc-csv-'));
    writeFileSync(join(dir, 't.csv'), 'market_id,wallet,ts,side,price,size\nm,w,1,YES,0.5,1\n');
    await expect(ingestCsv(db, { trades: join(dir, 't.csv') })).rejects.toThrow(CsvFileError);
    await expect(ingestCsv(db, { trades: join(dir, 't.csv') })).rejects.toThrow(/lacks required column\(s\): action/);
    await expect(ingestCsv(db, { trades: join(dir, 'missing.csv') })).rejects.toThrow(/cannot read trades file/);
    expect(db.prepare(`SELECT count(*) FROM trades`).pluck().get()).toBe(0);
    const [run] = new RunsRepo(db).list({ kind: 'ingest-csv' });
    expect(run!.status).toBe('failed');
  });

  it('records each ingestion as a run with its counts', async () => {
    const db = fresh();
    const r = await ingestCsv(db, { markets: fx('markets.csv') });
    const run = new RunsRepo(db).get(r.run_id!)!;
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.counts_json!).inserted.markets).toBe(2);
  });

  it('streams 200k trades in batches, reporting progress, and caps the listed rejections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-csv-big-'));
    const path = join(dir, 'trades.csv');
    const out = createWriteStream(path);
    out.write('market_id,wallet,ts,side,action,price,size\n');
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      const bad = i % 1000 === 999; // 200 bad rows
      const line = `m${i % 50},0x${(i % 997).toString(16)},${1_700_000_000 + i},${i % 2 ? 'YES' : 'NO'},BUY,${bad ? '1.5' : '0.5'},${1 + (i % 7)}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const db = fresh();
    const progress: number[] = [];
    const r = await ingestCsv(db, { trades: path }, { batchSize: 20_000, maxRejectionsListed: 50, onProgress: (p) => progress.push(p.rows) });
    expect(r.inserted.trades).toBe(N - 200);
    expect(r.rejected_total).toBe(200);
    expect(r.rejected).toHaveLength(50);
    expect(r.rejected[0]).toEqual({ file: 'trades.csv', row: 1000, column: 'price', reason: 'price 1.5 is not strictly between 0 and 1' });
    expect(progress.length).toBeGreaterThanOrEqual(9);
    expect(db.prepare(`SELECT count(*) FROM trades`).pluck().get()).toBe(N - 200);
  });
});
