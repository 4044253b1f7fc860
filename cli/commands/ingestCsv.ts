import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd ingest csv` — not implemented yet. */
export function registerIngestCsv(ingest: Command): void {
  withDb(ingest.command('csv').description('csv ingestion (not implemented yet)')).action(() => {
    throw new Error('ingest csv is not implemented yet');
  });
}
