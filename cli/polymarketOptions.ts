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
    .option('--page-size <n>', 'Data API page size', '500')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--rate <n>', 'requests per second (token bucket)', '15');
}

export interface PolymarketCliOptions {
  baseGamma: string;
  baseData: string;
  closed?: boolean;
  active?: boolean;
  maxMarkets?: string;
  since?: string;
  lookbackHours: string;
  pageSize: string;
  concurrency: string;
  rate: string;
}

const positive = (name: string, v: string, integer = true) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"`);
  return n;
};

const nonNegative = (name: string, v: string) => {
  const n = Number(v);
  if (!(n >= 0)) throw new UsageError(`${name} must be a number ≥ 0, got "${v}"`);
  return n;
};

/** Validates the shared options (bad values are usage errors, exit 2) before any work starts. */
export function polymarketIngestOptions(o: PolymarketCliOptions): Omit<PolymarketIngestOptions, 'params'> {
  if (o.closed && o.active) throw new UsageError('--closed and --active exclude each other (omit both for both windows)');
  for (const [name, url] of [['--base-gamma', o.baseGamma], ['--base-data', o.baseData]] as const) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`${name} must be an http(s) URL, got "${url}"`);
  }
  return {
    baseGamma: o.baseGamma,
    baseData: o.baseData,
    windows: o.closed ? 'closed' : o.active ? 'active' : 'both',
    maxMarkets: o.maxMarkets === undefined ? undefined : positive('--max-markets', o.maxMarkets),
    since: o.since === undefined ? undefined : parseTimeOption('--since', o.since),
    lookbackHours: nonNegative('--lookback-hours', o.lookbackHours),
    tradesPageSize: positive('--page-size', o.pageSize),
    http: { concurrency: positive('--concurrency', o.concurrency), ratePerSecond: positive('--rate', o.rate, false), burst: positive('--rate', o.rate, false) },
  };
}
