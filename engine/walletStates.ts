import type { EngineParams } from './params.ts';
import type { MarketColumns, Tape } from './tape.ts';
import { HOUR_MS, logit } from './math.ts';

/**
 * Running sums of one wallet's fills in one market, evaluated as of an instant. Everything a
 * belief, a profile record and the integrity checks need, from a single pass over the market.
 */
export interface WalletMarketState {
  /** Wallet index. */
  w: number;
  /** Fills at or before the instant. */
  n: number;
  /**
   * Σ v, vote weight v = sqrt(size) × streak boost × 2^(−(lastTs − ts)/halfLife): recency relative
   * to the wallet's latest fill, so the sums never underflow (beliefs only use ratios of them).
   */
  sumV: number;
  /** Signal mass as of the instant: sumV × 2^(−(asOf − lastTs)/halfLife). */
  mass: number;
  /** logit of the reference (current market) price a held position is judged against; NaN when none. */
  refLogit: number;
  /** Σ v · direction. */
  sumVDir: number;
  /** Σ v · logit(YES price paid). */
  sumVLogit: number;
  /** Σ direction (per fill, unweighted). */
  sumDir: number;
  /** Σ direction · reference YES price (per fill; the price paid, or with skillReference 'prior' the price before the wallet's run). */
  sumDirPrice: number;
  /** Σ reference YES price (per fill). */
  sumPrice: number;
  /** Σ reference YES price² (per fill). */
  sumPrice2: number;
  /** Consecutive fills whose direction flipped. */
  flips: number;
  lastDir: number;
  streak: number;
  /** Σ size (shares). */
  sumSize: number;
  /** Σ size · direction (YES-implied net shares). */
  sumSignedSize: number;
  /** Σ size · direction · YES price (for pnl = outcome·Σsd − Σsdp). */
  sumSignedSizePrice: number;
  /** Σ size × cost per share of the side bought (YES price for +1, 1 − YES price for −1). */
  sumCost: number;
  /** Σ size · hours before the market's end. */
  sumSizeLead: number;
  /** Σ size · direction · (final price − price paid): did the wallet trade ahead of the move? */
  sumTiming: number;
  firstTs: number;
  lastTs: number;
  maxSize: number;
  /** Σ over fills of r = 2^(−(asOf − ts)/evidenceHalfLifeHours) · size^evidenceSizePower. */
  sumDecay: number;
  /** Σ r·d over the wallet's live fills: those whose bound is not yet absorbed, d·(logit p − logit ref) + evidenceConviction > 0. */
  sumLiveDir: number;
  /** Σ r·(logit p − logit ref) over the live fills. */
  sumLiveGap: number;
}

/**
 * One market's fills (all of them, time-ordered) gathered out of the time-ordered tape into
 * contiguous columns. A market's fills lie far apart in the tape, so reading them through
 * `byMarket` misses the cache on every column of every fill; gathered once, every scan of the
 * market reads them in sequence (the walk-forward pass scans a resolved market twice: at its
 * cutoff and at its resolution; engine/profileStore.ts keeps the gathered fills in between).
 */
export class MarketFills {
  len = 0;
  ts: Float64Array;
  wallet: Int32Array;
  dir: Int8Array;
  yesPrice: Float64Array;
  size: Float64Array;
  /**
   * Per fill, the factor 2^(−dt/halfLife) by which a scan ages its wallet's earlier votes (dt: time since
   * that wallet's previous fill here), valid for fills before `voteDecayUpTo` at `voteDecayHalfLifeMs`:
   * the first scan of the gathered fills computes them, a second one (the resolution scan after the
   * cutoff scan) reads them. The same numbers either way.
   */
  voteDecay: Float64Array;
  voteDecayHalfLifeMs = NaN;
  voteDecayUpTo = 0;

  constructor(capacity = 64) {
    this.ts = new Float64Array(capacity);
    this.wallet = new Int32Array(capacity);
    this.dir = new Int8Array(capacity);
    this.yesPrice = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.voteDecay = new Float64Array(capacity);
  }

  /** Market `m`'s fills of `tape`, exactly sized (kept while a market waits for its second scan). */
  static of(tape: Tape, m: number): MarketFills {
    return new MarketFills(tape.marketStart[m + 1]! - tape.marketStart[m]!).gather(tape, m);
  }

  /** Gathers market `m`'s fills into this buffer (grown when too small). */
  gather(tape: MarketColumns, m: number): this {
    const a = tape.marketStart[m]!;
    const len = tape.marketStart[m + 1]! - a;
    if (len > this.ts.length) {
      const cap = Math.max(len, this.ts.length * 2);
      this.ts = new Float64Array(cap);
      this.wallet = new Int32Array(cap);
      this.dir = new Int8Array(cap);
      this.yesPrice = new Float64Array(cap);
      this.size = new Float64Array(cap);
      this.voteDecay = new Float64Array(cap);
    }
    const { byMarket, ts, wallet, dir, yesPrice, size } = tape;
    for (let k = 0; k < len; k++) {
      const i = byMarket[a + k]!;
      this.ts[k] = ts[i]!;
      this.wallet[k] = wallet[i]!;
      this.dir[k] = dir[i]!;
      this.yesPrice[k] = yesPrice[i]!;
      this.size[k] = size[i]!;
    }
    this.len = len;
    this.voteDecayUpTo = 0;
    return this;
  }
}

/**
 * Struct-of-arrays scratch for one market scan: slot j holds one wallet's sums. Reused across
 * scans of the same tape (allocation-free hot loop); a scan's results are valid until the next
 * scan of that tape.
 */
export class MarketScan {
  k = 0;
  /** logit of the reference price of the last scan (NaN when none). */
  refLogit = NaN;
  w = new Int32Array(64);
  n = new Float64Array(64);
  sumV = new Float64Array(64);
  mass = new Float64Array(64);
  sumVDir = new Float64Array(64);
  sumVLogit = new Float64Array(64);
  sumDir = new Float64Array(64);
  sumDirPrice = new Float64Array(64);
  sumPrice = new Float64Array(64);
  sumPrice2 = new Float64Array(64);
  flips = new Float64Array(64);
  lastDir = new Int8Array(64);
  streak = new Float64Array(64);
  sumSize = new Float64Array(64);
  sumSignedSize = new Float64Array(64);
  sumSignedSizePrice = new Float64Array(64);
  sumCost = new Float64Array(64);
  sumSizeLead = new Float64Array(64);
  sumTiming = new Float64Array(64);
  firstTs = new Float64Array(64);
  lastTs = new Float64Array(64);
  maxSize = new Float64Array(64);
  sumDecay = new Float64Array(64);
  sumLiveDir = new Float64Array(64);
  sumLiveGap = new Float64Array(64);
  /** wallet index → slot, −1 when absent (reset after each scan). */
  readonly slotOf: Int32Array;
  /** Scratch for the fills of a scan not given them already gathered. */
  readonly fills = new MarketFills();

  constructor(nWallets: number) {
    this.slotOf = new Int32Array(nWallets).fill(-1);
  }

  private grow(): void {
    const cap = this.w.length * 2;
    const g = <T extends Float64Array | Int32Array | Int8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.w = g(this.w); this.n = g(this.n); this.sumV = g(this.sumV); this.mass = g(this.mass);
    this.sumVDir = g(this.sumVDir); this.sumVLogit = g(this.sumVLogit); this.sumDir = g(this.sumDir);
    this.sumDirPrice = g(this.sumDirPrice); this.sumPrice = g(this.sumPrice); this.sumPrice2 = g(this.sumPrice2); this.flips = g(this.flips); this.lastDir = g(this.lastDir); this.streak = g(this.streak);
    this.sumSize = g(this.sumSize); this.sumSignedSize = g(this.sumSignedSize); this.sumSignedSizePrice = g(this.sumSignedSizePrice);
    this.sumCost = g(this.sumCost); this.sumSizeLead = g(this.sumSizeLead); this.sumTiming = g(this.sumTiming);
    this.firstTs = g(this.firstTs); this.lastTs = g(this.lastTs); this.maxSize = g(this.maxSize);
    this.sumDecay = g(this.sumDecay); this.sumLiveDir = g(this.sumLiveDir); this.sumLiveGap = g(this.sumLiveGap);
  }

  /** Opens a slot for wallet w at time ts. */
  open(w: number, ts: number): number {
    if (this.k === this.w.length) this.grow();
    const j = this.k++;
    this.slotOf[w] = j;
    this.w[j] = w; this.n[j] = 0; this.sumV[j] = 0; this.mass[j] = 0; this.sumVDir[j] = 0; this.flips[j] = 0;
    this.sumVLogit[j] = 0; this.sumDir[j] = 0; this.sumDirPrice[j] = 0; this.sumPrice[j] = 0; this.sumPrice2[j] = 0;
    this.lastDir[j] = 0; this.streak[j] = 0; this.sumSize[j] = 0; this.sumSignedSize[j] = 0; this.sumSignedSizePrice[j] = 0;
    this.sumCost[j] = 0; this.sumSizeLead[j] = 0; this.sumTiming[j] = 0; this.firstTs[j] = ts; this.lastTs[j] = ts; this.maxSize[j] = 0;
    this.sumDecay[j] = 0; this.sumLiveDir[j] = 0; this.sumLiveGap[j] = 0;
    return j;
  }

  /** Slot j as a plain object. */
  state(j: number): WalletMarketState {
    return {
      w: this.w[j]!, n: this.n[j]!, sumV: this.sumV[j]!, mass: this.mass[j]!, refLogit: this.refLogit, sumVDir: this.sumVDir[j]!, sumVLogit: this.sumVLogit[j]!,
      sumDir: this.sumDir[j]!, sumDirPrice: this.sumDirPrice[j]!, sumPrice: this.sumPrice[j]!, sumPrice2: this.sumPrice2[j]!,
      flips: this.flips[j]!, lastDir: this.lastDir[j]!, streak: this.streak[j]!, sumSize: this.sumSize[j]!,
      sumSignedSize: this.sumSignedSize[j]!, sumSignedSizePrice: this.sumSignedSizePrice[j]!, sumCost: this.sumCost[j]!,
      sumSizeLead: this.sumSizeLead[j]!, sumTiming: this.sumTiming[j]!, firstTs: this.firstTs[j]!, lastTs: this.lastTs[j]!,
      maxSize: this.maxSize[j]!, sumDecay: this.sumDecay[j]!, sumLiveDir: this.sumLiveDir[j]!, sumLiveGap: this.sumLiveGap[j]!,
    };
  }
}

/**
 * One pass over market `m`'s fills at or before `asOf` (epoch ms), grouped by wallet into the
 * caller's reusable scan scratch `sc` (sized for the tape's wallets), slots in order of each
 * wallet's first fill. Vote weights decay
 * with `halfLifeHours` relative to `asOf`; streaks of same-direction fills get the persistence
 * boost. Vote sums are kept relative to each wallet's latest fill (see `sumV`), the decay to
 * `asOf` goes into `mass`. `refPrice` is the YES price a held position is judged against (the market price as of
 * `asOf`, or the final price for a resolved market): it bounds the belief anchor and feeds the
 * timing sums; without it the anchor is the price paid alone. `fills`: market `m`'s fills already
 * gathered (MarketFills.of); gathered into the scratch of `sc` when absent. `evidence` false skips the
 * evidence sums (`sumDecay`, `sumLiveDir`, `sumLiveGap` stay 0), which only a snapshot's score reads —
 * a profile record does not. O(fills of m), no allocation in the loop.
 */
export function scanMarket(tape: Tape, m: number, asOf: number, params: EngineParams, refPrice: number, sc: MarketScan, fills?: MarketFills, evidence = true): MarketScan {
  sc.k = 0;
  const halfLifeMs = params.halfLifeHours * HOUR_MS;
  const boostStep = params.persistenceBoost;
  const boostMax = params.persistenceBoostMax;
  const end = Number.isFinite(tape.marketEnd[m]!) ? tape.marketEnd[m]! : tape.resolutionTs[m]!;
  const timing = Number.isFinite(refPrice);
  const evidenceSums = timing && evidence;
  sc.refLogit = timing ? logit(refPrice) : NaN;
  const refLogit = sc.refLogit;
  const conviction = params.evidenceConviction;
  const evidenceHalfLifeMs = params.evidenceHalfLifeHours * HOUR_MS;
  const sizePow = params.evidenceSizePower;
  const f = fills ?? sc.fills.gather(tape, m);
  const { ts: T, wallet: Wl, dir: D, yesPrice: P, size: S } = f;
  const len = f.len;
  const slotOf = sc.slotOf;
  const VD = f.voteDecay;
  const known = f.voteDecayHalfLifeMs === halfLifeMs ? f.voteDecayUpTo : 0;
  // skillReference 'prior': the price before the current wallet's run of consecutive fills (the last
  // fill by another wallet; the run's own price when it opens the market).
  const fromPrior = params.skillReference === 'prior';
  let prevW = -1;
  let prevP = NaN;
  let runRef = NaN;
  let i = 0;
  for (; i < len; i++) {
    const ts = T[i]!;
    if (ts > asOf) break;
    const w = Wl[i]!;
    let j = slotOf[w]!;
    if (j < 0) j = sc.open(w, ts);
    const d = D[i]!;
    const p = P[i]!;
    const size = S[i]!;
    if (sc.n[j]! > 0 && d !== sc.lastDir[j]) {
      sc.flips[j]!++;
      sc.streak[j] = 1;
    } else sc.streak[j]!++;
    sc.lastDir[j] = d;
    const boost = Math.min(boostMax, 1 + boostStep * (sc.streak[j]! - 1));
    const dt = ts - sc.lastTs[j]!;
    if (dt > 0) {
      // Age the wallet's earlier votes to this fill's time (exact, and never underflows the newest).
      const age = i < known ? VD[i]! : Math.pow(2, -dt / halfLifeMs);
      VD[i] = age;
      sc.sumV[j]! *= age;
      sc.sumVDir[j]! *= age;
      sc.sumVLogit[j]! *= age;
    }
    const rootSize = Math.sqrt(size);
    const v = rootSize * boost;
    sc.n[j]!++;
    sc.sumV[j]! += v;
    const lp = logit(p);
    sc.sumVDir[j]! += v * d;
    sc.sumVLogit[j]! += v * lp;
    sc.sumDir[j]! += d;
    if (w !== prevW) runRef = i > 0 ? prevP : p;
    prevW = w;
    prevP = p;
    const pe = fromPrior ? runRef : p;
    sc.sumDirPrice[j]! += d * pe;
    sc.sumPrice[j]! += pe;
    sc.sumPrice2[j]! += pe * pe;
    sc.sumSize[j]! += size;
    sc.sumSignedSize[j]! += size * d;
    sc.sumSignedSizePrice[j]! += size * d * p;
    sc.sumCost[j]! += size * (d === 1 ? p : 1 - p);
    sc.sumSizeLead[j]! += size * ((end - ts) / HOUR_MS);
    if (timing) sc.sumTiming[j]! += size * d * (refPrice - p);
    if (evidenceSums) {
      // A buy at p says the price should be at least about p + conviction: live until the price gets there.
      const gap = lp - refLogit;
      const r = Math.pow(2, -(asOf - ts) / evidenceHalfLifeMs) * (sizePow === 0 ? 1 : sizePow === 0.5 ? rootSize : Math.pow(size, sizePow));
      sc.sumDecay[j]! += r;
      if (d * gap + conviction > 0) {
        sc.sumLiveDir[j]! += r * d;
        sc.sumLiveGap[j]! += r * gap;
      }
    }
    sc.lastTs[j] = ts;
    if (size > sc.maxSize[j]!) sc.maxSize[j] = size;
  }
  f.voteDecayHalfLifeMs = halfLifeMs;
  f.voteDecayUpTo = Math.max(known, i);
  for (let j = 0; j < sc.k; j++) {
    slotOf[sc.w[j]!] = -1;
    sc.mass[j] = sc.sumV[j]! * Math.pow(2, -(asOf - sc.lastTs[j]!) / halfLifeMs);
  }
  return sc;
}

/** The same scan as plain objects, in ascending wallet index (tests, explorers). */
export function marketWalletStates(tape: Tape, m: number, asOf: number, params: EngineParams, refPrice: number = NaN): WalletMarketState[] {
  const sc = scanMarket(tape, m, asOf, params, refPrice, new MarketScan(tape.walletIds.length));
  const out: WalletMarketState[] = [];
  for (let j = 0; j < sc.k; j++) out.push(sc.state(j));
  return out.sort((a, b) => a.w - b.w);
}
