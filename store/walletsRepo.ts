import type { Database, Statement } from 'better-sqlite3';

export interface WalletMetricsRow {
  params_hash: string;
  as_of: number;
  wallet: string;
  category: string;
  horizon: string;
  n_resolved: number;
  brier: number | null;
  log_loss: number | null;
  calibration_error: number | null;
  edge: number | null;
  roi: number | null;
  avg_size: number | null;
  churn: number | null;
  persistence: number | null;
  specialization: number | null;
  timing_edge: number | null;
  skill: number | null;
  metrics_json: string | null;
}

export interface WalletWeightRow {
  params_hash: string;
  as_of: number;
  wallet: string;
  category: string;
  horizon: string;
  weight: number;
  uncertainty: number;
  n_resolved: number;
  detail_json: string | null;
}

/** Repository of the wallet aggregates: `wallet_metrics` and `wallet_weights`, keyed by (params_hash, as_of); the leaderboard is read in store/readModels.ts. */
export class WalletsRepo {
  private readonly delMetrics: Statement;
  private readonly delWeights: Statement;
  private readonly insMetrics: Statement;
  private readonly insWeights: Statement;

  constructor(private readonly db: Database) {
    this.delMetrics = db.prepare(`DELETE FROM wallet_metrics WHERE params_hash = ? AND as_of = ?`);
    this.delWeights = db.prepare(`DELETE FROM wallet_weights WHERE params_hash = ? AND as_of = ?`);
    this.insMetrics = db.prepare(
      `INSERT INTO wallet_metrics (params_hash, as_of, wallet, category, horizon, n_resolved, brier, log_loss, calibration_error, edge, roi,
         avg_size, churn, persistence, specialization, timing_edge, skill, metrics_json)
       VALUES (@params_hash, @as_of, @wallet, @category, @horizon, @n_resolved, @brier, @log_loss, @calibration_error, @edge, @roi,
         @avg_size, @churn, @persistence, @specialization, @timing_edge, @skill, @metrics_json)`,
    );
    this.insWeights = db.prepare(
      `INSERT INTO wallet_weights (params_hash, as_of, wallet, category, horizon, weight, uncertainty, n_resolved, detail_json)
       VALUES (@params_hash, @as_of, @wallet, @category, @horizon, @weight, @uncertainty, @n_resolved, @detail_json)`,
    );
  }

  /** Replaces all metrics of (paramsHash, asOf) in one transaction. */
  replaceMetrics(paramsHash: string, asOf: number, rows: Iterable<WalletMetricsRow>): number {
    return this.replace(this.delMetrics, this.insMetrics, paramsHash, asOf, rows);
  }

  /** Replaces all weights of (paramsHash, asOf) in one transaction. */
  replaceWeights(paramsHash: string, asOf: number, rows: Iterable<WalletWeightRow>): number {
    return this.replace(this.delWeights, this.insWeights, paramsHash, asOf, rows);
  }

  private replace(del: Statement, ins: Statement, paramsHash: string, asOf: number, rows: Iterable<object>): number {
    return this.db.transaction(() => {
      del.run(paramsHash, asOf);
      let n = 0;
      for (const r of rows) {
        ins.run(r);
        n++;
      }
      return n;
    })();
  }
}
