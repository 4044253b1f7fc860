import type { Database, Statement } from 'better-sqlite3';
import { decodeWeightDetail } from './weightDetail.ts';
import { upgradeStoredSnapshot } from './upgradeStoredDocuments.ts';
import { RunsRepo, type RunRow } from './runsRepo.ts';
import type { Snapshot } from '../engine/types.ts';
import type { ScreenerItem, ScreenerSort, StatusFilter } from '../contracts/screener.ts';
import type { MarketDetail } from '../contracts/market.ts';
import type { LeaderboardItem, WalletMetrics, WalletWeight } from '../contracts/wallets.ts';
import type { MetricsItem } from '../contracts/runs.ts';

/*
 * The read side of the API: rows shaped as the contracts (contracts/) take them, instants epoch
 * ms (the contracts format them as ISO 8601 at the edge).
 */

/** A `markets` row as the read side selects it (end_time epoch ms, is_placeholder 0/1). */
interface MarketRow {
  id: string; question: string | null; end_time: number | null; category: string | null; liquidity: number | null;
  resolution_source: string | null; condition_id: string | null; is_placeholder: number; source: string;
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
              s.integrity_risk, s.n_wallets, s.effective_n, s.as_of AS snapshot_ts,
              CASE WHEN o.resolution_time <= s.as_of THEN 'resolved' WHEN m.end_time <= s.as_of THEN 'ended' ELSE 'open' END AS status,
              count(*) OVER () AS total
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
    // One pass: the page and, beside each row, the number of rows the filter matched (a window
    // count); only a page past the end needs the count on its own.
    const rows = this.screenerStmt.all(args) as (ScreenerItem & { total: number })[];
    if (rows.length === 0) {
      const { limit: _l, offset: _o, sort: _s, ...where } = args;
      return { items: [], total: opts.offset > 0 ? (this.screenerCountStmt.get(where) as number) : 0 };
    }
    const total = rows[0]!.total;
    const items = rows.map(({ total: _t, ...item }) => item as ScreenerItem);
    return { items, total };
  }

  /** A market, its outcome, its trade statistics and its latest stored snapshot; undefined for an unknown id. */
  market(id: string): MarketDetail | undefined {
    const m = this.marketStmt.get(id) as MarketRow | undefined;
    if (!m) return undefined;
    const o = this.outcomeStmt.get(id) as { resolved_outcome: 0 | 1; resolution_time: number; inferred: number; source: string } | undefined;
    const snap = this.snapshotStmt.get(id) as { run_id: string | null; params_hash: string; as_of: number; explanation_json: string } | undefined;
    const stats = this.tradeStatsStmt.get(id) as { n_trades: number; n_wallets: number; first_ts: number | null; last_ts: number | null; volume: number | null };
    return {
      market: { ...m, is_placeholder: m.is_placeholder === 1 },
      outcome: o ? { resolved_outcome: o.resolved_outcome, resolution_time: o.resolution_time, inferred: o.inferred === 1, source: o.source } : null,
      trades: { n_trades: stats.n_trades, n_wallets: stats.n_wallets, first_ts: stats.first_ts, last_ts: stats.last_ts, volume: stats.volume ?? 0 },
      // explanation_json holds the whole engine Snapshot.
      snapshot: snap ? { ...(upgradeStoredSnapshot(JSON.parse(snap.explanation_json)) as Snapshot), as_of: snap.as_of, run_id: snap.run_id, params_hash: snap.params_hash, snapshot_ts: snap.as_of } : null,
    };
  }

  /** The global (ALL, ALL) trust weights of a computation with their metrics, highest weight first. */
  leaderboard(paramsHash: string, asOf: number, limit: number, offset: number): LeaderboardItem[] {
    return this.leaderboardStmt.all(paramsHash, asOf, limit, offset) as LeaderboardItem[];
  }

  /** How many wallets the leaderboard of a run has. */
  leaderboardCount(paramsHash: string, asOf: number): number {
    return this.leaderboardCountStmt.get(paramsHash, asOf) as number;
  }

  walletExists(wallet: string): boolean {
    return this.walletExistsStmt.get(wallet) === 1;
  }

  /** A wallet's weights (with their stored profile level and fallback chain) and metrics by category × horizon. */
  walletProfile(paramsHash: string, asOf: number, wallet: string): { weights: WalletWeight[]; metrics: WalletMetrics[] } {
    type Stored = Omit<WalletWeight, 'level' | 'level_n_resolved' | 'chain'> & { detail_json: string | null };
    // detail_json (written by the pipeline) encodes { level, level_n_resolved, chain } (store/weightDetail.ts).
    const weights = (this.walletWeightsStmt.all(paramsHash, asOf, wallet) as Stored[]).map(({ detail_json, ...r }): WalletWeight => ({
      ...r,
      ...(decodeWeightDetail(detail_json) ?? { level: null, level_n_resolved: null, chain: [] }),
    }));
    return { weights, metrics: this.walletMetricsStmt.all(paramsHash, asOf, wallet) as WalletMetrics[] };
  }

  walletMarkets(wallet: string, limit: number) {
    return this.walletMarketsStmt.all(wallet, limit) as { market_id: string; question: string | null; category: string | null; n_fills: number; shares: number; first_ts: number; last_ts: number }[];
  }

  runs_(opts: { limit: number; offset?: number; kind?: RunRow['kind'] }): { items: RunRow[]; total: number } {
    return { items: this.runs.list(opts), total: this.runs.count(opts.kind) };
  }

  /** Counters and latency per procedure, by name and label. */
  metrics(): MetricsItem[] {
    return this.metricsStmt.all() as MetricsItem[];
  }
}

const cache = new WeakMap<Database, ReadModels>();

/** The read models of `db`, prepared once per connection (a request then prepares nothing). */
export function readModelsOf(db: Database): ReadModels {
  let rm = cache.get(db);
  if (!rm) {
    rm = new ReadModels(db);
    cache.set(db, rm);
  }
  return rm;
}
