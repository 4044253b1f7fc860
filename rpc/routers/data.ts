import { DataMarketsPage, DataMarketsQuery, DataTradesPage, DataTradesQuery } from '../../contracts/data.ts';
import { listMarkets, listTrades } from '../../services/dataExport.ts';
import { publicProcedure, router } from '../trpc.ts';

/**
 * The raw data, for clients that compute locally with the engine (notebooks build a Tape from
 * these pages) or plot fills: markets with their resolution, and trades by market and/or wallet.
 */
export const dataRouter = router({
  markets: publicProcedure
    .meta({ exactNumbers: true, openapi: { method: 'GET', path: '/data/markets', summary: 'every market with its resolution, ascending id, paged by cursor (numbers exactly as stored)' } })
    .input(DataMarketsQuery)
    .output(DataMarketsPage)
    .query(({ ctx, input }) => listMarkets(ctx.db, input)),

  trades: publicProcedure
    .meta({ exactNumbers: true, openapi: { method: 'GET', path: '/data/trades', summary: "a market's or a wallet's fills in time order (or every fill, for an export), paged by cursor (numbers exactly as stored)" } })
    .input(DataTradesQuery)
    .output(DataTradesPage)
    .query(({ ctx, input }) => listTrades(ctx.db, input)),
});
