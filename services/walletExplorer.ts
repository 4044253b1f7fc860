import type { Database } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';
import { walletBelief } from '../engine/beliefs.ts';
import { marketProbAt } from '../engine/marketPrice.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { WalletPage } from '../contracts/wallets.ts';
import { readModelsOf } from '../store/readModels.ts';
import { newestTrade } from './asOf.ts';
import { runParams } from './reads.ts';

/**
 * A wallet's page: its weights and metrics by category/horizon from the latest pipeline run, and
 * its most recent markets with its belief there — as of that run, with that run's parameters —
 * beside the market price. Before any run: as of the newest trade, with the default parameters.
 * @throws NotFoundError for a wallet with no trades.
 */
export function walletPage(db: Database, tape: Tape, q: { wallet: string; markets?: number }): WalletPage {
  const rm = readModelsOf(db);
  const id = /^0x[0-9a-f]+$/i.test(q.wallet) ? q.wallet.toLowerCase() : q.wallet;
  if (!rm.walletExists(id)) throw new NotFoundError(`unknown wallet ${q.wallet}`);
  const run = rm.latestPipeline() ?? null;
  const params = runParams(run);
  const asOf = run?.as_of ?? newestTrade(db, tape) ?? 0;
  const profile = run ? rm.walletProfile(run.params_hash!, run.as_of!, id) : { weights: [], metrics: [] };
  const w = tape.walletIndex.get(id);
  const markets = rm.walletMarkets(id, q.markets ?? 20).map((m) => {
    const mi = tape.marketIndex.get(m.market_id);
    const b = w !== undefined && mi !== undefined ? walletBelief(tape, w, mi, asOf, params) : null;
    return {
      ...m,
      market_prob: mi === undefined ? null : marketProbAt(tape, mi, asOf),
      belief: b?.belief ?? null,
      confidence: b?.confidence ?? null,
      net_direction: b?.net_direction ?? null,
      churn: b?.churn ?? null,
      outcome: mi === undefined || tape.outcome[mi]! < 0 ? null : (tape.outcome[mi]! as 0 | 1),
    };
  });
  return { wallet: id, as_of: asOf, pipeline_run_id: run?.run_id ?? null, weights: profile.weights, metrics: profile.metrics, markets };
}
