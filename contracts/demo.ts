import { z } from 'zod';
import { BacktestReport } from './backtest.ts';
import { IngestCsvReport } from './ingest.ts';
import { PipelineResult } from './pipeline.ts';
import { ScreenerItem } from './screener.ts';
import { LeaderboardItem } from './wallets.ts';

/** `smartcrowd demo --json`: what the demo built, computed and shows first. */
export const DemoSummary = z.object({
  db: z.string(),
  ingest: IngestCsvReport,
  pipeline: PipelineResult,
  backtest: BacktestReport,
  /** The screener's first page: open markets with the largest confident divergence. */
  screener: z.array(ScreenerItem),
  /** The leaderboard's first page: the highest global trust weights. */
  leaderboard: z.array(LeaderboardItem),
  timings_ms: z.object({ ingest: z.number(), pipeline: z.number(), backtest: z.number(), total: z.number() }),
});
export type DemoSummary = z.input<typeof DemoSummary>;
