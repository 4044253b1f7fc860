import { z } from 'zod';

/*
 * Payloads of Polymarket's public APIs, parsed at the HTTP boundary. Lenient: unknown keys pass,
 * types that vary between eras (strings vs numbers) are accepted, JSON-encoded string fields are
 * decoded. Facts and sources: ../shared/reference/polymarket-api.md (copied notes in docs/polymarket.md).
 */

/** A JSON-encoded array of strings (Gamma's `outcomes`, `outcomePrices`, `clobTokenIds`), or the array itself. */
const jsonStringArray = z.union([
  z.array(z.union([z.string(), z.number()])).transform((a) => a.map(String)),
  z.string().transform((s, ctx) => {
    try {
      const v = JSON.parse(s);
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // fall through
    }
    ctx.addIssue({ code: 'custom', message: 'expected a JSON-encoded array' });
    return z.NEVER;
  }),
]);

const numberish = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i).transform(Number)]);

/** Gamma `GET /markets` item. */
export const GammaMarket = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().nullish(),
  conditionId: z.string().regex(/^0x[0-9a-fA-F]+$/),
  slug: z.string().nullish(),
  endDate: z.string().nullish(),
  closed: z.boolean().nullish(),
  active: z.boolean().nullish(),
  outcomes: jsonStringArray.nullish(),
  outcomePrices: jsonStringArray.nullish(),
  clobTokenIds: jsonStringArray.nullish(),
  liquidityNum: z.number().nullish(),
  liquidity: numberish.nullish(),
  resolutionSource: z.string().nullish(),
  umaResolutionStatus: z.string().nullish(),
  closedTime: z.string().nullish(),
  umaEndDate: z.string().nullish(),
  category: z.string().nullish(),
  events: z.array(z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String).nullish(),
    title: z.string().nullish(),
    closed: z.boolean().nullish(),
    tags: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), label: z.string().nullish(), slug: z.string().nullish() })).nullish(),
    category: z.string().nullish(),
  })).nullish(),
  tags: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), label: z.string().nullish(), slug: z.string().nullish() })).nullish(),
});
export type GammaMarket = z.output<typeof GammaMarket>;

const GammaTag = z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), label: z.string().nullish(), slug: z.string().nullish() });
export type GammaTag = z.output<typeof GammaTag>;

/** Gamma `GET /events` item: its id, tags and (optionally) its markets' condition ids. */
export const GammaEvent = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  closed: z.boolean().nullish(),
  tags: z.array(GammaTag).nullish(),
  markets: z.array(z.looseObject({ conditionId: z.string().nullish() })).nullish(),
});
export type GammaEvent = z.output<typeof GammaEvent>;

/**
 * An instant in epoch seconds. The Data API serves seconds; a value past 10^11 can only be
 * milliseconds (year 5138 in seconds) and is converted, so one fill hashes to one id either way.
 */
const epochSeconds = numberish.transform((v) => (Math.abs(v) >= 1e11 ? Math.floor(v / 1000) : v));

/** Data API `GET /trades` item (v1). */
export const DataTrade = z.looseObject({
  proxyWallet: z.string().regex(/^0x[0-9a-fA-F]+$/),
  side: z.enum(['BUY', 'SELL']),
  asset: z.union([z.string(), z.number()]).transform(String).nullish(),
  conditionId: z.string().regex(/^0x[0-9a-fA-F]+$/),
  size: numberish,
  price: numberish,
  timestamp: epochSeconds,
  outcome: z.string().nullish(),
  outcomeIndex: z.number().int().nullish(),
  transactionHash: z.string().nullish(),
});
export type DataTrade = z.output<typeof DataTrade>;

/**
 * Data API v2 `GET /v2/trades` item: the v1 fields in snake_case (py-sdk `tests/fixtures/data_v2/trades.json`),
 * renamed to the v1 names so one mapping (and one id scheme) serves both.
 */
export const DataTradeV2 = z
  .looseObject({
    proxy_wallet: z.string().regex(/^0x[0-9a-fA-F]+$/),
    side: z.enum(['BUY', 'SELL']),
    token_id: z.union([z.string(), z.number()]).transform(String).nullish(),
    condition_id: z.string().regex(/^0x[0-9a-fA-F]+$/),
    size: numberish,
    price: numberish,
    timestamp: epochSeconds,
    outcome: z.string().nullish(),
    outcome_index: z.number().int().nullish(),
    transaction_hash: z.string().nullish(),
  })
  .transform(({ proxy_wallet, token_id, condition_id, outcome_index, transaction_hash, ...rest }): DataTrade => ({
    ...rest,
    proxyWallet: proxy_wallet,
    asset: token_id,
    conditionId: condition_id,
    outcomeIndex: outcome_index,
    transactionHash: transaction_hash,
  }));

/** The v2 envelope: `{ data: [...], pagination: { next_cursor, has_more } }` (cursor-only paging). */
export const V2Page = z.looseObject({
  data: z.array(z.unknown()).nullable(),
  pagination: z.looseObject({ next_cursor: z.string().nullish(), has_more: z.boolean().nullish() }).nullish(),
});

/** Data API v2 `GET /v2/resolutions` row (py-sdk `tests/fixtures/data_v2/resolutions.json`). */
export const V2Resolution = z.looseObject({
  condition_id: z.string().regex(/^0x[0-9a-fA-F]+$/),
  status: z.string().nullish(),
  price: z.union([z.string(), z.number()]).transform(String).nullish(),
  last_update_timestamp: numberish.nullish(),
});
export type V2Resolution = z.output<typeof V2Resolution>;
