import type { WorldOptions } from '../datasets/generator/index.ts';

/** A named family member: how a world differs from the generator's defaults, and why it is in the family. */
export interface Regime {
  name: string;
  description: string;
  options: Omit<WorldOptions, 'seed'>;
}

/**
 * The regime family the signal is judged on (issue 14): each stresses one way the price and the
 * informed flow can relate. Defaults are chosen across all of them, never on one.
 */
export const REGIMES: readonly Regime[] = [
  { name: 'baseline', description: 'generator defaults: lagging, longshot-biased price; 5% skilled wallets; some whales and wash rings', options: {} },
  { name: 'sharp-price', description: 'a price that barely lags and is barely biased: little for anyone to add', options: { lagHoursMedian: 0.5, favouriteLongshotBeta: 0.97 } },
  { name: 'lagging-price', description: 'a slow consensus (median lag 16 h): informed flow leads the price by a lot', options: { lagHoursMedian: 16 } },
  { name: 'few-informed', description: '1.5% skilled wallets trading few markets each', options: { skilledShare: 0.015, skilledMarketsPerWallet: 12 } },
  { name: 'many-informed', description: '15% skilled wallets, busy', options: { skilledShare: 0.15, skilledMarketsPerWallet: 40 } },
  { name: 'whales-and-wash', description: 'a quarter of markets pushed by fresh whales, three wash rings per market', options: { whaleMarketFraction: 0.25, washShare: 0.1, washRingsPerMarket: 3 } },
  { name: 'sparse-history', description: 'few markets and thin trading: little resolved history to learn skill from', options: { markets: 160, wallets: 500, tradesPerMarket: 70, skilledMarketsPerWallet: 10 } },
  { name: 'no-informed', description: 'nobody is skilled (momentum traders and whales remain): SmartCrowd should stay at the price', options: { skilledShare: 0 } },
  { name: 'early-resolutions', description: '40% of resolved markets resolve before their scheduled end date', options: { earlyResolutionFraction: 0.4 } },
];

/** Regimes of the independently built foreign world (research/foreignWorld.ts), a check against over-fitting one generator. */
export const FOREIGN_REGIMES: readonly { name: string; description: string; options: Omit<import('./foreignWorld.ts').ForeignOptions, 'seed'> }[] = [
  { name: 'foreign', description: 'news-driven world, flow-driven price that under-reacts to news', options: {} },
  { name: 'foreign-sharp', description: 'the price absorbs most news at once', options: { newsAbsorption: [0.7, 0.95] } },
  { name: 'foreign-few-informed', description: '3% informed wallets', options: { informedShare: 0.03, informedArrivalShare: 0.1 } },
  { name: 'foreign-busy-informed', description: 'informed wallets are a third of arrivals', options: { informedArrivalShare: 0.35 } },
  { name: 'foreign-stale', description: 'a stale price: news is barely absorbed, impact is small', options: { newsAbsorption: [0.05, 0.3], impact: 0.01 } },
  {
    name: 'foreign-limit',
    description: 'informed wallets post limit orders at their own views, filled there; 15% informed, a third of arrivals (the seed design does well here)',
    options: { informedShare: 0.15, informedArrivalShare: 0.35, informedLimitShare: 1 },
  },
];
