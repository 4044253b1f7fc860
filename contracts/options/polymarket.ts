import { z } from 'zod';
import { InstantInput } from '../../domain/instant.ts';
import { httpUrl, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from './fields.ts';

/*
 * Every option of live Polymarket ingestion, with its default: the one place the CLI
 * (`ingest polymarket`, `sync`), the sync worker, POST /ingest/polymarket and the HTTP client take
 * them from. Parsed once; the ingestion reads the parsed values.
 */

/** Polymarket's public Gamma API (markets, events). */
export const DEFAULT_GAMMA = 'https://gamma-api.polymarket.com';
/** Polymarket's public Data API (trades, resolutions). */
export const DEFAULT_DATA = 'https://data-api.polymarket.com';

/** The HTTP client: connections, concurrency, rate limit, timeouts, retries and back-off. */
export const PolymarketHttpOptions = z
  .strictObject({
    /** Keep-alive connections per origin. */
    connections: positiveInt().max(64).default(4),
    /** Requests in flight at once. */
    concurrency: positiveInt().max(64).default(4),
    /** Token bucket refill, requests per second (the Data API /trades limit is 200 per 10 s). */
    ratePerSecond: positiveNumber().max(100_000).default(15),
    /** Token bucket size; default: one second's worth (ratePerSecond). */
    burst: positiveNumber().max(100_000).optional(),
    /** Headers and body timeouts, ms. */
    timeoutMs: positiveInt().max(600_000).default(20_000),
    /** Retries after the first attempt (429, 5xx, timeouts, connection errors, unparseable bodies). */
    maxRetries: nonNegativeInt().max(100).default(6),
    /** Back-off base and cap, ms: delay = min(cap, base·2^attempt) + jitter·base. */
    baseDelayMs: nonNegativeNumber().max(600_000).default(250),
    maxDelayMs: nonNegativeNumber().max(600_000).default(20_000),
  })
  .transform((o) => ({ ...o, burst: o.burst ?? o.ratePerSecond }));
export type PolymarketHttpOptions = z.output<typeof PolymarketHttpOptions>;
export type PolymarketHttpOptionsInput = z.input<typeof PolymarketHttpOptions>;

/** Which Gamma windows a run lists: closed (resolved) markets, active ones, or both. */
export const PolymarketWindows = z.enum(['closed', 'active', 'both'], { error: 'must be closed, active or both' });

/** The options of one live ingestion run. */
export const PolymarketOptions = z
  .strictObject({
    /** Gamma API base URL (the operator's choice; never a request's). */
    baseGamma: httpUrl().default(DEFAULT_GAMMA),
    /** Data API base URL (the operator's choice; never a request's). */
    baseData: httpUrl().default(DEFAULT_DATA),
    windows: PolymarketWindows.default('both'),
    /** Stop listing after this many markets (per run); default: no limit. */
    maxMarkets: positiveInt().max(10_000_000).optional(),
    /** Lower bound (epoch ms; ISO 8601 or epoch s/ms given) for markets without a checkpoint; default: the service's own window. */
    since: InstantInput.optional(),
    /** Re-read this many hours before each market's checkpoint (late or reordered fills). */
    lookbackHours: nonNegativeNumber().max(24 * 30).default(1),
    /** Only the taker side of each fill; default: makers and takers. */
    takerOnly: z.boolean().default(false),
    /** Data API v1 `/trades` (offset paging) or v2 `/v2/trades` (cursor paging). */
    tradesApi: z.enum(['v1', 'v2'], { error: 'must be v1 or v2' }).default('v1'),
    /** Also ask Data API v2 `/v2/resolutions` for closed markets Gamma does not show resolved at 1/0. */
    resolutionsV2: z.boolean().default(false),
    /** List fills of closed markets again even when an earlier run listed them completely after they closed. */
    relistClosed: z.boolean().default(false),
    /** Page sizes asked for: Gamma, Data API v1 `/trades`, v2. The services may serve fewer. */
    gammaPageSize: positiveInt().max(10_000).default(100),
    tradesPageSize: positiveInt().max(10_000).default(500),
    v2PageSize: positiveInt().max(1000).default(1000),
    /** Offsets at or past these are never requested (a 400/422 lowers them for the rest of the run). */
    gammaOffsetCap: positiveInt().max(10_000_000).default(10_000),
    tradesOffsetCap: positiveInt().max(10_000_000).default(10_000),
    /** Condition ids per trades request (v2: at most 20). */
    marketsPerChunk: positiveInt().max(1000).default(10),
    /** Chunks listed at once; default: the HTTP concurrency. */
    chunkConcurrency: positiveInt().max(64).optional(),
    http: PolymarketHttpOptions.prefault({}),
  })
  .refine((o) => o.tradesApi !== 'v2' || o.marketsPerChunk <= 20, {
    path: ['marketsPerChunk'],
    message: 'must be at most 20 with the v2 trades API (its condition selector takes at most 20)',
  });
export type PolymarketOptions = z.output<typeof PolymarketOptions>;
export type PolymarketOptionsInput = z.input<typeof PolymarketOptions>;
