import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCsv, type IngestCsvReport } from '../../ingest/csv.ts';
import { CsvFileError } from '../../ingest/errors.ts';
import { openRegularFile } from '../../ingest/csvRecords.ts';
import { TradeBatchSource } from '../../ingest/tradeBatchSource.ts';
import { openDatabase } from '../../store/db.ts';
import { RunsRepo } from '../../store/runsRepo.ts';
import { runCli } from '../helpers/runCli.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

// Hostile CSV inputs (issue 20 items 2, 4, 6, 10 and the CSV half of 3): each is either one
// rejected row with the good rows kept, or a file error before anything is written.

const HEADER = 'market_id,wallet,ts,side,action,price,size,external_id';
const good = (i: number) => `m${i % 7},0x${(i % 97).toString(16)},${1_700_000_000 + i},${i % 2 ? 'YES' : 'NO'},BUY,0.${(i % 89) + 10},${1 + (i % 5)},e${i}`;
const fresh = () => openDatabase(tempDbPath('sc-hostile-'));
const count = (db: ReturnType<typeof fresh>) => db.prepare(`SELECT count(*) FROM trades`).pluck().get() as number;

async function writeLines(path: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  for (let i = 1; i <= n; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

describe('CSV ingestion of hostile input', () => {
  for (const worker of [false, true]) {
    it(`keeps every good row of a 50k-row file with one stray quote at row 100, rejecting row 100 alone (${worker ? 'worker thread' : 'same thread'})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sc-quote-'));
      const path = join(dir, 'trades.csv');
      await writeLines(path, 50_000, (i) => (i === 100 ? good(i).replace(',0x', ',"0x') : good(i)));
      const db = fresh();
      const r = await ingestCsv(db, { trades: path }, { worker, workerHandOffAfterRows: worker ? 50 : undefined });
      expect(r.rejected).toEqual([{ file: 'trades.csv', row: 100, column: '(row)', reason: expect.stringMatching(/unclosed quote/) }]);
      expect(r.inserted.trades).toBe(49_999);
      expect(count(db)).toBe(49_999);
    });
  }

  it('rejects an 80,000-digit price as a bad row in linear time, and a 9999999999999999 ts as out of range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-num-'));
    const path = join(dir, 'trades.csv');
    const cells = (i: number, price: string, ts = String(1_700_000_000 + i)) => `m1,0xab,${ts},YES,BUY,${price},3,e${i}`;
    const decimal80k = `0.${'1'.repeat(79_998)}`; // well-formed, 80,000 characters
    writeFileSync(path, [HEADER, cells(1, '0.5'), cells(2, decimal80k), cells(3, '0.5', '9999999999999999'), cells(4, `${'9'.repeat(80_000)}x`)].join('\n'));
    const db = fresh();
    const t0 = performance.now();
    const r = await ingestCsv(db, { trades: path });
    // Guard against quadratic parsing (the old regular expression took seconds on such a cell), not a benchmark.
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.inserted.trades).toBe(1);
    expect(r.rejected.map((x) => [x.row, x.column])).toEqual([[2, 'price'], [3, 'ts'], [4, 'price']]);
    expect(r.rejected[0]!.reason).toMatch(/is not a number \(80000 characters; at most 64\)/);
    expect(r.rejected[1]!.reason).toMatch(/outside the supported range/);
    expect(r.rejected[0]!.reason.length).toBeLessThan(200);
  });

  it('refuses a header that names a column twice, naming it, before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-dup-'));
    writeFileSync(join(dir, 'm.csv'), 'id,question\nm1,Q?\n');
    writeFileSync(join(dir, 't.csv'), `${HEADER},Price\n${good(1)},0.9\n`);
    const db = fresh();
    const err = await ingestCsv(db, { markets: join(dir, 'm.csv'), trades: join(dir, 't.csv') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvFileError);
    expect(err).toMatchObject({ code: 'SC_CSV_DUPLICATE_COLUMN', message: expect.stringMatching(/names column "price" twice \(columns 6 and 9\)/) });
    expect(db.prepare(`SELECT (SELECT count(*) FROM markets) + (SELECT count(*) FROM trades)`).pluck().get()).toBe(0);
    expect(new RunsRepo(db).list({ kind: 'ingest-csv' })[0]!.status).toBe('failed');
  });

  it('refuses a directory and a FIFO as a file error, without hanging, and the CLI exits 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-notfile-'));
    mkdirSync(join(dir, 'sub'));
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const db = fresh();
    await expect(ingestCsv(db, { trades: join(dir, 'sub') })).rejects.toMatchObject({ code: 'SC_CSV_NOT_A_FILE', message: expect.stringMatching(/is a directory/) });
    await expect(ingestCsv(db, { trades: fifo })).rejects.toMatchObject({ code: 'SC_CSV_NOT_A_FILE', message: expect.stringMatching(/is a FIFO/) });
    const cli = runCli(['ingest', 'csv', '--db', tempDbPath('sc-notfile-db-'), '--trades', join(dir, 'sub')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/sub.* is a directory/);
    expect(cli.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack
  });

  it('turns a read failure into a CsvFileError, and a reader thread that dies into an error of the ingest, never an unhandled one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-readerr-'));
    const path = join(dir, 't.csv');
    writeFileSync(path, `${HEADER}\n${good(1)}\n`);
    const closed = openRegularFile(path, 'trades').fd;
    closeSync(closed); // every read now fails with EBADF
    expect(() => new TradeBatchSource(closed, path, { batchSize: 10, maxListed: 10, worker: false })).toThrow(expect.objectContaining({ name: 'CsvFileError', code: 'SC_CSV_UNREADABLE' }));

    const big = join(dir, 'big.csv');
    await writeLines(big, 200_000, good);
    const { fd } = openRegularFile(big, 'trades');
    try {
      const source = new TradeBatchSource(fd, big, { batchSize: 2_000, maxListed: 10, worker: true });
      let killed = false;
      const drain = async () => {
        for await (const b of source) {
          if (b.origin === 0) await new Promise((r) => setTimeout(r, 20)); // a slow inserter: the worker takes over early
          else if (!killed) {
            killed = true; // once the worker has taken over, kill it mid-file
            await (source as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
          }
        }
      };
      await expect(drain()).rejects.toThrow(/reader thread .* stopped \(exit code 1\) before the end of the file/);
      expect(killed).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('gives the same report and the same stored rows on a worker thread as on the same thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-same-'));
    const path = join(dir, 'trades.csv');
    await writeLines(path, 30_000, (i) => (i % 1000 === 7 ? good(i).replace(',BUY,', ',HOLD,') : i % 1000 === 9 ? `${good(i)},"quoted, extra"` : good(i)));
    const run = async (worker: boolean, handOff?: number): Promise<[IngestCsvReport, unknown[]]> => {
      const db = fresh();
      const r = await ingestCsv(db, { trades: path }, { worker, workerHandOffAfterRows: handOff, batchSize: 4_000, maxRejectionsListed: 20, record: false });
      expect(db.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]); // every trade's market exists
      return [r, db.prepare(`SELECT * FROM trades ORDER BY id`).raw().all()];
    };
    const [a, rowsA] = await run(false);
    // All on the worker, and split between the two readers mid-file (each with its own interning tables).
    for (const handOff of [0, 10_000]) {
      const [b, rowsB] = await run(true, handOff);
      expect(b).toEqual(a);
      expect(rowsB).toEqual(rowsA);
    }
    expect(a.rejected_total).toBe(30);
    expect(a.rejected).toHaveLength(20); // the listing cap holds across the two readers
    expect(a.inserted.trades).toBe(29_970);
  });
});
