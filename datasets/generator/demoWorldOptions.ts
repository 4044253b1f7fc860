import type { WorldOptions } from './worldOptions.ts';

/**
 * The bundled demo world (`datasets/demo/`): ~320 markets, 650 wallets, ~50k fills, a few MB.
 * Spelled out in full so that changing a generator default never silently changes the demo;
 * regenerate with `npx tsx datasets/generator/cli.ts --demo --out datasets/demo`.
 */
export const DEMO_WORLD_OPTIONS: Readonly<WorldOptions> = Object.freeze({
  seed: 20250101,
  markets: 320,
  wallets: 650,
  tradesPerMarket: 190,
  baseTime: '2025-01-01T00:00:00Z',
  spanDays: 150,
  openFraction: 0.15,
  whaleMarketFraction: 0.09,
  skilledShare: 0.05,
  momentumShare: 0.12,
  longshotShare: 0.08,
  washShare: 0.05,
  washRingsPerMarket: 0.8,
  skilledMarketsPerWallet: 25,
  favouriteLongshotBeta: 0.8,
  lagHoursMedian: 4,
});

/** Where the demo world is committed, relative to the repository root. */
export const DEMO_WORLD_DIR = 'datasets/demo';
