import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../store/db.ts';
import { MarketsRepo } from '../../store/marketsRepo.ts';
import { TradesRepo } from '../../store/tradesRepo.ts';
import { OutcomesRepo } from '../../store/outcomesRepo.ts';
import { mulberry32, randInt } from '../../engine/rng.ts';

export const H = 3_600_000;
export const T0 = Date.UTC(2025, 0, 1);

/** A temp database file path. */
export function tempDbPath(prefix = 'sc-test-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'test.db');
}

/**
 * A seeded small world written straight through the repositories: 30 markets (20 resolved) in two
 * categories, 24 wallets of which 4 always trade the right side and the rest at random.
 * Numbers are arbitrary but deterministic (seed 7).
 */
export function seedSmallWorld(db: Database, seed = 7): { asOf: number } {
  const rng = mulberry32(seed);
  const markets = new MarketsRepo(db);
  const trades = new TradesRepo(db);
  const outcomes = new OutcomesRepo(db);
  let n = 0;
  db.transaction(() => {
    for (let m = 0; m < 30; m++) {
      const end = T0 + (100 + m * 20) * H;
      markets.upsert({ id: `mk${m}`, question: `Question ${m}?`, end_time: end, category: m % 2 ? 'politics' : 'sports', liquidity: 1000, resolution_source: null }, T0);
      const outcome = rng() < 0.5 ? 0 : 1;
      if (m < 20) outcomes.upsert({ market_id: `mk${m}`, resolved_outcome: outcome as 0 | 1, resolution_time: end + H });
      for (let k = 0; k < 40; k++) {
        const w = randInt(rng, 24);
        const skilled = w < 4;
        const yes = skilled ? outcome === 1 : rng() < 0.5;
        const price = Math.round((0.3 + 0.4 * rng()) * 100) / 100;
        trades.insert({
          external_id: `e${n++}`, market_id: `mk${m}`, wallet: `0x${w.toString(16).padStart(40, '0')}`,
          ts: end - (90 - k * 2) * H, side: yes ? 'YES' : 'NO', action: 'BUY', price, size: 10 + randInt(rng, 90),
        });
      }
    }
  })();
  return { asOf: T0 + (100 + 22 * 20) * H };
}

export function openSmallWorld(): { db: Database; path: string; asOf: number } {
  const path = tempDbPath();
  const db = openDatabase(path);
  const { asOf } = seedSmallWorld(db);
  return { db, path, asOf };
}
