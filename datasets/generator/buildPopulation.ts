import { randInt, type Rng } from '../../engine/rng.ts';
import { CATEGORIES } from './categories.ts';
import { randLogNormal, randUniform, shuffleInPlace } from './distributions.ts';
import { WeightedSampler } from './WeightedSampler.ts';
import type { WalletKind } from './worldTypes.ts';

/** One generated wallet and the traits its behaviour is drawn from. */
export interface SyntheticWallet {
  /** Lower-case 0x address, 40 hex digits. */
  id: string;
  kind: WalletKind;
  /** Multiplier on its kind's median fill size. */
  sizeScale: number;
  /** Relative chance of being drawn into a market and of acting there (noise, momentum, longshot). */
  activity: number;
  /** Skilled: category indexes (into CATEGORIES) it specialises in. */
  categories: number[];
  /** Skilled: sd of its persistent per-market error in log-odds. */
  viewNoise: number;
  /** Skilled: smallest gap between its view and the price it would pay before it trades, probability units. */
  edgeThreshold: number;
  /** Wash: ring index; −1 otherwise. */
  ring: number;
}

export interface Population {
  wallets: SyntheticWallet[];
  /** Wallet indexes by kind, ascending. */
  byKind: Record<WalletKind, number[]>;
  /** Wash rings: 2–4 wallet indexes each. */
  rings: number[][];
  /** Skilled wallet indexes by category index. */
  skilledByCategory: number[][];
  /** Draw by activity a position in `byKind.noise` / `.momentum` / `.longshot` (not a wallet index). */
  noiseSampler: WeightedSampler;
  momentumSampler: WeightedSampler;
  longshotSampler: WeightedSampler;
}

export interface PopulationCounts {
  total: number;
  whales: number;
  skilledShare: number;
  momentumShare: number;
  longshotShare: number;
  washShare: number;
}

/** A fresh random 0x address not in `used`. */
function newAddress(rng: Rng, used: Set<string>): string {
  for (;;) {
    let hex = '0x';
    for (let i = 0; i < 5; i++) hex += (Math.floor(rng() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    if (!used.has(hex)) {
      used.add(hex);
      return hex;
    }
  }
}

/**
 * The wallet population: `whales` fresh whales, then skilled specialists, momentum followers,
 * longshot buyers and wash-ring members by share of the rest (each rounded, wash at least 2 when
 * its share is positive), noise traders taking what is left. Wallet order is shuffled so a
 * wallet's position says nothing about its kind.
 */
export function buildPopulation(rng: Rng, c: PopulationCounts): Population {
  const rest = c.total - c.whales;
  const nSkilled = Math.round(rest * c.skilledShare);
  const nMomentum = Math.round(rest * c.momentumShare);
  const nLongshot = Math.round(rest * c.longshotShare);
  let nWash = Math.round(rest * c.washShare);
  if (c.washShare > 0 && nWash < 2) nWash = 2;
  const nNoise = rest - nSkilled - nMomentum - nLongshot - nWash;
  if (nNoise < 1) throw new RangeError(`population of ${c.total} leaves no noise traders`);

  const kinds: WalletKind[] = [
    ...Array<WalletKind>(c.whales).fill('whale'),
    ...Array<WalletKind>(nSkilled).fill('skilled'),
    ...Array<WalletKind>(nMomentum).fill('momentum'),
    ...Array<WalletKind>(nLongshot).fill('longshot'),
    ...Array<WalletKind>(nWash).fill('wash'),
    ...Array<WalletKind>(nNoise).fill('noise'),
  ];
  shuffleInPlace(rng, kinds);

  const used = new Set<string>();
  const wallets: SyntheticWallet[] = kinds.map((kind) => {
    const w: SyntheticWallet = { id: newAddress(rng, used), kind, sizeScale: 1, activity: 1, categories: [], viewNoise: 0, edgeThreshold: 0, ring: -1 };
    switch (kind) {
      case 'noise':
        // Heavy-tailed activity (Pareto, alpha 1.3, capped): a few noise wallets trade a lot and big.
        w.activity = Math.min(200, Math.pow(1 - rng(), -1 / 1.3));
        w.sizeScale = randLogNormal(rng, 1, 1.0);
        break;
      case 'momentum':
      case 'longshot':
        w.activity = randLogNormal(rng, 1, 0.8);
        w.sizeScale = randLogNormal(rng, 1, 0.6);
        break;
      case 'skilled': {
        const first = randInt(rng, CATEGORIES.length);
        w.categories = [first];
        if (rng() < 0.5) w.categories.push((first + 1 + randInt(rng, CATEGORIES.length - 1)) % CATEGORIES.length);
        w.viewNoise = randUniform(rng, 0.05, 0.2);
        w.edgeThreshold = randUniform(rng, 0.015, 0.04);
        w.sizeScale = randLogNormal(rng, 1, 0.4);
        break;
      }
      case 'wash':
        w.sizeScale = randLogNormal(rng, 1, 0.5);
        break;
      case 'whale':
        break;
    }
    return w;
  });

  const byKind: Record<WalletKind, number[]> = { skilled: [], noise: [], momentum: [], longshot: [], wash: [], whale: [] };
  wallets.forEach((w, i) => byKind[w.kind].push(i));

  // Rings of 2–4 members; a lone leftover joins the last ring.
  const rings: number[][] = [];
  const washers = byKind.wash;
  for (let i = 0; i < washers.length; ) {
    let size = 2 + randInt(rng, 3);
    if (washers.length - (i + size) === 1 || i + size > washers.length) size = washers.length - i;
    rings.push(washers.slice(i, i + size));
    i += size;
  }
  rings.forEach((members, r) => members.forEach((i) => (wallets[i]!.ring = r)));

  const skilledByCategory: number[][] = CATEGORIES.map(() => []);
  for (const i of byKind.skilled) for (const cat of wallets[i]!.categories) skilledByCategory[cat]!.push(i);

  const samplerOf = (idx: number[]) => new WeightedSampler(idx.map((i) => wallets[i]!.activity));
  return {
    wallets,
    byKind,
    rings,
    skilledByCategory,
    noiseSampler: samplerOf(byKind.noise),
    momentumSampler: samplerOf(byKind.momentum),
    longshotSampler: samplerOf(byKind.longshot),
  };
}
