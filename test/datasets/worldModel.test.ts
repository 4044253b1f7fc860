import { describe, expect, it } from 'vitest';
import { DEMO_WORLD_OPTIONS } from '../../datasets/generator/demoWorldOptions.ts';
import { generateWorld } from '../../datasets/generator/generateWorld.ts';
import type { TradeRow, WalletKind, World } from '../../datasets/generator/worldTypes.ts';

const demo = generateWorld(DEMO_WORLD_OPTIONS);
const HOUR = 3_600_000;

/** +1 when the fill pushes YES up (BUY YES, SELL NO), −1 otherwise. */
const dirOf = (t: TradeRow) => ((t.side === 'NO') === (t.action === 'SELL') ? 1 : -1);
const yesPriceOf = (t: TradeRow) => (t.side === 'YES' ? t.price : 1 - t.price);

/** Mean per-fill edge by wallet kind on resolved markets: direction × (outcome − YES-equivalent price). Computed from rows, not from the truth's diagnostics. */
function meanEdgeByKind(world: World): Record<WalletKind, number> {
  const outcome = new Map(world.outcomes.map((o) => [o.market_id, o.resolved_outcome]));
  const sum: Record<string, number> = {};
  const n: Record<string, number> = {};
  for (const t of world.trades) {
    const y = outcome.get(t.market_id);
    if (y === undefined) continue;
    const kind = world.truth.wallets[t.wallet]!.kind;
    sum[kind] = (sum[kind] ?? 0) + dirOf(t) * (y - yesPriceOf(t));
    n[kind] = (n[kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.keys(sum).map((k) => [k, sum[k]! / n[k]!])) as Record<WalletKind, number>;
}

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

describe('the synthetic world model (demo preset)', () => {
  const truth = demo.truth;
  const kinds = truth.counts.wallets_by_kind;
  const resolved = Object.entries(truth.markets).filter(([, m]) => m.status === 'resolved');
  const whaleSet = new Set(truth.whale_markets);

  it('every wallet kind is present in the configured proportions', () => {
    const nonWhale = truth.counts.wallets - kinds.whale;
    expect(kinds.skilled / nonWhale).toBeCloseTo(DEMO_WORLD_OPTIONS.skilledShare!, 2);
    expect(kinds.momentum / nonWhale).toBeCloseTo(DEMO_WORLD_OPTIONS.momentumShare!, 2);
    expect(kinds.longshot / nonWhale).toBeCloseTo(DEMO_WORLD_OPTIONS.longshotShare!, 2);
    expect(kinds.wash / nonWhale).toBeCloseTo(DEMO_WORLD_OPTIONS.washShare!, 2);
    expect(kinds.noise / nonWhale).toBeGreaterThan(0.6);
    expect(kinds.whale).toBe(truth.whale_markets.length);
    expect(kinds.whale / truth.counts.markets).toBeGreaterThanOrEqual(0.07);
    expect(kinds.whale / truth.counts.markets).toBeLessThanOrEqual(0.11);
    for (const k of Object.keys(kinds) as WalletKind[]) expect(kinds[k], k).toBeGreaterThan(0);
  });

  it('every wallet in the truth trades, and every trading wallet is in the truth', () => {
    const traders = new Set(demo.trades.map((t) => t.wallet));
    expect(new Set(Object.keys(truth.wallets))).toEqual(traders);
    for (const w of Object.values(truth.wallets)) expect(w.n_trades).toBeGreaterThan(0);
  });

  it.each([DEMO_WORLD_OPTIONS.seed!, 1, 2])('skilled specialists earn a positive mean edge, longshot buyers and whales a negative one (seed %i)', (seed) => {
    const world = seed === DEMO_WORLD_OPTIONS.seed ? demo : generateWorld({ ...DEMO_WORLD_OPTIONS, seed });
    const edge = meanEdgeByKind(world);
    expect(edge.skilled).toBeGreaterThan(0.02);
    expect(edge.longshot).toBeLessThan(0);
    expect(edge.whale).toBeLessThan(-0.1);
    expect(edge.noise).toBeLessThan(0);
    expect(edge.wash).toBeCloseTo(0, 6);
  });

  it('skilled specialists are not simply the biggest traders', () => {
    const byVolume = Object.values(truth.wallets).sort((a, b) => b.volume - a.volume);
    const top = byVolume.slice(0, 20);
    expect(top.filter((w) => w.kind === 'skilled').length).toBeLessThanOrEqual(2);
    const skilledVolumes = byVolume.filter((w) => w.kind === 'skilled').map((w) => w.volume);
    const maxNoise = Math.max(...byVolume.filter((w) => w.kind === 'noise').map((w) => w.volume));
    expect(Math.max(...skilledVolumes)).toBeLessThan(maxNoise);
  });

  it('whale-pushed markets end further from their outcome than other markets, at the end and at the 12 h cutoff', () => {
    const dist = (pick: 'last' | 'end_minus_12h', whale: boolean) =>
      mean(
        resolved.flatMap(([id, m]) => {
          const p = m.checkpoints[pick]?.last_fill_yes_price ?? null;
          return whaleSet.has(id) === whale && p !== null ? [Math.abs(m.outcome - p)] : [];
        }),
      );
    expect(dist('last', true)).toBeGreaterThan(dist('last', false));
    expect(dist('end_minus_12h', true)).toBeGreaterThan(dist('end_minus_12h', false) + 0.03);
  });

  it('the last fill before the end, read from the fills, is worse in whale-pushed markets', () => {
    const last = new Map<string, TradeRow>();
    for (const t of demo.trades) last.set(t.market_id, t); // fills are time-ordered within a market
    const gap = (whale: boolean) =>
      mean(demo.outcomes.filter((o) => whaleSet.has(o.market_id) === whale && last.has(o.market_id)).map((o) => Math.abs(o.resolved_outcome - yesPriceOf(last.get(o.market_id)!))));
    expect(gap(true)).toBeGreaterThan(gap(false));
  });

  it('a fresh whale has no earlier history: one market, only buys of the losing side, entering 72–14 h before the end with very large size', () => {
    const medianSize = [...demo.trades.map((t) => t.size)].sort((a, b) => a - b)[demo.trades.length >> 1]!;
    const end = new Map(demo.markets.map((m) => [m.id, m.end_time]));
    for (const id of truth.whale_markets) {
      const m = truth.markets[id]!;
      const fills = demo.trades.filter((t) => t.wallet === m.whale!.wallet);
      expect(new Set(fills.map((t) => t.market_id))).toEqual(new Set([id]));
      for (const f of fills) {
        expect(f.action).toBe('BUY');
        expect(f.side).toBe(m.outcome === 1 ? 'NO' : 'YES');
      }
      const first = Math.min(...fills.map((f) => f.ts));
      expect(first).toBeGreaterThanOrEqual(end.get(id)! - 72 * HOUR);
      expect(first).toBeLessThanOrEqual(end.get(id)! - 14 * HOUR);
      expect(Math.min(...fills.map((f) => f.size))).toBeGreaterThan(10 * medianSize);
    }
  });

  it('wash rings trade offsetting pairs at one price and instant, with near-zero net direction', () => {
    const ringOf = new Map(truth.wash_rings.flatMap((r, i) => r.wallets.map((w) => [w, i] as const)));
    const net = new Map<string, { signed: number; total: number; fills: number }>();
    const byInstant = new Map<string, TradeRow[]>();
    for (const t of demo.trades) {
      if (!ringOf.has(t.wallet)) continue;
      const key = `${t.wallet}|${t.market_id}`;
      const s = net.get(key) ?? { signed: 0, total: 0, fills: 0 };
      s.signed += dirOf(t) * t.size;
      s.total += t.size;
      s.fills++;
      net.set(key, s);
      const k2 = `${t.market_id}|${t.ts}|${t.price}|${t.size}`;
      byInstant.set(k2, [...(byInstant.get(k2) ?? []), t]);
    }
    expect(net.size).toBeGreaterThan(0);
    for (const s of net.values()) {
      expect(s.fills).toBeGreaterThanOrEqual(2);
      expect(Math.abs(s.signed) / s.total).toBeLessThan(0.1);
    }
    for (const group of byInstant.values()) {
      // Each buy has a matching sell by another member of the same ring.
      const buys = group.filter((t) => t.action === 'BUY').length;
      expect(buys * 2).toBe(group.length);
      expect(new Set(group.map((t) => ringOf.get(t.wallet))).size).toBe(1);
    }
  });

  it('the informed probability is the better forecast: markets lag it somewhat, and a lot where a whale pushed', () => {
    const brier = (whale: boolean, field: 'informed_prob' | 'last_fill_yes_price') =>
      mean(
        resolved
          .filter(([id, m]) => whaleSet.has(id) === whale && m.checkpoints.end_minus_12h?.last_fill_yes_price != null)
          .map(([, m]) => (m.checkpoints.end_minus_12h![field]! - m.outcome) ** 2),
      );
    const otherMarket = brier(false, 'last_fill_yes_price');
    const otherInformed = brier(false, 'informed_prob');
    expect(otherMarket).toBeGreaterThan(otherInformed);
    expect(otherMarket).toBeLessThan(1.35 * otherInformed + 0.01);
    expect(brier(true, 'last_fill_yes_price')).toBeGreaterThan(1.5 * brier(true, 'informed_prob'));
  });

  it('there is something to find: tilting the price toward recent skilled flow helps, mostly where a whale pushed', () => {
    // An oracle that knows who is skilled (the engine must learn it): market log-odds + 0.5·tanh(flow/20),
    // flow = Σ direction·√size of skilled fills in the 48 h before the 12 h cutoff.
    const end = new Map(demo.markets.map((m) => [m.id, m.end_time]));
    const fills = new Map<string, TradeRow[]>();
    for (const t of demo.trades) fills.set(t.market_id, [...(fills.get(t.market_id) ?? []), t]);
    const score = { market: { whale: [] as number[], other: [] as number[] }, tilted: { whale: [] as number[], other: [] as number[] } };
    for (const o of demo.outcomes) {
      const cut = end.get(o.market_id)! - 12 * HOUR;
      const before = fills.get(o.market_id)!.filter((t) => t.ts <= cut);
      if (before.length === 0) continue;
      const m = Math.min(0.999, Math.max(0.001, yesPriceOf(before.at(-1)!)));
      let flow = 0;
      for (const t of before) if (t.ts >= cut - 48 * HOUR && truth.wallets[t.wallet]!.kind === 'skilled') flow += dirOf(t) * Math.sqrt(t.size);
      const tilted = 1 / (1 + Math.exp(-(Math.log(m / (1 - m)) + 0.5 * Math.tanh(flow / 20))));
      const group = whaleSet.has(o.market_id) ? 'whale' : 'other';
      score.market[group].push((m - o.resolved_outcome) ** 2);
      score.tilted[group].push((tilted - o.resolved_outcome) ** 2);
    }
    const all = (k: 'market' | 'tilted') => mean([...score[k].whale, ...score[k].other]);
    expect(mean(score.tilted.whale)).toBeLessThan(0.9 * mean(score.market.whale));
    expect(all('tilted')).toBeLessThan(all('market'));
    // ...but not trivially: on ordinary markets the price is nearly as good.
    expect(mean(score.tilted.other)).toBeGreaterThan(0.85 * mean(score.market.other));
  });

  it('information accumulates: the informed probability ends closer to the outcome than it starts', () => {
    const start = mean(resolved.map(([, m]) => Math.abs(m.outcome - m.checkpoints.open!.informed_prob)));
    const last = mean(resolved.map(([, m]) => Math.abs(m.outcome - m.checkpoints.last!.informed_prob)));
    expect(last).toBeLessThan(start - 0.15);
  });

  it('wallets both buy and sell', () => {
    const sells = demo.trades.filter((t) => t.action === 'SELL').length;
    expect(sells / demo.trades.length).toBeGreaterThan(0.15);
    expect(sells / demo.trades.length).toBeLessThan(0.5);
  });

  it('skilled specialists concentrate on their one or two categories', () => {
    const category = new Map(demo.markets.map((m) => [m.id, m.category]));
    for (const t of demo.trades) {
      const w = truth.wallets[t.wallet]!;
      if (w.kind === 'skilled') expect(w.categories).toContain(category.get(t.market_id));
    }
  });

  it('open markets have fills up to now and no outcome row', () => {
    const now = demo.now;
    const open = Object.entries(truth.markets).filter(([, m]) => m.status === 'open');
    expect(open.length).toBe(truth.counts.open);
    const outcomeIds = new Set(demo.outcomes.map((o) => o.market_id));
    for (const [id, m] of open) {
      expect(outcomeIds.has(id)).toBe(false);
      expect(Date.parse(m.end_time)).toBeGreaterThan(now);
      expect(m.checkpoints.last!.time).toBe(new Date(now).toISOString());
      expect(m.n_trades).toBeGreaterThan(0);
    }
  });
});
