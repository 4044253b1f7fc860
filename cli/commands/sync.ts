import type { Command } from 'commander';
import { openDatabase } from '../../store/db.ts';
import { runSyncWorker } from '../../ingest/sync.ts';
import { UsageError } from '../errors.ts';
import { log, readParams, withDb, withParams } from '../common.ts';
import { polymarketIngestOptions, withPolymarketOptions, type PolymarketCliOptions } from '../polymarketOptions.ts';

/** `smartcrowd sync`: the periodic worker (ingest → pipeline → backtest every K cycles) holding an exclusive lock. */
export function registerSync(program: Command): void {
  withParams(
    withDb(
      withPolymarketOptions(
        program
          .command('sync')
          .description('periodic sync worker: Polymarket ingest → pipeline (→ backtest every K cycles); one worker per database (exclusive lock); SIGINT/SIGTERM stop it cleanly')
          .requiredOption('--interval-seconds <n>', 'pause between cycles, seconds')
          .requiredOption('--run-backtest-every-cycles <k>', 'run a backtest every K cycles (0 = never)')
          .option('--cycles <c>', 'stop after C cycles (default: until stopped)'),
      ),
    ),
  ).action(async (opts: PolymarketCliOptions & { db: string; params?: string; intervalSeconds: string; runBacktestEveryCycles: string; cycles?: string }) => {
    const interval = Number(opts.intervalSeconds);
    const every = Number(opts.runBacktestEveryCycles);
    const cycles = opts.cycles === undefined ? undefined : Number(opts.cycles);
    if (!(interval >= 0)) throw new UsageError(`--interval-seconds must be a number ≥ 0, got "${opts.intervalSeconds}"`);
    if (!Number.isInteger(every) || every < 0) throw new UsageError(`--run-backtest-every-cycles must be an integer ≥ 0, got "${opts.runBacktestEveryCycles}"`);
    if (cycles !== undefined && (!Number.isInteger(cycles) || cycles < 1)) throw new UsageError(`--cycles must be a positive integer, got "${opts.cycles}"`);
    const params = readParams(opts.params);
    const ingest = polymarketIngestOptions(opts);
    const db = openDatabase(opts.db);
    const ac = new AbortController();
    const stop = (sig: string) => () => {
      log(`sync: ${sig} received, stopping after the current transaction`);
      ac.abort(new Error(sig));
    };
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
    try {
      const r = await runSyncWorker(db, { params, intervalSeconds: interval, runBacktestEveryCycles: every, cycles, ingest: { ...ingest, onProgress: () => {} }, signal: ac.signal, log });
      log(`sync: ${r.cycles} cycle(s), ${r.failed} failed${r.stoppedBySignal ? ', stopped by signal' : ''}`);
    } finally {
      db.close();
    }
  });
}
