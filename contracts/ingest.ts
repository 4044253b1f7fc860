import { z } from 'zod';
import { ParamsInput } from './params.ts';
import { CsvIngestOptions } from './options/csvIngest.ts';
import { PolymarketOptions } from './options/polymarket.ts';
import { Score } from './backtest.ts';

/*
 * Ingestion as it leaves SmartCrowd: the CSV report (CONTRACTS.md §2 `ingest csv --json` and
 * more), the live Polymarket report, and their requests over HTTP.
 */

const num = z.number();
const numN = z.number().nullable();

const FileCounts = z.object({ markets: num, trades: num, outcomes: num });
export const IngestCsvReport = z.object({
  inserted: FileCounts,
  duplicates: num,
  rejected: z.array(z.object({ file: z.string(), row: num, column: z.string(), reason: z.string() })),
  updated: z.object({ markets: num, outcomes: num }),
  placeholders: num,
  rows_read: FileCounts,
  rejected_total: num,
  run_id: z.string().nullable(),
});
export type IngestCsvReport = z.input<typeof IngestCsvReport>;

/** POST /ingest/csv: the files of contracts/options/csvIngest.ts by their API names, relative to the server's datasets root (any subset, at least one). */
export const IngestCsvRequest = z
  .strictObject({ markets_path: CsvIngestOptions.shape.markets, trades_path: CsvIngestOptions.shape.trades, outcomes_path: CsvIngestOptions.shape.outcomes })
  .refine((v) => v.markets_path || v.trades_path || v.outcomes_path, { message: 'give at least one of markets_path, trades_path, outcomes_path' });
export type IngestCsvRequest = z.output<typeof IngestCsvRequest>;

export const PolymarketIngestReport = z.object({
  run_id: z.string(),
  /** False: some listing did not complete (see incomplete_markets, listing_problems); their checkpoints did not move. */
  complete: z.boolean(),
  markets: z.object({ listed: num, inserted: num, updated: num, repeated: num, by_category: z.record(z.string(), num) }),
  outcomes: z.object({ inserted: num, updated: num, inferred: num, authoritative: num, from_v2: num }),
  trades: z.object({ fetched: num, repeated: num, inserted: num, duplicates: num, taker: num, maker: num, held_back: num, outside: num }),
  skipped_items: num,
  /** Upstream faults met and survived, by kind (429, 5xx, timeout, …). */
  faults: z.partialRecord(z.enum(['429', '5xx', 'timeout', 'network', 'malformed_page', 'malformed_item', 'duplicate', 'http_4xx']), num),
  retries: num,
  checkpoints_advanced: num,
  markets_already_complete: num,
  incomplete_markets: z.array(z.object({ market_id: z.string(), reason: z.string() })),
  listing_problems: z.array(z.string()),
  notes: z.array(z.string()),
  paging: z.object({
    gamma: z.object({ asked: num, served: numN, offset_cap: num, refused_at: numN, windows: num }),
    trades: z.object({ api: z.enum(['v1', 'v2']), asked: num, served: numN, offset_cap: num, refused_at: numN, windows: num }),
  }),
  truncated: z.boolean(),
});
export type PolymarketIngestReport = z.input<typeof PolymarketIngestReport>;

/**
 * POST /ingest/polymarket: which windows, how many markets, how far back — the fields of
 * contracts/options/polymarket.ts by their API names. Upstream URLs are the operator's
 * (`serve --base-gamma/--base-data`), never a request's.
 */
export const PolymarketIngestRequest = z
  .strictObject({
    params: ParamsInput,
    windows: PolymarketOptions.shape.windows,
    max_markets: PolymarketOptions.shape.maxMarkets,
    lookback_hours: PolymarketOptions.shape.lookbackHours,
  })
  .prefault({});
export type PolymarketIngestRequest = z.output<typeof PolymarketIngestRequest>;

/** `ingest polymarket --json`: the report, and the runs `--run-backtest` chained after it. */
export const PolymarketIngestCliReport = PolymarketIngestReport.extend({
  pipeline_run_id: z.string().nullable(),
  backtest: z.object({ run_id: z.string(), scores: z.object({ market: Score, smartcrowd: Score, blend: Score }) }).nullable(),
});

/** `ingest polymarket-files --json`: recorded API responses loaded with the live mapping. */
export const PolymarketFilesReport = z.object({
  markets: z.object({ read: num, inserted: num, updated: num }),
  outcomes: z.object({ inserted: num }),
  trades: z.object({ read: num, inserted: num, duplicates: num }),
  skipped: z.array(z.object({ file: z.string(), index: num, reason: z.string() })),
});
