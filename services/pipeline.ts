import type { Database } from 'better-sqlite3';
import { paramsHash, type EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { trustModelAsOf } from '../engine/trustModelAsOf.ts';
import { computeSnapshot } from '../engine/smartcrowd.ts';
import { horizonLabels } from '../engine/horizon.ts';
import { HOUR_MS } from '../engine/math.ts';
import { LEVELS } from '../engine/weights.ts';
import type { Snapshot } from '../engine/types.ts';
import { loadTapeWithMarkouts } from './markoutsInParallel.ts';
import { RunsRepo } from '../store/runsRepo.ts';
import { WalletsRepo, type WalletMetricsRow, type WalletWeightRow } from '../store/walletsRepo.ts';
import { SnapshotsRepo } from '../store/snapshotsRepo.ts';
import { encodeWeightDetail } from '../store/weightDetail.ts';
import type { PipelineResult } from '../contracts/pipeline.ts';
import { isoOf } from '../domain/instant.ts';
import { resolveAsOf } from './asOf.ts';

export type { PipelineResult } from '../contracts/pipeline.ts';

export interface PipelineOptions {
  params: EngineParams;
  /** epoch ms; default: the newest trade in the store (services/asOf.ts, the rule of every entry point) */
  asOf?: number;
  onProgress?: (fraction: number, message: string) => void;
  /** A tape already loaded from this database (reused across runs); loaded when absent. */
  tape?: Tape;
  /** Clock for the run record. */
  now?: () => number;
}

/**
 * Markets that get a snapshot as of `asOf`: traded at or before it, and neither resolved nor
 * ended more than `recentClosedHours` before it. Ascending market index.
 */
export function snapshotMarkets(tape: Tape, asOf: number, params: EngineParams): number[] {
  const horizon = asOf - params.recentClosedHours * HOUR_MS;
  const out: number[] = [];
  for (let m = 0; m < tape.marketIds.length; m++) {
    const s0 = tape.marketStart[m]!;
    if (s0 === tape.marketStart[m + 1]! || tape.ts[tape.byMarket[s0]!]! > asOf) continue;
    const r = tape.resolutionTs[m]!;
    if (Number.isFinite(r) && r <= horizon) continue;
    const e = tape.marketEnd[m]!;
    if (Number.isFinite(e) && e <= horizon) continue;
    out.push(m);
  }
  return out;
}

/**
 * `profiles` in the order of the wallet tables' primary key (wallet, category, horizon), so their
 * rows are appended to its index rather than scattered through it (392k rows at 12M trades: about
 * a third of the storing time). Sorts numeric ranks, not strings; UTF-16 order, which is SQLite's
 * BINARY order for the ASCII of wallet ids (and any order stores the same rows).
 */
export function inKeyOrder<P extends { wallet: number; category: number; horizon: number }>(
  profiles: P[], walletIds: readonly string[], cat: (c: number) => string, hor: (h: number) => string,
): P[] {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const rankOf = (labels: string[]) => new Map([...new Set(labels)].sort(byText).map((l, i) => [l, i]));
  const walletRank = new Int32Array(walletIds.length);
  walletIds.map((_, i) => i).sort((a, b) => byText(walletIds[a]!, walletIds[b]!)).forEach((w, r) => (walletRank[w] = r));
  const cats = rankOf(profiles.map((p) => cat(p.category)));
  const hors = rankOf(profiles.map((p) => hor(p.horizon)));
  const catRank = (c: number) => cats.get(cat(c))!;
  const horRank = (h: number) => hors.get(hor(h))!;
  return profiles
    .map((p) => ({ p, w: walletRank[p.wallet]!, c: catRank(p.category), h: horRank(p.horizon) }))
    .sort((a, b) => a.w - b.w || a.c - b.c || a.h - b.h)
    .map((x) => x.p);
}

/**
 * The standard pipeline: as of a time (default: the newest trade in the store), learn wallet profiles from the outcomes resolved by then,
 * store wallet metrics, trust weights and a SmartCrowd snapshot of every open (and recently
 * closed) market — one transaction per stage — and record the run in `pipeline_runs`
 * (status, duration, counts, error). Deterministic: the same data and parameters give
 * byte-identical stored rows.
 * @throws PreconditionError when no as-of is given and the store has no trades.
 */
export async function runPipeline(db: Database, opts: PipelineOptions): Promise<PipelineResult> {
  const now = opts.now ?? Date.now;
  const params = opts.params;
  const hash = paramsHash(params);
  const asOf = resolveAsOf(db, opts.asOf, opts.tape);
  const runs = new RunsRepo(db, now);
  const started = now();
  return runs.track(
    'pipeline',
    async (runId, step) => {
      step(0.02, 'loading trade tape');
      const { tape, markouts } = await loadTapeWithMarkouts(db, params, opts.tape, () => step(0.15, `profiling wallets from markets resolved by ${isoOf(asOf)}`));
      const model = trustModelAsOf(tape, params, asOf, { markouts });

      const cat = (c: number) => (c < 0 ? 'ALL' : tape.categories[c]!);
      const labels = horizonLabels(params.horizonEdgesHours);
      const hor = (h: number) => (h < 0 ? 'ALL' : labels[h]!);
      // Every wallet's global profile, and the narrower ones a lookup can use (≥ minSupport markets).
      const profiles = inKeyOrder(model.profiles({ minSupport: params.minSupport }), tape.walletIds, cat, hor);
      const wallets = new WalletsRepo(db);
      const metricRows = function* (): Generator<WalletMetricsRow> {
        for (const p of profiles) {
          const m = p.metrics;
          yield {
            params_hash: hash, as_of: asOf, wallet: tape.walletIds[p.wallet]!, category: cat(p.category), horizon: hor(p.horizon),
            n_resolved: m.n_resolved, brier: m.brier, log_loss: m.log_loss, calibration_error: m.calibration_error, edge: m.edge,
            roi: m.roi, avg_size: m.avg_size, churn: m.churn, persistence: m.persistence, specialization: m.specialization,
            timing_edge: m.timing_edge, skill: m.skill, metrics_json: null,
          };
        }
      };
      step(0.35, `storing ${profiles.length} wallet profiles`);
      const nMetrics = wallets.replaceMetrics(hash, asOf, metricRows());
      const weightRows = function* (): Generator<WalletWeightRow> {
        for (const p of profiles) {
          const lk = model.lookupGroup(p.wallet, p.category, p.horizon);
          yield {
            params_hash: hash, as_of: asOf, wallet: tape.walletIds[p.wallet]!, category: cat(p.category), horizon: hor(p.horizon),
            weight: lk.weight, uncertainty: lk.uncertainty, n_resolved: p.metrics.n_resolved,
            detail_json: encodeWeightDetail(LEVELS.indexOf(lk.level), [lk.chain[0]!.n_resolved, lk.chain[1]!.n_resolved, lk.chain[2]!.n_resolved, lk.chain[3]!.n_resolved]),
          };
        }
      };
      step(0.55, 'storing trust weights');
      const nWeights = wallets.replaceWeights(hash, asOf, weightRows());

      const markets = snapshotMarkets(tape, asOf, params);
      step(0.7, `computing ${markets.length} SmartCrowd snapshots`);
      const snapshots: Snapshot[] = markets.map((m) => computeSnapshot(tape, model, m, asOf, params));
      step(0.9, 'storing snapshots');
      const nSnapshots = new SnapshotsRepo(db).replace(hash, asOf, runId, snapshots);
      let nTrades = 0;
      for (let i = 0; i < tape.n && tape.ts[i]! <= asOf; i++) nTrades++;
      step(1, 'done');
      return {
        run_id: runId,
        params_hash: hash,
        as_of: asOf,
        counts: {
          wallet_metrics: nMetrics,
          wallet_weights: nWeights,
          snapshots: nSnapshots,
          markets: tape.marketIds.length,
          trades: nTrades,
          resolved_markets: model.nVisible,
        },
        duration_ms: now() - started,
      };
    },
    { paramsHash: hash, params, asOf, counts: (r) => r.counts, onProgress: opts.onProgress },
  );
}
