import type { Command } from 'commander';
import { PolymarketOptions } from '../contracts/options/polymarket.ts';
import { UsageError } from './errors.ts';
import { numeric, parseOptions } from './options.ts';

/** The defaults of every Polymarket option (contracts/options/polymarket.ts), shown in --help. */
const D = PolymarketOptions.parse({});

/** The options `ingest polymarket` and `sync` share; their defaults live in contracts/options/polymarket.ts. */
export function withPolymarketOptions(cmd: Command): Command {
  return cmd
    .option('--base-gamma <url>', `Gamma API base URL (default ${D.baseGamma})`)
    .option('--base-data <url>', `Data API base URL (default ${D.baseData})`)
    .option('--closed', 'list closed (resolved) markets only')
    .option('--active', 'list active markets only')
    .option('--max-markets <n>', 'list at most this many markets per run')
    .option('--since <time>', 'lower bound for markets without a checkpoint (ISO 8601 or epoch s/ms)')
    .option('--lookback-hours <h>', `re-read this many hours before each market checkpoint (default ${D.lookbackHours})`)
    .option('--taker-only', 'store only the taker side of each fill (default: makers and takers)')
    .option('--trades-api <v1|v2>', `Data API trades endpoint: v1 /trades (offset paging) or v2 /v2/trades (cursor paging) (default ${D.tradesApi})`)
    .option('--resolutions-v2', 'also ask Data API v2 /v2/resolutions for closed markets Gamma does not show resolved at 1/0')
    .option('--relist-closed', 'list fills of closed markets again even when an earlier run listed them completely after they closed')
    .option('--page-size <n>', `Data API page size asked for; the service may serve fewer (default ${D.tradesPageSize}; v2 at most ${D.v2PageSize})`)
    .option('--gamma-page-size <n>', `Gamma page size asked for; the service may serve fewer (default ${D.gammaPageSize})`)
    .option('--offset-cap <n>', `Data API /trades offset never requested (a 400 lowers it); past it, paging continues in time windows (default ${D.tradesOffsetCap})`)
    .option('--gamma-offset-cap <n>', `Gamma /markets offset never requested (a 400/422 lowers it); past it, end_date windows (default ${D.gammaOffsetCap})`)
    .option('--markets-per-chunk <n>', `markets per trades request, v2: at most 20 (default ${D.marketsPerChunk})`)
    .option('--concurrency <n>', `requests in flight (default ${D.http.concurrency})`)
    .option('--rate <n>', `requests per second, token bucket (default ${D.http.ratePerSecond})`)
    .option('--max-retries <n>', `retries per request after a 429, 5xx, timeout or connection error (default ${D.http.maxRetries})`);
}

/** The flags as commander hands them over: text, or true for switches; undefined when not given. */
export interface PolymarketCliOptions {
  baseGamma?: string;
  baseData?: string;
  closed?: boolean;
  active?: boolean;
  maxMarkets?: string;
  since?: string;
  lookbackHours?: string;
  takerOnly?: boolean;
  tradesApi?: string;
  resolutionsV2?: boolean;
  relistClosed?: boolean;
  pageSize?: string;
  gammaPageSize?: string;
  offsetCap?: string;
  gammaOffsetCap?: string;
  marketsPerChunk?: string;
  concurrency?: string;
  rate?: string;
  maxRetries?: string;
}

/** The flag of each option field, for messages. */
const FLAGS: Record<string, string> = {
  tradesPageSize: '--page-size', v2PageSize: '--page-size', tradesOffsetCap: '--offset-cap',
  'http.concurrency': '--concurrency', 'http.ratePerSecond': '--rate', 'http.burst': '--rate', 'http.maxRetries': '--max-retries',
};

/**
 * The Polymarket options from the flags, through the one schema (contracts/options/polymarket.ts):
 * bad values are usage errors (exit 2) naming the flag, before any request.
 * @throws UsageError
 */
export function polymarketIngestOptions(o: PolymarketCliOptions): PolymarketOptions {
  if (o.closed && o.active) throw new UsageError('--closed and --active exclude each other (omit both for both windows)', [{ path: '--closed', message: 'excludes --active' }]);
  const pageSize = numeric(o.pageSize);
  return parseOptions(
    PolymarketOptions,
    {
      baseGamma: o.baseGamma,
      baseData: o.baseData,
      windows: o.closed ? 'closed' : o.active ? 'active' : undefined,
      maxMarkets: numeric(o.maxMarkets),
      since: o.since,
      lookbackHours: numeric(o.lookbackHours),
      takerOnly: o.takerOnly,
      tradesApi: o.tradesApi,
      resolutionsV2: o.resolutionsV2,
      relistClosed: o.relistClosed,
      tradesPageSize: pageSize,
      v2PageSize: typeof pageSize === 'number' ? Math.min(pageSize, D.v2PageSize) : undefined,
      gammaPageSize: numeric(o.gammaPageSize),
      tradesOffsetCap: numeric(o.offsetCap),
      gammaOffsetCap: numeric(o.gammaOffsetCap),
      marketsPerChunk: numeric(o.marketsPerChunk),
      http: { concurrency: numeric(o.concurrency), ratePerSecond: numeric(o.rate), burst: numeric(o.rate), maxRetries: numeric(o.maxRetries) },
    },
    FLAGS,
    {
      baseGamma: o.baseGamma, baseData: o.baseData, maxMarkets: o.maxMarkets, since: o.since, lookbackHours: o.lookbackHours, tradesApi: o.tradesApi,
      tradesPageSize: o.pageSize, v2PageSize: o.pageSize, gammaPageSize: o.gammaPageSize, tradesOffsetCap: o.offsetCap, gammaOffsetCap: o.gammaOffsetCap,
      marketsPerChunk: o.marketsPerChunk, 'http.concurrency': o.concurrency, 'http.ratePerSecond': o.rate, 'http.burst': o.rate, 'http.maxRetries': o.maxRetries,
    },
  );
}
