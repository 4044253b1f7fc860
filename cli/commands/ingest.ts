import type { Command } from 'commander';
import { registerIngestCsv } from './ingestCsv.ts';
import { registerIngestPolymarket, registerIngestPolymarketFiles } from './ingestPolymarket.ts';

/** `smartcrowd ingest csv|polymarket`. */
export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('load data into the store');
  registerIngestCsv(ingest);
  registerIngestPolymarket(ingest);
  registerIngestPolymarketFiles(ingest);
}
