import type { Database, Statement } from 'better-sqlite3';
import { RunsRepo, type RunRow } from './runsRepo.ts';
import type { ProfileLevel, Snapshot, WeightLookup } from '../engine/types.ts';
import { isoOf } from '../domain/instant.ts';

export interface ScreenerItem {
  market_id: string;
  question: string | null;
  category: string | null;
  end_time: string | null;
  market_prob: number | null;
  smartcrowd_prob: number | null;
  divergence: number | null;
  confidence: number;
  integrity_risk: number;
  n_wallets: number;
  effective_n: number | null;
  snapshot_ts: string;
  /** As of the snapshot: `resolved` (outcome known), `ended` (past its end, unresolved) or `open`. */
  status: MarketStatus;
}


export type ScreenerSort = 'divergence' | 'confidence' | 'integrity' | 'market';
export const MARKET_STATUSES = ['open', 'ended', 'resolved'] as const;
export type MarketStatus = (typeof MARKET_STATUSES)[number];
/** Which markets a screener read lists: one status, or `all`. */
export type StatusFilter = MarketStatus | 'all';

/** A `markets` row as the read side selects it (end_time epoch ms, is_placeholder 0/1). */
interface MarketRow {
  id: string; question: string | null; end_time: number | null; category: string | null; liquidity: number | null;
  resolution_source: string | null; condition_id: string | null; is_placeholder: number; source: string;
}

/** A wallet_metrics row (one category × horizon profile). */
export interface WalletMetricsRow {
  category: string; horizon: string; n_resolved: number; brier: number | null; log_loss: number | null; calibration_error: number | null;
  edge: number | null; roi: number | null; avg_size: number | null; churn: number | null; persistence: number | null;
  specialization: number | null; timing_edge: number | null; skill: number | null;
}

/** A wallet_weights row with its stored detail: the profile level used and the fallback chain (null and empty where no detail was stored). */
export interface WalletWeightRow {
  category: string; horizon: string; weight: number; uncertainty: number; n_resolved: number;
  level: ProfileLevel | null; level_n_resolved: number | null; chain: WeightLookup['chain'];
}

/** A `system_metrics` row as the API shows it: a counter or a latency summary (ms), updated_at ISO 8601. */
export interface MetricsRow {
  name: string; label: string; count: number; errors: number; value: number | null;
  p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; updated_at: string;
}

/** Read-side queries for the API (screener, market detail, wallets, runs, metrics); statements prepared once. */
export class ReadModels {
  private readonly runs: RunsRepo;
  private readonly screenerStmt: Statement;
  private readonly screenerCountStmt: Statement;
  private readonly leaderboardCountStmt: Statement;
  private readonly marketStmt: Statement;
  private readonly outcomeStmt: Statement;
  private readonly snapshotStmt: Statement;
  private readonly tradeStatsStmt: Statement;
  private readonly leaderboardStmt: Statement;
  private readonly walletWeightsStmt: Statement;
  private readonly walletMetricsStmt: Statement;
  private readonly walletMarketsStmt: Statement;
  private readonly walletExistsStmt: Statement;
  private readonly metricsStmt: Statement;

  constructor(private readonly db: Database) {
    this.runs = new RunsRepo(db);
    // A snapshot's market status is judged as of the snapshot's own instant: resolved (its outcome
    // known by then), ended (past its end, unresolved), else open. The same expression filters.
    this.screenerStmt = db.prepare(
      `SELECT s.market_id, m.question, m.category, m.end_time, s.market_prob, s.smartcrowd_prob, s.divergence, s.confidence,
              s.integrity_risk, s.n_wallets, s.effective_n, s.as_of,
              CASE WHEN o.resolution_time <= s.as_of THEN 'resolved' WHEN m.end_time <= s.as_of THEN 'ended' ELSE 'open' END AS status
         FROM smartcrowd_snapshots s JOIN markets m ON m.id = s.market_id LEFT JOIN outcomes o ON o.market_id = s.market_id
        WHERE s.run_id = @run_id AND (@category IS NULL OR m.category = @category)
          AND (@status = 'all' OR @status = CASE WHEN o.resolution_time <= s.as_of THEN 'resolved' WHEN m.end_time <= s.as_of THEN 'ended' ELSE 'open' END)
        ORDER BY CASE @sort WHEN 'divergence' THEN -abs(coalesce(s.divergence, 0)) * s.confidence
                            WHEN 'confidence' THEN -s.confidence
                            WHEN 'integrity' THEN -s.integrity_risk
                            ELSE 0 END, s.market_id
        LIMIT @limit OFFSET @offset`,
    );
    this.screenerCountStmt = db.prepare(
      `SELECT count(*) FROM smartcrowd_snapshots s JOIN markets m ON m.id = s.market_id LEFT JOIN outcomes o ON o.market_id = s.market_id
        WHERE s.run_id = @run_id AND (@category IS NULL OR m.category = @category)
          AND (@status = 'all' OR @status = CASE WHEN o.resolution_time <= s.as_of THEN 'resolved' WHEN m.end_time <= s.as_of THEN 'ended' ELSE 'open' END)`,
    ).pluck();
    this.marketStmt = db.prepare(`SELECT id, question, end_time, category, liquidity, resolution_source, condition_id, is_placeholder, source FROM markets WHERE id = ?`);
    this.outcomeStmt = db.prepare(`SELECT resolved_outcome, resolution_time, inferred, source FROM outcomes WHERE market_id = ?`);
    this.snapshotStmt = db.prepare(
      `SELECT run_id, params_hash, as_of, explanation_json FROM smartcrowd_snapshots WHERE market_id = ? ORDER BY as_of DESC, params_hash LIMIT 1`,
    );
    this.tradeStatsStmt = db.prepare(
      `SELECT count(*) AS n_trades, count(DISTINCT wallet) AS n_wallets, min(ts) AS first_ts, max(ts) AS last_ts, sum(size) AS volume FROM trades WHERE market_id = ?`,
    );
    this.leaderboardStmt = db.prepare(
      `SELECT w.wallet, w.weight, w.uncertainty, w.n_resolved, m.skill, m.edge, m.brier, m.log_loss, m.calibration_error, m.specialization, m.churn
         FROM wallet_weights w LEFT JOIN wallet_metrics m
           ON m.params_hash = w.params_hash AND m.as_of = w.as_of AND m.wallet = w.wallet AND m.category = w.category AND m.horizon = w.horizon
        WHERE w.params_hash = ? AND w.as_of = ? AND w.category = 'ALL' AND w.horizon = 'ALL'
        ORDER BY w.weight DESC, w.wallet LIMIT ? OFFSET ?`,
    );
    this.leaderboardCountStmt = db.prepare(`SELECT count(*) FROM wallet_weights WHERE params_hash = ? AND as_of = ? AND category = 'ALL' AND horizon = 'ALL'`).pluck();
    this.walletWeightsStmt = db.prepare(
      `SELECT category, horizon, weight, uncertainty, n_resolved, detail_json FROM wallet_weights
        WHERE params_hash = ? AND as_of = ? AND wallet = ? ORDER BY category = 'ALL' DESC, category, horizon = 'ALL' DESC, horizon`,
    );
    this.walletMetricsStmt = db.prepare(
      `SELECT category, horizon, n_resolved, brier, log_loss, calibration_error, edge, roi, avg_size, churn, persistence, specialization, timing_edge, skill
         FROM wallet_metrics WHERE params_hash = ? AND as_of = ? AND wallet = ? ORDER BY category = 'ALL' DESC, category, horizon = 'ALL' DESC, horizon`,
    );
    this.walletMarketsStmt = db.prepare(
      `SELECT t.market_id, m.question, m.category, count(*) AS n_fills, sum(t.size) AS shares, min(t.ts) AS first_ts, max(t.ts) AS last_ts
         FROM trades t JOIN markets m ON m.id = t.market_id WHERE t.wallet = ? GROUP BY t.market_id ORDER BY max(t.ts) DESC, t.market_id LIMIT ?`,
    );
    this.walletExistsStmt = db.prepare(`SELECT 1 FROM trades WHERE wallet = ? LIMIT 1`).pluck();
    this.metricsStmt = db.prepare(`SELECT name, label, count, errors, value, p50_ms, p95_ms, p99_ms, updated_at FROM system_metrics ORDER BY name, label`);
  }

  /** The pipeline run whose results the API shows: the latest succeeded one. */
  latestPipeline(): RunRow | undefined {
    return this.runs.latestSucceeded('pipeline');
  }

  /** A page of a pipeline run's snapshots with their market and status, and how many match in all. */
  screener(runId: string, opts: { limit: number; offset: number; sort: ScreenerSort; category?: string; status?: StatusFilter }): { items: ScreenerItem[]; total: number } {
    const args = { run_id: runId, limit: opts.limit, offset: opts.offset, sort: opts.sort, category: opts.category ?? null, status: opts.status ?? 'all' };
    const rows = this.screenerStmt.all(args) as (Omit<ScreenerItem, 'snapshot_ts' | 'end_time'> & { as_of: number; end_time: number | null })[];
    const items = rows.map(({ as_of, end_time, ...r }) => ({ ...r, end_time: end_time == null ? null : isoOf(end_time), snapshot_ts: isoOf(as_of) }));
    const { limit: _l, offset: _o, sort: _s, ...where } = args;
    return { items, total: this.screenerCountStmt.get(where) as number };
  }

  market(id: string) {
    const m = this.marketStmt.get(id) as MarketRow | undefined;
    if (!m) return undefined;
    const o = this.outcomeStmt.get(id) as { resolved_outcome: 0 | 1; resolution_time: number; inferred: number; source: string } | undefined;
    const snap = this.snapshotStmt.get(id) as { run_id: string | null; params_hash: string; as_of: number; explanation_json: string } | undefined;
    const stats = this.tradeStatsStmt.get(id) as { n_trades: number; n_wallets: number; first_ts: number | null; last_ts: number | null; volume: number | null };
    const iso = (x: number | null) => (x == null ? null : new Date(x).toISOString());
    return {
      market: { ...m, end_time: iso(m.end_time), is_placeholder: m.is_placeholder === 1 },
      outcome: o ? { resolved_outcome: o.resolved_outcome, resolution_time: iso(o.resolution_time)!, inferred: o.inferred === 1, source: o.source } : null,
      trades: { n_trades: stats.n_trades, n_wallets: stats.n_wallets, first_ts: iso(stats.first_ts), last_ts: iso(stats.last_ts), volume: stats.volume ?? 0 },
      // explanation_json holds the whole engine Snapshot (its as_of in epoch ms, shown as ISO 8601 like every instant).
      snapshot: snap ? { ...(JSON.parse(snap.explanation_json) as Snapshot), as_of: iso(snap.as_of)!, run_id: snap.run_id, params_hash: snap.params_hash, snapshot_ts: iso(snap.as_of)! } : null,
    };
  }

  leaderboard(paramsHash: string, asOf: number, limit: number, offset: number) {
    return this.leaderboardStmt.all(paramsHash, asOf, limit, offset) as {
      wallet: string; weight: number; uncertainty: number; n_resolved: number; skill: number | null; edge: number | null; brier: number | null;
      log_loss: number | null; calibration_error: number | null; specialization: number | null; churn: number | null;
    }[];
  }

  /** How many wallets the leaderboard of a run has. */
  leaderboardCount(paramsHash: string, asOf: number): number {
    return this.leaderboardCountStmt.get(paramsHash, asOf) as number;
  }

  walletExists(wallet: string): boolean {
    return this.walletExistsStmt.get(wallet) === 1;
  }

  walletProfile(paramsHash: string, asOf: number, wallet: string) {
    type Stored = Omit<WalletWeightRow, 'level' | 'level_n_resolved' | 'chain'> & { detail_json: string | null };
    // detail_json (written by the pipeline) holds { level, level_n_resolved, chain }.
    const weights = (this.walletWeightsStmt.all(paramsHash, asOf, wallet) as Stored[]).map(({ detail_json, ...r }): WalletWeightRow => ({
      ...r,
      ...(detail_json ? (JSON.parse(detail_json) as Pick<WalletWeightRow, 'level' | 'level_n_resolved' | 'chain'>) : { level: null, level_n_resolved: null, chain: [] }),
    }));
    return { weights, metrics: this.walletMetricsStmt.all(paramsHash, asOf, wallet) as WalletMetricsRow[] };
  }

  walletMarkets(wallet: string, limit: number) {
    return this.walletMarketsStmt.all(wallet, limit) as { market_id: string; question: string | null; category: string | null; n_fills: number; shares: number; first_ts: number; last_ts: number }[];
  }

  runs_(opts: { limit: number; offset?: number; kind?: RunRow['kind'] }): { items: RunRow[]; total: number } {
    return { items: this.runs.list(opts), total: this.runs.count(opts.kind) };
  }

  /** Counters and latency per procedure, `updated_at` as ISO 8601. */
  metrics(): MetricsRow[] {
    return (this.metricsStmt.all() as (Omit<MetricsRow, 'updated_at'> & { updated_at: number })[]).map((m) => ({ ...m, updated_at: isoOf(m.updated_at) }));
  }
}
