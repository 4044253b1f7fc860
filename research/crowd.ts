/**
 * The dispersed-information world (research/crowdWorld.ts) beside the regime family: later-half
 * capture of the market→oracle Brier gap by SmartCrowd / the blend, pooled over the seeds.
 *   npx tsx research/crowd.ts '[{}, {"aggregator":"weighted-mean"}]' [seeds, default 1,2,3,4] ['{"impact":0.1}']
 */
import { parseParams } from '../engine/params.ts';
import { walkForwardMany } from '../engine/backtest.ts';
import { passGroups } from '../engine/sweep.ts';
import { makeCrowdEvalWorld, scoreRows } from './evaluate.ts';
import type { CrowdOptions } from './crowdWorld.ts';

const args = process.argv.slice(2);
const configs = JSON.parse(args[0] ?? '[{}]') as Record<string, unknown>[];
const seeds = (args[1] ?? '1,2,3,4').split(',').map(Number);
const world = JSON.parse(args[2] ?? '{}') as Partial<CrowdOptions>;
const params = configs.map((c) => parseParams(c));
const acc = configs.map(() => ({ dm: 0, ds: 0, db: 0, per: [] as string[] }));
for (const seed of seeds) {
  const w = makeCrowdEvalWorld(`crowd/${seed}`, { ...world, seed });
  for (const group of passGroups(params)) {
    walkForwardMany(w.tape, group.map((i) => params[i]!)).forEach((res, j) => {
      const late = scoreRows(res.rows.slice(Math.floor(res.rows.length / 2)), w.oracle);
      const a = acc[group[j]!]!;
      a.dm += (late.market - late.oracle) * late.n;
      a.ds += (late.market - late.smartcrowd) * late.n;
      a.db += (late.market - late.blend) * late.n;
      a.per.push(`${seed}: ${(100 * late.captureSmartcrowd).toFixed(0)}/${(100 * late.captureBlend).toFixed(0)}`);
    });
  }
}
configs.forEach((c, i) => {
  const a = acc[i]!;
  console.log(`pooled ${((100 * a.ds) / a.dm).toFixed(0)}/${((100 * a.db) / a.dm).toFixed(0)} ${JSON.stringify(c)}  (${a.per.join(', ')})`);
});
