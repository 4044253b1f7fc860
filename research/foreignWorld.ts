/**
 * A second, independently built world ("foreign" to datasets/generator) used to check that the
 * signal generalises beyond the generator it was developed on. Different on purpose:
 * - information arrives as discrete news (Poisson, busier toward the end), each a Gaussian signal
 *   whose exact Bayes update gives the informed probability p_t (calibrated), instead of a
 *   Brownian information clock;
 * - the price is set by order flow (permanent, Kyle-style impact in log-odds) and under-reacts to
 *   public news by a market-specific factor, instead of an EMA lag of p_t;
 * - informed wallets see p_t with wallet-specific noise and trade size proportional to their
 *   perceived mispricing; herders follow recent moves, contrarians fade them, noise is noise;
 *   a few manipulators push markets the wrong way; wash pairs trade back and forth.
 * Early resolution: "by <date>" markets whose event happens early resolve YES then.
 * Deterministic given its options. Research only (not shipped as a dataset).
 */
import { mulberry32, randNormal, type Rng } from '../engine/rng.ts';
import { randLogNormal, randPoisson, randUniform, shuffleInPlace } from '../datasets/generator/distributions.ts';
import { scheduleMarket } from './scheduleMarket.ts';
import { fillRow } from './fillRow.ts';
import type { TapeMarketInput, TapeOutcomeInput, TapeTradeInput } from '../engine/tape.ts';

export interface ForeignOptions {
  seed: number;
  markets?: number;
  wallets?: number;
  /** Share of wallets that are informed. */
  informedShare?: number;
  /** Mean trades per market. */
  tradesPerMarket?: number;
  /** Share of arrivals that come from informed wallets (when one is present). */
  informedArrivalShare?: number;
  /** Range of how much of a news item the price absorbs at once (the rest must come from flow). */
  newsAbsorption?: [number, number];
  /** Impact in log-odds per sqrt(share) at reference depth. */
  impact?: number;
  /** Fraction of markets pushed by a manipulator. */
  manipulatedFraction?: number;
  /** Fraction of resolved markets that resolve YES before their scheduled end. */
  earlyFraction?: number;
  /** Days the world spans. */
  spanDays?: number;
  /** Share of informed fills that are limit orders resting at (about) the wallet's own view, filled there. */
  informedLimitShare?: number;
}

export interface ForeignWorld {
  markets: TapeMarketInput[];
  trades: TapeTradeInput[];
  outcomes: TapeOutcomeInput[];
  /** Informed probability at the backtest cutoff (earlier of end and resolution − 12 h) per resolved market. */
  oracle: Map<string, number>;
  kinds: Map<string, string>;
}

const H = 3_600_000;
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const lg = (p: number) => Math.log(p / (1 - p));

type Kind = 'informed' | 'noise' | 'herder' | 'contrarian' | 'wash' | 'manipulator';

export function generateForeignWorld(opts: ForeignOptions): ForeignWorld {
  const o = {
    markets: 300, wallets: 800, informedShare: 0.08, tradesPerMarket: 160, informedArrivalShare: 0.2,
    newsAbsorption: [0.2, 0.7] as [number, number], impact: 0.02, manipulatedFraction: 0.08, earlyFraction: 0.15, spanDays: 160, informedLimitShare: 0,
    ...opts,
  };
  const rng: Rng = mulberry32(o.seed * 7919 + 17);
  const base = Date.UTC(2024, 0, 1);
  const now = base + o.spanDays * 24 * H;
  // Wallets.
  const wallets: { id: string; kind: Kind; noise: number; size: number; activity: number }[] = [];
  for (let i = 0; i < o.wallets; i++) {
    const u = rng();
    const kind: Kind = u < o.informedShare ? 'informed' : u < o.informedShare + 0.1 ? 'herder' : u < o.informedShare + 0.16 ? 'contrarian' : u < o.informedShare + 0.2 ? 'wash' : 'noise';
    wallets.push({
      id: `0x${(o.seed >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`,
      kind,
      noise: kind === 'informed' ? randUniform(rng, 0.15, 1.2) : 0,
      size: randLogNormal(rng, 30, 0.9),
      activity: randLogNormal(rng, 1, 1),
    });
  }
  const byKind = (k: Kind) => wallets.map((w, i) => (w.kind === k ? i : -1)).filter((i) => i >= 0);
  const informed = byKind('informed');
  const noise = byKind('noise');
  const herders = byKind('herder');
  const contrarians = byKind('contrarian');
  const wash = byKind('wash');
  const markets: TapeMarketInput[] = [];
  const trades: TapeTradeInput[] = [];
  const outcomes: TapeOutcomeInput[] = [];
  const oracle = new Map<string, number>();
  let tradeNo = 0;
  let manipulatorNo = 0;
  for (let mi = 0; mi < o.markets; mi++) {
    const id = `fw-${o.seed}-${String(mi).padStart(5, '0')}`;
    const { open, end, stop, resolution, cutoff, openEnd, prior, Y } = scheduleMarket(rng, { base, now, priorSd: 1.5, earlyFraction: o.earlyFraction });
    const absorb = randUniform(rng, o.newsAbsorption[0], o.newsAbsorption[1]);
    const depth = randLogNormal(rng, 1, 0.6);
    const spread = 0.01 + 0.02 * rng();
    const manipulated = !openEnd && rng() < o.manipulatedFraction;
    markets.push({ id, question: `Foreign market ${mi}?`, category: ['alpha', 'beta', 'gamma', 'delta'][mi % 4]!, end_time: Math.round(end / 1000) * 1000 });
    // Participants.
    const pick = (pool: number[], k: number) => shuffleInPlace(rng, [...pool]).slice(0, Math.min(k, pool.length));
    const nIn = Math.max(1, Math.round(informed.length * randUniform(rng, 0.1, 0.4)));
    const pIn = pick(informed, nIn);
    const pNoise = pick(noise, 10 + Math.round(rng() * 30));
    const pHerd = pick(herders, 2 + Math.round(rng() * 6));
    const pCon = pick(contrarians, 1 + Math.round(rng() * 4));
    const bias = new Map(pIn.map((w) => [w, wallets[w]!.noise * 0.5 * randNormal(rng)]));
    // Simulation in steps of 30 min.
    const step = 0.5 * H;
    let lp = lg(prior);
    let x = lg(prior) + 0.4 * randNormal(rng); // price log-odds
    const hist: number[] = [];
    const emit = (w: number, t: number, d: 1 | -1, size: number, px: number, atPrice?: number) => {
      const yes = atPrice ?? Math.min(0.999, Math.max(0.001, sig(px) + (d * spread) / 2));
      trades.push(fillRow(rng, `fw-${o.seed}-${tradeNo++}`, id, wallets[w]!.id, t, d, yes, size));
      x += (d * o.impact * Math.sqrt(size)) / depth;
      x = Math.max(-6, Math.min(6, x));
    };
    const nSteps = Math.ceil((stop - open) / step);
    const totalNews = randLogNormal(rng, 8, 0.5);
    let oracleAtCut: number | null = null;
    let manipLeft = manipulated ? 4 + Math.floor(rng() * 5) : 0;
    const manipStart = cutoff - randUniform(rng, 6, 48) * H;
    const manipulator = manipulated ? wallets.length : -1;
    if (manipulated) manipulatorNo++;
    if (manipulated) wallets.push({ id: `0xbad${(o.seed >>> 0).toString(16).padStart(8, '0')}${manipulator.toString(16).padStart(29, '0')}`, kind: 'manipulator', noise: 0, size: 3000, activity: 1 });
    for (let k = 0; k < nSteps; k++) {
      const t = open + k * step;
      if (t > now) break;
      if (oracleAtCut === null && t + step > cutoff) oracleAtCut = sig(lp);
      const toEnd = Math.max(0.5, (stop - t) / H);
      // News: rate rising toward the end; each is an exact Bayes update.
      const rate = (totalNews * (step / H)) / (toEnd + 24) / Math.log(1 + (stop - open) / H / 24);
      const nNews = randPoisson(rng, rate);
      for (let j = 0; j < nNews; j++) {
        const a = randUniform(rng, 0.2, 0.9);
        const s = (Y === 1 ? a : -a) + randNormal(rng);
        const llr = 2 * a * s;
        lp += llr;
        x += absorb * llr;
      }
      hist.push(x);
      // Arrivals.
      const nArr = randPoisson(rng, (o.tradesPerMarket * (step / H)) / ((stop - open) / H) * (0.5 + 24 / (24 + toEnd)) / 0.9);
      for (let j = 0; j < nArr; j++) {
        const tt = t + rng() * step;
        const u = rng();
        if (u < o.informedArrivalShare && pIn.length) {
          const w = pIn[Math.floor(rng() * pIn.length)]!;
          const view = lp + bias.get(w)! + wallets[w]!.noise * 0.3 * randNormal(rng);
          const gap = view - x;
          if (Math.abs(gap) < 0.15) continue;
          const d: 1 | -1 = gap > 0 ? 1 : -1;
          // A resting order at (just inside) its view, filled there by an impatient counterparty.
          const limit = rng() < o.informedLimitShare ? Math.min(0.999, Math.max(0.001, sig(view - d * 0.1))) : undefined;
          emit(w, tt, d, wallets[w]!.size * Math.min(4, Math.abs(gap)) * randLogNormal(rng, 1, 0.3), x, limit);
        } else if (u < o.informedArrivalShare + 0.1 && hist.length > 12 && pHerd.length) {
          const mv = x - hist[hist.length - 12]!;
          if (Math.abs(mv) < 0.1) continue;
          emit(pHerd[Math.floor(rng() * pHerd.length)]!, tt, mv > 0 ? 1 : -1, 40 * randLogNormal(rng, 1, 0.6), x);
        } else if (u < o.informedArrivalShare + 0.15 && hist.length > 12 && pCon.length) {
          const mv = x - hist[hist.length - 12]!;
          if (Math.abs(mv) < 0.1) continue;
          emit(pCon[Math.floor(rng() * pCon.length)]!, tt, mv > 0 ? -1 : 1, 40 * randLogNormal(rng, 1, 0.6), x);
        } else {
          const w = pNoise[Math.floor(rng() * pNoise.length)]!;
          emit(w, tt, rng() < 0.5 ? 1 : -1, wallets[w]!.size * randLogNormal(rng, 1, 0.8), x);
        }
      }
      // Wash: a pair round-trips at the price, no impact.
      if (wash.length >= 2 && rng() < 0.01) {
        const a = wash[Math.floor(rng() * wash.length)]!;
        const b = wash[Math.floor(rng() * wash.length)]!;
        if (a !== b) {
          const sz = 200 * randLogNormal(rng, 1, 0.3);
          const p = Math.round(sig(x) * 1e4) / 1e4;
          if (p > 0.001 && p < 0.999) {
            trades.push({ external_id: `fw-${o.seed}-${tradeNo++}`, market_id: id, wallet: wallets[a]!.id, ts: Math.floor(t / 1000) * 1000, side: 'YES', action: 'BUY', price: p, size: sz });
            trades.push({ external_id: `fw-${o.seed}-${tradeNo++}`, market_id: id, wallet: wallets[b]!.id, ts: Math.floor(t / 1000) * 1000, side: 'YES', action: 'SELL', price: p, size: sz });
          }
        }
      }
      // Manipulator: buys the losing side in a burst before the cutoff.
      if (manipLeft > 0 && t >= manipStart) {
        manipLeft--;
        const d: 1 | -1 = Y === 1 ? -1 : 1;
        const sz = 2500 * randLogNormal(rng, 1, 0.3);
        emit(manipulator, t + rng() * step, d, sz, x);
        x += d * 0.25;
      }
    }
    if (oracleAtCut === null) oracleAtCut = sig(lp);
    if (!openEnd && resolution <= now) {
      outcomes.push({ market_id: id, resolved_outcome: Y as 0 | 1, resolution_time: Math.round(resolution / 1000) * 1000 });
      oracle.set(id, oracleAtCut);
    }
  }
  return { markets, trades, outcomes, oracle, kinds: new Map(wallets.map((w) => [w.id, w.kind])) };
}
