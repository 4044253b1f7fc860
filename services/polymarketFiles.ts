import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import { BadInputError } from '../domain/errors.ts';
import { ingestPolymarketFiles, type FilesReport } from '../ingest/polymarket/index.ts';
import { requireRegularFile } from './datasetsPath.ts';

/**
 * Loads recorded Polymarket API responses (Gamma `/markets` and Data API `/trades` JSON arrays,
 * e.g. `datasets/polymarket/`) with the live mapping, in one transaction.
 * @throws BadInputError for a file that is missing, not a regular file, or not JSON (nothing stored).
 */
export function loadPolymarketFiles(db: Database, files: { markets?: string[]; trades?: string[] }, params: EngineParams): FilesReport {
  for (const [label, list] of [['markets file', files.markets], ['trades file', files.trades]] as const) {
    for (const f of list ?? []) requireRegularFile(f, `${label} ${f}`, label);
  }
  try {
    return ingestPolymarketFiles(db, files, params);
  } catch (err) {
    if (err instanceof SyntaxError) throw new BadInputError(`a recorded response is not valid JSON: ${err.message}`);
    throw err;
  }
}
