import type { EngineParams } from './params.ts';
import { accumulationKey } from './params.ts';
import type { Tape } from './tape.ts';
import { ACC_SIZE, accumulateAt, outcomeScoreAt, supportAt } from './features.ts';
import { beliefOf, churnOf } from './beliefs.ts';
import { horizonBucket } from './horizon.ts';
import { HOUR_MS } from './math.ts';
import { computeMarkouts, type Markouts } from './markouts.ts';
import { specializationOf } from './entropy.ts';
import { MarketFills, MarketScan, scanMarket } from './walletStates.ts';
import type { SkillMixture } from './skillMixture.ts';

/**
 * What wallets have shown, grown in time order so that a walk-forward backtest never sees
 * anything before it is visible:
 * - outcome profiles from resolved markets: a resolved market contributes one record per wallet
 *   that traded in it, evaluated at its resolution (only from fills at or before it); kept at four
 *   levels — (wallet, ALL, ALL), (wallet, category, ALL), (wallet, ALL, horizon),
 *   (wallet, category, horizon) — in one pooled Float64Array addressed through a dense key index;
 * - markouts (markouts.ts): each fill's move of the price in its direction `markoutHours` later,
 *   visible once that instant has passed, summarised per wallet over (wallet, market) clusters.
 * `advanceTo(t)` adds every market resolved at or before t and every markout known by t.
 * Depends only on the parameters tagged `profile` in the schema (`accumulationKey`), so the trust
 * models of many parameter sets can share one store.
 */
export class ProfileStore {
  /** Outcomes resolved and markouts known at or before this instant (epoch ms) are visible. */
  visibleUntil = -Infinity;
  /** Resolved markets made visible so far, in the order added. */
  readonly visibleMarkets: number[] = [];
  /**
   * A counter that moves on at every `advanceTo` (and whenever a model sharing this store refits
   * its mixture); `walletVersion[w]` is its value when wallet w's accumulators last changed. A
   * weight cached at clock value s is still exact while s ≥ walletVersion[w] (trustModel.ts).
   */
  clock = 1;
  readonly walletVersion: Int32Array;
  /**
   * Skill-mixture fits of the trust models using this store, by (score parameters, previous fit,
   * observations): models that would fit the same mixture share one fit (trustModel.ts).
   */
  readonly mixtureFits = new Map<string, { id: number; mix: SkillMixture }>();
  /** Observations behind the wallet scores so far: resolved (wallet, market) records + markout fills. */
  observations = 0;
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
  /** Per wallet: its specialization from catCounts, NaN until computed or after its counts changed. */
  private readonly spec: Float64Array;

  /** Scan scratch for this tape, shared by the store and the snapshots scored with it (one at a time). */
  readonly scan: MarketScan;
  /** Fills of markets scanned before their resolution, kept for the scan that adds them (fillsFor). */
  private readonly gathered = new Map<number, MarketFills>();
  private readonly markouts: Markouts | null;
  private nextFill = 0;
  private readonly markoutMs: number;
  /** Per (wallet, market) cluster: Σ sqrt(size) and Σ sqrt(size)·markout of its matured fills. */
  private readonly clusterW: Float64Array;
  private readonly clusterSum: Float64Array;
  /** Per wallet: clusters with a matured markout, Σ and Σ² of their mean markouts. */
  readonly mkClusters: Float64Array;
  private readonly mkSum: Float64Array;
  private readonly mkSum2: Float64Array;

  /**
   * `markouts`, when given, are this tape's markouts computed elsewhere (a second thread): used when
   * they are for `params`' horizon and reference, else computed here.
   */
  constructor(readonly tape: Tape, readonly params: EngineParams, markouts?: Markouts) {
    this.key = accumulationKey(params);
    const resolved: number[] = [];
    for (let m = 0; m < tape.marketIds.length; m++) if (tape.outcome[m]! >= 0 && Number.isFinite(tape.resolutionTs[m]!)) resolved.push(m);
    resolved.sort((a, b) => tape.resolutionTs[a]! - tape.resolutionTs[b]! || a - b);
    this.order = Int32Array.from(resolved);
    const W = tape.walletIds.length;
    this.nCat = tape.categories.length;
    this.nHor = params.horizonEdgesHours.length + 1;
    this.slotOfKey = new Int32Array(W * (this.nCat + 1) * (this.nHor + 1)).fill(-1);
    this.catCounts = new Int32Array(W * this.nCat);
    this.spec = new Float64Array(W).fill(NaN);
    this.walletVersion = new Int32Array(W);
    this.scan = new MarketScan(W);
    const given = markouts && markouts.hours === params.markoutHours && markouts.reference === params.skillReference && markouts.value.length === tape.n ? markouts : null;
    this.markouts = params.markoutHours > 0 ? (given ?? computeMarkouts(tape, params.markoutHours, params.skillReference)) : null;
    this.markoutMs = params.markoutHours * HOUR_MS;
    const nc = this.markouts?.nClusters ?? 0;
    this.clusterW = new Float64Array(nc);
    this.clusterSum = new Float64Array(nc);
    this.mkClusters = new Float64Array(this.markouts ? W : 0);
    this.mkSum = new Float64Array(this.markouts ? W : 0);
    this.mkSum2 = new Float64Array(this.markouts ? W : 0);
  }

  /**
   * Makes visible every market resolved at or before `t` (epoch ms) and every markout known by
   * then. Calls must be made with non-decreasing `t`. Returns how many markets were added.
   */
  advanceTo(t: number): number {
    if (t < this.visibleUntil) throw new RangeError(`advanceTo(${t}) after advanceTo(${this.visibleUntil}): time must not go back`);
    this.visibleUntil = t;
    this.clock++;
    let added = 0;
    while (this.next < this.order.length && this.tape.resolutionTs[this.order[this.next]!]! <= t) {
      this.addMarket(this.order[this.next]!);
      this.next++;
      added++;
    }
    this.matureMarkouts(t);
    return added;
  }

  /** Adds the markouts of fills at or before t − markoutHours (tape order is time order). */
  private matureMarkouts(t: number): number {
    const mk = this.markouts;
    if (!mk) return 0;
    const ts = this.tape.ts;
    const n = this.tape.n;
    const limit = t - this.markoutMs;
    let added = 0;
    while (this.nextFill < n && ts[this.nextFill]! <= limit) {
      const i = this.nextFill++;
      const x = mk.value[i]!;
      if (x !== x) continue; // NaN: nothing learned from this fill
      const c = mk.cluster[i]!;
      const w = this.tape.wallet[i]!;
      this.walletVersion[w] = this.clock;
      const v = Math.sqrt(this.tape.size[i]!);
      const k = this.clusterW[c]!;
      const s = this.clusterSum[c]!;
      if (k > 0) {
        const old = s / k;
        this.mkSum[w]! -= old;
        this.mkSum2[w]! -= old * old;
      } else this.mkClusters[w]!++;
      const ns = s + v * x;
      const nk = k + v;
      this.clusterW[c] = nk;
      this.clusterSum[c] = ns;
      const mean = ns / nk;
      this.mkSum[w]! += mean;
      this.mkSum2[w]! += mean * mean;
      added++;
    }
    this.observations += added;
    return added;
  }

  private addMarket(m: number): void {
    const tape = this.tape;
    const params = this.params;
    const resolvedAt = tape.resolutionTs[m]!;
    const o = tape.outcome[m]!;
    const c = tape.marketCategory[m]!;
    const fills = this.gathered.get(m) ?? this.scan.fills.gather(tape, m);
    this.gathered.delete(m);
    // Final pre-resolution price: the last fill at or before the resolution.
    let finalPrice = NaN;
    for (let k = fills.len - 1; k >= 0; k--) {
      if (fills.ts[k]! <= resolvedAt) {
        finalPrice = fills.yesPrice[k]!;
        break;
      }
    }
    const sc = scanMarket(tape, m, resolvedAt, params, finalPrice, this.scan, fills, false);
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
      this.spec[w] = NaN;
      this.walletVersion[w] = this.clock;
    }
    this.observations += sc.k;
    this.visibleMarkets.push(m);
  }

  /**
   * Market `m`'s fills gathered for a scan before its resolution (a backtest row at its cutoff), and
   * kept for the scan that adds the market when it resolves — one gather for both. Markets that
   * will not be added later (unresolved, or already visible) are gathered into the scan scratch.
   */
  fillsFor(m: number): MarketFills {
    if (!(this.tape.resolutionTs[m]! > this.visibleUntil)) return this.scan.fills.gather(this.tape, m);
    let f = this.gathered.get(m);
    if (!f) {
      f = MarketFills.of(this.tape, m);
      this.gathered.set(m, f);
    }
    return f;
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

  /** Specialization (0..1) of wallet `w` from its visible resolved markets (entropy.ts). */
  specialization(w: number): number {
    let v = this.spec[w]!;
    if (Number.isNaN(v)) {
      v = specializationOf(this.catCounts.subarray(w * this.nCat, (w + 1) * this.nCat), this.nCat);
      this.spec[w] = v;
    }
    return v;
  }

  /** Resolved markets behind wallet `w`'s global profile (0 = no resolved history). */
  globalSupport(w: number): number {
    const off = this.offset(w, -1, -1);
    return off < 0 ? 0 : supportAt(this.pool, off);
  }

  /** (wallet, market) clusters with a visible markout for wallet `w`. */
  markoutSupport(w: number): number {
    return this.markouts ? this.mkClusters[w]! : 0;
  }

  /**
   * Markout skill score of wallet `w`: the mean over its (wallet, market) clusters of the cluster's
   * sqrt(size)-weighted mean markout (log-odds), over its standard error, the per-cluster variance pulled toward `varPrior` by
   * `varPseudo` pseudo-clusters. 0 without markouts or with fewer than `minClusters` markets (a
   * wallet trading one market, a fresh whale say, must not earn trust from the move it caused).
   */
  markoutScore(w: number, varPrior: number, varPseudo: number, minClusters: number): number {
    if (!this.markouts) return 0;
    const n = this.mkClusters[w]!;
    if (!(n > 0) || n < minClusters) return 0;
    const mean = this.mkSum[w]! / n;
    const v = Math.max(0, this.mkSum2[w]! / n - mean * mean);
    const vp = (n * v + varPseudo * varPrior) / (n + varPseudo);
    return mean / Math.sqrt(vp / n);
  }

  /** Outcome skill score (features.ts outcomeScoreAt) of the profile at pool offset `off` (0 when −1). */
  outcomeScore(off: number, varPrior: number, varPseudo: number): number {
    return off < 0 ? 0 : outcomeScoreAt(this.pool, off, varPrior, varPseudo);
  }
}
