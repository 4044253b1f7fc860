import type { EngineParams } from './params.ts';
import type { Tape } from './tape.ts';
import type { WeightLookup } from './types.ts';
import { ACC_SIZE, accumulateAt, calibrationErrorAt, meanChurnAt, metricsOf, skillAt, supportAt, type WalletMetrics } from './features.ts';
import { beliefOf, churnOf } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import { HOUR_MS } from './math.ts';
import { scanMarket } from './walletStates.ts';
import { GLOBAL_LEVEL, LEVELS, PRIOR_LEVEL, trustWeight, weightCore, type WeightOut } from './weights.ts';

/** One stored profile: a wallet over a (category, horizon) group; −1 stands for ALL. */
export interface ProfileEntry {
  wallet: number;
  category: number;
  horizon: number;
  metrics: WalletMetrics;
}

/** The parameters a profile accumulation depends on; sets that agree on them can share a ProfileStore. */
export function accumulationKey(p: EngineParams): string {
  return JSON.stringify([p.halfLifeHours, p.persistenceBoost, p.persistenceBoostMax, p.beliefPriorMass, p.beliefConviction, p.horizonEdgesHours]);
}

/**
 * Wallet profiles learned from resolved markets, grown in time order so that a walk-forward
 * backtest never sees an outcome before it is visible. A resolved market contributes one record
 * per wallet that traded in it, evaluated at its resolution (so only from fills at or before the
 * resolution); `advanceTo(t)` adds every market resolved at or before `t`. Profiles are kept at
 * four levels — (wallet, ALL, ALL), (wallet, category, ALL), (wallet, ALL, horizon),
 * (wallet, category, horizon) — in one pooled Float64Array addressed through a dense key index.
 * Depends only on the belief and recency parameters (`accumulationKey`), so the trust models of
 * many parameter sets can share one store.
 */
export class ProfileStore {
  /** Outcomes resolved at or before this instant (epoch ms) are visible. */
  visibleUntil = -Infinity;
  /** Resolved markets made visible so far, in the order added. */
  readonly visibleMarkets: number[] = [];
  /** Increments whenever markets are added (weight caches compare against it). */
  epoch = 1;
  readonly key: string;
  readonly nCat: number;
  readonly nHor: number;

  private readonly order: Int32Array;
  private next = 0;
  /** key → slot in the pool, −1 when absent. key = (w·(C+1) + c+1)·(H+1) + h+1. */
  readonly slotOfKey: Int32Array;
  pool = new Float64Array(ACC_SIZE * 1024);
  private nSlots = 0;
  private readonly catCounts: Int32Array;

  constructor(readonly tape: Tape, readonly params: EngineParams) {
    this.key = accumulationKey(params);
    const resolved: number[] = [];
    for (let m = 0; m < tape.marketIds.length; m++) if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!)) resolved.push(m);
    resolved.sort((a, b) => tape.resolutionTs[a]! - tape.resolutionTs[b]! || a - b);
    this.order = Int32Array.from(resolved);
    this.nCat = tape.categories.length;
    this.nHor = params.horizonEdgesHours.length + 1;
    this.slotOfKey = new Int32Array(tape.walletIds.length * (this.nCat + 1) * (this.nHor + 1)).fill(-1);
    this.catCounts = new Int32Array(tape.walletIds.length * this.nCat);
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
    if (added > 0) this.epoch++;
    return added;
  }

  private addMarket(m: number): void {
    const tape = this.tape;
    const params = this.params;
    const resolvedAt = tape.resolutionTs[m]!;
    const o = tape.outcome[m]!;
    const c = tape.marketCategory[m]!;
    // Final pre-resolution price: the last fill at or before the resolution.
    let finalPrice = NaN;
    for (let k = tape.marketStart[m + 1]! - 1; k >= tape.marketStart[m]!; k--) {
      const i = tape.byMarket[k]!;
      if (tape.ts[i]! <= resolvedAt) {
        finalPrice = tape.yesPrice[i]!;
        break;
      }
    }
    const sc = scanMarket(tape, m, resolvedAt, params, finalPrice);
    const edges = params.horizonEdgesHours;
    for (let j = 0; j < sc.k; j++) {
      const w = sc.w[j]!;
      const n = sc.n[j]!;
      const size = sc.sumSize[j]!;
      const belief = beliefOf(sc.sumVLogit[j]!, sc.sumV[j]!, sc.sumVDir[j]!, n, sc.refLogit, sc.sumSignedSize[j]! / size, params);
      const pnl = o * sc.sumSignedSize[j]! - sc.sumSignedSizePrice[j]!;
      const churn = churnOf(sc.flips[j]!, n);
      const timing = sc.sumTiming[j]! / size;
      const h = horizonBucket(sc.sumSizeLead[j]! / size, edges);
      const edge = pnl / size;
      const cost = sc.sumCost[j]!;
      const fe = o * sc.sumDir[j]! - sc.sumDirPrice[j]!;
      const fe2 = o * (n - 2 * sc.sumPrice[j]!) + sc.sumPrice2[j]!;
      let off = this.slot(w, -1, -1);
      accumulateAt(this.pool, off, belief, o, edge, pnl, cost, size, n, churn, timing, fe, fe2);
      off = this.slot(w, c, -1);
      accumulateAt(this.pool, off, belief, o, edge, pnl, cost, size, n, churn, timing, fe, fe2);
      if (h >= 0) {
        off = this.slot(w, -1, h);
        accumulateAt(this.pool, off, belief, o, edge, pnl, cost, size, n, churn, timing, fe, fe2);
        off = this.slot(w, c, h);
        accumulateAt(this.pool, off, belief, o, edge, pnl, cost, size, n, churn, timing, fe, fe2);
      }
      this.catCounts[w * this.nCat + c]!++;
    }
    this.visibleMarkets.push(m);
  }

  keyOf(w: number, c: number, h: number): number {
    return (w * (this.nCat + 1) + (c + 1)) * (this.nHor + 1) + (h + 1);
  }

  /** Pool offset of the accumulator for (w, c, h), created empty when absent (the pool may grow). */
  private slot(w: number, c: number, h: number): number {
    const k = this.keyOf(w, c, h);
    let s = this.slotOfKey[k]!;
    if (s < 0) {
      s = this.nSlots++;
      if ((s + 1) * ACC_SIZE > this.pool.length) {
        const bigger = new Float64Array(this.pool.length * 2);
        bigger.set(this.pool);
        this.pool = bigger;
      }
      this.slotOfKey[k] = s;
    }
    return s * ACC_SIZE;
  }

  /** Pool offset of (w, c, h) or −1 when that profile is empty. */
  offset(w: number, c: number, h: number): number {
    const s = this.slotOfKey[this.keyOf(w, c, h)]!;
    return s < 0 ? -1 : s * ACC_SIZE;
  }

  /** Specialization (0..1) of wallet `w` from its visible resolved markets: 1 − H/log K of its category counts. */
  specialization(w: number): number {
    const C = this.nCat;
    const base = w * C;
    let total = 0;
    for (let c = 0; c < C; c++) total += this.catCounts[base + c]!;
    if (total === 0) return 0;
    if (C < 2) return 1;
    let h = 0;
    for (let c = 0; c < C; c++) {
      const x = this.catCounts[base + c]!;
      if (x > 0) h -= (x / total) * Math.log(x / total);
    }
    return Math.min(1, Math.max(0, 1 - h / Math.log(C)));
  }

  /** Resolved markets behind wallet `w`'s global profile (0 = a fresh wallet). */
  globalSupport(w: number): number {
    const off = this.offset(w, -1, -1);
    return off < 0 ? 0 : supportAt(this.pool, off);
  }
}

/**
 * Wallet trust for one parameter set: the weights (and their fallback chain) derived lazily from a
 * ProfileStore, cached until the store grows. Give several models the same store when their
 * parameter sets share its `accumulationKey` (a sweep over priorStrength, say).
 */
export class TrustModel {
  readonly store: ProfileStore;
  /** Weight cache by key, valid when stamp[key] === store.epoch. */
  private readonly cw: Float64Array;
  private readonly cu: Float64Array;
  private readonly cn: Float64Array;
  private readonly cl: Int8Array;
  private readonly stamp: Int32Array;
  private readonly out: WeightOut = { weight: 0, uncertainty: 0 };

  constructor(readonly tape: Tape, readonly params: EngineParams, store?: ProfileStore) {
    if (store && store.key !== accumulationKey(params)) {
      throw new RangeError('this ProfileStore was built with different belief/recency parameters');
    }
    this.store = store ?? new ProfileStore(tape, params);
    const nKeys = this.store.slotOfKey.length;
    this.cw = new Float64Array(nKeys);
    this.cu = new Float64Array(nKeys);
    this.cn = new Float64Array(nKeys);
    this.cl = new Int8Array(nKeys);
    this.stamp = new Int32Array(nKeys);
  }

  /** Outcomes resolved at or before this instant (epoch ms) are visible. */
  get visibleUntil(): number {
    return this.store.visibleUntil;
  }
  /** Resolved markets made visible so far, in the order added. */
  get visibleMarkets(): readonly number[] {
    return this.store.visibleMarkets;
  }
  /** Number of resolved markets visible so far. */
  get nVisible(): number {
    return this.store.visibleMarkets.length;
  }

  /** Advances the (possibly shared) store: every market resolved at or before `t` becomes visible. */
  advanceTo(t: number): number {
    return this.store.advanceTo(t);
  }

  specialization(w: number): number {
    return this.store.specialization(w);
  }

  globalSupport(w: number): number {
    return this.store.globalSupport(w);
  }

  /**
   * Fast path of `lookupGroup` for hot loops: computes (or reuses) the weight of (w, c, h) and
   * returns its cache key; read it with `weightAt`, `uncertaintyAt`, `levelAt`, `supportOfLevelAt`.
   */
  weightKey(w: number, c: number, h: number): number {
    const st = this.store;
    const k = st.keyOf(w, c, h);
    if (this.stamp[k] === st.epoch) return k;
    const p = this.params;
    const o0 = c >= 0 && h >= 0 ? st.offset(w, c, h) : -1;
    const o1 = c >= 0 ? st.offset(w, c, -1) : -1;
    const o2 = h >= 0 ? st.offset(w, -1, h) : -1;
    const go = st.offset(w, -1, -1);
    const min = p.minSupport;
    const pool = st.pool;
    const used =
      o0 >= 0 && supportAt(pool, o0) >= min ? 0
        : o1 >= 0 && supportAt(pool, o1) >= min ? 1
          : o2 >= 0 && supportAt(pool, o2) >= min ? 2
            : go >= 0 && supportAt(pool, go) >= min ? GLOBAL_LEVEL
              : PRIOR_LEVEL;
    if (used === PRIOR_LEVEL) {
      this.cw[k] = Math.min(p.maxWeight, Math.max(p.minWeight, p.priorWeight));
      this.cu[k] = 1;
      this.cn[k] = 0;
    } else {
      const lo = used === 0 ? o0 : used === 1 ? o1 : used === 2 ? o2 : go;
      weightCore(
        p, used === GLOBAL_LEVEL, supportAt(pool, lo), skillAt(pool, lo, p.skillPriorSd), meanChurnAt(pool, lo), calibrationErrorAt(pool, lo),
        go >= 0 ? skillAt(pool, go, p.skillPriorSd) : 0, this.specialization(w), this.out,
      );
      this.cw[k] = this.out.weight;
      this.cu[k] = this.out.uncertainty;
      this.cn[k] = supportAt(pool, lo);
    }
    this.cl[k] = used;
    this.stamp[k] = st.epoch;
    return k;
  }
  weightAt(key: number): number {
    return this.cw[key]!;
  }
  uncertaintyAt(key: number): number {
    return this.cu[key]!;
  }
  levelAt(key: number): number {
    return this.cl[key]!;
  }
  supportOfLevelAt(key: number): number {
    return this.cn[key]!;
  }

  /**
   * Trust weight of wallet `w` for a (category, horizon) group with its full fallback chain.
   * −1 stands for ALL (or unknown): the chain then skips the levels that need it.
   */
  lookupGroup(w: number, c: number, h: number): WeightLookup {
    const st = this.store;
    const view = (cc: number, hh: number) => {
      const off = st.offset(w, cc, hh);
      return off < 0 ? undefined : st.pool.subarray(off, off + ACC_SIZE);
    };
    return trustWeight(
      {
        categoryHorizon: c >= 0 && h >= 0 ? view(c, h) : undefined,
        category: c >= 0 ? view(c, -1) : undefined,
        horizon: h >= 0 ? view(-1, h) : undefined,
        global: view(-1, -1),
        specialization: this.specialization(w),
      },
      this.params,
    );
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

  /**
   * Stored profiles with their metrics, ordered by wallet, category, horizon (−1 = ALL first).
   * With `minSupport`, only the global profile of each wallet and the narrower ones with at
   * least that many resolved markets (the ones a lookup can use).
   */
  profiles(opts: { minSupport?: number } = {}): ProfileEntry[] {
    const st = this.store;
    const out: ProfileEntry[] = [];
    const H = st.nHor + 1;
    const C = st.nCat + 1;
    const min = opts.minSupport ?? 0;
    for (let k = 0; k < st.slotOfKey.length; k++) {
      const s = st.slotOfKey[k]!;
      if (s < 0) continue;
      const h = (k % H) - 1;
      const c = (Math.floor(k / H) % C) - 1;
      const w = Math.floor(k / H / C);
      const off = s * ACC_SIZE;
      if ((c >= 0 || h >= 0) && supportAt(st.pool, off) < min) continue;
      out.push({ wallet: w, category: c, horizon: h, metrics: metricsOf(st.pool, st.specialization(w), off, this.params.skillPriorSd) });
    }
    return out;
  }

  /** Names of the chain levels, by the index `levelAt` returns. */
  static readonly LEVELS = LEVELS;
}
