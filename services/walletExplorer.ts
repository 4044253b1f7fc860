import type { Database } from 'better-sqlite3';
import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import { walletBelief } from '../engine/beliefs.ts';
import { marketProbAt } from '../engine/marketPrice.ts';
import { ReadModels } from '../store/readModels.ts';
import { NotFoundError } from '../domain/errors.ts';

/**
 * A wallet's page: its weights and metrics by category/horizon from the latest pipeline run, and
 * its most recent markets with its belief there (as of that run) beside the market price.
 * @throws NotFoundError for a wallet with no trades.
 */
export function walletExplorer(db: Database, tape: Tape, wallet: string, params: EngineParams, opts: { markets?: number } = {}) {
  const rm = new ReadModels(db);
  const id = /^0x[0-9a-f]+$/i.test(wallet) ? wallet.toLowerCase() : wallet;
  if (!rm.walletExists(id)) throw new NotFoundError(`unknown wallet ${wallet}`);
  const run = rm.latestPipeline();
  const asOf = run?.as_of ?? (tape.n > 0 ? tape.ts[tape.n - 1]! : 0);
  const profile = run ? rm.walletProfile(run.params_hash!, run.as_of!, id) : { weights: [], metrics: [] };
  const w = tape.walletIndex.get(id);
  const markets = rm.walletMarkets(id, opts.markets ?? 20).map((m) => {
    const mi = tape.marketIndex.get(m.market_id);
    const b = w !== undefined && mi !== undefined ? walletBelief(tape, w, mi, asOf, params) : null;
    return {
      market_id: m.market_id,
      question: m.question,
      category: m.category,
      n_fills: m.n_fills,
      shares: m.shares,
      first_ts: new Date(m.first_ts).toISOString(),
      last_ts: new Date(m.last_ts).toISOString(),
      market_prob: mi === undefined ? null : marketProbAt(tape, mi, asOf),
      belief: b?.belief ?? null,
      confidence: b?.confidence ?? null,
      net_direction: b?.net_direction ?? null,
      churn: b?.churn ?? null,
      outcome: mi === undefined || tape.outcome[mi]! < 0 ? null : (tape.outcome[mi]! as 0 | 1),
    };
  });
  return {
    wallet: id,
    as_of: new Date(asOf).toISOString(),
    pipeline_run_id: run?.run_id ?? null,
    weights: profile.weights,
    metrics: profile.metrics,
    markets,
  };
}
