import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { runSweep, type SweepResult } from '../engine/sweep.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { runSweepPool } from './sweepPool.ts';

/**
 * Backtests many parameter sets on the store's data, recording the sweep as a run whose progress
 * moves with each set. With `dbPath` (the database file) and several sets, the work runs on worker
 * threads (services/sweepPool.ts), leaving this thread free — a server keeps answering, including
 * `GET /ops/runs` showing the progress. Results are the same either way. Nothing else is stored.
 */
export async function sweepBacktests(
  db: Database,
  paramSets: readonly EngineParams[],
  opts: { tape?: Tape; dbPath?: string; threads?: number; onProgress?: (done: number, total: number) => void; now?: () => number } = {},
): Promise<{ run_id: string; results: SweepResult[] }> {
  const runs = new RunsRepo(db, opts.now);
  let id = '';
  const results = await runs.track(
    'sweep',
    async (runId, progress) => {
      id = runId;
      const onProgress = (d: number, t: number) => {
        progress(d / t, `${d}/${t} parameter sets`);
        opts.onProgress?.(d, t);
      };
      if (opts.dbPath && paramSets.length >= 4) return runSweepPool(opts.dbPath, paramSets, { threads: opts.threads, onProgress });
      return runSweep(opts.tape ?? loadTape(db), paramSets, { onProgress });
    },
    { counts: (r) => ({ parameter_sets: r.length }) },
  );
  return { run_id: id, results };
}
