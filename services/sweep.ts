import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { runSweep, type SweepResult } from '../engine/sweep.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';

/**
 * Backtests many parameter sets on the store's data (tape loaded once), recording the sweep as a
 * run whose progress moves with each set. Nothing else is stored.
 */
export async function sweepBacktests(
  db: Database,
  paramSets: readonly EngineParams[],
  opts: { tape?: Tape; onProgress?: (done: number, total: number) => void; now?: () => number } = {},
): Promise<{ run_id: string; results: SweepResult[] }> {
  const runs = new RunsRepo(db, opts.now);
  let id = '';
  const results = await runs.track(
    'sweep',
    (runId, progress) => {
      id = runId;
      const tape = opts.tape ?? loadTape(db);
      return runSweep(tape, paramSets, {
        onProgress: (d, t) => {
          progress(d / t, `${d}/${t} parameter sets`);
          opts.onProgress?.(d, t);
        },
      });
    },
    { counts: (r) => ({ parameter_sets: r.length }) },
  );
  return { run_id: id, results };
}
