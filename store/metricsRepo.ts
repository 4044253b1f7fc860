import type { Database, Statement } from 'better-sqlite3';

export interface MetricRow {
  name: string;
  label: string;
  count: number;
  errors: number;
  value: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  updated_at: number;
}

/** Repository of `system_metrics`: counters, gauges and latency aggregates keyed by (name, label). */
export class MetricsRepo {
  private readonly incStmt: Statement;
  private readonly latencyStmt: Statement;
  private readonly listStmt: Statement;
  private readonly getStmt: Statement;

  constructor(private readonly db: Database, private readonly now: () => number = Date.now) {
    this.incStmt = db.prepare(
      `INSERT INTO system_metrics (name, label, count, errors, value, updated_at) VALUES (@name, @label, @count, @errors, @value, @now)
       ON CONFLICT(name, label) DO UPDATE SET count = count + @count, errors = errors + @errors,
         value = coalesce(@value, value), updated_at = @now`,
    );
    this.latencyStmt = db.prepare(
      `INSERT INTO system_metrics (name, label, count, errors, p50_ms, p95_ms, p99_ms, updated_at)
       VALUES (@name, @label, @count, @errors, @p50, @p95, @p99, @now)
       ON CONFLICT(name, label) DO UPDATE SET count = @count, errors = @errors, p50_ms = @p50, p95_ms = @p95, p99_ms = @p99, updated_at = @now`,
    );
    this.listStmt = db.prepare(`SELECT * FROM system_metrics ORDER BY name, label`);
    this.getStmt = db.prepare(`SELECT * FROM system_metrics WHERE name = ? AND label = ?`);
  }

  /** Adds to a counter (and optionally its error count / a gauge value). */
  increment(name: string, label = '', by = 1, opts: { errors?: number; value?: number } = {}): void {
    this.incStmt.run({ name, label, count: by, errors: opts.errors ?? 0, value: opts.value ?? null, now: this.now() });
  }

  /** Replaces a latency aggregate (totals and percentiles computed by the caller). */
  setLatency(name: string, label: string, agg: { count: number; errors: number; p50: number; p95: number; p99: number }): void {
    this.latencyStmt.run({ name, label, ...agg, now: this.now() });
  }

  get(name: string, label = ''): MetricRow | undefined {
    return this.getStmt.get(name, label) as MetricRow | undefined;
  }

  list(): MetricRow[] {
    return this.listStmt.all() as MetricRow[];
  }
}
