import type { Database } from 'better-sqlite3';
import { ingestCsv, type IngestCsvOptions, type IngestCsvReport } from '../ingest/csv.ts';
import type { CsvIngestOptions } from '../contracts/options/csvIngest.ts';
import { requireRegularFile, resolveUnderRoot } from './datasetsPath.ts';

type Kind = 'markets' | 'trades' | 'outcomes';
const KINDS: readonly Kind[] = ['markets', 'trades', 'outcomes'];

/**
 * CSV ingestion of files named by the operator (CLI `ingest csv`): each must be a regular file,
 * checked before anything is read; `shown` names each file's option in messages (`--trades x.csv`).
 * @throws BadInputError (SC_NOT_A_FILE) for a missing file, a directory, a FIFO or a device.
 */
export async function ingestCsvFiles(
  db: Database,
  opts: CsvIngestOptions & Pick<IngestCsvOptions, 'onProgress'> & { shown?: Partial<Record<Kind, string>> },
): Promise<IngestCsvReport> {
  for (const kind of KINDS) {
    const file = opts[kind];
    const label = opts.shown?.[kind] ?? kind;
    if (file) requireRegularFile(file, `${label} ${file}`, label);
  }
  return ingestCsv(db, { markets: opts.markets, trades: opts.trades, outcomes: opts.outcomes }, { batchSize: opts.batchSize, onProgress: opts.onProgress });
}

/**
 * CSV ingestion of files named by an API request (POST /ingest/csv), each relative to the
 * datasets root: a path resolving outside the root is refused before anything is read, and only
 * regular files are read.
 * @throws ForbiddenPathError (403) for a path outside the root; BadInputError (SC_NOT_A_FILE) for a non-file.
 */
export async function ingestCsvUnderRoot(
  db: Database,
  root: string,
  paths: { markets_path?: string; trades_path?: string; outcomes_path?: string },
): Promise<IngestCsvReport> {
  const at = (p: string | undefined, field: string) => (p ? resolveUnderRoot(root, p, field) : undefined);
  return ingestCsv(db, { markets: at(paths.markets_path, 'markets_path'), trades: at(paths.trades_path, 'trades_path'), outcomes: at(paths.outcomes_path, 'outcomes_path') });
}
