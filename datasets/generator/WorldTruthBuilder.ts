import { CATEGORIES } from './categories.ts';
import type { MarketPlan, WorldPlan } from './planWorld.ts';
import type { MarketSimulation } from './simulateMarket.ts';
import {
  WALLET_KINDS,
  type MarketTruth,
  type WalletKind,
  type WalletTruth,
  type WorldDiagnostics,
  type WorldTruth,
} from './worldTypes.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const zeroByKind = (): Record<WalletKind, number> => ({ skilled: 0, noise: 0, momentum: 0, longshot: 0, wash: 0, whale: 0 });
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Accumulates the ground truth while markets are simulated one at a time, so a world can be
 * streamed to disk without keeping its fills. Memory: O(wallets + markets).
 */
export class WorldTruthBuilder {
  private readonly nTrades: Float64Array;
  private readonly nMarkets: Float64Array;
  private readonly volume: Float64Array;
  /** Last market index each wallet was counted in (to count distinct markets). */
  private readonly lastMarket: Int32Array;
  private readonly markets: Record<string, MarketTruth> = {};
  private readonly ringMarkets: string[][];
  private readonly edgeSum = zeroByKind();
  private readonly edgeCount = zeroByKind();
  private readonly fillCount = zeroByKind();
  private totalTrades = 0;
  private brier = { n: 0, market: 0, informed: 0, whaleN: 0, whaleMarket: 0, whaleInformed: 0 };

  constructor(private readonly world: WorldPlan) {
    const n = world.population.wallets.length;
    this.nTrades = new Float64Array(n);
    this.nMarkets = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.lastMarket = new Int32Array(n).fill(-1);
    this.ringMarkets = world.population.rings.map(() => []);
  }

  addMarket(plan: MarketPlan, sim: MarketSimulation): void {
    const wallets = this.world.population.wallets;
    const byKind = zeroByKind();
    const rings = new Set<number>();
    let nWallets = 0;
    let whaleSize = 0;
    const resolved = !plan.open;
    sim.trades.forEach((t, j) => {
      const w = sim.walletIndex[j]!;
      const kind = wallets[w]!.kind;
      byKind[kind]++;
      this.fillCount[kind]++;
      this.nTrades[w]!++;
      this.volume[w]! += t.size;
      if (this.lastMarket[w] !== plan.index) {
        this.lastMarket[w] = plan.index;
        this.nMarkets[w]!++;
        nWallets++;
      }
      if (kind === 'wash') rings.add(wallets[w]!.ring);
      if (kind === 'whale') whaleSize += t.size;
      if (resolved) {
        // Edge per fill: direction × (outcome − YES-equivalent price).
        const isNo = t.side === 'NO';
        const dir = isNo === (t.action === 'SELL') ? 1 : -1;
        const yes = isNo ? 1 - t.price : t.price;
        this.edgeSum[kind] += dir * (plan.outcome - yes);
        this.edgeCount[kind]++;
      }
    });
    this.totalTrades += sim.trades.length;
    const ringList = [...rings].sort((a, b) => a - b);
    for (const r of ringList) this.ringMarkets[r]!.push(plan.id);

    const cut = plan.early ? sim.checkpoints.resolution_minus_12h ?? null : sim.checkpoints.end_minus_12h;
    if (resolved && cut && cut.last_fill_yes_price !== null) {
      const bm = (cut.last_fill_yes_price - plan.outcome) ** 2;
      const bi = (cut.informed_prob - plan.outcome) ** 2;
      this.brier.n++;
      this.brier.market += bm;
      this.brier.informed += bi;
      if (plan.whale) {
        this.brier.whaleN++;
        this.brier.whaleMarket += bm;
        this.brier.whaleInformed += bi;
      }
    }

    const wh = plan.whale;
    this.markets[plan.id] = {
      category: CATEGORIES[plan.category]!.name,
      status: plan.open ? 'open' : 'resolved',
      outcome: plan.outcome,
      open_time: iso(plan.openMs),
      end_time: iso(plan.endMs),
      ...(plan.early ? { scheduled_end_time: iso(plan.scheduledEndMs) } : {}),
      resolution_time: iso(plan.resolutionMs),
      prior: round4(plan.prior),
      info_total: round4(plan.infoTotal),
      info_half_life_hours: round4(plan.infoHalfLifeHours),
      lag_hours: round4(plan.lagHours),
      spread: round4(plan.spread),
      checkpoints: sim.checkpoints,
      whale: wh
        ? {
            wallet: wallets[wh.wallet]!.id,
            side: plan.outcome === 1 ? 'NO' : 'YES',
            entry_time: iso(wh.entryMs),
            push_logit: round4(wh.pushLogit),
            push_half_life_hours: round4(wh.pushHalfLifeHours),
            n_fills: wh.nFills,
            total_size: Math.round(whaleSize * 100) / 100,
          }
        : null,
      wash_rings: ringList,
      n_trades: sim.trades.length,
      n_wallets: nWallets,
      trades_by_kind: byKind,
    };
  }

  finish(): WorldTruth {
    const { world } = this;
    const pop = world.population;
    const walletsByKind = zeroByKind();
    const wallets: Record<string, WalletTruth> = {};
    pop.wallets.forEach((w, i) => {
      walletsByKind[w.kind]++;
      wallets[w.id] = {
        kind: w.kind,
        ...(w.kind === 'skilled' ? { categories: w.categories.map((c) => CATEGORIES[c]!.name) } : {}),
        ...(w.kind === 'wash' ? { ring: w.ring } : {}),
        n_trades: this.nTrades[i]!,
        n_markets: this.nMarkets[i]!,
        volume: Math.round(this.volume[i]! * 100) / 100,
      };
    });
    const b = this.brier;
    const ratio = (s: number, n: number) => (n > 0 ? Math.round((s / n) * 1e6) / 1e6 : null);
    const meanEdge = zeroByKind() as Record<WalletKind, number | null>;
    const fillShare = zeroByKind();
    for (const k of WALLET_KINDS) {
      meanEdge[k] = ratio(this.edgeSum[k], this.edgeCount[k]);
      fillShare[k] = ratio(this.fillCount[k], this.totalTrades) ?? 0;
    }
    const diagnostics: WorldDiagnostics = {
      n_scored: b.n,
      brier_market_at_cutoff: ratio(b.market, b.n) ?? 0,
      brier_informed_at_cutoff: ratio(b.informed, b.n) ?? 0,
      brier_market_at_cutoff_whale: ratio(b.whaleMarket, b.whaleN),
      brier_informed_at_cutoff_whale: ratio(b.whaleInformed, b.whaleN),
      brier_market_at_cutoff_other: ratio(b.market - b.whaleMarket, b.n - b.whaleN),
      brier_informed_at_cutoff_other: ratio(b.informed - b.whaleInformed, b.n - b.whaleN),
      mean_edge_by_kind: meanEdge,
      fill_share_by_kind: fillShare,
    };
    const { baseTimeMs: _ms, earlyResolutionFraction, ...rest } = world.options;
    // Options added after the demo was committed are recorded only when used, so older worlds keep their bytes.
    const options = earlyResolutionFraction > 0 ? { ...rest, earlyResolutionFraction } : rest;
    const nOpen = world.markets.filter((m) => m.open).length;
    return {
      generator: 'smartcrowd-synthetic-world',
      version: 1,
      seed: world.options.seed,
      options,
      base_time: iso(world.baseMs),
      now: iso(world.nowMs),
      counts: {
        markets: world.markets.length,
        resolved: world.markets.length - nOpen,
        open: nOpen,
        wallets: pop.wallets.length,
        trades: this.totalTrades,
        wallets_by_kind: walletsByKind,
      },
      wallets,
      markets: this.markets,
      whale_markets: world.markets.filter((m) => m.whale).map((m) => m.id),
      wash_rings: pop.rings.map((members, r) => ({ wallets: members.map((i) => pop.wallets[i]!.id), markets: this.ringMarkets[r]! })),
      diagnostics,
    };
  }
}
