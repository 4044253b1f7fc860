import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';

/*
 * The raw data, for clients that compute locally with the engine (notebooks build a Tape from
 * these pages) or plot fills: markets with their resolution, and trades, paged by cursor.
 */

/**
 * The cursor of a trades page: `t:<ts>:<id>` for a filtered (time-ordered) read, `i:<id>` for the
 * unfiltered export (storage order).
 */
export const TRADES_CURSOR = /^(t:\d+:\d+|i:\d+)$/;

/** GET /data/markets. */
export const DataMarketsQuery = z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(10_000).default(1000) }).prefault({});
export type DataMarketsQuery = z.output<typeof DataMarketsQuery>;

/** GET /data/trades: a market's and/or a wallet's fills in time order, or every fill (an export) in storage order. */
export const DataTradesQuery = z
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
  .prefault({});
export type DataTradesQuery = z.output<typeof DataTradesQuery>;

export const DataMarketsPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      question: z.string().nullable(),
      category: z.string().nullable(),
      end_time: IsoInstant.nullable(),
      /** 1 YES, 0 NO; null while unresolved. */
      resolved_outcome: z.union([z.literal(0), z.literal(1)]).nullable(),
      resolution_time: IsoInstant.nullable(),
    }),
  ),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
});
export type DataMarketsPage = z.input<typeof DataMarketsPage>;

export const DataTradesPage = z.object({
  items: z.array(
    z.object({
      external_id: z.string(),
      market_id: z.string(),
      wallet: z.string(),
      ts: IsoInstant,
      side: z.enum(['YES', 'NO']),
      action: z.enum(['BUY', 'SELL']),
      /** Price of the named side, (0, 1). */
      price: z.number(),
      /** Shares. */
      size: z.number(),
    }),
  ),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
});
export type DataTradesPage = z.input<typeof DataTradesPage>;
