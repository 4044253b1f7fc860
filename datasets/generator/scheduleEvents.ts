import { randInt, type Rng } from '../../engine/rng.ts';
import type { Population } from './buildPopulation.ts';
import { randLogNormal, randUniform } from './distributions.ts';
import { HOUR_MS, type MarketPlan } from './planWorld.ts';

export type Side = 'YES' | 'NO';

/** Something that happens in a market at instant `t` (epoch ms); `seq` breaks ties in creation order. */
export type MarketEvent =
  | { t: number; seq: number; type: 'arrival' }
  | { t: number; seq: number; type: 'whale'; size: number }
  | { t: number; seq: number; type: 'debut'; wallet: number }
  | { t: number; seq: number; type: 'wash'; buyer: number; seller: number; side: Side; size: number };

/** Median shares per wash fill, before the members' size scales. */
export const WASH_SIZE = 120;

/** Shares rounded to 2 decimals, at least 1. */
export function roundSize(s: number): number {
  return Math.max(1, Math.round(s * 100) / 100);
}

/**
 * The market's scheduled events, time-ordered: wash-ring round trips (1–4 bursts per active
 * ring, each 2–6 round trips between consecutive members, legs 5–90 s apart; a trip whose return
 * leg would fall at or after `limitMs` is dropped whole), the fresh whale's buys (first at entry,
 * the rest spread over its burst), and each debut wallet's guaranteed fill at a uniform instant.
 * `seq` numbering starts at 0; returns the next free `seq`.
 */
export function scheduleEvents(rng: Rng, plan: MarketPlan, pop: Population, limitMs: number): { events: MarketEvent[]; nextSeq: number } {
  const events: MarketEvent[] = [];
  let seq = 0;
  for (const r of plan.washRings) {
    const ring = pop.rings[r]!;
    const bursts = 1 + randInt(rng, 4);
    for (let b = 0; b < bursts; b++) {
      let t = randUniform(rng, plan.openMs, limitMs);
      const side: Side = rng() < 0.5 ? 'YES' : 'NO';
      const trips = 2 + randInt(rng, 5);
      for (let j = 0; j < trips; j++) {
        const a = ring[j % ring.length]!;
        const c = ring[(j + 1) % ring.length]!;
        const size = roundSize(randLogNormal(rng, (WASH_SIZE * (pop.wallets[a]!.sizeScale + pop.wallets[c]!.sizeScale)) / 2, 0.4));
        const tOut = t;
        const tBack = t + randUniform(rng, 5_000, 90_000);
        const back = roundSize(size * randUniform(rng, 0.95, 1.05));
        t = tBack + randUniform(rng, 5_000, 90_000);
        // A round trip: a buys from c, then c buys (about) the same back, so both end near flat.
        if (tBack >= limitMs) continue;
        events.push({ t: tOut, seq: seq++, type: 'wash', buyer: a, seller: c, side, size });
        events.push({ t: tBack, seq: seq++, type: 'wash', buyer: c, seller: a, side, size: back });
      }
    }
  }
  const whale = plan.whale;
  if (whale) {
    for (let j = 0; j < whale.nFills; j++) {
      const t = j === 0 ? whale.entryMs : whale.entryMs + ((j + rng()) / whale.nFills) * whale.burstHours * HOUR_MS;
      events.push({ t, seq: seq++, type: 'whale', size: roundSize(randLogNormal(rng, whale.medianSize, 0.3)) });
    }
  }
  for (const w of plan.debuts) events.push({ t: randUniform(rng, plan.openMs, limitMs), seq: seq++, type: 'debut', wallet: w });
  events.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return { events, nextSeq: seq };
}
