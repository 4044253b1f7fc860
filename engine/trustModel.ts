import type { EngineParams } from './params.ts';
import { accumulationKey } from './params.ts';
import type { Tape } from './tape.ts';
import type { EvidenceScales, WeightLookup } from './types.ts';
import { ACC_SIZE, calibrationErrorAt, meanChurnAt, metricsOf, outcomeScoreAt, skillAt, supportAt, type WalletMetrics } from './features.ts';
import { horizonBucket } from './horizon.ts';
import { HOUR_MS } from './math.ts';
import { ProfileStore } from './profileStore.ts';
import { SnapshotScratch } from './snapshotScratch.ts';
import { fitSkillMixture, MIN_MIXTURE_SCORES, NO_SKILL, type SkillMixture } from './skillMixture.ts';
import { evidenceWeightCore, GLOBAL_LEVEL, LEVELS, PRIOR_LEVEL, priorWeightOf, selectLevel, trustWeight, weightCore, type WeightOut } from './weights.ts';

/** One stored profile: a wallet over a (category, horizon) group; −1 stands for ALL. */
export interface ProfileEntry {
  wallet: number;
  category: number;
  horizon: number;
  metrics: WalletMetrics;
}

/** The evidence scales before anything is learned: 0 (the price) when learned, else the fixed ones. */
export function fixedEvidenceScales(p: EngineParams): EvidenceScales {
  return p.learnEvidenceScale ? [0, 0, 0, 0] : [p.evidenceScale * p.evidenceConviction, p.evidenceScale, 0, 0];
}

/** The skill mixture is refitted when the store's observations grew by this factor since the last fit. */
const MIXTURE_REFIT_GROWTH = 1.1;
/** EM steps of a refit that starts from the previous fit. */
const MIXTURE_WARM_ITERATIONS = 8;

/**
 * Wallet trust for one parameter set: the weights (and their fallback chain) derived lazily from a
 * ProfileStore, cached until the store grows. Give several models the same store when their
 * parameter sets share its `accumulationKey` (a sweep over priorStrength, say).
 *
 * With the 'evidence' aggregator, trust is the posterior probability of skill under a two-group
 * mixture fitted over every wallet's global skill score (skillMixture.ts); the mixture is refitted
 * whenever the store's observations have grown by 10%, so it, too, only ever uses what is visible.
 */
export class TrustModel {
  readonly store: ProfileStore;
  /**
   * Weight cache by key: computed at store clock value stamp[key] (−1: never), still exact while
   * neither the wallet's accumulators (store.walletVersion) nor the mixture (mixVersion) changed since.
   */
  private readonly cw: Float64Array;
  private readonly cu: Float64Array;
  private readonly cn: Float64Array;
  private readonly cs: Float64Array;
  private readonly cp: Float64Array;
  private readonly cl: Int8Array;
  private readonly stamp: Int32Array;
  private readonly out: WeightOut = { weight: 0, uncertainty: 0, score: 0, posterior: 0 };
  /** Per-wallet scratch of the snapshots scored with this model (smartcrowd.ts), one at a time. */
  readonly scratch = new SnapshotScratch();
  /**
   * [κ_d, κ_g, κ_c, κ_f], the evidence scales in SmartCrowd = σ(logit P + κ_d·D + κ_g·G + κ_c·C + κ_f·F)
   * ('evidence' aggregator): fixed (evidenceScale; κ_c = κ_f = 0) when not learned; otherwise set by whoever
   * fitted them on resolved history (evidenceScale.ts), and 0 — the price — until then.
   */
  evidenceScales: EvidenceScales;
  private mix: SkillMixture = NO_SKILL;
  private mixFittedAt = 0;
  /** Store clock value when the mixture was last refitted. */
  private mixVersion = 0;
  /** Which shared fit `mix` is (ProfileStore.mixtureFits; 0 = NO_SKILL), and the parameters the fit depends on. */
  private mixId = 0;
  private readonly mixKey: string;
  private readonly evidence: boolean;

  /** This model's lane in its weight cache: entry of key k at k·lanes + lane (WeightCacheBank). */
  private readonly lanes: number;
  private readonly lane: number;

  /**
   * `opts.cache` and `opts.lane`: a weight cache shared with other models on the same store, this
   * model's entries in lane `lane` of it (WeightCacheBank); by default a cache of its own.
   */
  constructor(readonly tape: Tape, readonly params: EngineParams, store?: ProfileStore, opts: { cache?: WeightCacheBank; lane?: number } = {}) {
    if (store && store.key !== accumulationKey(params)) {
      throw new RangeError('this ProfileStore was built with different profile parameters');
    }
    this.store = store ?? new ProfileStore(tape, params);
    const nKeys = this.store.slotOfKey.length;
    const bank = opts.cache ?? new WeightCacheBank(nKeys, 1);
    if (bank.nKeys !== nKeys || !(opts.lane === undefined || (opts.lane >= 0 && opts.lane < bank.lanes))) throw new RangeError('weight cache bank of another store or lane out of range');
    this.lanes = bank.lanes;
    this.lane = opts.lane ?? 0;
    this.cw = bank.cw;
    this.cu = bank.cu;
    this.cn = bank.cn;
    this.cs = bank.cs;
    this.cp = bank.cp;
    this.cl = bank.cl;
    this.stamp = bank.stamp;
    this.evidence = params.aggregator === 'evidence';
    this.mixKey = [params.skillVarPrior, params.skillVarPseudo, params.markoutSkillWeight, params.markoutVarPrior, params.minSupport].join('|');
    this.evidenceScales = fixedEvidenceScales(params);
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
  /** The skill mixture the weights use now. */
  get mixture(): SkillMixture {
    this.refreshMixture();
    return this.mix;
  }

  /** Advances the (possibly shared) store: everything visible at or before `t` becomes visible. */
  advanceTo(t: number): number {
    return this.store.advanceTo(t);
  }

  specialization(w: number): number {
    return this.store.specialization(w);
  }

  globalSupport(w: number): number {
    return this.store.globalSupport(w);
  }

  /** A wallet with any visible history (resolved markets or markouts). */
  hasHistory(w: number): boolean {
    return this.store.globalSupport(w) > 0 || this.store.markoutSupport(w) > 0;
  }

  /** Global skill score of wallet w (the mixture's data). */
  private globalScore(w: number): number {
    const st = this.store;
    const p = this.params;
    const zG = st.outcomeScore(st.offset(w, -1, -1), p.skillVarPrior, p.skillVarPseudo);
    return zG + p.markoutSkillWeight * st.markoutScore(w, p.markoutVarPrior, p.skillVarPseudo, p.minSupport);
  }

  /** Refits the skill mixture when the store has grown enough since the last fit. */
  private refreshMixture(): void {
    if (!this.evidence) return;
    const obs = this.store.observations;
    if (obs === this.mixFittedAt || (this.mixFittedAt > 0 && obs < this.mixFittedAt * MIXTURE_REFIT_GROWTH)) return;
    // Models sharing this store whose scores the same parameters define (a sweep over priorStrength,
    // say) refit at the same observation counts from the same previous fit: the first one fits, the
    // others take its result — the same numbers, computed once.
    const key = `${this.mixKey}|${this.mixId}|${obs}`;
    let fit = this.store.mixtureFits.get(key);
    if (!fit) {
      const W = this.tape.walletIds.length;
      const scores = new Float64Array(W);
      let n = 0;
      for (let w = 0; w < W; w++) if (this.hasHistory(w)) scores[n++] = this.globalScore(w);
      // A refit after 10% growth starts from the last fit: a few EM steps instead of forty.
      const warm = this.mix.n >= MIN_MIXTURE_SCORES;
      fit = { id: this.store.mixtureFits.size + 1, mix: fitSkillMixture(scores, n, warm ? MIXTURE_WARM_ITERATIONS : 40, 1.5, warm ? this.mix : null) };
      this.store.mixtureFits.set(key, fit);
    }
    this.mix = fit.mix;
    this.mixId = fit.id;
    this.mixFittedAt = obs;
    this.mixVersion = ++this.store.clock;
  }

  /**
   * Fast path of `lookupGroup` for hot loops: computes (or reuses) the weight of (w, c, h) and
   * returns its cache key; read it with `weightAt`, `uncertaintyAt`, `levelAt`, `supportOfLevelAt`.
   */
  weightKey(w: number, c: number, h: number): number {
    const st = this.store;
    // The entry's index in the (possibly shared) cache: the key's lane.
    const k = st.keyOf(w, c, h) * this.lanes + this.lane;
    // The mixture is refitted (when due) before any weight of the store's current state is
    // computed: observations change only in advanceTo, so this is the first call after it.
    this.refreshMixture();
    const s = this.stamp[k]!;
    if (s >= 0 && s >= st.walletVersion[w]! && s >= this.mixVersion) return k;
    const p = this.params;
    const pool = st.pool;
    const o0 = c >= 0 && h >= 0 ? st.offset(w, c, h) : -1;
    const o1 = c >= 0 ? st.offset(w, c, -1) : -1;
    const o2 = h >= 0 ? st.offset(w, -1, h) : -1;
    const go = st.offset(w, -1, -1);
    // (No closure here: this runs for every wallet of every scan.)
    const used = selectLevel(o0 >= 0 ? supportAt(pool, o0) : 0, o1 >= 0 ? supportAt(pool, o1) : 0, o2 >= 0 ? supportAt(pool, o2) : 0, go >= 0 ? supportAt(pool, go) : 0, p.minSupport);
    const out = this.out;
    const zM = this.evidence ? st.markoutScore(w, p.markoutVarPrior, p.skillVarPseudo, p.minSupport) : 0;
    if (used === PRIOR_LEVEL) {
      if (this.evidence) evidenceWeightCore(p, 0, 0, 0, zM, 0, 0, this.specialization(w), this.mix, out);
      else {
        out.weight = priorWeightOf(p);
        out.score = 0;
        out.posterior = 0;
      }
      out.uncertainty = 1;
      this.cn[k] = 0;
    } else {
      const lo = used === 0 ? o0 : used === 1 ? o1 : used === 2 ? o2 : go;
      if (this.evidence) {
        const zG = st.outcomeScore(go, p.skillVarPrior, p.skillVarPseudo);
        const zL = used === GLOBAL_LEVEL ? zG : outcomeScoreAt(pool, lo, p.skillVarPrior, p.skillVarPseudo);
        // Posterior edges only feed the 'edge' trust rule.
        const edgeRule = p.trustRule === 'edge';
        const eG = edgeRule && go >= 0 ? skillAt(pool, go, p.skillPriorSd) : 0;
        const eL = !edgeRule ? 0 : used === GLOBAL_LEVEL ? eG : skillAt(pool, lo, p.skillPriorSd);
        evidenceWeightCore(p, supportAt(pool, lo), zL, zG, zM, meanChurnAt(pool, lo), calibrationErrorAt(pool, lo), this.specialization(w), this.mix, out, eL, eG);
      } else {
        weightCore(
          p, used === GLOBAL_LEVEL, supportAt(pool, lo), skillAt(pool, lo, p.skillPriorSd), meanChurnAt(pool, lo), calibrationErrorAt(pool, lo),
          go >= 0 ? skillAt(pool, go, p.skillPriorSd) : 0, this.specialization(w), out,
        );
      }
      this.cn[k] = supportAt(pool, lo);
    }
    this.cw[k] = out.weight;
    this.cu[k] = out.uncertainty;
    this.cs[k] = out.score;
    this.cp[k] = out.posterior;
    this.cl[k] = used;
    this.stamp[k] = st.clock;
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
  scoreAt(key: number): number {
    return this.cs[key]!;
  }
  posteriorAt(key: number): number {
    return this.cp[key]!;
  }

  /**
   * Trust weight of wallet `w` for a (category, horizon) group with its full fallback chain.
   * −1 stands for ALL (or unknown): the chain then skips the levels that need it. Equals the
   * cached fast path (`weightKey`).
   */
  lookupGroup(w: number, c: number, h: number): WeightLookup {
    const st = this.store;
    this.refreshMixture();
    const view = (cc: number, hh: number) => {
      const off = st.offset(w, cc, hh);
      return off < 0 ? undefined : st.pool.subarray(off, off + ACC_SIZE);
    };
    const p = this.params;
    return trustWeight(
      {
        categoryHorizon: c >= 0 && h >= 0 ? view(c, h) : undefined,
        category: c >= 0 ? view(c, -1) : undefined,
        horizon: h >= 0 ? view(-1, h) : undefined,
        global: view(-1, -1),
        specialization: this.specialization(w),
        markoutScore: this.evidence ? st.markoutScore(w, p.markoutVarPrior, p.skillVarPseudo, p.minSupport) : 0,
        markoutSupport: st.markoutSupport(w),
      },
      p,
      this.mix,
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

/**
 * The weight caches of several trust models on one store (a sweep group), interleaved: the entries
 * of key k for lanes 0..lanes−1 sit side by side, so the models scoring one market one after the
 * other read the same few cache lines for its wallets instead of one region per model (the caches
 * are large and sparse: wallets × (categories + 1) × (horizons + 1) keys).
 */
export class WeightCacheBank {
  readonly cw: Float64Array;
  readonly cu: Float64Array;
  readonly cn: Float64Array;
  readonly cs: Float64Array;
  readonly cp: Float64Array;
  readonly cl: Int8Array;
  readonly stamp: Int32Array;

  constructor(readonly nKeys: number, readonly lanes: number) {
    const n = nKeys * lanes;
    this.cw = new Float64Array(n);
    this.cu = new Float64Array(n);
    this.cn = new Float64Array(n);
    this.cs = new Float64Array(n);
    this.cp = new Float64Array(n);
    this.cl = new Int8Array(n);
    this.stamp = new Int32Array(n).fill(-1);
  }
}
