import type { Database } from 'better-sqlite3';
import { paramsHash, type EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { walkForward, type BacktestRow } from '../engine/backtest.ts';
import { summarizeBacktest, type BacktestSummary } from '../engine/backtestReport.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { BacktestsRepo } from '../store/backtestsRepo.ts';
import { isoOf } from '../domain/instant.ts';

/** A report row as JSON: CONTRACTS.md §2 fields (cutoff_ts as ISO 8601) plus more. */
export interface BacktestJsonRow {
  market_id: string;
  cutoff_ts: string;
  outcome: 0 | 1;
  market_prob: number;
  smartcrowd_prob: number | null;
  blend_prob: number | null;
  confidence: number;
  integrity_risk: number;
  n_wallets: number;
  category: string;
  divergence: number | null;
  blend_k: number;
  /** 'evidence' aggregator: D, G and the scales [κ_d, κ_g] of this row (null for 'weighted-mean'). */
  evidence_direction: number | null;
  evidence_price_gap: number | null;
  evidence_scales: [number, number] | null;
}

/** The stored and printed report: CONTRACTS.md §2 `backtest --json` and more. */
export type BacktestReport = { run_id: string; created_at: string } & BacktestSummary & { rows: BacktestJsonRow[] };

/** Raised when there is nothing to backtest (no resolved market with a price before its cutoff): HTTP 422. */
export class NothingToBacktestError extends Error {
  override readonly name = 'NothingToBacktestError';
  readonly code = 'SC_NOTHING_TO_BACKTEST';
}

export function jsonRow(r: BacktestRow): BacktestJsonRow {
  return {
    market_id: r.market_id,
    cutoff_ts: new Date(r.cutoff_ts).toISOString(),
    outcome: r.outcome,
    market_prob: r.market_prob,
    smartcrowd_prob: r.smartcrowd_prob,
    blend_prob: r.blend_prob,
    confidence: r.confidence,
    integrity_risk: r.integrity_risk,
    n_wallets: r.n_wallets,
    category: r.category,
    divergence: r.divergence,
    blend_k: r.blend_k,
    evidence_direction: r.evidence_direction,
    evidence_price_gap: r.evidence_price_gap,
    evidence_scales: r.evidence_scales,
  };
}

/**
 * Runs the walk-forward backtest on the store's data, stores `market_backtests` rows and a
 * `backtest_reports` summary (with the params hash), and records the run in `pipeline_runs`;
 * the report's run_id is that run's id.
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
    async (runId, progress) => {
      const say = (f: number, m: string) => {
        progress(f, m);
        opts.onProgress?.(f, m);
      };
      say(0.01, 'loading trade tape');
      const tape = opts.tape ?? loadTape(db);
      const res = walkForward(tape, opts.params, { onProgress: (f, m) => say(0.05 + 0.85 * f, m) });
      if (res.rows.length === 0) {
        throw new NothingToBacktestError(
          res.n_resolved === 0
            ? 'nothing to backtest: the database has no resolved markets (ingest outcomes first)'
            : `nothing to backtest: none of the ${res.n_resolved} resolved markets has a trade before its cutoff`,
        );
      }
      say(0.92, 'scoring');
      const summary = summarizeBacktest(res, opts.params);
      const rows = res.rows.map(jsonRow);
      // One instant for the report and its stored row: the list and the report agree.
      const created = now();
      const report: BacktestReport = { run_id: runId, created_at: isoOf(created), ...summary, rows };
      new BacktestsRepo(db).save(
        { run_id: runId, params_hash: summary.params_hash, created_at: created, cutoff_hours: summary.cutoff_hours, n_markets: summary.n_markets, summary_json: JSON.stringify(report) },
        res.rows.map((r, i) => ({ ...r, row_json: JSON.stringify(rows[i]) })),
      );
      say(1, 'stored');
      return report;
    },
    { paramsHash: summaryHash, params: opts.params, counts: (r) => ({ n_markets: r.n_markets, n_skipped_no_price: r.n_skipped_no_price, n_smartcrowd_null: r.n_smartcrowd_null }) },
  );
}

/** A stored report by run id, or undefined. */
export function getBacktest(db: Database, runId: string): BacktestReport | undefined {
  const row = new BacktestsRepo(db).get(runId);
  return row ? (JSON.parse(row.summary_json) as BacktestReport) : undefined;
}

/** The most recent stored reports (summaries, newest first), a page of them with the total. */
export function listBacktests(db: Database, page: { limit: number; offset: number } = { limit: 20, offset: 0 }) {
  const repo = new BacktestsRepo(db);
  const items = repo.list(page.limit, page.offset).map((r) => ({ ...r, created_at: isoOf(r.created_at) }));
  return { items, total: repo.count(), limit: page.limit, offset: page.offset };
}
