import type { Command } from 'commander';
import { CsvIngestOptions, DEFAULT_BATCH_SIZE } from '../../contracts/options/csvIngest.ts';
import { IngestCsvReport } from '../../contracts/ingest.ts';
import { ingestCsvFiles } from '../../services/csvIngest.ts';
import { openStore } from '../../services/database.ts';
import { progressReporter } from '../progress.ts';
import { log, printJson, withDb } from '../common.ts';
import { numeric, parseOptions } from '../options.ts';
import { UsageError } from '../errors.ts';

const FLAGS = { markets: '--markets', trades: '--trades', outcomes: '--outcomes', batchSize: '--batch-size' };

/** `smartcrowd ingest csv`: CONTRACTS.md §1 CSV ingestion of any subset of the three files. */
export function registerIngestCsv(ingest: Command): void {
  withDb(
    ingest
      .command('csv')
      .description('ingest markets, trades and outcomes CSV files (any subset); bad rows are reported and skipped, good rows kept')
      .option('--markets <file>', 'markets.csv: id, question, end_time, category, liquidity, resolution_source')
      .option('--trades <file>', 'trades.csv: market_id, wallet, ts, side, action, price, size [, external_id, aggressiveness, maker_taker]')
      .option('--outcomes <file>', 'outcomes.csv: market_id, resolved_outcome, resolution_time')
      .option('--batch-size <n>', `rows per transaction (default ${DEFAULT_BATCH_SIZE})`)
      .option('--json', 'print one JSON document (the report) on stdout'),
  ).action(async (opts: { db: string; markets?: string; trades?: string; outcomes?: string; batchSize?: string; json?: boolean }) => {
    if (!opts.markets && !opts.trades && !opts.outcomes) throw new UsageError('ingest csv needs at least one of --markets, --trades, --outcomes');
    const files = parseOptions(CsvIngestOptions, { markets: opts.markets, trades: opts.trades, outcomes: opts.outcomes, batchSize: numeric(opts.batchSize) }, FLAGS, { batchSize: opts.batchSize });
    const db = openStore(opts.db);
    try {
      const progress = progressReporter({ label: 'ingest', quiet: opts.json, log });
      const report = await ingestCsvFiles(db, {
        ...files,
        shown: { markets: '--markets', trades: '--trades', outcomes: '--outcomes' },
        onProgress: ({ file, rows, bytes, totalBytes }) => progress.update({ note: file, done: rows, unit: 'rows', fraction: totalBytes > 0 ? bytes / totalBytes : 1 }),
      });
      progress.finish();
      if (opts.json) {
        printJson(IngestCsvReport, report);
        return;
      }
      const r = report;
      process.stdout.write(
        `inserted ${r.inserted.markets} markets, ${r.inserted.trades} trades, ${r.inserted.outcomes} outcomes; ` +
          `updated ${r.updated.markets} markets, ${r.updated.outcomes} outcomes; ${r.duplicates} duplicate trades; ` +
          `${r.placeholders} placeholder markets; ${r.rejected_total} rows rejected\n`,
      );
      for (const x of r.rejected.slice(0, 20)) process.stdout.write(`  ${x.file} row ${x.row} ${x.column}: ${x.reason}\n`);
      if (r.rejected_total > 20) process.stdout.write(`  … ${r.rejected_total - 20} more (use --json for the list)\n`);
    } finally {
      db.close();
    }
  });
}
