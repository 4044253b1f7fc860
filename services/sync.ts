import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import { DomainError } from '../domain/errors.ts';
import { isoOf } from '../domain/instant.ts';
import { SyncOptions, type SyncOptionsInput } from '../contracts/options/sync.ts';
import { LocksRepo, type LockRow } from '../store/locksRepo.ts';
import { processAlive, RunsRepo } from '../store/runsRepo.ts';
import type { PolymarketIngestOptions } from '../ingest/polymarket/index.ts';
import { ingestLive } from './liveIngest.ts';

export const SYNC_LOCK = 'sync';

/** Another worker holds the database's sync lock: exit 1 (HTTP 409). */
export class LockHeldError extends DomainError {
  override readonly name = 'LockHeldError';
  constructor(readonly holder: LockRow) {
    super('SC_LOCK_HELD', `another sync worker (${holder.holder}, since ${isoOf(holder.acquired_at)}, last heartbeat ${isoOf(holder.heartbeat_at)}) holds the lock on this database`);
  }
}

/** The sync worker's last cycle failed: exit 1 with its error. */
export class SyncFailedError extends DomainError {
  override readonly name = 'SyncFailedError';
  constructor(message: string) {
    super('SC_SYNC_FAILED', message);
  }
}

/** The worker's schedule (contracts/options/sync.ts, defaults there) and its plumbing. */
export type SyncWorkerOptions = SyncOptionsInput & {
  params: EngineParams;
  /** Live ingestion options of every cycle (contracts/options/polymarket.ts). */
  ingest: Omit<PolymarketIngestOptions, 'params' | 'signal'>;
  /** Abort to stop after the current transaction. */
  signal?: AbortSignal;
  /** A lock not refreshed for this long is stale and may be taken over. Default: 3 intervals + 60 s. */
  lockTtlMs?: number;
  /** One line per cycle (and per failure or skipped step). */
  log?: (message: string) => void;
  now?: () => number;
};

export interface SyncResult {
  cycles: number;
  failed: number;
  stoppedBySignal: boolean;
  /** The error of the last cycle when it failed, else null (the CLI exits non-zero on it). */
  lastError: string | null;
}

/**
 * The periodic sync worker: holds an exclusive lock on the database (a second worker is refused
 * with LockHeldError; a lock whose holder died or stopped heart-beating is taken over), and each
 * cycle runs ingest → pipeline as of the newest trade (→ backtest every K cycles), recorded as a
 * 'sync-cycle' run. A step the store is not ready for (no trades yet, nothing to backtest) is
 * skipped with a line in the log; a failed cycle is logged and recorded, and the worker goes on.
 * Aborting `signal` (SIGINT/SIGTERM in the CLI) stops it after the current transaction; the lock
 * is released on the way out.
 * @throws LockHeldError; ZodError (bad input) for a schedule out of range.
 */
export async function runSyncWorker(db: Database, opts: SyncWorkerOptions): Promise<SyncResult> {
  const { intervalSeconds, runBacktestEveryCycles, cycles } = SyncOptions.parse({
    intervalSeconds: opts.intervalSeconds, runBacktestEveryCycles: opts.runBacktestEveryCycles, cycles: opts.cycles,
  });
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const me = { pid: process.pid, host: hostname() };
  const ttl = opts.lockTtlMs ?? intervalSeconds * 3000 + 60_000;
  const locks = new LocksRepo(db);
  const held = locks.acquire(SYNC_LOCK, me, now(), (row) => now() - row.heartbeat_at > ttl || (row.host === me.host && !processAlive(row.pid)));
  if (held) throw new LockHeldError(held);
  const runs = new RunsRepo(db, now);
  const result: SyncResult = { cycles: 0, failed: 0, stoppedBySignal: false, lastError: null };
  try {
    for (let cycle = 1; cycles === undefined || cycle <= cycles; cycle++) {
      if (opts.signal?.aborted) break;
      locks.heartbeat(SYNC_LOCK, me, now());
      const backtest = runBacktestEveryCycles > 0 && cycle % runBacktestEveryCycles === 0;
      try {
        await runs.track('sync-cycle', async (_id, progress) => {
          progress(0.05, 'ingest');
          const r = await ingestLive(db, {
            ingest: { ...opts.ingest, params: opts.params, signal: opts.signal },
            onIngested: () => locks.heartbeat(SYNC_LOCK, me, now()),
            refresh: { backtest, notReady: 'skip', now, onStep: (step) => progress(step === 'pipeline' ? 0.6 : 0.8, step) },
          });
          for (const s of r.skipped) log(`sync cycle ${cycle}: ${s}`);
          const ing = r.ingest;
          const partial = ing.complete ? '' : `; ingest INCOMPLETE for ${ing.incomplete_markets.length} market(s)${ing.listing_problems.length ? ` (${ing.listing_problems.join('; ')})` : ''}, their checkpoints held`;
          log(`sync cycle ${cycle}: ${ing.trades.inserted} new trades, ${ing.outcomes.inserted} new outcomes, ${r.pipeline?.counts.snapshots ?? 0} snapshots${r.backtest ? `, backtest ${r.backtest.run_id}` : ''}${partial}`);
          return { ingest_run: ing.run_id, pipeline_run: r.pipeline?.run_id ?? null, backtest_run: r.backtest?.run_id ?? null, trades_inserted: ing.trades.inserted, ingest_complete: ing.complete };
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
      if (cycles !== undefined && cycle >= cycles) break;
      await sleep(intervalSeconds * 1000, opts.signal);
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
