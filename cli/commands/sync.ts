import type { Command } from 'commander';
import { SyncOptions } from '../../contracts/options/sync.ts';
import { runSyncWorker, SyncFailedError } from '../../services/sync.ts';
import { openStore } from '../../services/database.ts';
import { logger } from '../../services/logger.ts';
import { readParams, withDb, withParams } from '../common.ts';
import { numeric, parseOptions } from '../options.ts';
import { polymarketIngestOptions, withPolymarketOptions, type PolymarketCliOptions } from '../polymarketOptions.ts';

/** The schedule's defaults (contracts/options/sync.ts), shown in --help. */
const D = SyncOptions.parse({});

/** `smartcrowd sync`: the periodic worker (ingest → pipeline → backtest every K cycles) holding an exclusive lock. */
export function registerSync(program: Command): void {
  withParams(
    withDb(
      withPolymarketOptions(
        program
          .command('sync')
          .description(
            'periodic sync worker: Polymarket ingest → pipeline as of the newest trade (→ backtest every K cycles); one worker per database (exclusive lock); ' +
              'SIGINT/SIGTERM stop it cleanly; exits 1 when its last cycle failed',
          )
          .option('--interval-seconds <n>', `pause between cycles, seconds (env SMARTCROWD_SYNC_INTERVAL_SECONDS; default ${D.intervalSeconds})`)
          .option('--run-backtest-every-cycles <k>', `run a backtest every K cycles, 0 = never (env SMARTCROWD_SYNC_BACKTEST_EVERY; default ${D.runBacktestEveryCycles})`)
          .option('--cycles <c>', 'stop after C cycles (default: until stopped)'),
      ),
    ),
  ).action(async (opts: PolymarketCliOptions & { db: string; params?: string; intervalSeconds?: string; runBacktestEveryCycles?: string; cycles?: string }) => {
    const env = process.env;
    const given = {
      intervalSeconds: opts.intervalSeconds ?? (env.SMARTCROWD_SYNC_INTERVAL_SECONDS || undefined),
      runBacktestEveryCycles: opts.runBacktestEveryCycles ?? (env.SMARTCROWD_SYNC_BACKTEST_EVERY || undefined),
      cycles: opts.cycles,
    };
    const schedule = parseOptions(
      SyncOptions,
      { intervalSeconds: numeric(given.intervalSeconds), runBacktestEveryCycles: numeric(given.runBacktestEveryCycles), cycles: numeric(given.cycles) },
      {},
      given,
    );
    const params = readParams(opts.params);
    const ingest = polymarketIngestOptions(opts);
    const log = logger().child({ worker: 'sync' });
    const db = openStore(opts.db);
    const ac = new AbortController();
    const stop = (sig: string) => () => {
      log.info({ signal: sig }, `sync: ${sig} received, stopping after the current transaction`);
      ac.abort(new Error(sig));
    };
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
    try {
      const r = await runSyncWorker(db, {
        ...schedule,
        params,
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
