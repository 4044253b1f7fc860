import { z } from 'zod';

/**
 * Every knob of the synthetic market world, with its default and meaning. Times are hours
 * unless the name says otherwise; fractions are in [0, 1]. Parsed once (`resolveWorldOptions`);
 * unknown keys are an error so a typo cannot silently fall back to a default.
 */
export const WorldOptionsSchema = z.strictObject({
  /** Seed of every random draw: the same seed and options give byte-identical output. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
  /** Number of markets. */
  markets: z.number().int().min(1).max(1_000_000).default(320),
  /** Number of wallets of every kind together (fresh whales included). */
  wallets: z.number().int().min(20).max(10_000_000).default(650),
  /** Mean number of ordinary order arrivals per market over its whole life (wash and whale fills come on top; arrivals with nothing to do are skipped). */
  tradesPerMarket: z.number().positive().max(1_000_000).default(190),
  /** The world's first instant: no market opens earlier. ISO 8601 or epoch ms. */
  baseTime: z.union([z.string(), z.number()]).default('2025-01-01T00:00:00Z'),
  /** Days from `baseTime` to the world's `now` (markets ending later are still open). */
  spanDays: z.number().min(62).max(3650).default(150),
  /** Fraction of markets still open at `now`. */
  openFraction: z.number().min(0).max(0.9).default(0.15),
  /** Fraction of markets a fresh whale pushes toward the wrong side. */
  whaleMarketFraction: z.number().min(0).max(0.5).default(0.09),
  /** Population shares by kind (noise traders take the rest; fresh whales are one per whale market). */
  skilledShare: z.number().min(0).max(0.5).default(0.05),
  momentumShare: z.number().min(0).max(0.5).default(0.12),
  longshotShare: z.number().min(0).max(0.5).default(0.08),
  washShare: z.number().min(0).max(0.5).default(0.05),
  /** Mean number of wash rings active in one market (Poisson; rings drawn uniformly). */
  washRingsPerMarket: z.number().min(0).max(100).default(0.8),
  /** Markets of its categories a skilled specialist takes part in, on average (capped at 80% of them). */
  skilledMarketsPerWallet: z.number().positive().max(100_000).default(25),
  /** Favourite–longshot compression: market log-odds = beta × consensus log-odds (< 1 overprices longshots). */
  favouriteLongshotBeta: z.number().min(0.5).max(1).default(0.8),
  /** Median lag of the market's consensus behind the informed probability (EMA time constant), hours. */
  lagHoursMedian: z.number().positive().max(24 * 30).default(4),
  /**
   * Fraction of resolved markets that resolve before their scheduled end ("… by <date>?" markets whose
   * event happened early): chosen among markets resolving YES; information converges, trading stops
   * and the outcome is published at the event, while markets.csv keeps the scheduled end date.
   */
  earlyResolutionFraction: z.number().min(0).max(0.9).default(0),
});

export type WorldOptions = z.input<typeof WorldOptionsSchema>;
export type ResolvedWorldOptions = z.output<typeof WorldOptionsSchema> & { baseTimeMs: number };

/** Raised for invalid world options; `issues` name each failing key. */
export class WorldOptionsError extends Error {
  override readonly name = 'WorldOptionsError';
  readonly code = 'SC_WORLD_OPTIONS';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid world options: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/**
 * Fills defaults and validates. `baseTimeMs` is `baseTime` as epoch ms UTC.
 * @throws WorldOptionsError on an unknown key, a wrong type, an out-of-range value, kind shares
 *   summing past 0.9, or an unparseable `baseTime`.
 */
export function resolveWorldOptions(opts: WorldOptions = {}): ResolvedWorldOptions {
  const r = WorldOptionsSchema.safeParse(opts ?? {});
  if (!r.success) {
    throw new WorldOptionsError(
      r.error.issues.map((i) => ({
        path: i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys.join(',') : i.path.join('.'),
        message: i.message,
      })),
    );
  }
  const o = r.data;
  const shares = o.skilledShare + o.momentumShare + o.longshotShare + o.washShare;
  if (shares > 0.9) throw new WorldOptionsError([{ path: 'skilledShare', message: `kind shares sum to ${shares} > 0.9 (noise traders need the rest)` }]);
  const baseTimeMs = typeof o.baseTime === 'number' ? o.baseTime : Date.parse(o.baseTime);
  if (!Number.isFinite(baseTimeMs)) throw new WorldOptionsError([{ path: 'baseTime', message: `"${o.baseTime}" is not an ISO 8601 time or epoch ms` }]);
  return { ...o, baseTimeMs };
}
