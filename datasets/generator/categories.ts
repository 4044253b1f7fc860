/**
 * The world's market categories and what differs between them: how common they are, how long
 * their markets run, how much information arrives before the end, and who resolves them.
 */
export interface CategorySpec {
  name: string;
  /** Relative frequency among markets. */
  weight: number;
  /** Market duration range (open → scheduled end), days; drawn log-uniformly. */
  minDays: number;
  maxDays: number;
  /** Median total information by the end (precision of the signal, see README "informed probability"). */
  infoMedian: number;
  /** The `resolution_source` column. */
  resolutionSources: readonly string[];
}

export const CATEGORIES: readonly CategorySpec[] = [
  { name: 'politics', weight: 0.22, minDays: 3, maxDays: 60, infoMedian: 3.0, resolutionSources: ['Associated Press', 'Official election results', 'Reuters'] },
  { name: 'sports', weight: 0.24, minDays: 1, maxDays: 10, infoMedian: 1.3, resolutionSources: ['Official league results', 'ESPN'] },
  { name: 'crypto', weight: 0.2, minDays: 1, maxDays: 30, infoMedian: 2.0, resolutionSources: ['CoinGecko', 'Binance spot price', 'Chainlink oracle'] },
  { name: 'economics', weight: 0.14, minDays: 2, maxDays: 45, infoMedian: 2.5, resolutionSources: ['Bureau of Labor Statistics', 'Federal Reserve', 'Eurostat'] },
  { name: 'science', weight: 0.08, minDays: 3, maxDays: 60, infoMedian: 3.0, resolutionSources: ['NASA', 'Peer-reviewed publication', 'WHO'] },
  { name: 'entertainment', weight: 0.12, minDays: 2, maxDays: 40, infoMedian: 2.0, resolutionSources: ['Box Office Mojo', 'Official award announcement', 'Billboard'] },
];

/** Index of a category by name; −1 if unknown. */
export function categoryIndex(name: string): number {
  return CATEGORIES.findIndex((c) => c.name === name);
}
