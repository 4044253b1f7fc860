import type { Database, Statement } from 'better-sqlite3';

export interface StoredBacktestRow {
  market_id: string;
  cutoff_ts: number;
  outcome: 0 | 1;
  market_prob: number;
  smartcrowd_prob: number | null;
  blend_prob: number | null;
  confidence: number;
  integrity_risk: number;
  n_wallets: number;
  row_json: string;
}

export interface BacktestReportRow {
  run_id: string;
  params_hash: string;
  created_at: number;
  cutoff_hours: number;
  n_markets: number;
  summary_json: string;
}

/** Repository of `backtest_reports` and their `market_backtests` rows. */
export class BacktestsRepo {
  private readonly insReport: Statement;
  private readonly insRow: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly countStmt: Statement;

  constructor(private readonly db: Database) {
    this.insReport = db.prepare(
      `INSERT INTO backtest_reports (run_id, params_hash, created_at, cutoff_hours, n_markets, summary_json) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insRow = db.prepare(
      `INSERT INTO market_backtests (run_id, market_id, params_hash, cutoff_ts, outcome, market_prob, smartcrowd_prob, blend_prob,
         confidence, integrity_risk, n_wallets, row_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare(`SELECT * FROM backtest_reports WHERE run_id = ?`);
    this.listStmt = db.prepare(
      `SELECT run_id, params_hash, created_at, cutoff_hours, n_markets FROM backtest_reports ORDER BY created_at DESC, run_id DESC LIMIT ? OFFSET ?`,
    );
    this.countStmt = db.prepare(`SELECT count(*) FROM backtest_reports`).pluck();
  }

  /** Stores a report and its rows in one transaction. */
  save(report: BacktestReportRow, rows: Iterable<StoredBacktestRow>): void {
    this.db.transaction(() => {
      this.insReport.run(report.run_id, report.params_hash, report.created_at, report.cutoff_hours, report.n_markets, report.summary_json);
      for (const r of rows) {
        this.insRow.run(
          report.run_id, r.market_id, report.params_hash, r.cutoff_ts, r.outcome, r.market_prob, r.smartcrowd_prob, r.blend_prob,
          r.confidence, r.integrity_risk, r.n_wallets, r.row_json,
        );
      }
    })();
  }

  get(runId: string): BacktestReportRow | undefined {
    return this.getStmt.get(runId) as BacktestReportRow | undefined;
  }

  /** The most recent reports (without their JSON), newest first. */
  list(limit: number, offset = 0): Omit<BacktestReportRow, 'summary_json'>[] {
    return this.listStmt.all(limit, offset) as Omit<BacktestReportRow, 'summary_json'>[];
  }

  count(): number {
    return this.countStmt.get() as number;
  }
}
