import { closeSync } from 'node:fs';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import { dropDeferrableIndexes, ensureIndexes, bulkCheckpoints, checkpointWal, usesWal, withoutForeignKeyChecks } from '../store/db.ts';
import { MarketsRepo } from '../store/marketsRepo.ts';
import { TradesRepo } from '../store/tradesRepo.ts';
import { OutcomesRepo } from '../store/outcomesRepo.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import type { MarketRow, OutcomeRow } from '../store/rows.ts';
import { CsvRecordReader, openRegularFile } from './csvRecords.ts';
import { readHeader, RowBatchProducer, type CsvKind, type TradeBatch } from './csvBatches.ts';
import { TradeBatchSource } from './tradeBatchSource.ts';
import { startTapePrebuild } from '../store/tapePrebuild.ts';
import type { Rejection } from './errors.ts';
import { DEFAULT_BATCH_SIZE } from '../contracts/options/csvIngest.ts';

export type { Rejection } from './errors.ts';

export interface CsvFiles {
  markets?: string;
  trades?: string;
  outcomes?: string;
}

export { DEFAULT_BATCH_SIZE };
/** Trades files from this size on are read on a worker thread while this thread inserts ('auto'). */
export const WORKER_MIN_BYTES = 8 << 20;
/** Trades files from this size on load with the secondary indexes dropped and rebuilt ('auto'), unless the store is much bigger. */
export const DEFER_INDEXES_MIN_BYTES = 32 << 20;
/**
 * From this many stored trades on, a load that rebuilds the trades' indexes also prepares the tape
 * ('auto' prepareTape). Below it the tape's build is short (~2 s at 2M, where the pipeline is far
 * within its time) and the thread's start-up (~0.5 s, TypeScript compiled in it) is not always
 * hidden behind the index rebuild: measured at 1M, the load went 0.58× → 0.49× of sqlite3's own
 * import in one run.
 */
export const PREPARE_TAPE_MIN_TRADES = 2_000_000;

export interface IngestProgress {
  /** File name (no directory). */
  file: string;
  /** Data rows read from this file so far. */
  rows: number;
  /** Bytes read from this file so far, and its size. */
  bytes: number;
  totalBytes: number;
}

export interface IngestCsvOptions {
  /** Kept rows per transaction. Default DEFAULT_BATCH_SIZE. A kill loses at most the batch in flight; re-running completes it. */
  batchSize?: number;
  /** Called after each batch and at the end of each file. */
  onProgress?: (p: IngestProgress) => void;
  /** Record an 'ingest-csv' run in pipeline_runs. Default true. */
  record?: boolean;
  /** At most this many rejections are listed (all are counted). Default 10 000. */
  maxRejectionsListed?: number;
  /** Clock for updated_at and the run record. */
  now?: () => number;
  /**
   * Drop the trades' secondary indexes while loading and rebuild them once every file is in (much faster for big
   * files; readers meanwhile see correct but slower queries; `openDatabase` rebuilds them if a load
   * is killed). 'auto' (default): for trades files of DEFER_INDEXES_MIN_BYTES or more that are not
   * small next to the rows already stored.
   */
  deferIndexes?: boolean | 'auto';
  /**
   * Read and normalise trades on a worker thread while this thread inserts. 'auto' (default): files
   * of WORKER_MIN_BYTES or more. This thread reads the beginning itself until the worker is ready.
   */
  worker?: boolean | 'auto';
  /** With a worker: data rows this thread reads before handing over (default: as soon as the worker is ready). For tests and tuning. */
  workerHandOffAfterRows?: number;
  /**
   * When the load dropped the trades' secondary indexes (deferIndexes), build the store's tape and
   * save it beside the store (`<db>.tape`, store/tapeFile.ts) on another thread while this one
   * rebuilds them, once every file is in: the first pipeline or backtest then reads it instead of
   * building it (~1.2 µs per trade). 'auto' (default): file-backed stores of PREPARE_TAPE_MIN_TRADES
   * or more. Never after a failed load; a failure of the build itself is not the load's.
   */
  prepareTape?: boolean | 'auto';
}

/** The CONTRACTS.md §2 `ingest csv --json` document, plus counts that help. */
export interface IngestCsvReport {
  inserted: { markets: number; trades: number; outcomes: number };
  duplicates: number;
  rejected: Rejection[];
  updated: { markets: number; outcomes: number };
  placeholders: number;
  rows_read: { markets: number; trades: number; outcomes: number };
  rejected_total: number;
  run_id: string | null;
}

interface OpenFile {
  kind: CsvKind;
  path: string;
  fd: number;
  size: number;
  source?: TradeBatchSource;
}

/**
 * CSV ingestion (CONTRACTS.md §1, dialect in docs/csv.md): reads each file (markets → trades →
 * outcomes), normalises every row, inserts in batched transactions (`ON CONFLICT(external_id) DO
 * NOTHING` for trades, placeholder markets for unknown ids), and reports every bad row with its
 * file, row number (1 = first data row), column and reason while keeping the good ones. A record
 * the CSV reader cannot read (an unclosed quote…) is one rejected row; reading resumes at the next
 * line. Re-ingesting the same files inserts and updates nothing. Memory stays bounded by a few
 * batches and the listed rejections, whatever the file size. Only regular files are read.
 * @throws CsvFileError when a file is missing, not a regular file, unreadable, lacks a required
 *   column or names one twice — all checked before anything is written — or is too malformed to
 *   recover from (named with its row).
 */
export async function ingestCsv(db: Database, files: CsvFiles, opts: IngestCsvOptions = {}): Promise<IngestCsvReport> {
  const opened: OpenFile[] = [];
  try {
    for (const kind of ['markets', 'trades', 'outcomes'] as const) {
      const path = files[kind];
      if (path) opened.push({ kind, path, ...openRegularFile(path, kind) });
    }
    const work = async (runId: string | null): Promise<IngestCsvReport> => {
      // Every header first: a file that cannot be used stops the run before anything is written.
      for (const f of opened) readHeader(new CsvRecordReader(f.fd, f.path), f.kind, f.path);
      const ing = new CsvIngester(db, opts, runId);
      // A trades reader thread starts now, warming up while markets load.
      const trades = opened.find((f) => f.kind === 'trades');
      if (trades) trades.source = ing.tradeSource(trades);
      let ok = false;
      try {
        for (const f of opened) await ing.file(f);
        ok = true;
      } finally {
        await trades?.source?.close();
        await ing.finish(ok);
      }
      return ing.report;
    };
    if (opts.record === false) return await work(null);
    const runs = new RunsRepo(db, opts.now);
    return await runs.track('ingest-csv', (runId) => work(runId), {
      counts: (r) => ({ inserted: r.inserted, updated: r.updated, duplicates: r.duplicates, rejected: r.rejected_total, placeholders: r.placeholders }),
    });
  } finally {
    for (const f of opened) closeSync(f.fd);
  }
}

class CsvIngester {
  readonly report: IngestCsvReport;
  private readonly markets: MarketsRepo;
  private readonly trades: TradesRepo;
  private readonly outcomes: OutcomesRepo;
  private readonly batchSize: number;
  private readonly maxListed: number;
  private readonly now: () => number;
  /** Market ids known to exist (real or placeholder), so each trade costs one statement, not two. */
  private readonly knownMarkets = new Set<string>();

  constructor(private readonly db: Database, private readonly opts: IngestCsvOptions, runId: string | null) {
    this.markets = new MarketsRepo(db);
    this.trades = new TradesRepo(db);
    this.outcomes = new OutcomesRepo(db);
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxListed = opts.maxRejectionsListed ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.report = {
      inserted: { markets: 0, trades: 0, outcomes: 0 },
      duplicates: 0,
      rejected: [],
      updated: { markets: 0, outcomes: 0 },
      placeholders: 0,
      rows_read: { markets: 0, trades: 0, outcomes: 0 },
      rejected_total: 0,
      run_id: runId,
    };
  }

  /** Whether the trades' secondary indexes are dropped, for finish() to rebuild once every file is in. */
  private indexesDropped = false;

  /**
   * After the last file (or a failure): rebuilds the indexes a trades file dropped — after every
   * file, so the tape built meanwhile on another thread (prepareTape, `ok` loads only) sees the
   * outcomes too; then checkpoints the WAL that build's read kept from being checkpointed.
   */
  async finish(ok: boolean): Promise<void> {
    if (!this.indexesDropped) return;
    const prebuild = ok && this.wantsTape() ? startTapePrebuild(this.db.name) : null;
    try {
      ensureIndexes(this.db);
      this.indexesDropped = false;
    } finally {
      if (prebuild) {
        await prebuild.done();
        checkpointWal(this.db);
      }
    }
  }

  private wantsTape(): boolean {
    const p = this.opts.prepareTape ?? 'auto';
    // Without WAL the build's long read would hold off the index rebuild's commit.
    if (p === false || this.db.memory || this.db.name === '' || !usesWal(this.db)) return false;
    return p === true || this.trades.maxId() >= PREPARE_TAPE_MIN_TRADES;
  }

  /** Takes a batch's rejections into the report (listing at most maxListed in all). */
  private rejections(b: { rejected: Rejection[]; rejectedTotal: number }): void {
    this.report.rejected_total += b.rejectedTotal;
    for (const r of b.rejected) if (this.report.rejected.length < this.maxListed) this.report.rejected.push(r);
  }

  async file(f: OpenFile): Promise<void> {
    const name = basename(f.path);
    let rows = 0;
    const progress = (bytes: number) => this.opts.onProgress?.({ file: name, rows, bytes, totalBytes: f.size });
    if (f.kind === 'trades') {
      if (!this.indexesDropped && this.shouldDeferIndexes(f.size)) {
        dropDeferrableIndexes(this.db);
        this.indexesDropped = true;
      }
      // Big loads checkpoint the WAL every 64 MiB rather than SQLite's default 4 MiB (1000 pages, which
      // openDatabase leaves as is and this restores): far fewer fsyncs to wait for.
      const bulk = f.size >= WORKER_MIN_BYTES;
      if (bulk) bulkCheckpoints(this.db, true);
      try {
        // Interning tables of each reader (this thread's, the worker's): see TradeBatch.origin.
        const tables = [0, 1].map(() => ({ markets: [] as string[], wallets: [] as string[], makerTakers: [] as string[] }));
        for await (const b of f.source ?? this.tradeSource(f)) {
          const t = tables[b.origin ?? 0]!;
          t.markets.push(...b.newMarkets);
          t.wallets.push(...b.newWallets);
          t.makerTakers.push(...b.newMakerTakers);
          this.flushTrades(b, t);
          rows += b.rowsRead;
          progress(b.bytesRead);
        }
      } finally {
        if (bulk) bulkCheckpoints(this.db, false);
      }
      this.report.rows_read.trades += rows;
      progress(f.size);
      return;
    }
    const reader = new CsvRecordReader(f.fd, f.path);
    const producer = new RowBatchProducer(f.kind, reader, readHeader(reader, f.kind, f.path), f.path, this.batchSize, this.maxListed);
    for (let b = producer.next(); b; b = producer.next()) {
      this.rejections(b);
      if (f.kind === 'markets') this.flushMarkets(b.rows as MarketRow[]);
      else this.flushOutcomes(b.rows as OutcomeRow[]);
      rows += b.rowsRead;
      progress(b.bytesRead);
      await nextTurn();
    }
    this.report.rows_read[f.kind] += rows;
    progress(f.size);
  }

  /** The batches of a trades file, from a worker thread for big files (see IngestCsvOptions.worker). */
  tradeSource(f: OpenFile): TradeBatchSource {
    const worker = this.opts.worker === true || ((this.opts.worker ?? 'auto') === 'auto' && f.size >= WORKER_MIN_BYTES);
    return new TradeBatchSource(f.fd, f.path, { batchSize: this.batchSize, maxListed: this.maxListed, worker, handOffAfterRows: this.opts.workerHandOffAfterRows });
  }

  /**
   * Whether to load a trades file of `bytes` with the secondary indexes dropped: for big files
   * (DEFER_INDEXES_MIN_BYTES) unless the store already holds many times what the file adds (then
   * rebuilding the indexes would cost more than maintaining them).
   */
  private shouldDeferIndexes(bytes: number): boolean {
    const d = this.opts.deferIndexes ?? 'auto';
    if (d !== 'auto') return d;
    if (bytes < DEFER_INDEXES_MIN_BYTES) return false;
    const stored = this.trades.maxId();
    return stored <= 4 * (bytes / 64); // a trades line is rarely under 64 bytes
  }

  private flushTrades(b: TradeBatch, tables: { markets: string[]; wallets: string[]; makerTakers: string[] }): void {
    this.rejections(b);
    if (b.n === 0) return;
    const now = this.now();
    const rep = this.report;
    // Every market of the batch exists before its trades go in: its placeholder is created in this
    // same transaction, or was committed earlier by this ingest (markets are never deleted). So the
    // per-row foreign-key lookup, about a sixth of SQLite's work per trade, is redundant here and is
    // switched off around this transaction only — which is synchronous, so nothing else can run on
    // the connection meanwhile (other connections keep theirs). Inside an enclosing transaction it
    // cannot be switched, and stays on.
    withoutForeignKeyChecks(this.db, () =>
      this.db.transaction(() => {
        for (const id of b.newMarkets) {
          if (this.knownMarkets.has(id)) continue;
          if (this.markets.ensurePlaceholder(id, 'csv', now)) rep.placeholders++;
          this.knownMarkets.add(id);
        }
        const inserted = this.trades.insertColumns(b, tables);
        rep.inserted.trades += inserted;
        rep.duplicates += b.n - inserted;
      })(),
    );
  }

  private flushMarkets(rows: MarketRow[]): void {
    if (rows.length === 0) return;
    const now = this.now();
    const rep = this.report;
    this.db.transaction(() => {
      for (const m of rows) {
        const res = this.markets.upsert(m, now);
        if (res === 'inserted') rep.inserted.markets++;
        else if (res === 'updated') rep.updated.markets++;
      }
    })();
  }

  private flushOutcomes(rows: OutcomeRow[]): void {
    if (rows.length === 0) return;
    const now = this.now();
    const rep = this.report;
    this.db.transaction(() => {
      for (const o of rows) {
        if (this.markets.ensurePlaceholder(o.market_id, 'csv', now)) rep.placeholders++;
        const res = this.outcomes.upsert(o);
        if (res === 'inserted') rep.inserted.outcomes++;
        else if (res === 'updated') rep.updated.outcomes++;
      }
    })();
  }
}
