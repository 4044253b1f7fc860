import type { Database } from 'better-sqlite3';
import { parseParams, type EngineParams, type EngineParamsInput } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { gridParams, type ParamGrid } from '../engine/sweep.ts';
import { DEFAULT_TUNE_GRID, gridSize, MAX_TUNE_SETS, tune, TuneInputError, type TuneObjective } from '../engine/tune.ts';
import type { TuneGrid, TuneReport } from '../contracts/tune.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';

export { TuneInputError, DEFAULT_TUNE_GRID } from '../engine/tune.ts';
export type { TuneGrid, TuneReport } from '../contracts/tune.ts';

export interface TuneOptions {
  /** Overrides every candidate shares. */
  base?: EngineParamsInput;
  /** Values per parameter key; every combination is a candidate (DEFAULT_TUNE_GRID when absent). */
  grid?: TuneGrid;
  folds?: number;
  objective?: TuneObjective;
  tape?: Tape;
  onProgress?: (fraction: number, message: string) => void;
  now?: () => number;
}

/**
 * Nested walk-forward tuning on the store's data (engine/tune.ts), recorded as a `tune` run. The grid
 * is sized before it is expanded (at most MAX_TUNE_SETS sets) and every set is validated by the engine
 * schema. Nothing but the run record is stored.
 * @throws TuneInputError for an oversized grid or data too short for the folds; InvalidParamsError for bad keys or values.
 */
export async function runTune(db: Database, opts: TuneOptions = {}): Promise<TuneReport> {
  const grid = (opts.grid ?? DEFAULT_TUNE_GRID) as TuneGrid;
  const n = gridSize(grid);
  if (n > MAX_TUNE_SETS) throw new TuneInputError(`the grid expands to ${n} parameter sets; at most ${MAX_TUNE_SETS} are allowed`);
  const base = parseParams(opts.base ?? {});
  const candidates = gridParams(opts.base ?? {}, grid as ParamGrid);
  const runs = new RunsRepo(db, opts.now);
  return runs.track(
    'tune',
    async (runId, say) => {
      say(0.01, 'loading trade tape');
      const tape = opts.tape ?? loadTape(db);
      const report = tune(tape, candidates, { folds: opts.folds ?? 4, objective: opts.objective ?? 'blend', onProgress: (f, m) => say(0.05 + 0.9 * f, m) });
      say(1, `${report.n_candidates} candidates, ${report.folds.length} folds scored`);
      return { run_id: runId, grid, base: Object.fromEntries(Object.entries(opts.base ?? {})) as Partial<EngineParams>, ...report };
    },
    { params: base, counts: (r) => ({ candidates: r.n_candidates, folds: r.folds.length, n_markets: r.n_markets }), onProgress: opts.onProgress },
  );
}
