/**
 * Compares parameter sets across the regime family on shared worlds (generated once):
 * later-half capture of the market→oracle Brier gap by SmartCrowd and by the blend.
 *   npx tsx research/compare.ts '[{...}, {...}]' [--seeds 1,2,3,4] [--scale 2]
 */
import { parseParams } from '../engine/params.ts';
import { walkForwardMany } from '../engine/backtest.ts';
import { passGroups } from '../engine/sweep.ts';
import { FOREIGN_REGIMES, REGIMES } from './regimes.ts';
import { makeEvalWorld, makeForeignEvalWorld, scoreRows, type EvalWorld } from './evaluate.ts';

const args = process.argv.slice(2);
const arg = (k: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const configs = JSON.parse(args[0] ?? '[{}]') as Record<string, unknown>[];
const seeds = (arg('--seeds') ?? '1,2,3,4').split(',').map(Number);
const scale = Number(arg('--scale') ?? 1);
const only = arg('--regimes')?.split(',');
const worlds: { regime: string; w: EvalWorld }[] = [];
for (const seed of seeds) {
  for (const r of REGIMES) {
    if (only && !only.includes(r.name)) continue;
    const o = { ...r.options, seed, markets: Math.round((r.options.markets ?? 320) * scale), wallets: Math.round((r.options.wallets ?? 650) * scale) };
    worlds.push({ regime: r.name, w: makeEvalWorld(`${r.name}/${seed}`, o) });
  }
  for (const r of FOREIGN_REGIMES) {
    if (only && !only.includes(r.name)) continue;
    worlds.push({ regime: r.name, w: makeForeignEvalWorld(`${r.name}/${seed}`, { ...r.options, seed, markets: Math.round(300 * scale), wallets: Math.round(800 * scale) }) });
  }
}
const params = configs.map((c) => parseParams(c));
// results[config][regime] = {sc[], bl[], gapM, gapSc, gapBl}
const res = params.map(() => new Map<string, { sc: number[]; bl: number[]; dm: number; dsc: number; dbl: number; bm: number }>());
for (const { regime, w } of worlds) {
  for (const group of passGroups(params)) {
    const out = walkForwardMany(w.tape, group.map((i) => params[i]!));
    group.forEach((ci, j) => {
      const rows = out[j]!.rows;
      const late = scoreRows(rows.slice(Math.floor(rows.length / 2)), w.oracle);
      const e = res[ci]!.get(regime) ?? { sc: [], bl: [], dm: 0, dsc: 0, dbl: 0, bm: 0 };
      e.sc.push(late.captureSmartcrowd);
      e.bl.push(late.captureBlend);
      e.dm += (late.market - late.oracle) * late.n;
      e.dsc += (late.market - late.smartcrowd) * late.n;
      e.dbl += (late.market - late.blend) * late.n;
      e.bm += late.market * late.n;
      res[ci]!.set(regime, e);
    });
  }
}
const pct = (x: number) => `${(100 * x).toFixed(0)}`;
configs.forEach((c, ci) => {
  const per = [...res[ci]!].map(([r, e]) => `${r.replace('foreign', 'f').slice(0, 10)} ${pct(e.sc.reduce((a, b) => a + b) / e.sc.length)}/${pct(e.bl.reduce((a, b) => a + b) / e.bl.length)}`);
  const all = [...res[ci]!.values()];
  const meanSc = all.reduce((a, e) => a + e.sc.reduce((x, y) => x + y) / e.sc.length, 0) / all.length;
  const meanBl = all.reduce((a, e) => a + e.bl.reduce((x, y) => x + y) / e.bl.length, 0) / all.length;
  const pooledSc = all.reduce((a, e) => a + e.dsc, 0) / all.reduce((a, e) => a + e.dm, 0);
  const pooledBl = all.reduce((a, e) => a + e.dbl, 0) / all.reduce((a, e) => a + e.dm, 0);
  // The worst regime's SmartCrowd Brier relative to the market's (pooled over seeds; > 0 = worse than the price).
  const worst = [...res[ci]!].map(([r, e]) => [r, -e.dsc / e.bm] as const).reduce((a, b) => (b[1] > a[1] ? b : a));
  // The report's statistic: each regime's capture pooled over its seeds (a ratio of sums), averaged over regimes.
  const rpSc = all.reduce((a, e) => a + e.dsc / e.dm, 0) / all.length;
  const rpBl = all.reduce((a, e) => a + e.dbl / e.dm, 0) / all.length;
  console.log(`mean ${pct(meanSc)}/${pct(meanBl)} regime-pooled ${pct(rpSc)}/${pct(rpBl)} pooled ${pct(pooledSc)}/${pct(pooledBl)} worst vs price ${(100 * worst[1]).toFixed(1)}% (${worst[0]}) ${JSON.stringify(c)}\n   ${per.join(' | ')}`);
});
