import type { Command } from 'commander';
import { DEFAULT_DATA, DEFAULT_GAMMA, type PolymarketIngestOptions } from '../ingest/polymarket/index.ts';
import { UsageError } from './errors.ts';
import { parseTimeOption } from './common.ts';

/** The options `ingest polymarket` and `sync` share. */
export function withPolymarketOptions(cmd: Command): Command {
  return cmd
    .option('--base-gamma <url>', 'Gamma API base URL', DEFAULT_GAMMA)
    .option('--base-data <url>', 'Data API base URL', DEFAULT_DATA)
    .option('--closed', 'list closed (resolved) markets only')
    .option('--active', 'list active markets only')
    .option('--max-markets <n>', 'list at most this many markets per run')
    .option('--since <time>', 'lower bound for markets without a checkpoint (ISO 8601 or epoch s/ms)')
    .option('--lookback-hours <h>', 're-read this many hours before each market checkpoint', '1')
    .option('--taker-only', 'store only the taker side of each fill (default: makers and takers)')
    .option('--trades-api <v1|v2>', 'Data API trades endpoint: v1 /trades (offset paging) or v2 /v2/trades (cursor paging)', 'v1')
    .option('--resolutions-v2', 'also ask Data API v2 /v2/resolutions for closed markets Gamma does not show resolved at 1/0')
    .option('--relist-closed', 'list fills of closed markets again even when an earlier run listed them completely after they closed')
    .option('--page-size <n>', 'Data API page size asked for (the service may serve fewer)', '500')
    .option('--gamma-page-size <n>', 'Gamma page size asked for (the service may serve fewer)', '100')
    .option('--offset-cap <n>', 'Data API /trades offset never requested (a 400 lowers it); past it, paging continues in time windows', '10000')
    .option('--gamma-offset-cap <n>', 'Gamma /markets offset never requested (a 400/422 lowers it); past it, end_date windows', '10000')
    .option('--markets-per-chunk <n>', 'markets per trades request (v2: at most 20)', '10')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--rate <n>', 'requests per second (token bucket)', '15')
    .option('--max-retries <n>', 'retries per request after a 429, 5xx, timeout or connection error', '6');
}

export interface PolymarketCliOptions {
  baseGamma: string;
  baseData: string;
  closed?: boolean;
  active?: boolean;
  maxMarkets?: string;
  since?: string;
  lookbackHours: string;
  takerOnly?: boolean;
  tradesApi: string;
  resolutionsV2?: boolean;
  relistClosed?: boolean;
  pageSize: string;
  gammaPageSize: string;
  offsetCap: string;
  gammaOffsetCap: string;
  marketsPerChunk: string;
  concurrency: string;
  rate: string;
  maxRetries: string;
}

const positive = (name: string, v: string, integer = true) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"`);
  return n;
};

const nonNegative = (name: string, v: string, integer = false) => {
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ 0, got "${v}"`);
  return n;
};

/** Validates the shared options (bad values are usage errors, exit 2) before any work starts. */
export function polymarketIngestOptions(o: PolymarketCliOptions): Omit<PolymarketIngestOptions, 'params'> {
  if (o.closed && o.active) throw new UsageError('--closed and --active exclude each other (omit both for both windows)');
  for (const [name, url] of [['--base-gamma', o.baseGamma], ['--base-data', o.baseData]] as const) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`${name} must be an http(s) URL, got "${url}"`);
  }
  if (o.tradesApi !== 'v1' && o.tradesApi !== 'v2') throw new UsageError(`--trades-api must be v1 or v2, got "${o.tradesApi}"`);
  const perChunk = positive('--markets-per-chunk', o.marketsPerChunk);
  if (o.tradesApi === 'v2' && perChunk > 20) throw new UsageError(`--markets-per-chunk must be ≤ 20 with --trades-api v2 (the v2 condition selector takes at most 20), got ${perChunk}`);
  const pageSize = positive('--page-size', o.pageSize);
  return {
    baseGamma: o.baseGamma,
    baseData: o.baseData,
    windows: o.closed ? 'closed' : o.active ? 'active' : 'both',
    maxMarkets: o.maxMarkets === undefined ? undefined : positive('--max-markets', o.maxMarkets),
    since: o.since === undefined ? undefined : parseTimeOption('--since', o.since),
    lookbackHours: nonNegative('--lookback-hours', o.lookbackHours),
    takerOnly: o.takerOnly ?? false,
    tradesApi: o.tradesApi,
    resolutionsV2: o.resolutionsV2 ?? false,
    relistClosed: o.relistClosed ?? false,
    tradesPageSize: pageSize,
    v2PageSize: Math.min(pageSize, 1000),
    gammaPageSize: positive('--gamma-page-size', o.gammaPageSize),
    tradesOffsetCap: positive('--offset-cap', o.offsetCap),
    gammaOffsetCap: positive('--gamma-offset-cap', o.gammaOffsetCap),
    marketsPerChunk: perChunk,
    http: {
      concurrency: positive('--concurrency', o.concurrency),
      ratePerSecond: positive('--rate', o.rate, false),
      burst: positive('--rate', o.rate, false),
      maxRetries: nonNegative('--max-retries', o.maxRetries, true),
    },
  };
}
