import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import { PreconditionError } from '../domain/errors.ts';
import { newestTrade } from './asOf.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';
import { NothingToBacktestError, runBacktest, type BacktestReport } from './backtest.ts';

export interface RefreshOptions {
  params: EngineParams;
  /** Also run (and store) a walk-forward backtest after the pipeline. */
  backtest: boolean;
  /**
   * What happens to a step the store is not ready for (no trades yet: no pipeline; no resolved market
   * priced before its cutoff: no backtest): `fail` throws its error; `skip` names it in `skipped`.
   */
  notReady: 'fail' | 'skip';
  /** Each step as it starts. */
  onStep?: (step: 'pipeline' | 'backtest') => void;
  /** Progress inside a step (fraction of that step, message). */
  onProgress?: (step: 'pipeline' | 'backtest', fraction: number, message: string) => void;
  now?: () => number;
}

export interface RefreshResult {
  pipeline: PipelineResult | null;
  backtest: BacktestReport | null;
  /** Steps skipped and why (only with `notReady: 'skip'`). */
  skipped: string[];
}

/**
 * What follows new data: the pipeline as of the newest trade (the one as-of rule), then optionally a
 * walk-forward backtest, both with the same parameters — `ingest polymarket --run-backtest` and
 * every sync cycle.
 * @throws PreconditionError / NothingToBacktestError with `notReady: 'fail'` when the store is not ready for a step.
 */
export async function refreshDerived(db: Database, opts: RefreshOptions): Promise<RefreshResult> {
  const out: RefreshResult = { pipeline: null, backtest: null, skipped: [] };
  if (newestTrade(db) === null) {
    const err = new PreconditionError('the store has no trades yet: nothing to compute');
    if (opts.notReady === 'fail') throw err;
    out.skipped.push(`pipeline${opts.backtest ? ' and backtest' : ''} skipped: ${err.message}`);
    return out;
  }
  opts.onStep?.('pipeline');
  out.pipeline = await runPipeline(db, { params: opts.params, now: opts.now, onProgress: (f, m) => opts.onProgress?.('pipeline', f, m) });
  if (!opts.backtest) return out;
  opts.onStep?.('backtest');
  try {
    out.backtest = await runBacktest(db, { params: opts.params, now: opts.now, onProgress: (f, m) => opts.onProgress?.('backtest', f, m) });
  } catch (err) {
    if (!(err instanceof NothingToBacktestError) || opts.notReady === 'fail') throw err;
    out.skipped.push(`backtest skipped: ${err.message}`);
  }
  return out;
}
