/**
 * A third, independently built world: **dispersed information**. Neither the generator's few skilled
 * wallets nor the foreign world's news-following informed wallets; here most wallets hold a little
 * private information and nobody holds much:
 * - each market's outcome Y is drawn from its prior; every arrival of a non-noise wallet draws a
 *   private Gaussian signal of Y whose precision is the wallet's own (lognormal across wallets,
 *   persistent across markets, so skill is learnable); its exact log-likelihood ratio is the
 *   signal's evidence;
 * - the **oracle** is the Bayes posterior given every signal drawn so far plus public news: the sum
 *   of the log-likelihood ratios, which no single wallet knows;
 * - a wallet's view is the price plus its own signal's evidence (it takes the price as the public
 *   posterior); it trades toward that view when the gap passes a threshold, size growing with the
 *   gap, by market order or (a share of fills) a limit order resting near its view;
 * - the price moves by order flow (Kyle-style impact in log-odds per √size over depth) and absorbs
 *   public news at once, so it aggregates the private evidence only partly: the sum of many small
 *   signals runs ahead of it;
 * - noise wallets trade at random; herders chase recent moves.
 * This is the kind of world where a weighted mean of every wallet's belief beats the price but is
 * under-scaled (the posterior is a sum of evidence, the mean an average). Research only.
 */
import { mulberry32, randNormal, type Rng } from '../engine/rng.ts';
import { randLogNormal, randPoisson, randUniform, shuffleInPlace } from '../datasets/generator/distributions.ts';
import { scheduleMarket } from './scheduleMarket.ts';
import { fillRow } from './fillRow.ts';
import type { TapeMarketInput, TapeOutcomeInput, TapeTradeInput } from '../engine/tape.ts';

export interface CrowdOptions {
  seed: number;
  markets?: number;
  wallets?: number;
  /** Share of wallets with no information (random direction). */
  noiseShare?: number;
  /** Share of wallets that chase recent moves. */
  herderShare?: number;
  /** Median signal strength a of an informed wallet (signal = ±a + N(0, 1), evidence 2·a·signal). */
  strengthMedian?: number;
  /** Lognormal spread of strength across wallets. */
  strengthSpread?: number;
  /** Mean trades per market. */
  tradesPerMarket?: number;
  /** Impact in log-odds per √share at reference depth. */
  impact?: number;
  /** Share of informed fills that are limit orders resting near the wallet's view. */
  limitShare?: number;
  /** Public news items per market (absorbed by the price at once). */
  publicNews?: number;
  /** Fraction of resolved markets that resolve YES before their scheduled end. */
  earlyFraction?: number;
  spanDays?: number;
}

export interface CrowdWorld {
  markets: TapeMarketInput[];
  trades: TapeTradeInput[];
  outcomes: TapeOutcomeInput[];
  /** Posterior given every signal and news item up to the backtest cutoff (earlier of end and resolution − 12 h). */
  oracle: Map<string, number>;
  kinds: Map<string, string>;
  strength: Map<string, number>;
}

const H = 3_600_000;
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const lg = (p: number) => Math.log(p / (1 - p));

type Kind = 'informed' | 'noise' | 'herder';

export function generateCrowdWorld(opts: CrowdOptions): CrowdWorld {
  const o = {
    markets: 300, wallets: 800, noiseShare: 0.45, herderShare: 0.08, strengthMedian: 0.15, strengthSpread: 0.7,
    tradesPerMarket: 150, impact: 0.03, limitShare: 0.2, publicNews: 3, earlyFraction: 0.15, spanDays: 160,
    ...opts,
  };
  const rng: Rng = mulberry32(o.seed * 104729 + 31);
  const base = Date.UTC(2024, 2, 1);
  const now = base + o.spanDays * 24 * H;
  const wallets: { id: string; kind: Kind; strength: number; size: number }[] = [];
  for (let i = 0; i < o.wallets; i++) {
    const u = rng();
    const kind: Kind = u < o.noiseShare ? 'noise' : u < o.noiseShare + o.herderShare ? 'herder' : 'informed';
    wallets.push({
      id: `0xc${(o.seed >>> 0).toString(16).padStart(7, '0')}${i.toString(16).padStart(32, '0')}`,
      kind,
      strength: kind === 'informed' ? randLogNormal(rng, o.strengthMedian, o.strengthSpread) : 0,
      size: randLogNormal(rng, 25, 0.8),
    });
  }
  const byKind = (k: Kind) => wallets.map((w, i) => (w.kind === k ? i : -1)).filter((i) => i >= 0);
  const informed = byKind('informed');
  const noise = byKind('noise');
  const herders = byKind('herder');
  const markets: TapeMarketInput[] = [];
  const trades: TapeTradeInput[] = [];
  const outcomes: TapeOutcomeInput[] = [];
  const oracle = new Map<string, number>();
  let tradeNo = 0;
  for (let mi = 0; mi < o.markets; mi++) {
    const id = `cw-${o.seed}-${String(mi).padStart(5, '0')}`;
    const { open, end, stop, resolution, cutoff, openEnd, prior, Y } = scheduleMarket(rng, { base, now, priorSd: 1.2, earlyFraction: o.earlyFraction });
    const depth = randLogNormal(rng, 1, 0.5);
    const spread = 0.01 + 0.02 * rng();
    markets.push({ id, question: `Crowd market ${mi}?`, category: ['north', 'south', 'east', 'west', 'centre'][mi % 5]!, end_time: Math.round(end / 1000) * 1000 });
    const pick = (pool: number[], k: number) => shuffleInPlace(rng, [...pool]).slice(0, Math.min(k, pool.length));
    const pIn = pick(informed, 20 + Math.round(rng() * 60));
    const pNoise = pick(noise, 15 + Math.round(rng() * 40));
    const pHerd = pick(herders, 2 + Math.round(rng() * 6));
    const nArrivalsInformed = pIn.length / (pIn.length + pNoise.length + 0.5 * pHerd.length);
    const step = 0.5 * H;
    let lp = lg(prior);
    let x = lg(prior);
    const hist: number[] = [];
    const emit = (w: number, t: number, d: 1 | -1, size: number, atPrice?: number) => {
      const yes = atPrice ?? Math.min(0.999, Math.max(0.001, sig(x) + (d * spread) / 2));
      trades.push(fillRow(rng, `cw-${o.seed}-${tradeNo++}`, id, wallets[w]!.id, t, d, yes, size));
      x += (d * o.impact * Math.sqrt(size)) / depth;
      x = Math.max(-6, Math.min(6, x));
    };
    const nSteps = Math.ceil((stop - open) / step);
    const newsRate = o.publicNews / nSteps;
    let oracleAtCut: number | null = null;
    for (let k = 0; k < nSteps; k++) {
      const t = open + k * step;
      if (t > now) break;
      if (oracleAtCut === null && t + step > cutoff) oracleAtCut = sig(lp);
      const toEnd = Math.max(0.5, (stop - t) / H);
      for (let j = randPoisson(rng, newsRate); j > 0; j--) {
        const a = randUniform(rng, 0.3, 1);
        const llr = 2 * a * ((Y === 1 ? a : -a) + randNormal(rng));
        lp += llr;
        x += llr;
      }
      hist.push(x);
      const nArr = randPoisson(rng, ((o.tradesPerMarket * (step / H)) / ((stop - open) / H)) * (0.5 + 24 / (24 + toEnd)) / 0.9);
      for (let j = 0; j < nArr; j++) {
        const tt = t + rng() * step;
        const u = rng();
        if (u < nArrivalsInformed) {
          const w = pIn[Math.floor(rng() * pIn.length)]!;
          const a = wallets[w]!.strength;
          const llr = 2 * a * ((Y === 1 ? a : -a) + randNormal(rng));
          lp += llr;
          const gap = llr;
          if (Math.abs(gap) < 0.1) continue;
          const d: 1 | -1 = gap > 0 ? 1 : -1;
          const view = x + gap;
          const limit = rng() < o.limitShare ? Math.min(0.999, Math.max(0.001, sig(view - d * 0.05))) : undefined;
          emit(w, tt, d, wallets[w]!.size * Math.min(3, Math.abs(gap)) * 3 * randLogNormal(rng, 1, 0.3), limit);
        } else if (u < nArrivalsInformed + 0.06 && hist.length > 12 && pHerd.length) {
          const mv = x - hist[hist.length - 12]!;
          if (Math.abs(mv) < 0.1) continue;
          emit(pHerd[Math.floor(rng() * pHerd.length)]!, tt, mv > 0 ? 1 : -1, 30 * randLogNormal(rng, 1, 0.6));
        } else {
          const w = pNoise[Math.floor(rng() * pNoise.length)]!;
          emit(w, tt, rng() < 0.5 ? 1 : -1, wallets[w]!.size * randLogNormal(rng, 1, 0.8));
        }
      }
    }
    if (oracleAtCut === null) oracleAtCut = sig(lp);
    if (!openEnd && resolution <= now) {
      outcomes.push({ market_id: id, resolved_outcome: Y as 0 | 1, resolution_time: Math.round(resolution / 1000) * 1000 });
      oracle.set(id, oracleAtCut);
    }
  }
  return {
    markets, trades, outcomes, oracle,
    kinds: new Map(wallets.map((w) => [w.id, w.kind])),
    strength: new Map(wallets.map((w) => [w.id, w.strength])),
  };
}
