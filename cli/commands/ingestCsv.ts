import type { Command } from 'commander';
import { openDatabase } from '../../store/db.ts';
import { DEFAULT_BATCH_SIZE, ingestCsv } from '../../ingest/csv.ts';
import { progressReporter } from '../progress.ts';
import { UsageError } from '../errors.ts';
import { requireRegularFile } from '../../services/datasetsPath.ts';
import { log, printJson, withDb } from '../common.ts';

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
    const batchSize = Number(opts.batchSize ?? DEFAULT_BATCH_SIZE);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch-size must be a positive integer, got "${opts.batchSize}"`);
    for (const [flag, file] of [['--markets', opts.markets], ['--trades', opts.trades], ['--outcomes', opts.outcomes]] as const) {
      if (file) requireRegularFile(file, `${flag} ${file}`, flag);
    }
    const db = openDatabase(opts.db);
    try {
      const progress = progressReporter({ label: 'ingest', quiet: opts.json, log });
      const report = await ingestCsv(
        db,
        { markets: opts.markets, trades: opts.trades, outcomes: opts.outcomes },
        { batchSize, onProgress: ({ file, rows, bytes, totalBytes }) => progress.update({ note: file, done: rows, unit: 'rows', fraction: totalBytes > 0 ? bytes / totalBytes : 1 }) },
      );
      progress.finish();
      if (opts.json) {
        printJson(report);
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
