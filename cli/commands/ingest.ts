import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd ingest csv|polymarket` — not implemented yet. */
export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('load data into the store');
  withDb(ingest.command('csv').description('CSV ingestion (not implemented yet)')).action(() => {
    throw new Error('ingest csv is not implemented yet');
  });
  withDb(ingest.command('polymarket').description('live Polymarket ingestion (not implemented yet)')).action(() => {
    throw new Error('ingest polymarket is not implemented yet');
  });
}
