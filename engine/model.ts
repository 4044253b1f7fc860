import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { WeightLookup } from './types.ts';
import { ACC_SIZE, accumulate, metricsOf, profileRecord, specializationOf, type ProfileRecord, type WalletMetrics } from './features.ts';
import { horizonBucket } from './horizon.ts';
import { HOUR_MS } from './math.ts';
import { marketWalletStates } from './walletStates.ts';
import { trustWeight } from './weights.ts';

/** One stored profile: a wallet over a (category, horizon) group; −1 stands for ALL. */
export interface ProfileEntry {
  wallet: number;
  category: number;
  horizon: number;
  metrics: WalletMetrics;
}

/**
 * Wallet trust learned from resolved markets, grown in time order so that a walk-forward
 * backtest never sees an outcome before it is visible. A resolved market contributes one
 * record per wallet that traded in it, evaluated at its resolution (so only from fills at or
 * before the resolution); `advanceTo(t)` adds every market resolved at or before `t`.
 * Profiles are kept at four levels — (wallet, ALL, ALL), (wallet, category, ALL),
 * (wallet, ALL, horizon), (wallet, category, horizon) — and weights are derived lazily.
 */
export class TrustModel {
  /** Outcomes resolved at or before this instant (epoch ms) are visible. */
  visibleUntil = -Infinity;
  /** Resolved markets made visible so far, in the order added. */
  readonly visibleMarkets: number[] = [];

  private readonly order: Int32Array;
  private next = 0;
  private readonly nCat: number;
  private readonly nHor: number;
  private readonly accs = new Map<number, Float64Array>();
  private readonly catCounts = new Map<number, Int32Array>();
  private readonly cache = new Map<number, WeightLookup>();

  constructor(readonly tape: Tape, readonly params: EngineParams) {
    const resolved: number[] = [];
    for (let m = 0; m < tape.marketIds.length; m++) if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!)) resolved.push(m);
    resolved.sort((a, b) => tape.resolutionTs[a]! - tape.resolutionTs[b]! || a - b);
    this.order = Int32Array.from(resolved);
    this.nCat = tape.categories.length;
    this.nHor = params.horizonEdgesHours.length + 1;
  }

  /**
   * Makes visible every market resolved at or before `t` (epoch ms). Calls must be made with
   * non-decreasing `t`. Returns how many markets were added.
   */
  advanceTo(t: number): number {
    if (t < this.visibleUntil) throw new RangeError(`advanceTo(${t}) after advanceTo(${this.visibleUntil}): time must not go back`);
    this.visibleUntil = t;
    let added = 0;
    while (this.next < this.order.length && this.tape.resolutionTs[this.order[this.next]!]! <= t) {
      this.addMarket(this.order[this.next]!);
      this.next++;
      added++;
    }
    if (added > 0) this.cache.clear();
    return added;
  }

  private addMarket(m: number): void {
    const tape = this.tape;
    const resolvedAt = tape.resolutionTs[m]!;
    // Final pre-resolution price: the last fill at or before the resolution.
    let finalPrice = NaN;
    for (let k = tape.marketStart[m + 1]! - 1; k >= tape.marketStart[m]!; k--) {
      const i = tape.byMarket[k]!;
      if (tape.ts[i]! <= resolvedAt) {
        finalPrice = tape.yesPrice[i]!;
        break;
      }
    }
    for (const st of marketWalletStates(tape, m, resolvedAt, this.params, finalPrice)) {
      const r = profileRecord(tape, m, st, this.params);
      this.add(r);
    }
    this.visibleMarkets.push(m);
  }

  private key(w: number, c: number, h: number): number {
    return (w * (this.nCat + 1) + (c + 1)) * (this.nHor + 1) + (h + 1);
  }

  private acc(w: number, c: number, h: number): Float64Array {
    const k = this.key(w, c, h);
    let a = this.accs.get(k);
    if (!a) {
      a = new Float64Array(ACC_SIZE);
      this.accs.set(k, a);
    }
    return a;
  }

  private add(r: ProfileRecord): void {
    accumulate(this.acc(r.w, -1, -1), r);
    accumulate(this.acc(r.w, r.category, -1), r);
    if (r.horizon >= 0) {
      accumulate(this.acc(r.w, -1, r.horizon), r);
      accumulate(this.acc(r.w, r.category, r.horizon), r);
    }
    let counts = this.catCounts.get(r.w);
    if (!counts) {
      counts = new Int32Array(this.nCat);
      this.catCounts.set(r.w, counts);
    }
    counts[r.category]!++;
  }

  /** Specialization (0..1) of wallet `w` from its visible resolved markets. */
  specialization(w: number): number {
    const c = this.catCounts.get(w);
    return c ? specializationOf(c, this.nCat) : 0;
  }

  /**
   * Trust weight of wallet `w` for a (category, horizon) group, cached until the next advance.
   * −1 stands for ALL (or unknown): the chain then skips the levels that need it.
   */
  lookupGroup(w: number, c: number, h: number): WeightLookup {
    const k = this.key(w, c, h);
    const hit = this.cache.get(k);
    if (hit) return hit;
    const get = (cc: number, hh: number) => this.accs.get(this.key(w, cc, hh));
    const res = trustWeight(
      {
        categoryHorizon: c >= 0 && h >= 0 ? get(c, h) : undefined,
        category: c >= 0 ? get(c, -1) : undefined,
        horizon: h >= 0 ? get(-1, h) : undefined,
        global: get(-1, -1),
        specialization: this.specialization(w),
      },
      this.params,
    );
    this.cache.set(k, res);
    return res;
  }

  /** Trust weight of wallet `w` for market `m` as traded up to `asOf` (horizon from its fills there). */
  lookup(w: number, m: number, asOf: number): WeightLookup {
    const tape = this.tape;
    const end = Number.isFinite(tape.marketEnd[m]!) ? tape.marketEnd[m]! : tape.resolutionTs[m]!;
    let sz = 0;
    let lead = 0;
    for (let k = tape.walletStart[w]!; k < tape.walletStart[w + 1]!; k++) {
      const i = tape.byWallet[k]!;
      if (tape.ts[i]! > asOf) break;
      if (tape.market[i] !== m) continue;
      sz += tape.size[i]!;
      lead += tape.size[i]! * ((end - tape.ts[i]!) / HOUR_MS);
    }
    const h = sz > 0 ? horizonBucket(lead / sz, this.params.horizonEdgesHours) : -1;
    return this.lookupGroup(w, tape.marketCategory[m]!, h);
  }

  /** Every stored profile with its metrics, ordered by wallet, category, horizon (−1 = ALL first). */
  profiles(): ProfileEntry[] {
    const out: ProfileEntry[] = [];
    const H = this.nHor + 1;
    const C = this.nCat + 1;
    const keys = [...this.accs.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const h = (k % H) - 1;
      const c = (Math.floor(k / H) % C) - 1;
      const w = Math.floor(k / H / C);
      out.push({ wallet: w, category: c, horizon: h, metrics: metricsOf(this.accs.get(k)!, this.specialization(w)) });
    }
    return out;
  }

  /** Number of resolved markets visible so far. */
  get nVisible(): number {
    return this.visibleMarkets.length;
  }
}
