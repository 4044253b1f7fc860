import { randNormal, type Rng } from '../engine/rng.ts';
import { randLogUniform, randUniform } from '../datasets/generator/distributions.ts';

const H = 3_600_000;

/** One research-world market's life (epoch ms) and outcome. */
export interface MarketSchedule {
  open: number;
  end: number;
  /** Trading and information stop here: the end, or earlier for a market that resolves early. */
  stop: number;
  resolution: number;
  /** The backtest cutoff: earlier of end and resolution − 12 h. */
  cutoff: number;
  /** Still open at `now` (no resolution is recorded for it). */
  openEnd: boolean;
  prior: number;
  Y: 0 | 1;
}

/**
 * The schedule the independent research worlds (foreignWorld.ts, crowdWorld.ts) share: a life of
 * 1–30 days (log-uniform) ending before `now` (12% still open at `now`), a prior σ(priorSd·N(0,1)),
 * the outcome drawn from it, resolution 0.1–24 h after the end — or, for a YES market drawn with
 * probability earlyFraction/max(0.2, prior), an event between 30% of the life and 13 h before the
 * end, resolved 0.1–6 h after it ("will X happen by <date>?"). Draws from `rng` in a fixed order.
 */
export function scheduleMarket(rng: Rng, o: { base: number; now: number; priorSd: number; earlyFraction: number }): MarketSchedule {
  const dur = randLogUniform(rng, 1, 30) * 24 * H;
  const openEnd = rng() < 0.12;
  const end = openEnd ? o.now + randUniform(rng, 0.1, 0.8) * dur : randUniform(rng, o.base + dur, o.now - 26 * H);
  const open = Math.max(o.base, end - dur);
  const prior = 1 / (1 + Math.exp(-o.priorSd * randNormal(rng)));
  const Y = rng() < prior ? 1 : 0;
  let stop = end;
  let resolution = end + randLogUniform(rng, 0.1, 24) * H;
  if (!openEnd && Y === 1 && rng() < o.earlyFraction / Math.max(0.2, prior)) {
    stop = randUniform(rng, open + 0.3 * (end - open), end - 13 * H);
    resolution = stop + randLogUniform(rng, 0.1, 6) * H;
  }
  return { open, end, stop, resolution, cutoff: Math.min(end, resolution) - 12 * H, openEnd, prior, Y };
}
