import type { Database } from 'better-sqlite3';
import { parseParams, type EngineParams, type EngineParamsInput } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { gridParams, type ParamGrid } from '../engine/sweep.ts';
import { DEFAULT_TUNE_GRID, gridSize, MAX_TUNE_SETS, tune, TuneInputError, type TuneObjective, type TuneReport } from '../engine/tune.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';

export { TuneInputError } from '../engine/tune.ts';

/** A tune report as JSON: the engine's report with fold bounds as ISO 8601, plus the run that produced it. */
export type TuneJsonReport = Omit<TuneReport, 'folds'> & {
  run_id: string;
  /** The grid searched (every combination is a candidate) over `base`. */
  grid: TuneGrid;
  base: Partial<EngineParams>;
  folds: (Omit<TuneReport['folds'][number], 'test_from' | 'test_to'> & { test_from: string; test_to: string })[];
};

/** Values per parameter key (numbers, enum strings, booleans, or arrays for array-valued keys). */
export type TuneGrid = Record<string, (number | string | boolean | number[])[]>;

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
export async function runTune(db: Database, opts: TuneOptions = {}): Promise<TuneJsonReport> {
  const grid = (opts.grid ?? DEFAULT_TUNE_GRID) as TuneGrid;
  const n = gridSize(grid);
  if (n > MAX_TUNE_SETS) throw new TuneInputError(`the grid expands to ${n} parameter sets; at most ${MAX_TUNE_SETS} are allowed`);
  const base = parseParams(opts.base ?? {});
  const candidates = gridParams(opts.base ?? {}, grid as ParamGrid);
  const runs = new RunsRepo(db, opts.now);
  return runs.track(
    'tune',
    async (runId, progress) => {
      const say = (f: number, m: string) => {
        progress(f, m);
        opts.onProgress?.(f, m);
      };
      say(0.01, 'loading trade tape');
      const tape = opts.tape ?? loadTape(db);
      const report = tune(tape, candidates, { folds: opts.folds ?? 4, objective: opts.objective ?? 'blend', onProgress: (f, m) => say(0.05 + 0.9 * f, m) });
      const iso = (t: number) => new Date(t).toISOString();
      return {
        run_id: runId,
        grid,
        base: Object.fromEntries(Object.entries(opts.base ?? {})) as Partial<EngineParams>,
        ...report,
        folds: report.folds.map((f) => ({ ...f, test_from: iso(f.test_from), test_to: iso(f.test_to) })),
      };
    },
    { params: base, counts: (r) => ({ candidates: r.n_candidates, folds: r.folds.length, n_markets: r.n_markets }) },
  );
}
