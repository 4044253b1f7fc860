import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { WorldTruth } from '../../datasets/generator/worldTypes.ts';

export type CsvRecord = Record<string, string>;

/** The header and records of a CSV file, parsed per RFC 4180 (as the ingester will). */
export function readCsv(path: string): { header: string[]; rows: CsvRecord[] } {
  const text = readFileSync(path, 'utf8');
  const header = parse(text, { to_line: 1 })[0] as string[];
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as CsvRecord[];
  return { header, rows };
}

/** markets/trades/outcomes CSVs and truth.json of a world directory. */
export function readWorldDir(dir: string) {
  return {
    markets: readCsv(join(dir, 'markets.csv')),
    trades: readCsv(join(dir, 'trades.csv')),
    outcomes: readCsv(join(dir, 'outcomes.csv')),
    truth: JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as WorldTruth,
  };
}

/** SHA-256 of a file's bytes, hex. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
