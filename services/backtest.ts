import type { Database } from 'better-sqlite3';
import { paramsHash, type EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { walkForward } from '../engine/backtest.ts';
import { summarizeBacktest } from '../engine/backtestReport.ts';
import { compareParams, type Comparison } from '../engine/compare.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { IsoInstant } from '../domain/instant.ts';
import { BacktestReport, BacktestRow } from '../contracts/backtest.ts';
import type { PageQuery } from '../contracts/paging.ts';
import { loadTapeWithMarkouts } from './markoutsInParallel.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { BacktestsRepo } from '../store/backtestsRepo.ts';
import { upgradeStoredReport } from '../store/upgradeStoredDocuments.ts';

export type { BacktestReport } from '../contracts/backtest.ts';

/** Raised when there is nothing to backtest (no resolved market with a price before its cutoff): HTTP 422, exit 1. */
export class NothingToBacktestError extends DomainError {
  override readonly name = 'NothingToBacktestError';
  constructor(message: string) {
    super('SC_NOTHING_TO_BACKTEST', message);
  }
}

/**
 * Runs the walk-forward backtest on the store's data, stores `market_backtests` rows and a
 * `backtest_reports` document (the report as JSON, with the params hash), and records the run in
 * `pipeline_runs`; the report's run_id is that run's id.
 * @returns the report (contracts/backtest.ts; instants epoch ms).
 * @throws NothingToBacktestError when no resolved market has a price before its cutoff.
 */
export async function runBacktest(
  db: Database,
  opts: { params: EngineParams; onProgress?: (fraction: number, message: string) => void; tape?: Tape; now?: () => number },
): Promise<BacktestReport> {
  const now = opts.now ?? Date.now;
  const runs = new RunsRepo(db, now);
  const summaryHash = paramsHash(opts.params);
  return runs.track(
    'backtest',
    async (runId, say) => {
      say(0.01, 'loading trade tape');
      const { tape, markouts } = await loadTapeWithMarkouts(db, opts.params, opts.tape);
      const res = walkForward(tape, opts.params, { onProgress: (f, m) => say(0.05 + 0.85 * f, m), markouts });
      if (res.rows.length === 0) {
        throw new NothingToBacktestError(
          res.n_resolved === 0
            ? 'nothing to backtest: the database has no resolved markets (ingest outcomes first)'
            : `nothing to backtest: none of the ${res.n_resolved} resolved markets has a trade before its cutoff`,
        );
      }
      say(0.92, 'scoring');
      const summary = summarizeBacktest(res, opts.params);
      // One instant for the report and its stored row: the list and the report agree.
      const created = now();
      // The stored document: the report as JSON (contracts/backtest.ts), in the key order it has always been stored in.
      const document = { run_id: runId, created_at: IsoInstant.decode(created), ...summary, rows: res.rows.map((r) => BacktestRow.decode(r)) };
      new BacktestsRepo(db).save(
        { run_id: runId, params_hash: summary.params_hash, created_at: created, cutoff_hours: summary.cutoff_hours, n_markets: summary.n_markets, summary_json: JSON.stringify(document) },
        res.rows.map((r, i) => ({ ...r, row_json: JSON.stringify(document.rows[i]) })),
      );
      say(1, 'stored');
      return BacktestReport.encode(document);
    },
    { paramsHash: summaryHash, params: opts.params, counts: (r) => ({ n_markets: r.n_markets, n_skipped_no_price: r.n_skipped_no_price, n_smartcrowd_null: r.n_smartcrowd_null }), onProgress: opts.onProgress },
  );
}

/**
 * A stored report by run id.
 * @throws NotFoundError for an unknown run.
 */
export function storedBacktest(db: Database, runId: string): BacktestReport {
  const row = new BacktestsRepo(db).get(runId);
  if (!row) throw new NotFoundError(`unknown backtest run ${runId}`);
  return BacktestReport.encode(upgradeStoredReport(JSON.parse(row.summary_json)) as Parameters<typeof BacktestReport.encode>[0]);
}

/** The most recent stored reports (summaries, newest first), a page of them with the total. */
export function listBacktests(db: Database, page: PageQuery = { limit: 20, offset: 0 }) {
  const repo = new BacktestsRepo(db);
  return { items: repo.list(page.limit, page.offset), total: repo.count(), limit: page.limit, offset: page.offset };
}

/** Two parameter sets backtested on the same data, with their paired differences (nothing stored). */
export function compareParamSets(tape: Tape, a: EngineParams, b: EngineParams): Comparison {
  return compareParams(tape, a, b);
}
