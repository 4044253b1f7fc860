import { z } from 'zod';
import { listMarkets, listTrades, TRADES_CURSOR } from '../../services/dataExport.ts';
import { DataMarketsPage, DataTradesPage } from '../schemas.ts';
import { publicProcedure, router } from '../trpc.ts';

/**
 * The raw data, for clients that compute locally with the engine (notebooks build a Tape from
 * these pages) or plot fills: markets with their resolution, and trades by market and/or wallet.
 */
export const dataRouter = router({
  markets: publicProcedure
    .meta({ exactNumbers: true, openapi: { method: 'GET', path: '/data/markets', summary: 'every market with its resolution, ascending id, paged by cursor (numbers exactly as stored)' } })
    .input(z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(10_000).default(1000) }).optional())
    .output(DataMarketsPage)
    .query(({ ctx, input }) => listMarkets(ctx.db, { cursor: input?.cursor, limit: input?.limit ?? 1000 })),

  trades: publicProcedure
    .meta({ exactNumbers: true, openapi: { method: 'GET', path: '/data/trades', summary: "a market's or a wallet's fills in time order (or every fill, for an export), paged by cursor (numbers exactly as stored)" } })
    .input(
      z
        .object({
          market_id: z.string().min(1).optional(),
          wallet: z.string().min(1).optional(),
          cursor: z.string().regex(TRADES_CURSOR, 'not a cursor from a previous page of this procedure').optional(),
          limit: z.number().int().min(1).max(10_000).default(1000),
        })
        .refine((v) => !v.cursor || v.cursor.startsWith(v.market_id !== undefined || v.wallet !== undefined ? 't:' : 'i:'), {
          message: 'the cursor belongs to a read with other filters',
          path: ['cursor'],
        })
        .optional(),
    )
    .output(DataTradesPage)
    .query(({ ctx, input }) => listTrades(ctx.db, { market_id: input?.market_id, wallet: input?.wallet, cursor: input?.cursor, limit: input?.limit ?? 1000 })),
});
