import type { Command } from 'commander';
import { openDatabase } from '../../store/db.ts';
import { runSyncWorker } from '../../ingest/sync.ts';
import { DomainError } from '../../domain/errors.ts';
import { logger } from '../../services/logger.ts';
import { UsageError } from '../errors.ts';
import { readParams, withDb, withParams } from '../common.ts';
import { polymarketIngestOptions, withPolymarketOptions, type PolymarketCliOptions } from '../polymarketOptions.ts';

/** The sync worker's last cycle failed: exit 1 with its error. */
export class SyncFailedError extends DomainError {
  override readonly name = 'SyncFailedError';
  constructor(message: string) {
    super('SC_SYNC_FAILED', message);
  }
}

/** `smartcrowd sync`: the periodic worker (ingest → pipeline → backtest every K cycles) holding an exclusive lock. */
export function registerSync(program: Command): void {
  withParams(
    withDb(
      withPolymarketOptions(
        program
          .command('sync')
          .description(
            'periodic sync worker: Polymarket ingest → pipeline (→ backtest every K cycles); one worker per database (exclusive lock); ' +
              'SIGINT/SIGTERM stop it cleanly; exits 1 when its last cycle failed',
          )
          .option('--interval-seconds <n>', 'pause between cycles, seconds (env SMARTCROWD_SYNC_INTERVAL_SECONDS)', process.env.SMARTCROWD_SYNC_INTERVAL_SECONDS || '300')
          .option('--run-backtest-every-cycles <k>', 'run a backtest every K cycles, 0 = never (env SMARTCROWD_SYNC_BACKTEST_EVERY)', process.env.SMARTCROWD_SYNC_BACKTEST_EVERY || '0')
          .option('--cycles <c>', 'stop after C cycles (default: until stopped)'),
      ),
    ),
  ).action(async (opts: PolymarketCliOptions & { db: string; params?: string; intervalSeconds: string; runBacktestEveryCycles: string; cycles?: string }) => {
    const interval = Number(opts.intervalSeconds);
    const every = Number(opts.runBacktestEveryCycles);
    const cycles = opts.cycles === undefined ? undefined : Number(opts.cycles);
    if (!(interval >= 0) || !Number.isFinite(interval)) throw new UsageError(`--interval-seconds must be a number ≥ 0, got "${opts.intervalSeconds}"`);
    if (!Number.isInteger(every) || every < 0) throw new UsageError(`--run-backtest-every-cycles must be an integer ≥ 0, got "${opts.runBacktestEveryCycles}"`);
    if (cycles !== undefined && (!Number.isInteger(cycles) || cycles < 1)) throw new UsageError(`--cycles must be a positive integer, got "${opts.cycles}"`);
    const params = readParams(opts.params);
    const ingest = polymarketIngestOptions(opts);
    const log = logger().child({ worker: 'sync' });
    const db = openDatabase(opts.db);
    const ac = new AbortController();
    const stop = (sig: string) => () => {
      log.info({ signal: sig }, `sync: ${sig} received, stopping after the current transaction`);
      ac.abort(new Error(sig));
    };
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
    try {
      const r = await runSyncWorker(db, {
        params, intervalSeconds: interval, runBacktestEveryCycles: every, cycles,
        // Progress and notices of the ingest (retries with their reasons, back-offs) go to the log.
        ingest: { ...ingest, onProgress: (m: string) => log.info({ stage: 'ingest' }, m) },
        signal: ac.signal,
        log: (m: string) => (/ failed: /.test(m) ? log.error(m) : log.info(m)),
      });
      log.info({ cycles: r.cycles, failed: r.failed, stopped_by_signal: r.stoppedBySignal }, `sync: ${r.cycles} cycle(s), ${r.failed} failed${r.stoppedBySignal ? ', stopped by signal' : ''}`);
      if (r.lastError !== null) throw new SyncFailedError(`the last sync cycle failed (${r.failed} of ${r.cycles} failed): ${r.lastError}`);
    } finally {
      db.close();
    }
  });
}
