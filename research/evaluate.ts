import { buildTape, type Tape } from '../engine/tape.ts';
import { walkForward, type BacktestRow } from '../engine/backtest.ts';
import type { EngineParams } from '../engine/params.ts';
import { generateForeignWorld, type ForeignOptions } from './foreignWorld.ts';
import { generateCrowdWorld, type CrowdOptions } from './crowdWorld.ts';
import { generateWorld, type World, type WorldOptions } from '../datasets/generator/index.ts';

/** A generated world with its tape and the oracle (informed probability) at each market's 12 h cutoff. */
export interface EvalWorld {
  label: string;
  tape: Tape;
  oracle: Map<string, number>;
}

/** Generates a world and keeps what scoring needs (the truth stays out of the tape). */
export function makeEvalWorld(label: string, options: WorldOptions): EvalWorld {
  const w: World = generateWorld(options);
  const tape = buildTape({ markets: w.markets, trades: w.trades, outcomes: w.outcomes });
  const oracle = new Map<string, number>();
  for (const [id, m] of Object.entries(w.truth.markets)) {
    const cp = m.checkpoints.resolution_minus_12h ?? m.checkpoints.end_minus_12h;
    if (m.status === 'resolved' && cp) oracle.set(id, cp.informed_prob);
  }
  return { label, tape, oracle };
}

/** A foreign world (research/foreignWorld.ts) as an EvalWorld. */
export function makeForeignEvalWorld(label: string, options: ForeignOptions): EvalWorld {
  const w = generateForeignWorld(options);
  return { label, tape: buildTape({ markets: w.markets, trades: w.trades, outcomes: w.outcomes }), oracle: w.oracle };
}

/** Brier sums over a set of rows: market, SmartCrowd (market where null), blend, oracle. */
export interface HalfScore {
  n: number;
  market: number;
  smartcrowd: number;
  blend: number;
  oracle: number;
  /** Share of the market→oracle Brier gap SmartCrowd closes (1 = all of it, < 0 = worse than the market). */
  captureSmartcrowd: number;
  captureBlend: number;
  nNull: number;
}

export function scoreRows(rows: readonly BacktestRow[], oracle: Map<string, number>): HalfScore {
  let n = 0, bm = 0, bs = 0, bb = 0, bo = 0, nNull = 0;
  for (const r of rows) {
    const o = oracle.get(r.market_id);
    if (o === undefined) continue;
    const y = r.outcome;
    const sc = r.smartcrowd_prob ?? r.market_prob;
    if (r.smartcrowd_prob === null) nNull++;
    n++;
    bm += (r.market_prob - y) ** 2;
    bs += (sc - y) ** 2;
    bb += (r.blend_prob - y) ** 2;
    bo += (o - y) ** 2;
  }
  const gap = bm - bo;
  return {
    n, market: bm / n, smartcrowd: bs / n, blend: bb / n, oracle: bo / n,
    captureSmartcrowd: (bm - bs) / gap, captureBlend: (bm - bb) / gap, nNull,
  };
}

/** Walk-forward backtest of a world, scored on its earlier and later halves of cutoffs. */
export function evaluate(world: EvalWorld, params: EngineParams): { early: HalfScore; late: HalfScore; rows: BacktestRow[] } {
  const { rows } = walkForward(world.tape, params);
  const half = Math.floor(rows.length / 2);
  return { early: scoreRows(rows.slice(0, half), world.oracle), late: scoreRows(rows.slice(half), world.oracle), rows };
}

/** A dispersed-information world (research/crowdWorld.ts) as an EvalWorld. */
export function makeCrowdEvalWorld(label: string, options: CrowdOptions): EvalWorld {
  const w = generateCrowdWorld(options);
  return { label, tape: buildTape({ markets: w.markets, trades: w.trades, outcomes: w.outcomes }), oracle: w.oracle };
}
