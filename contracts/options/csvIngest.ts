import { z } from 'zod';
import { filePath, positiveInt } from './fields.ts';

/** Rows per transaction by default: big enough to amortise each commit, small enough to lose little to a kill. */
export const DEFAULT_BATCH_SIZE = 100_000;

/** Which CSV files one ingestion reads (any subset of the three, at least one). */
export const CsvIngestOptions = z
  .strictObject({
    markets: filePath().optional(),
    trades: filePath().optional(),
    outcomes: filePath().optional(),
    /** Kept rows per transaction; default: the ingester's (ingest/csv.ts). */
    batchSize: positiveInt().max(10_000_000).optional(),
  })
  .refine((o) => o.markets || o.trades || o.outcomes, { message: 'give at least one of the markets, trades and outcomes files' });
export type CsvIngestOptions = z.output<typeof CsvIngestOptions>;
