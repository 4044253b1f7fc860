import { mulberry32, randInt, randNormal } from '../../engine/rng.ts';
import { deriveSeed } from './deriveSeed.ts';
import { logit, randLogNormal, randPoisson, sigmoid } from './distributions.ts';
import { HOUR_MS, STREAM, type MarketPlan, type WorldPlan } from './planWorld.ts';
import { roundSize, scheduleEvents, type MarketEvent, type Side } from './scheduleEvents.ts';
import { WeightedSampler } from './WeightedSampler.ts';
import type { MarketCheckpoint, MarketTruth, TradeRow } from './worldTypes.ts';

/** What one market's simulation produced. */
export interface MarketSimulation {
  /** Fills in time order. */
  trades: TradeRow[];
  /** Wallet index (into the population) of each fill, parallel to `trades`. */
  walletIndex: number[];
  checkpoints: MarketTruth['checkpoints'];
}

type Action = 'BUY' | 'SELL';

/** Share of ordinary arrivals by trader kind (an arrival with nothing worth doing is skipped). */
const ARRIVAL_KINDS = ['noise', 'momentum', 'longshot', 'skilled'] as const;
const ARRIVAL_WEIGHTS = [0.58, 0.14, 0.1, 0.18];
/** Median shares per fill by kind, before the wallet's own size scale. */
const SIZE = { noise: 40, momentum: 50, longshot: 150, skilled: 60 } as const;
/** sd of a skilled specialist's fresh error at each decision, log-odds (on top of its persistent per-market error). */
const SKILLED_TRADE_NOISE = 0.08;
/** Half-life of ordinary order-flow impact, hours. */
const IMPACT_HALF_LIFE_H = 2;
/** Momentum followers compare the mid now with the mid this many hours ago. */
const MOMENTUM_LOOKBACK_H = 24;
/** Smallest mid move (probability) a momentum follower reacts to. */
const MOMENTUM_MIN_MOVE = 0.015;
/** Longshot buyers buy a side priced below this... */
const LONGSHOT_PRICE = 0.15;
/** ...until they hold about this many median tickets of it in the market. */
const LONGSHOT_TICKETS = 3;
/** Mid prices are kept inside [MID_MIN, 1 − MID_MIN]; fill prices inside [PRICE_MIN, 1 − PRICE_MIN]. */
const MID_MIN = 0.002;
const PRICE_MIN = 0.001;

function clampMid(p: number): number {
  return Math.min(1 - MID_MIN, Math.max(MID_MIN, p));
}
/** A side's price rounded to 4 decimals and kept strictly inside (0, 1). */
function fillPrice(p: number): number {
  return Math.min(1 - PRICE_MIN, Math.max(PRICE_MIN, Math.round(p * 1e4) / 1e4));
}

/**
 * Distinct wallet indexes of one kind, in draw order: 70% of draws by activity (busy wallets
 * turn up everywhere), 30% uniform (so quiet wallets trade somewhere too).
 */
function drawPool(rng: () => number, sampler: WeightedSampler, ofKind: number[], k: number): number[] {
  const pool = new Set<number>();
  if (ofKind.length === 0) return [];
  for (let i = 0; i < k; i++) {
    const j = rng() < 0.7 ? sampler.draw(rng) : randInt(rng, ofKind.length);
    if (j >= 0) pool.add(ofKind[j]!);
  }
  return [...pool];
}

/**
 * Simulates one market's life from its own random stream (so markets are independent and the
 * world can be written market by market). Model, per step of ≤ 1 h (see datasets/README.md):
 * - informed log-odds ℓp_t = logit(prior) + 2·S_t, S_t = μ·I(t) + W(I(t)), μ = ±1 by outcome,
 *   I(t) = infoTotal · h½ / (h½ + hours to end): the exact posterior of a Brownian signal, so p_t
 *   is calibrated and converges to the outcome as information arrives;
 * - consensus E_t: EMA of ℓp_t with time constant `lagHours`;
 * - mid = σ(β·E_t + impact_t + push_t): favourite–longshot compression β, temporary impact of
 *   ordinary flow (half-life 2 h), and a fresh whale's push toward the wrong side (slow decay);
 * - ordinary arrivals (Poisson, busier toward the end) of noise, momentum, longshot and skilled
 *   wallets; scheduled wash-ring rounds and whale fills.
 * `firstTradeNo` numbers the fills' external ids `syn-<seed>-<n>`.
 */
export function simulateMarket(world: WorldPlan, plan: MarketPlan, firstTradeNo: number): MarketSimulation {
  const o = world.options;
  const pop = world.population;
  const rng = mulberry32(deriveSeed(o.seed, STREAM.market, plan.index));
  const beta = o.favouriteLongshotBeta;
  const limitMs = Math.min(plan.endMs, world.nowMs);
  const durMs = plan.endMs - plan.openMs;
  const stepMs = Math.min(HOUR_MS, Math.max(5 * 60_000, durMs / 400));
  const nSteps = Math.ceil(durMs / stepMs);
  const half = plan.spread / 2;

  const hoursToEnd = (t: number) => (plan.endMs - t) / HOUR_MS;
  const info = (t: number) => (plan.infoTotal * plan.infoHalfLifeHours) / (plan.infoHalfLifeHours + hoursToEnd(t));
  // Trading picks up toward the end: intensity 0.4 + 48/(48 + hours to end), normalised over the life.
  const intensity = (t: number) => 0.4 + 48 / (48 + hoursToEnd(t));
  let norm = 0;
  for (let k = 0; k < nSteps; k++) {
    const t0 = plan.openMs + k * stepMs;
    const t1 = Math.min(plan.endMs, t0 + stepMs);
    norm += intensity((t0 + t1) / 2) * (t1 - t0);
  }

  // Who trades here.
  const K = Math.max(3, Math.round(6 + 2.5 * Math.sqrt(plan.expectedArrivals)));
  const debutsOf = (kind: 'noise' | 'momentum' | 'longshot') => plan.debuts.filter((w) => pop.wallets[w]!.kind === kind);
  const withDebuts = (pool: number[], kind: 'noise' | 'momentum' | 'longshot') => [...new Set([...pool, ...debutsOf(kind)])];
  const noisePool = withDebuts(drawPool(rng, pop.noiseSampler, pop.byKind.noise, K), 'noise');
  const momentumPool = withDebuts(drawPool(rng, pop.momentumSampler, pop.byKind.momentum, Math.max(1, Math.round(K * 0.25))), 'momentum');
  const longshotPool = withDebuts(drawPool(rng, pop.longshotSampler, pop.byKind.longshot, Math.max(1, Math.round(K * 0.15))), 'longshot');
  const skilledPool = plan.skilled;
  const skilledBias = new Map(skilledPool.map((w) => [w, pop.wallets[w]!.viewNoise * randNormal(rng)]));
  const activityOf = (pool: number[]) => new WeightedSampler(pool.map((w) => pop.wallets[w]!.activity));
  const noisePick = activityOf(noisePool);
  const momentumPick = activityOf(momentumPool);
  const longshotPick = activityOf(longshotPool);
  const kindPick = new WeightedSampler(ARRIVAL_WEIGHTS);

  // Scheduled events: wash-ring round trips, whale fills, debut fills.
  const { events: scheduled, nextSeq } = scheduleEvents(rng, plan, pop, limitMs);
  let seq = nextSeq;
  const whale = plan.whale;
  const mu = plan.outcome === 1 ? 1 : -1;
  let nextScheduled = 0;

  // State.
  const lp0 = logit(plan.prior);
  let I = info(plan.openMs);
  let S = mu * I + Math.sqrt(I) * randNormal(rng);
  let lp = lp0 + 2 * S;
  let E = lp + 0.3 * randNormal(rng);
  let impact = 0;
  let push = 0;
  let mid = clampMid(sigmoid(beta * E));
  let lastFillYes: number | null = null;
  const midHistory = new Float64Array(nSteps + 1);
  const lookbackSteps = Math.max(1, Math.round((MOMENTUM_LOOKBACK_H * HOUR_MS) / stepMs));
  const holdings = new Map<number, { yes: number; no: number }>();
  const holding = (w: number) => {
    let h = holdings.get(w);
    if (!h) holdings.set(w, (h = { yes: 0, no: 0 }));
    return h;
  };
  const recomputeMid = () => {
    mid = clampMid(sigmoid(beta * E + impact + push));
  };

  const trades: TradeRow[] = [];
  const walletIndex: number[] = [];
  let tradeNo = firstTradeNo;
  const emit = (w: number, t: number, side: Side, action: Action, price: number, size: number) => {
    trades.push({
      external_id: `syn-${o.seed}-${tradeNo++}`,
      market_id: plan.id,
      wallet: pop.wallets[w]!.id,
      ts: Math.floor(t / 1000) * 1000,
      side,
      action,
      price,
      size,
    });
    walletIndex.push(w);
    lastFillYes = side === 'YES' ? price : Math.round((1 - price) * 1e4) / 1e4;
  };

  /**
   * A fill that moves YES in direction d (+1 up, −1 down) at the touch: BUY the favoured side,
   * or, with probability `sellProb` when holding the other side, SELL (part of) that instead.
   */
  const directional = (w: number, t: number, d: 1 | -1, wanted: number, sellProb: number) => {
    const h = holding(w);
    const yesAsk = mid + half;
    const yesBid = mid - half;
    let size = roundSize(wanted);
    if (d > 0) {
      if (h.no >= 1 && rng() < sellProb) {
        size = Math.min(size, h.no);
        emit(w, t, 'NO', 'SELL', fillPrice(1 - yesAsk), size);
        h.no -= size;
      } else {
        emit(w, t, 'YES', 'BUY', fillPrice(yesAsk), size);
        h.yes += size;
      }
    } else if (h.yes >= 1 && rng() < sellProb) {
      size = Math.min(size, h.yes);
      emit(w, t, 'YES', 'SELL', fillPrice(yesBid), size);
      h.yes -= size;
    } else {
      emit(w, t, 'NO', 'BUY', fillPrice(1 - yesBid), size);
      h.no += size;
    }
    impact += (d * size) / plan.depth;
    recomputeMid();
  };

  const arrival = (k: number, t: number) => {
    const kind = ARRIVAL_KINDS[kindPick.draw(rng)]!;
    switch (kind) {
      case 'noise': {
        if (noisePool.length === 0) return;
        const w = noisePool[noisePick.draw(rng)]!;
        directional(w, t, rng() < 0.5 ? 1 : -1, SIZE.noise * pop.wallets[w]!.sizeScale * randLogNormal(rng, 1, 0.8), 0.4);
        return;
      }
      case 'momentum': {
        if (momentumPool.length === 0 || k < lookbackSteps) return;
        const move = mid - midHistory[k - lookbackSteps]!;
        if (Math.abs(move) < MOMENTUM_MIN_MOVE) return;
        const w = momentumPool[momentumPick.draw(rng)]!;
        directional(w, t, move > 0 ? 1 : -1, SIZE.momentum * pop.wallets[w]!.sizeScale * randLogNormal(rng, 1, 0.6), 0.4);
        return;
      }
      case 'longshot': {
        if (longshotPool.length === 0) return;
        const w = longshotPool[longshotPick.draw(rng)]!;
        const size = SIZE.longshot * pop.wallets[w]!.sizeScale * randLogNormal(rng, 1, 0.6);
        const h = holding(w);
        // A few tickets per market, not a pile: holdings past the cap sit the arrival out.
        const cap = LONGSHOT_TICKETS * SIZE.longshot * pop.wallets[w]!.sizeScale;
        if (mid < LONGSHOT_PRICE) {
          if (h.yes < cap) directional(w, t, 1, size, 0);
        } else if (mid > 1 - LONGSHOT_PRICE) {
          if (h.no < cap) directional(w, t, -1, size, 0);
        } else {
          // Now and then a longshot buyer cashes out part of an earlier ticket.
          if (rng() >= 0.15) return;
          if (h.yes >= 2) directional(w, t, -1, h.yes / 2, 1);
          else if (h.no >= 2) directional(w, t, 1, h.no / 2, 1);
        }
        return;
      }
      case 'skilled': {
        if (skilledPool.length === 0) return;
        const w = skilledPool[randInt(rng, skilledPool.length)]!;
        const wallet = pop.wallets[w]!;
        const view = sigmoid(lp + skilledBias.get(w)! + SKILLED_TRADE_NOISE * randNormal(rng));
        const buyGap = view - (mid + half);
        const sellGap = mid - half - view;
        const gap = Math.max(buyGap, sellGap);
        if (gap <= wallet.edgeThreshold) return;
        const size = SIZE.skilled * wallet.sizeScale * randLogNormal(rng, 1, 0.4) * Math.min(3, 0.5 + gap / 0.05);
        directional(w, t, buyGap > sellGap ? 1 : -1, size, 0.6);
        return;
      }
    }
  };

  /** A wallet's guaranteed fill: its kind's habit, without the option to sit out. */
  const debut = (k: number, t: number, w: number) => {
    const wallet = pop.wallets[w]!;
    if (wallet.kind === 'longshot') {
      directional(w, t, mid < 0.5 ? 1 : -1, SIZE.longshot * wallet.sizeScale * randLogNormal(rng, 1, 0.6), 0);
    } else if (wallet.kind === 'momentum') {
      const move = k >= lookbackSteps ? mid - midHistory[k - lookbackSteps]! : 0;
      const d: 1 | -1 = move > 0 ? 1 : move < 0 ? -1 : rng() < 0.5 ? 1 : -1;
      directional(w, t, d, SIZE.momentum * wallet.sizeScale * randLogNormal(rng, 1, 0.6), 0.4);
    } else {
      directional(w, t, rng() < 0.5 ? 1 : -1, SIZE.noise * wallet.sizeScale * randLogNormal(rng, 1, 0.8), 0.4);
    }
  };

  // Checkpoints, recorded as of the first event or step at or after their instant.
  type CpName = 'open' | 'end_minus_72h' | 'end_minus_24h' | 'end_minus_12h' | 'resolution_minus_12h';
  const cps: [CpName, number][] = [['open', plan.openMs], ['end_minus_72h', plan.endMs - 72 * HOUR_MS], ['end_minus_24h', plan.endMs - 24 * HOUR_MS], ['end_minus_12h', plan.endMs - 12 * HOUR_MS]];
  // Later than end − 12 h (resolution follows the event), so the list stays in time order.
  if (plan.early) cps.push(['resolution_minus_12h', plan.resolutionMs - 12 * HOUR_MS]);
  const cpNames = cps.map((c) => c[0]);
  const cpTimes = cps.map((c) => c[1]);
  const checkpoints: MarketTruth['checkpoints'] = { open: null, end_minus_72h: null, end_minus_24h: null, end_minus_12h: null, ...(plan.early ? { resolution_minus_12h: null } : {}), last: null };
  const snap = (t: number): MarketCheckpoint => ({
    time: new Date(t).toISOString(),
    informed_prob: round6(sigmoid(lp)),
    market_mid: round6(mid),
    last_fill_yes_price: lastFillYes,
  });
  let nextCp = 0;
  while (nextCp < cpNames.length && cpTimes[nextCp]! < plan.openMs) nextCp++;
  const flushCheckpoints = (t: number) => {
    while (nextCp < cpNames.length && cpTimes[nextCp]! <= t && cpTimes[nextCp]! <= limitMs) {
      checkpoints[cpNames[nextCp]!] = snap(cpTimes[nextCp]!);
      nextCp++;
    }
  };

  const events: MarketEvent[] = [];
  for (let k = 0; k < nSteps; k++) {
    const t0 = plan.openMs + k * stepMs;
    if (t0 >= limitMs) break;
    const t1 = Math.min(plan.endMs, t0 + stepMs);
    const dt = t1 - t0;
    // The consensus catches up with the informed view; impact and push fade.
    E += (1 - Math.exp(-dt / (plan.lagHours * HOUR_MS))) * (lp - E);
    impact *= Math.pow(0.5, dt / (IMPACT_HALF_LIFE_H * HOUR_MS));
    if (whale) push *= Math.pow(0.5, dt / (whale.pushHalfLifeHours * HOUR_MS));
    recomputeMid();
    midHistory[k] = mid;
    flushCheckpoints(t0);

    events.length = 0;
    const n = randPoisson(rng, (plan.expectedArrivals * intensity((t0 + t1) / 2) * dt) / norm);
    for (let j = 0; j < n; j++) events.push({ t: t0 + rng() * dt, seq: seq++, type: 'arrival' });
    while (nextScheduled < scheduled.length && scheduled[nextScheduled]!.t < t1) events.push(scheduled[nextScheduled++]!);
    events.sort((a, b) => a.t - b.t || a.seq - b.seq);

    for (const e of events) {
      if (e.t >= limitMs) continue;
      flushCheckpoints(e.t);
      if (e.type === 'arrival') arrival(k, e.t);
      else if (e.type === 'debut') debut(k, e.t, e.wallet);
      else if (e.type === 'wash') {
        // Offsetting fills between ring members at one price: volume without direction or impact.
        const price = fillPrice(e.side === 'YES' ? mid : 1 - mid);
        emit(e.buyer, e.t, e.side, 'BUY', price, e.size);
        emit(e.seller, e.t, e.side, 'SELL', price, e.size);
      } else if (whale) {
        // A fresh whale buys the losing side with size, pushing the price its way.
        const wrong: 1 | -1 = mu > 0 ? -1 : 1;
        const h = holding(whale.wallet);
        if (wrong > 0) {
          emit(whale.wallet, e.t, 'YES', 'BUY', fillPrice(mid + half), e.size);
          h.yes += e.size;
        } else {
          emit(whale.wallet, e.t, 'NO', 'BUY', fillPrice(1 - (mid - half)), e.size);
          h.no += e.size;
        }
        push += (wrong * whale.pushLogit) / whale.nFills;
        recomputeMid();
      }
    }

    // Information released during the step.
    const I1 = info(t1);
    const dI = Math.max(0, I1 - I);
    S += mu * dI + Math.sqrt(dI) * randNormal(rng);
    I = I1;
    lp = lp0 + 2 * S;
  }
  flushCheckpoints(limitMs);
  checkpoints.last = snap(limitMs);

  return { trades, walletIndex, checkpoints };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
