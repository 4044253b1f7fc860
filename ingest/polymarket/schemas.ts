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
  events: z.array(z.looseObject({ title: z.string().nullish(), tags: z.array(z.looseObject({ label: z.string().nullish() })).nullish(), category: z.string().nullish() })).nullish(),
  tags: z.array(z.looseObject({ label: z.string().nullish() })).nullish(),
});
export type GammaMarket = z.output<typeof GammaMarket>;

/** Data API `GET /trades` item (v1). */
export const DataTrade = z.looseObject({
  proxyWallet: z.string().regex(/^0x[0-9a-fA-F]+$/),
  side: z.enum(['BUY', 'SELL']),
  asset: z.union([z.string(), z.number()]).transform(String).nullish(),
  conditionId: z.string().regex(/^0x[0-9a-fA-F]+$/),
  size: numberish,
  price: numberish,
  timestamp: numberish,
  outcome: z.string().nullish(),
  outcomeIndex: z.number().int().nullish(),
  transactionHash: z.string().nullish(),
});
export type DataTrade = z.output<typeof DataTrade>;
