import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { Page, PageInput } from './paging.ts';
import { ProfileLevel } from './snapshot.ts';

const num = z.number();
const numN = z.number().nullable();

/** One wallet of the leaderboard: its global (ALL, ALL) trust weight and metrics. */
export const LeaderboardItem = z.object({
  wallet: z.string(),
  weight: num,
  uncertainty: num,
  n_resolved: num,
  skill: numN,
  edge: numN,
  brier: numN,
  log_loss: numN,
  calibration_error: numN,
  specialization: numN,
  churn: numN,
});
export type LeaderboardItem = z.input<typeof LeaderboardItem>;

/** GET /wallets. */
export const LeaderboardQuery = z.strictObject(PageInput(5000, 50)).prefault({});
/** A page of the leaderboard of the latest pipeline run (null before any run). */
export const LeaderboardPage = Page(LeaderboardItem).extend({ run_id: z.string().nullable() });

/** One level of a trust weight's fallback chain. */
const ChainLink = z.object({ level: ProfileLevel, n_resolved: num, used: z.boolean() });

/** A wallet's trust weight for one category × horizon, with the profile level it came from and the fallback chain. */
export const WalletWeight = z.object({
  category: z.string(),
  horizon: z.string(),
  weight: num,
  uncertainty: num,
  n_resolved: num,
  level: ProfileLevel.nullable(),
  level_n_resolved: numN,
  chain: z.array(ChainLink),
});
export type WalletWeight = z.input<typeof WalletWeight>;

/** A wallet's metrics for one category × horizon. */
export const WalletMetrics = z.object({
  category: z.string(),
  horizon: z.string(),
  n_resolved: num,
  brier: numN,
  log_loss: numN,
  calibration_error: numN,
  edge: numN,
  roi: numN,
  avg_size: numN,
  churn: numN,
  persistence: numN,
  specialization: numN,
  timing_edge: numN,
  skill: numN,
});
export type WalletMetrics = z.input<typeof WalletMetrics>;

/** GET /wallets/{wallet}: weights and metrics by category/horizon (latest pipeline run), recent markets with the wallet's belief. */
export const WalletPage = z.object({
  wallet: z.string(),
  as_of: IsoInstant,
  pipeline_run_id: z.string().nullable(),
  weights: z.array(WalletWeight),
  metrics: z.array(WalletMetrics),
  markets: z.array(
    z.object({
      market_id: z.string(),
      question: z.string().nullable(),
      category: z.string().nullable(),
      n_fills: num,
      shares: num,
      first_ts: IsoInstant,
      last_ts: IsoInstant,
      market_prob: numN,
      belief: numN,
      confidence: numN,
      net_direction: numN,
      churn: numN,
      outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
    }),
  ),
});
export type WalletPage = z.input<typeof WalletPage>;

/** GET /wallets/{wallet}. */
export const WalletQuery = z.strictObject({ wallet: z.string().min(1), markets: z.number().int().min(1).max(200).default(20) });
