import { LeaderboardPage, LeaderboardQuery, WalletPage, WalletQuery } from '../../contracts/wallets.ts';
import { leaderboardPage } from '../../services/reads.ts';
import { walletPage } from '../../services/walletExplorer.ts';
import { publicProcedure, router } from '../trpc.ts';

export const walletsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets', summary: 'leaderboard: global trust weights of the latest pipeline run' } })
    .input(LeaderboardQuery)
    .output(LeaderboardPage)
    .query(({ ctx, input }) => leaderboardPage(ctx.db, input)),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/wallets/{wallet}', summary: 'wallet explorer: weights and metrics by category/horizon, recent markets and beliefs' } })
    .input(WalletQuery)
    .output(WalletPage)
    .query(({ ctx, input }) => walletPage(ctx.db, ctx.tapes.get(), input)),
});
