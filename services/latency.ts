import type { Database } from 'better-sqlite3';
import { MetricsRepo } from '../store/metricsRepo.ts';

/**
 * Per-procedure call counts, error counts and latency percentiles (ms), kept in bounded reservoirs
 * and written to `system_metrics` (name `rpc`, label the procedure) of `db` (none: kept in memory only).
 */
export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly totals = new Map<string, { count: number; errors: number }>();
  private readonly metrics: MetricsRepo | null;

  constructor(db: Database | null, private readonly reservoir = 2048) {
    this.metrics = db ? new MetricsRepo(db) : null;
  }

  record(path: string, ms: number, failed: boolean): void {
    const tot = this.totals.get(path) ?? { count: 0, errors: 0 };
    tot.count++;
    if (failed) tot.errors++;
    this.totals.set(path, tot);
    let s = this.samples.get(path);
    if (!s) this.samples.set(path, (s = []));
    // Keep the newest `reservoir` samples (a ring by overwrite).
    if (s.length < this.reservoir) s.push(ms);
    else s[tot.count % this.reservoir] = ms;
    if (this.metrics) {
      const sorted = [...s].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
      try {
        this.metrics.setLatency('rpc', path, { count: tot.count, errors: tot.errors, p50: q(0.5), p95: q(0.95), p99: q(0.99) });
      } catch {
        // Metrics must never fail a request (e.g. the database is busy).
      }
    }
  }
}
