import { z } from 'zod';
import { defaultParams } from '../../engine/params.ts';
import { ReadModels } from '../../store/readModels.ts';
import { walletExplorer } from '../../services/walletExplorer.ts';
import { LeaderboardItem } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const walletsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets', summary: 'leaderboard: global trust weights of the latest pipeline run' } })
    .input(z.strictObject({ limit: z.number().int().min(1).max(5000).default(50), offset: z.number().int().min(0).default(0) }).optional())
    .output(z.object({ items: z.array(LeaderboardItem), run_id: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const rm = new ReadModels(ctx.db);
      const run = rm.latestPipeline();
      if (!run || run.params_hash == null || run.as_of == null) return { items: [], run_id: null };
      return { items: rm.leaderboard(run.params_hash, run.as_of, input?.limit ?? 50, input?.offset ?? 0), run_id: run.run_id };
    }),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets/{wallet}', summary: 'wallet explorer: weights and metrics by category/horizon, recent markets and beliefs' } })
    .input(z.strictObject({ wallet: z.string().min(1), markets: z.number().int().min(1).max(200).default(20) }))
    .output(
      z.object({
        wallet: z.string(),
        as_of: z.string(),
        pipeline_run_id: z.string().nullable(),
        weights: z.array(z.looseObject({ category: z.string(), horizon: z.string(), weight: z.number() })),
        metrics: z.array(z.looseObject({ category: z.string(), horizon: z.string() })),
        markets: z.array(z.looseObject({ market_id: z.string(), belief: z.number().nullable(), market_prob: z.number().nullable() })),
      }),
    )
    .query(({ ctx, input }) => {
      const run = new ReadModels(ctx.db).latestPipeline();
      const params = run?.params_json ? { ...defaultParams, ...JSON.parse(run.params_json) } : defaultParams;
      const page = walletExplorer(ctx.db, ctx.tapes.get(), input.wallet, params, { markets: input.markets });
      return page as typeof page & { weights: { category: string; horizon: string; weight: number }[]; metrics: { category: string; horizon: string }[] };
    }),
});
