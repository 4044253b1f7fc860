/**
 * The screener's total is the number of snapshots its filter matches, the same for every page —
 * the first, a middle one, one past the end — and the pages together list exactly those snapshots.
 * (The page and its total come from one query with a window count; a page past the end counts
 * on its own.)
 */
import { describe, expect, it } from 'vitest';
import { openSmallWorld } from '../helpers/smallWorld.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { screenerPage } from '../../services/reads.ts';
import { defaultParams } from '../../engine/params.ts';
import { ScreenerQuery } from '../../contracts/screener.ts';

describe('the screener page', () => {
  const { db, asOf } = openSmallWorld();

  it('reports the filter’s total on every page, and its pages list exactly that many markets', async () => {
    // Every market snapshotted, so the status filters have several markets each.
    await runPipeline(db, { params: { ...defaultParams, recentClosedHours: 24 * 3650 }, asOf });
    for (const status of ['all', 'open', 'resolved'] as const) {
      const q = (offset: number) => ScreenerQuery.parse({ limit: 7, offset, status });
      const first = screenerPage(db, q(0));
      expect(first.total, status).toBeGreaterThan(0);
      const listed: string[] = [];
      for (let offset = 0; offset < first.total; offset += 7) {
        const page = screenerPage(db, q(offset));
        expect(page.total, `${status} offset ${offset}`).toBe(first.total);
        listed.push(...page.items.map((i) => i.market_id));
        expect(page.items.every((i) => status === 'all' || i.status === status)).toBe(true);
        expect(page.items.some((i) => 'total' in i)).toBe(false);
      }
      expect(new Set(listed).size).toBe(first.total);
      const past = screenerPage(db, q(first.total + 10));
      expect(past.items).toEqual([]);
      expect(past.total).toBe(first.total);
    }
    expect(screenerPage(db, ScreenerQuery.parse({ status: 'all' })).total).toBeGreaterThan(screenerPage(db, ScreenerQuery.parse({ status: 'open' })).total);
  });
});
