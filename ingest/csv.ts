import { createReadStream, statSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import type { Database } from 'better-sqlite3';
import { dropDeferrableIndexes, ensureIndexes } from '../store/db.ts';
import { MarketsRepo } from '../store/marketsRepo.ts';
import { TradesRepo } from '../store/tradesRepo.ts';
import { OutcomesRepo } from '../store/outcomesRepo.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import type { MarketRow, OutcomeRow, TradeRow } from '../store/rows.ts';
import { CsvFileError, FieldError, type Rejection } from './errors.ts';
import {
  optional, parseAction, parseOptionalNumber, parseOutcome, parsePrice, parseSide, parseSize, parseTimestamp, parseWallet, required,
  tradeExternalId,
} from './normalize.ts';

export type { Rejection } from './errors.ts';

export interface CsvFiles {
  markets?: string;
  trades?: string;
  outcomes?: string;
}

export interface IngestCsvOptions {
  /** Rows per transaction. Default 5000. */
  batchSize?: number;
  /** Called after each batch and at the end of each file. */
  onProgress?: (p: { file: string; rows: number }) => void;
  /** Record an 'ingest-csv' run in pipeline_runs. Default true. */
  record?: boolean;
  /** At most this many rejections are listed (all are counted). Default 10 000. */
  maxRejectionsListed?: number;
  /** Clock for updated_at and the run record. */
  now?: () => number;
  /**
   * Drop the trades' secondary indexes while loading and rebuild them after (about twice as fast
   * for big files; readers meanwhile see correct but slower queries). 'auto' (default) does it for
   * trades files of 32 MB or more.
   */
  deferIndexes?: boolean | 'auto';
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

type Kind = 'markets' | 'trades' | 'outcomes';
const REQUIRED: Record<Kind, string[]> = {
  markets: ['id'],
  trades: ['market_id', 'wallet', 'ts', 'side', 'action', 'price', 'size'],
  outcomes: ['market_id', 'resolved_outcome', 'resolution_time'],
};

/**
 * CSV ingestion (CONTRACTS.md §1): streams each file (markets → trades → outcomes), normalises
 * every row, inserts in batched transactions (`ON CONFLICT(external_id) DO NOTHING` for trades,
 * placeholder markets for unknown ids), and reports every bad row with its file, row number
 * (1 = first data row), column and reason while keeping the good ones. Re-ingesting the same
 * files inserts and updates nothing. Memory stays bounded by the batch size and the listed
 * rejections, whatever the file size.
 * @throws CsvFileError when a file is unreadable or lacks a required column (nothing of that file is written).
 */
export async function ingestCsv(db: Database, files: CsvFiles, opts: IngestCsvOptions = {}): Promise<IngestCsvReport> {
  const kinds = (['markets', 'trades', 'outcomes'] as const).filter((k) => files[k]);
  for (const k of kinds) {
    try {
      await access(files[k]!, constants.R_OK);
    } catch (err) {
      throw new CsvFileError('SC_CSV_UNREADABLE', files[k]!, `cannot read ${k} file ${files[k]}: ${(err as Error).message}`);
    }
  }
  const work = async (runId: string | null): Promise<IngestCsvReport> => {
    const ing = new CsvIngester(db, opts, runId);
    for (const k of kinds) {
      const defer = k === 'trades' && (opts.deferIndexes === true || ((opts.deferIndexes ?? 'auto') === 'auto' && statSync(files[k]!).size >= 32 << 20));
      if (defer) dropDeferrableIndexes(db);
      try {
        await ing.file(k, files[k]!);
      } finally {
        if (defer) ensureIndexes(db);
      }
    }
    return ing.report;
  };
  if (opts.record === false) return work(null);
  const runs = new RunsRepo(db, opts.now);
  return runs.track('ingest-csv', (runId) => work(runId), {
    counts: (r) => ({ inserted: r.inserted, updated: r.updated, duplicates: r.duplicates, rejected: r.rejected_total, placeholders: r.placeholders }),
  });
}

/** A record array as an object keyed by the (normalised) header. */
function recordOf(rec: string[], header: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) o[header[i]!] = rec[i]!;
  return o;
}

/** One trades.csv record (array) → a normalised trade row (one object, no intermediates); @throws FieldError. */
function normalizeTrade(rec: string[], ix: Record<string, number>): TradeRow {
  const at = (c: string) => (ix[c] === undefined ? undefined : rec[ix[c]!]);
  const row: TradeRow = {
    external_id: '',
    market_id: required(at('market_id'), 'market_id'),
    wallet: parseWallet(at('wallet')),
    ts: parseTimestamp(at('ts'), 'ts'),
    side: parseSide(at('side')),
    action: parseAction(at('action')),
    price: parsePrice(at('price')),
    size: parseSize(at('size')),
    aggressiveness: parseOptionalNumber(at('aggressiveness'), 'aggressiveness'),
    maker_taker: optional(at('maker_taker')),
    source: 'csv',
  };
  row.external_id = optional(at('external_id')) ?? tradeExternalId(row);
  return row;
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
    this.batchSize = opts.batchSize ?? 5000;
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

  private reject(file: string, row: number, column: string, reason: string): void {
    this.report.rejected_total++;
    if (this.report.rejected.length < this.maxListed) this.report.rejected.push({ file, row, column, reason });
  }

  async file(kind: Kind, path: string): Promise<void> {
    const name = basename(path);
    const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
      parse({
        bom: true,
        // Each record arrives as an array with its record number (1 = header) appended: no per-row objects.
        on_record: (rec: string[], ctx: { records: number }) => {
          rec.push(ctx.records as unknown as string);
          return rec;
        },
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        max_record_size: 1 << 20,
      }),
    );
    parser.on('skip', (err: Error & { records?: number }) => {
      // `records` counts the header and the records before this one: it is this record's data-row number.
      this.reject(name, err.records ?? 0, '(row)', `unparseable CSV: ${err.message}`);
    });
    const batch: { row: number; value: MarketRow | TradeRow | OutcomeRow }[] = [];
    let header: string[] | null = null;
    let index: Record<string, number> = {};
    let rows = 0;
    for await (const rec of parser as AsyncIterable<string[]>) {
      const n = rec.pop() as unknown as number;
      if (!header) {
        header = rec.map((h) => h.trim().toLowerCase());
        const missing = REQUIRED[kind].filter((c) => !header!.includes(c));
        if (missing.length) {
          throw new CsvFileError('SC_CSV_MISSING_COLUMNS', path, `${kind} file ${path} lacks required column(s): ${missing.join(', ')} (header: ${header.join(', ')})`);
        }
        index = Object.fromEntries(header.map((h, i) => [h, i]));
        continue;
      }
      rows++;
      const row = n - 1;
      try {
        batch.push({ row, value: kind === 'trades' ? normalizeTrade(rec, index) : this.normalize(kind, recordOf(rec, header)) });
      } catch (err) {
        if (err instanceof FieldError) this.reject(name, row, err.column, err.reason);
        else throw err;
      }
      if (batch.length >= this.batchSize) {
        this.flush(kind, batch);
        this.opts.onProgress?.({ file: name, rows });
      }
    }
    if (!header) throw new CsvFileError('SC_CSV_EMPTY', path, `${kind} file ${path} has no header row`);
    this.flush(kind, batch);
    this.report.rows_read[kind] += rows;
    this.opts.onProgress?.({ file: name, rows });
  }

  private normalize(kind: Kind, r: Record<string, string>): MarketRow | TradeRow | OutcomeRow {
    if (kind === 'markets') {
      const end = optional(r.end_time);
      return {
        id: required(r.id, 'id'),
        question: optional(r.question),
        end_time: end === null ? null : parseTimestamp(end, 'end_time'),
        category: optional(r.category),
        liquidity: parseOptionalNumber(r.liquidity, 'liquidity'),
        resolution_source: optional(r.resolution_source),
        source: 'csv',
      };
    }
    return {
      market_id: required(r.market_id, 'market_id'),
      resolved_outcome: parseOutcome(r.resolved_outcome),
      resolution_time: parseTimestamp(r.resolution_time, 'resolution_time'),
      source: 'csv',
    };
  }

  /** Writes a batch in one transaction and empties it. */
  private flush(kind: Kind, batch: { row: number; value: MarketRow | TradeRow | OutcomeRow }[]): void {
    if (batch.length === 0) return;
    const now = this.now();
    const rep = this.report;
    this.db.transaction(() => {
      for (const { value } of batch) {
        if (kind === 'markets') {
          const res = this.markets.upsert(value as MarketRow, now);
          if (res === 'inserted') rep.inserted.markets++;
          else if (res === 'updated') rep.updated.markets++;
        } else if (kind === 'trades') {
          const t = value as TradeRow;
          if (!this.knownMarkets.has(t.market_id)) {
            if (this.markets.ensurePlaceholder(t.market_id, 'csv', now)) rep.placeholders++;
            this.knownMarkets.add(t.market_id);
          }
        } else {
          const o = value as OutcomeRow;
          if (this.markets.ensurePlaceholder(o.market_id, 'csv', now)) rep.placeholders++;
          const res = this.outcomes.upsert(o);
          if (res === 'inserted') rep.inserted.outcomes++;
          else if (res === 'updated') rep.updated.outcomes++;
        }
      }
      if (kind === 'trades') {
        const inserted = this.trades.insertMany(batch.map((b) => b.value as TradeRow));
        rep.inserted.trades += inserted;
        rep.duplicates += batch.length - inserted;
      }
    })();
    batch.length = 0;
  }
}
