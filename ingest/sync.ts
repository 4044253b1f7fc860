import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import { LocksRepo, type LockRow } from '../store/locksRepo.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { runPipeline } from '../services/pipeline.ts';
import { NothingToBacktestError, runBacktest } from '../services/backtest.ts';
import { ingestPolymarket, type PolymarketIngestOptions } from './polymarket/index.ts';

export const SYNC_LOCK = 'sync';

/** Another worker holds the database's sync lock. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
  readonly code = 'SC_LOCK_HELD';
  constructor(readonly holder: LockRow) {
    super(`another sync worker (${holder.holder}, since ${new Date(holder.acquired_at).toISOString()}, last heartbeat ${new Date(holder.heartbeat_at).toISOString()}) holds the lock on this database`);
  }
}

export interface SyncOptions {
  params: EngineParams;
  /** Pause between cycles, seconds. */
  intervalSeconds: number;
  /** Run a backtest every K cycles (0 = never). */
  runBacktestEveryCycles: number;
  /** Stop after this many cycles (default: run until stopped). */
  cycles?: number;
  ingest: Omit<PolymarketIngestOptions, 'params' | 'signal'>;
  /** Abort to stop after the current transaction. */
  signal?: AbortSignal;
  /** A lock not refreshed for this long is stale and may be taken over. Default: 3 intervals + 60 s. */
  lockTtlMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

export interface SyncResult {
  cycles: number;
  failed: number;
  stoppedBySignal: boolean;
  /** The error of the last cycle when it failed, else null (the CLI exits non-zero on it). */
  lastError: string | null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The periodic sync worker: holds an exclusive lock on the database (a second worker is refused
 * with LockHeldError; a lock whose holder died or stopped heart-beating is taken over), and each
 * cycle runs ingest → pipeline (→ backtest every K cycles), recorded as a 'sync-cycle' run. A
 * failed cycle is logged and recorded, and the worker goes on. Aborting `signal` (SIGINT/SIGTERM in
 * the CLI) stops it after the current transaction; the lock is released on the way out.
 */
export async function runSyncWorker(db: Database, opts: SyncOptions): Promise<SyncResult> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const me = { pid: process.pid, host: hostname() };
  const ttl = opts.lockTtlMs ?? opts.intervalSeconds * 3000 + 60_000;
  const locks = new LocksRepo(db);
  const held = locks.acquire(SYNC_LOCK, me, now(), (row) => now() - row.heartbeat_at > ttl || (row.host === me.host && !processAlive(row.pid)));
  if (held) throw new LockHeldError(held);
  const runs = new RunsRepo(db, now);
  const result: SyncResult = { cycles: 0, failed: 0, stoppedBySignal: false, lastError: null };
  try {
    for (let cycle = 1; opts.cycles === undefined || cycle <= opts.cycles; cycle++) {
      if (opts.signal?.aborted) break;
      locks.heartbeat(SYNC_LOCK, me, now());
      const doBacktest = opts.runBacktestEveryCycles > 0 && cycle % opts.runBacktestEveryCycles === 0;
      try {
        await runs.track('sync-cycle', async (_id, progress) => {
          progress(0.05, 'ingest');
          const ing = await ingestPolymarket(db, { ...opts.ingest, params: opts.params, signal: opts.signal });
          locks.heartbeat(SYNC_LOCK, me, now());
          progress(0.6, 'pipeline');
          const pipe = await runPipeline(db, { params: opts.params, now });
          let backtest: string | null = null;
          if (doBacktest) {
            progress(0.8, 'backtest');
            try {
              backtest = (await runBacktest(db, { params: opts.params, now })).run_id;
            } catch (err) {
              if (!(err instanceof NothingToBacktestError)) throw err;
              log(`sync cycle ${cycle}: backtest skipped: ${err.message}`);
            }
          }
          const partial = ing.complete ? '' : `; ingest INCOMPLETE for ${ing.incomplete_markets.length} market(s)${ing.listing_problems.length ? ` (${ing.listing_problems.join('; ')})` : ''}, their checkpoints held`;
          log(`sync cycle ${cycle}: ${ing.trades.inserted} new trades, ${ing.outcomes.inserted} new outcomes, ${pipe.counts.snapshots} snapshots${backtest ? `, backtest ${backtest}` : ''}${partial}`);
          return { ingest_run: ing.run_id, pipeline_run: pipe.run_id, backtest_run: backtest, trades_inserted: ing.trades.inserted, ingest_complete: ing.complete };
        }, { counts: (r) => r });
        result.lastError = null;
      } catch (err) {
        if (opts.signal?.aborted) {
          result.stoppedBySignal = true;
          break;
        }
        result.failed++;
        result.lastError = (err as Error).message;
        log(`sync cycle ${cycle} failed: ${(err as Error).message}`);
      }
      result.cycles = cycle;
      if (opts.cycles !== undefined && cycle >= opts.cycles) break;
      await sleep(opts.intervalSeconds * 1000, opts.signal);
    }
    if (opts.signal?.aborted) result.stoppedBySignal = true;
    return result;
  } finally {
    locks.release(SYNC_LOCK, me);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
