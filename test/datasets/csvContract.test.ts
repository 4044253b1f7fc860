import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_WORLD_DIR, DEMO_WORLD_OPTIONS } from '../../datasets/generator/demoWorldOptions.ts';
import { readWorldDir } from './readWorldDir.ts';

/** The committed demo world, read back as the CSV ingester will read it. */
const demo = readWorldDir(join(fileURLToPath(new URL('../../', import.meta.url)), DEMO_WORLD_DIR));
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const ms = (s: string) => {
  expect(s).toMatch(ISO_UTC);
  const t = Date.parse(s);
  expect(Number.isFinite(t)).toBe(true);
  return t;
};
/** Collects failing rows instead of running one expect per row (56k rows). */
function failures<T>(rows: T[], check: (r: T) => string | null): string[] {
  const out: string[] = [];
  rows.forEach((r, i) => {
    const why = check(r);
    if (why && out.length < 5) out.push(`row ${i + 1}: ${why}`);
  });
  return out;
}

describe('the demo world satisfies the CSV contract (CONTRACTS.md §1)', () => {
  const markets = new Map(demo.markets.rows.map((m) => [m.id!, m]));
  const outcomes = new Map(demo.outcomes.rows.map((o) => [o.market_id!, o]));
  const now = Date.parse(demo.truth.now);

  it('files carry the contract columns', () => {
    expect(demo.markets.header).toEqual(['id', 'question', 'end_time', 'category', 'liquidity', 'resolution_source']);
    expect(demo.trades.header).toEqual(['market_id', 'wallet', 'ts', 'side', 'action', 'price', 'size', 'external_id']);
    expect(demo.outcomes.header).toEqual(['market_id', 'resolved_outcome', 'resolution_time']);
  });

  it('the demo stays within its intended size', () => {
    expect(demo.markets.rows.length).toBe(DEMO_WORLD_OPTIONS.markets);
    expect(demo.markets.rows.length).toBeGreaterThanOrEqual(250);
    expect(demo.markets.rows.length).toBeLessThanOrEqual(400);
    expect(demo.trades.rows.length).toBeGreaterThanOrEqual(40_000);
    expect(demo.trades.rows.length).toBeLessThanOrEqual(80_000);
    expect(new Set(demo.trades.rows.map((t) => t.wallet)).size).toBe(DEMO_WORLD_OPTIONS.wallets);
  });

  it('markets have unique ids, a category, a positive liquidity and an ISO end time', () => {
    expect(markets.size).toBe(demo.markets.rows.length);
    const bad = failures(demo.markets.rows, (m) =>
      !m.question || !m.category || !(Number(m.liquidity) > 0) || !m.resolution_source ? JSON.stringify(m) : null,
    );
    expect(bad).toEqual([]);
    for (const m of demo.markets.rows) ms(m.end_time!);
    expect(new Set(demo.markets.rows.map((m) => m.category)).size).toBeGreaterThanOrEqual(6);
  });

  it('every fill has a valid side, action, wallet, time, price strictly inside (0, 1) with ≤ 4 decimals and a positive size', () => {
    const bad = failures(demo.trades.rows, (t) => {
      if (t.side !== 'YES' && t.side !== 'NO') return `side ${t.side}`;
      if (t.action !== 'BUY' && t.action !== 'SELL') return `action ${t.action}`;
      if (!/^0x[0-9a-f]{40}$/.test(t.wallet!)) return `wallet ${t.wallet}`;
      if (!ISO_UTC.test(t.ts!) || !Number.isFinite(Date.parse(t.ts!))) return `ts ${t.ts}`;
      const price = Number(t.price);
      if (!(price > 0 && price < 1) || !/^0\.\d{1,4}$/.test(t.price!)) return `price ${t.price}`;
      if (!(Number(t.size) > 0)) return `size ${t.size}`;
      return null;
    });
    expect(bad).toEqual([]);
  });

  it('external ids are unique and every fill belongs to a listed market', () => {
    expect(new Set(demo.trades.rows.map((t) => t.external_id)).size).toBe(demo.trades.rows.length);
    expect(failures(demo.trades.rows, (t) => (markets.has(t.market_id!) ? null : `unknown market ${t.market_id}`))).toEqual([]);
  });

  it('no fill is at or after its market\'s end, its resolution, or the world\'s now', () => {
    const bad = failures(demo.trades.rows, (t) => {
      const ts = Date.parse(t.ts!);
      if (ts >= Date.parse(markets.get(t.market_id!)!.end_time!)) return `after end: ${t.external_id}`;
      const o = outcomes.get(t.market_id!);
      if (o && ts >= Date.parse(o.resolution_time!)) return `after resolution: ${t.external_id}`;
      if (ts > now) return `after now: ${t.external_id}`;
      return null;
    });
    expect(bad).toEqual([]);
  });

  it('outcomes are 0/1, resolve after the end and before now, and only ended markets have one', () => {
    for (const o of demo.outcomes.rows) {
      expect(['0', '1']).toContain(o.resolved_outcome);
      const end = Date.parse(markets.get(o.market_id!)!.end_time!);
      const res = ms(o.resolution_time!);
      expect(res).toBeGreaterThan(end);
      expect(res - end).toBeLessThanOrEqual(24 * 3_600_000);
      expect(res).toBeLessThanOrEqual(now);
    }
    for (const m of demo.markets.rows) {
      if (!outcomes.has(m.id!)) expect(Date.parse(m.end_time!)).toBeGreaterThan(now);
    }
  });

  it('about 15% of markets are still open at now', () => {
    const open = demo.markets.rows.length - demo.outcomes.rows.length;
    expect(open / demo.markets.rows.length).toBeGreaterThan(0.1);
    expect(open / demo.markets.rows.length).toBeLessThan(0.2);
  });
});
