import type { Database } from 'better-sqlite3';
import type { EngineParams, EngineParamsInput } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { gridParams, runSweep, type ParamGrid, type SweepResult } from '../engine/sweep.ts';
import { BadInputError } from '../domain/errors.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { runSweepPool } from './sweepPool.ts';

/** Most parameter sets in one sweep (grid combinations plus listed sets). */
export const MAX_SWEEP_SETS = 1000;
/** Most candidate values for one key of a grid. */
export const MAX_GRID_VALUES = 50;

/** The number of parameter sets a grid expands to (the product of its value counts), computed without expanding it. */
export function gridSize(grid: Readonly<Record<string, readonly unknown[] | undefined>>): number {
  let n = 1;
  for (const values of Object.values(grid)) if (values && values.length > 0) n *= values.length;
  return n;
}

/**
 * The parameter sets of a sweep: every combination of `grid` over `base`, then `sets`. The size is
 * checked before anything is expanded.
 * @throws BadInputError when the sweep would exceed MAX_SWEEP_SETS; InvalidParamsError for a bad key or value.
 */
export function sweepSets(base: EngineParamsInput, grid: ParamGrid | undefined, sets: readonly EngineParams[] = []): EngineParams[] {
  const n = (grid ? gridSize(grid as Record<string, unknown[]>) : 0) + sets.length;
  if (n > MAX_SWEEP_SETS) {
    throw new BadInputError(`the sweep has ${n} parameter sets; the limit is ${MAX_SWEEP_SETS} (narrow the grid)`, [{ path: 'grid', message: `${n} combinations; at most ${MAX_SWEEP_SETS}` }]);
  }
  if (n === 0) throw new BadInputError('give a grid or a list of parameter sets', [{ path: 'grid', message: 'required' }]);
  return [...(grid ? gridParams(base, grid) : []), ...sets];
}

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
