import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import type { Database } from 'better-sqlite3';
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
    for (const k of kinds) await ing.file(k, files[k]!);
    return ing.report;
  };
  if (opts.record === false) return work(null);
  const runs = new RunsRepo(db, opts.now);
  return runs.track('ingest-csv', (runId) => work(runId), {
    counts: (r) => ({ inserted: r.inserted, updated: r.updated, duplicates: r.duplicates, rejected: r.rejected_total, placeholders: r.placeholders }),
  });
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
    let headerChecked = false;
    const parser = createReadStream(path).pipe(
      parse({
        bom: true,
        columns: (header: string[]) => {
          const cols = header.map((h) => h.trim().toLowerCase());
          const missing = REQUIRED[kind].filter((c) => !cols.includes(c));
          if (missing.length) {
            throw new CsvFileError('SC_CSV_MISSING_COLUMNS', path, `${kind} file ${path} lacks required column(s): ${missing.join(', ')} (header: ${cols.join(', ')})`);
          }
          headerChecked = true;
          return cols;
        },
        info: true,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        max_record_size: 1 << 20,
      }),
    );
    parser.on('skip', (err: Error & { records?: number; lines?: number }) => {
      this.reject(name, (err.records ?? 0) + 1, '(row)', `unparseable CSV: ${err.message}`);
    });
    const batch: { row: number; value: MarketRow | TradeRow | OutcomeRow }[] = [];
    let rows = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { records: number } }>) {
        rows++;
        const row = info.records;
        try {
          batch.push({ row, value: this.normalize(kind, record) });
        } catch (err) {
          if (err instanceof FieldError) this.reject(name, row, err.column, err.reason);
          else throw err;
        }
        if (batch.length >= this.batchSize) {
          this.flush(kind, batch);
          this.opts.onProgress?.({ file: name, rows });
        }
      }
    } catch (err) {
      if (err instanceof CsvFileError) throw err;
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof CsvFileError) throw cause;
      throw err;
    }
    if (!headerChecked && rows === 0) throw new CsvFileError('SC_CSV_EMPTY', path, `${kind} file ${path} has no header row`);
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
    if (kind === 'trades') {
      const t = {
        market_id: required(r.market_id, 'market_id'),
        wallet: parseWallet(r.wallet),
        ts: parseTimestamp(r.ts, 'ts'),
        side: parseSide(r.side),
        action: parseAction(r.action),
        price: parsePrice(r.price),
        size: parseSize(r.size),
      };
      return {
        ...t,
        external_id: optional(r.external_id) ?? tradeExternalId(t),
        aggressiveness: parseOptionalNumber(r.aggressiveness, 'aggressiveness'),
        maker_taker: optional(r.maker_taker),
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
          if (this.trades.insert(t)) rep.inserted.trades++;
          else rep.duplicates++;
        } else {
          const o = value as OutcomeRow;
          if (this.markets.ensurePlaceholder(o.market_id, 'csv', now)) rep.placeholders++;
          const res = this.outcomes.upsert(o);
          if (res === 'inserted') rep.inserted.outcomes++;
          else if (res === 'updated') rep.updated.outcomes++;
        }
      }
    })();
    batch.length = 0;
  }
}
