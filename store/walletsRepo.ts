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

const METRIC_COLUMNS = ['params_hash', 'as_of', 'wallet', 'category', 'horizon', 'n_resolved', 'brier', 'log_loss', 'calibration_error', 'edge', 'roi',
  'avg_size', 'churn', 'persistence', 'specialization', 'timing_edge', 'skill', 'metrics_json'] as const;
const WEIGHT_COLUMNS = ['params_hash', 'as_of', 'wallet', 'category', 'horizon', 'weight', 'uncertainty', 'n_resolved', 'detail_json'] as const;
/** Rows per multi-row INSERT of metrics and weights (a pipeline stores hundreds of thousands). */
export const WALLET_ROWS = 100;

/** A multi-row INSERT of `rows` rows into `table` (positional parameters; the text holds no data). */
function insertRows(db: Database, table: string, columns: readonly string[], rows: number): Statement {
  const group = `(${columns.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => group).join(', ')}`;
  return db.prepare(sql);
}

/** Repository of the wallet aggregates: `wallet_metrics` and `wallet_weights`, keyed by (params_hash, as_of); the leaderboard is read in store/readModels.ts. */
export class WalletsRepo {
  private readonly delMetrics: Statement;
  private readonly delWeights: Statement;
  private readonly insMetrics: Statement;
  private readonly insWeights: Statement;
  private manyMetrics: Statement | null = null;
  private manyWeights: Statement | null = null;

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
    this.manyMetrics ??= insertRows(this.db, 'wallet_metrics', METRIC_COLUMNS, WALLET_ROWS);
    return this.replace(this.delMetrics, this.insMetrics, this.manyMetrics, METRIC_COLUMNS, paramsHash, asOf, rows);
  }

  /** Replaces all weights of (paramsHash, asOf) in one transaction. */
  replaceWeights(paramsHash: string, asOf: number, rows: Iterable<WalletWeightRow>): number {
    this.manyWeights ??= insertRows(this.db, 'wallet_weights', WEIGHT_COLUMNS, WALLET_ROWS);
    return this.replace(this.delWeights, this.insWeights, this.manyWeights, WEIGHT_COLUMNS, paramsHash, asOf, rows);
  }

  /** Deletes the (paramsHash, asOf) rows and inserts `rows`, WALLET_ROWS per statement (positional parameters bind far faster than named ones). */
  private replace(del: Statement, one: Statement, many: Statement, columns: readonly string[], paramsHash: string, asOf: number, rows: Iterable<object>): number {
    return this.db.transaction(() => {
      del.run(paramsHash, asOf);
      const width = columns.length;
      const params: unknown[] = new Array(WALLET_ROWS * width);
      let held = 0;
      let n = 0;
      for (const r of rows) {
        const o = held * width;
        for (let c = 0; c < width; c++) params[o + c] = (r as Record<string, unknown>)[columns[c]!];
        n++;
        if (++held === WALLET_ROWS) {
          many.run(params);
          held = 0;
        }
      }
      for (let k = 0; k < held; k++) one.run(Object.fromEntries(columns.map((c, i) => [c, params[k * width + i]])));
      return n;
    })();
  }
}
