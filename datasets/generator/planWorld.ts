import { mulberry32, randNormal, randInt } from '../../engine/rng.ts';
import { CATEGORIES } from './categories.ts';
import { buildPopulation, type Population } from './buildPopulation.ts';
import { deriveSeed } from './deriveSeed.ts';
import { randLogNormal, randLogUniform, randPoisson, randUniform, shuffleInPlace, sigmoid } from './distributions.ts';
import { makeQuestion } from './makeQuestion.ts';
import type { ResolvedWorldOptions } from './worldOptions.ts';
import { WeightedSampler } from './WeightedSampler.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Independent random streams of a world (labels for deriveSeed). */
export const STREAM = { schedule: 1, whales: 2, population: 3, rings: 4, market: 5, participants: 6, early: 7 } as const;

/** A fresh whale's planned attack on one market. */
export interface WhalePlan {
  /** Wallet index. */
  wallet: number;
  /** First fill, epoch ms. */
  entryMs: number;
  /** Fills, spread over `burstHours` from entry. */
  nFills: number;
  burstHours: number;
  /** Total log-odds push toward the wrong side, > 0. */
  pushLogit: number;
  pushHalfLifeHours: number;
  /** Median shares per fill. */
  medianSize: number;
}

/** Everything about a market that is fixed before its trading is simulated. */
export interface MarketPlan {
  index: number;
  id: string;
  category: number;
  question: string;
  resolutionSource: string;
  /** epoch ms UTC, whole minutes */
  openMs: number;
  /**
   * End of trading and of the information clock, epoch ms UTC: the scheduled end (whole hours), or
   * the event's instant for a market that resolves early.
   */
  endMs: number;
  /** The end date the market was listed with (markets.csv `end_time`); later than `endMs` when it resolves early. */
  scheduledEndMs: number;
  /** True when the market resolves before its scheduled end (see `earlyResolutionFraction`). */
  early: boolean;
  /** epoch ms UTC, whole seconds; later than `now` for open markets. */
  resolutionMs: number;
  open: boolean;
  /** USD. */
  liquidity: number;
  /** Quoted bid–ask spread, probability units. */
  spread: number;
  /** Shares per unit of log-odds of temporary price impact. */
  depth: number;
  /** Expected ordinary arrivals over the whole life. */
  expectedArrivals: number;
  /** Prior YES probability; the outcome is a Bernoulli draw from it. */
  prior: number;
  outcome: 0 | 1;
  infoTotal: number;
  infoHalfLifeHours: number;
  lagHours: number;
  whale: WhalePlan | null;
  /** Ring indexes active here. */
  washRings: number[];
  /** Skilled specialists (wallet indexes) taking part here. */
  skilled: number[];
  /** Noise, momentum and longshot wallets whose one guaranteed fill is here (so every wallet trades). */
  debuts: number[];
}

export interface WorldPlan {
  options: ResolvedWorldOptions;
  baseMs: number;
  nowMs: number;
  markets: MarketPlan[];
  population: Population;
}

const REF_LIQUIDITY = 25_000;

function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

/**
 * Plans the world: every market's category, schedule, hidden outcome and information profile;
 * which markets get a fresh whale (only where its window 72–14 h before the end lies after the
 * open and before `now`); the wallet population; which wash rings trade where. Trading itself
 * is simulated market by market (simulateMarket) from independent streams.
 */
export function planWorld(o: ResolvedWorldOptions): WorldPlan {
  const baseMs = o.baseTimeMs;
  const nowMs = baseMs + Math.round(o.spanDays * DAY_MS / 1000) * 1000;
  const rng = mulberry32(deriveSeed(o.seed, STREAM.schedule));
  const M = o.markets;
  const width = Math.max(4, String(M).length);
  const catSampler = new WeightedSampler(CATEGORIES.map((c) => c.weight));

  const nOpen = Math.round(M * o.openFraction);
  const isOpen = shuffleInPlace(rng, Array.from({ length: M }, (_, i) => i < nOpen));

  const markets: MarketPlan[] = [];
  for (let i = 0; i < M; i++) {
    const category = catSampler.draw(rng);
    const spec = CATEGORIES[category]!;
    const durMs = randLogUniform(rng, spec.minDays, spec.maxDays) * DAY_MS;
    const delayMs = randLogUniform(rng, 5 * 60_000, DAY_MS);
    let openMs: number;
    let endMs: number;
    if (isOpen[i]) {
      // Between a quarter and nearly all of its life has passed by `now`.
      const elapsed = randUniform(rng, 0.25, 0.95);
      endMs = Math.ceil((nowMs + (1 - elapsed) * durMs) / HOUR_MS) * HOUR_MS;
      if (endMs <= nowMs) endMs += HOUR_MS;
      openMs = Math.max(baseMs, floorTo(endMs - durMs, 60_000));
    } else {
      const lo = baseMs + durMs;
      const hi = nowMs - delayMs - HOUR_MS;
      endMs = floorTo(randUniform(rng, lo, Math.max(lo, hi)), HOUR_MS);
      openMs = Math.max(baseMs, floorTo(endMs - durMs, 60_000));
    }
    const resolutionMs = endMs + Math.round(delayMs / 1000) * 1000;
    const liquidity = Math.round(randLogNormal(rng, REF_LIQUIDITY, 1.0) * 100) / 100;
    const spread = Math.min(0.04, Math.max(0.002, 0.02 * Math.sqrt(REF_LIQUIDITY / liquidity)));
    const prior = sigmoid(1.2 * randNormal(rng));
    const outcome: 0 | 1 = rng() < prior ? 1 : 0;
    markets.push({
      index: i,
      id: `syn-m${String(i + 1).padStart(width, '0')}`,
      category,
      question: makeQuestion(rng, spec.name, endMs),
      resolutionSource: spec.resolutionSources[randInt(rng, spec.resolutionSources.length)]!,
      openMs,
      endMs,
      scheduledEndMs: endMs,
      early: false,
      resolutionMs,
      open: isOpen[i]!,
      liquidity,
      spread,
      depth: 0.08 * liquidity,
      // Busier books in deeper markets: arrivals ∝ liquidity^0.4, normalised to mean tradesPerMarket.
      expectedArrivals: (o.tradesPerMarket * Math.pow(liquidity / REF_LIQUIDITY, 0.4)) / Math.exp(0.08),
      prior,
      outcome,
      infoTotal: randLogNormal(rng, spec.infoMedian, 0.4),
      infoHalfLifeHours: Math.min(400, Math.max(3, randLogNormal(rng, 36, 0.6))),
      lagHours: Math.min(48, Math.max(0.25, randLogNormal(rng, o.lagHoursMedian, 0.7))),
      whale: null,
      washRings: [],
      skilled: [],
      debuts: [],
    });
  }

  if (o.earlyResolutionFraction > 0) planEarlyResolutions(markets, o.earlyResolutionFraction, mulberry32(deriveSeed(o.seed, STREAM.early)));

  // Fresh whales: one wallet each, entering 72–14 h before the end (after the open, before now).
  const wRng = mulberry32(deriveSeed(o.seed, STREAM.whales));
  const windows = markets.map((m) => {
    const lo = Math.max(m.openMs + 0.2 * (m.endMs - m.openMs), m.endMs - 72 * HOUR_MS);
    const hi = Math.min(m.endMs - 14 * HOUR_MS, nowMs - 8 * HOUR_MS);
    return { lo, hi };
  });
  const eligible = shuffleInPlace(wRng, markets.filter((m) => windows[m.index]!.hi - windows[m.index]!.lo >= HOUR_MS).map((m) => m.index));
  const nWhales = Math.min(Math.round(M * o.whaleMarketFraction), eligible.length, Math.floor(o.wallets * 0.2));
  const whaleMarkets = eligible.slice(0, nWhales).sort((a, b) => a - b);

  const population = buildPopulation(mulberry32(deriveSeed(o.seed, STREAM.population)), {
    total: o.wallets,
    whales: nWhales,
    skilledShare: o.skilledShare,
    momentumShare: o.momentumShare,
    longshotShare: o.longshotShare,
    washShare: o.washShare,
  });
  whaleMarkets.forEach((mi, k) => {
    const w = windows[mi]!;
    markets[mi]!.whale = {
      wallet: population.byKind.whale[k]!,
      entryMs: floorTo(randUniform(wRng, w.lo, w.hi), 1000),
      nFills: 3 + randInt(wRng, 6),
      burstHours: randUniform(wRng, 1, 6),
      pushLogit: randUniform(wRng, 0.8, 2.0),
      pushHalfLifeHours: randUniform(wRng, 36, 96),
      medianSize: randLogNormal(wRng, 3500, 0.3),
    };
  });

  // Wash rings: Poisson(washRingsPerMarket) rings per market; a ring left without a market gets one.
  const rRng = mulberry32(deriveSeed(o.seed, STREAM.rings));
  const R = population.rings.length;
  const ringUsed = new Uint8Array(R);
  for (const m of markets) {
    if (R === 0) break;
    const k = Math.min(R, randPoisson(rRng, o.washRingsPerMarket));
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(randInt(rRng, R));
    m.washRings = [...chosen].sort((a, b) => a - b);
    for (const r of chosen) ringUsed[r] = 1;
  }
  for (let r = 0; r < R; r++) {
    if (ringUsed[r]) continue;
    const m = markets[randInt(rRng, M)]!;
    m.washRings = [...m.washRings, r].sort((a, b) => a - b);
  }

  // Skilled specialists join each market of their categories with probability q (one at least).
  const pRng = mulberry32(deriveSeed(o.seed, STREAM.participants));
  const marketsByCategory = CATEGORIES.map((_, c) => markets.filter((m) => m.category === c));
  const skilledParticipation = marketsByCategory.map((ms) => (ms.length === 0 ? 0 : Math.min(0.8, o.skilledMarketsPerWallet / (1.5 * ms.length))));
  for (const w of population.byKind.skilled) {
    const cats = population.wallets[w]!.categories;
    let joined = 0;
    for (const c of cats) {
      for (const m of marketsByCategory[c]!) {
        if (pRng() < skilledParticipation[c]!) {
          m.skilled.push(w);
          joined++;
        }
      }
    }
    if (joined === 0) {
      const pool = cats.flatMap((c) => marketsByCategory[c]!);
      (pool.length > 0 ? pool[randInt(pRng, pool.length)]! : markets[randInt(pRng, M)]!).skilled.push(w);
    }
  }
  for (const m of markets) m.skilled.sort((a, b) => a - b);

  // Every noise, momentum and longshot wallet gets one guaranteed fill in a random market.
  for (const kind of ['noise', 'momentum', 'longshot'] as const) {
    for (const w of population.byKind[kind]) markets[randInt(pRng, M)]!.debuts.push(w);
  }

  return { options: o, baseMs, nowMs, markets, population };
}

/**
 * Early resolutions: round(fraction × resolved markets) markets resolving YES (as many as there are)
 * get an event instant uniform in [open + 30% of the life, scheduled end − 12 h]: information
 * converges and trading stops there, and the outcome is published 5 min – 6 h later (log-uniform),
 * well before the scheduled end the market keeps in markets.csv. Draws only from its own stream, so
 * worlds without early resolutions are unchanged.
 */
function planEarlyResolutions(markets: MarketPlan[], fraction: number, rng: () => number): void {
  const resolved = markets.filter((m) => !m.open);
  const candidates = shuffleInPlace(rng, resolved.filter((m) => m.outcome === 1 && m.endMs - 12 * HOUR_MS - (m.openMs + 0.3 * (m.endMs - m.openMs)) >= HOUR_MS));
  const n = Math.min(candidates.length, Math.round(fraction * resolved.length));
  for (const m of candidates.slice(0, n).sort((a, b) => a.index - b.index)) {
    const lo = m.openMs + 0.3 * (m.endMs - m.openMs);
    const hi = m.endMs - 12 * HOUR_MS;
    const event = floorTo(randUniform(rng, lo, hi), 60_000);
    m.early = true;
    m.endMs = event;
    m.resolutionMs = event + Math.round(randLogUniform(rng, 5 * 60_000, 6 * HOUR_MS) / 1000) * 1000;
  }
}
