/**
 * Diagnostic: how much of the market→oracle gap the evidence aggregator closes when trust is the
 * truth (weight 1 for the world's informed wallets, 0 for everyone else) against learned trust —
 * which part of the shortfall is who-to-trust and which is how-to-aggregate.
 *   npx tsx research/trustCeiling.ts '[{}]' [--seeds 1,2,3,4] [--scale 1]
 * Not a product path: it patches TrustModel in this process only.
 */
import { parseParams } from '../engine/params.ts';
import { walkForward } from '../engine/backtest.ts';
import { TrustModel } from '../engine/trustModel.ts';
import type { Tape } from '../engine/tape.ts';
import { buildTape } from '../engine/tape.ts';
import { generateWorld } from '../datasets/generator/index.ts';
import { generateForeignWorld } from './foreignWorld.ts';
import { FOREIGN_REGIMES, REGIMES } from './regimes.ts';
import { scoreRows } from './evaluate.ts';

const args = process.argv.slice(2);
const arg = (k: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const configs = JSON.parse(args[0] ?? '[{}]') as Record<string, unknown>[];
const seeds = (arg('--seeds') ?? '1,2,3,4').split(',').map(Number);
const scale = Number(arg('--scale') ?? 1);

const truthOf = new WeakMap<Tape, Uint8Array>();
let useTruth = false;
const proto = TrustModel.prototype as unknown as { weightKey(w: number, c: number, h: number): number; cw: Float64Array; tape: Tape };
const orig = proto.weightKey;
proto.weightKey = function (this: typeof proto, w: number, c: number, h: number) {
  const k = orig.call(this, w, c, h);
  if (useTruth) this.cw[k] = truthOf.get(this.tape)![w]!;
  return k;
};

const worlds: { regime: string; tape: Tape; oracle: Map<string, number> }[] = [];
for (const seed of seeds) {
  for (const r of REGIMES) {
    const o = { ...r.options, seed, markets: Math.round((r.options.markets ?? 320) * scale), wallets: Math.round((r.options.wallets ?? 650) * scale) };
    const w = generateWorld(o);
    const tape = buildTape({ markets: w.markets, trades: w.trades, outcomes: w.outcomes });
    const oracle = new Map<string, number>();
    for (const [id, m] of Object.entries(w.truth.markets)) {
      const cp = m.checkpoints.resolution_minus_12h ?? m.checkpoints.end_minus_12h;
      if (m.status === 'resolved' && cp) oracle.set(id, cp.informed_prob);
    }
    truthOf.set(tape, Uint8Array.from(tape.walletIds, (id) => (w.truth.wallets[id]?.kind === 'skilled' ? 1 : 0)));
    worlds.push({ regime: r.name, tape, oracle });
  }
  for (const r of FOREIGN_REGIMES) {
    const w = generateForeignWorld({ ...r.options, seed, markets: Math.round(300 * scale), wallets: Math.round(800 * scale) });
    const tape = buildTape({ markets: w.markets, trades: w.trades, outcomes: w.outcomes });
    truthOf.set(tape, Uint8Array.from(tape.walletIds, (id) => (w.kinds.get(id) === 'informed' ? 1 : 0)));
    worlds.push({ regime: r.name, tape, oracle: w.oracle });
  }
}
const pct = (x: number) => `${(100 * x).toFixed(0)}`;
for (const c of configs) {
  for (const truth of [false, true]) {
    useTruth = truth;
    const p = parseParams(c);
    const per = new Map<string, { dm: number; dsc: number }>();
    for (const { regime, tape, oracle } of worlds) {
      const rows = walkForward(tape, p).rows;
      const late = scoreRows(rows.slice(Math.floor(rows.length / 2)), oracle);
      const e = per.get(regime) ?? { dm: 0, dsc: 0 };
      e.dm += (late.market - late.oracle) * late.n;
      e.dsc += (late.market - late.smartcrowd) * late.n;
      per.set(regime, e);
    }
    const caps = [...per].map(([r, e]) => [r, e.dsc / e.dm] as const);
    const mean = caps.reduce((a, [, x]) => a + x, 0) / caps.length;
    console.log(`${truth ? 'truth trust  ' : 'learned trust'} mean ${pct(mean)} ${JSON.stringify(c)}\n   ${caps.map(([r, x]) => `${r.replace('foreign', 'f').slice(0, 10)} ${pct(x)}`).join(' | ')}`);
  }
}
