import type { Command } from 'commander';
import { withDb } from '../common.ts';

/** `smartcrowd ingest polymarket` — not implemented yet. */
export function registerIngestPolymarket(ingest: Command): void {
  withDb(ingest.command('polymarket').description('polymarket ingestion (not implemented yet)')).action(() => {
    throw new Error('ingest polymarket is not implemented yet');
  });
}
