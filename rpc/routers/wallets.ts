import { z } from 'zod';
import { latestPipelineRun, leaderboardPage, runParams } from '../../services/reads.ts';
import { walletExplorer } from '../../services/walletExplorer.ts';
import { LeaderboardItem, Page, PageInput, WalletPage } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

export const walletsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets', summary: 'leaderboard: global trust weights of the latest pipeline run' } })
    .input(z.strictObject(PageInput(5000, 50)).optional())
    .output(Page(LeaderboardItem).extend({ run_id: z.string().nullable() }))
    .query(({ ctx, input }) => leaderboardPage(ctx.db, { limit: input?.limit ?? 50, offset: input?.offset ?? 0 })),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets/{wallet}', summary: 'wallet explorer: weights and metrics by category/horizon, recent markets and beliefs' } })
    .input(z.strictObject({ wallet: z.string().min(1), markets: z.number().int().min(1).max(200).default(20) }))
    .output(WalletPage)
    .query(({ ctx, input }) => walletExplorer(ctx.db, ctx.tapes.get(), input.wallet, runParams(latestPipelineRun(ctx.db)), { markets: input.markets })),
});
