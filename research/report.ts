/**
 * The regime report behind docs/signal.md: how much of the market→oracle Brier gap SmartCrowd and
 * the blend close, out of sample, on every regime of the family.
 *
 * Protocol (choose on earlier data, score on later data, never on one world):
 *  1. Candidates: engine/tune.ts DEFAULT_TUNE_GRID over the defaults.
 *  2. Selection: every candidate is backtested walk-forward on each regime's worlds of the
 *     selection seeds; the candidate with the best mean capture by SmartCrowd on the EARLIER half of
 *     cutoffs, averaged over the regimes, is chosen.
 *  3. Evaluation: the chosen set, the shipped defaults and the seed design are backtested on FRESH
 *     seeds (never used for development or selection), and scored on the LATER half of cutoffs.
 *
 *   npx tsx research/report.ts [--select 1,2,3,4] [--eval 5,6,7,8] [--scale 1] [--no-select] [--section 1x] [--grid '{"k": [...]}']
 *     [--doc F] [--svg F] (elsewhere than docs/signal.md and its chart)
 * (--grid: the candidates, instead of DEFAULT_TUNE_GRID; e.g. the tune grid plus a parameter it leaves out).
 * fills the `<!-- regimes:SECTION -->` part of docs/signal.md and writes docs/signal-regimes-SECTION.svg.
 * Deterministic given its options.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultParams, paramsHash, parseParams, type EngineParams } from '../engine/params.ts';
import { walkForwardMany, type BacktestRow } from '../engine/backtest.ts';
import { gridParams, passGroups, type ParamGrid } from '../engine/sweep.ts';
import { DEFAULT_TUNE_GRID } from '../engine/tune.ts';
import { svgChart } from '../notebooks/lib/charts.ts';
import { FOREIGN_REGIMES, REGIMES } from './regimes.ts';
import { makeEvalWorld, makeForeignEvalWorld, scoreRows, type EvalWorld, type HalfScore } from './evaluate.ts';

const args = process.argv.slice(2);
const arg = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const selectSeeds = (arg('--select') ?? '1,2,3,4').split(',').map(Number);
const evalSeeds = (arg('--eval') ?? '5,6,7,8').split(',').map(Number);
const scale = Number(arg('--scale') ?? 1);
/** The section of docs/signal.md this run fills (between `<!-- regimes:NAME -->` markers), and its chart. */
const section = arg('--section') ?? (scale === 1 ? '1x' : `${scale}x`);
const doc = arg('--doc') ?? 'docs/signal.md';
const svgOut = arg('--svg') ?? `docs/signal-regimes-${section}.svg`;
/** --no-select: skip the selection and evaluate the shipped defaults (e.g. at another world size). */
const select = !args.includes('--no-select');

interface Family {
  name: string;
  description: string;
  foreign: boolean;
  make: (seed: number) => EvalWorld;
}
const family: Family[] = [
  ...REGIMES.map((r) => ({
    name: r.name, description: r.description, foreign: false,
    make: (seed: number) => makeEvalWorld(`${r.name}/${seed}`, { ...r.options, seed, markets: Math.round((r.options.markets ?? 320) * scale), wallets: Math.round((r.options.wallets ?? 650) * scale) }),
  })),
  ...FOREIGN_REGIMES.map((r) => ({
    name: r.name, description: r.description, foreign: true,
    make: (seed: number) => makeForeignEvalWorld(`${r.name}/${seed}`, { ...r.options, seed, markets: Math.round(300 * scale), wallets: Math.round(800 * scale) }),
  })),
];

/** Rows of every set on one world, sharing passes. */
function backtestAll(w: EvalWorld, sets: readonly EngineParams[]): BacktestRow[][] {
  const rows: BacktestRow[][] = new Array(sets.length);
  for (const g of passGroups(sets)) walkForwardMany(w.tape, g.map((i) => sets[i]!)).forEach((r, j) => (rows[g[j]!] = r.rows));
  return rows;
}
const half = (rows: BacktestRow[], which: 'early' | 'late') => (which === 'early' ? rows.slice(0, Math.floor(rows.length / 2)) : rows.slice(Math.floor(rows.length / 2)));

// 2. Selection on the selection seeds' earlier halves.
const grid = (arg('--grid') ? JSON.parse(arg('--grid')!) : DEFAULT_TUNE_GRID) as ParamGrid;
const candidates = select ? gridParams({}, grid) : [defaultParams];
const selScore = new Float64Array(candidates.length);
if (select) process.stderr.write(`selecting among ${candidates.length} candidates on seeds ${selectSeeds.join(',')} (earlier halves)\n`);
for (const f of select ? family : []) {
  const perCand = new Float64Array(candidates.length);
  for (const seed of selectSeeds) {
    const w = f.make(seed);
    backtestAll(w, candidates).forEach((rows, c) => (perCand[c]! += scoreRows(half(rows, 'early'), w.oracle).captureSmartcrowd / selectSeeds.length));
  }
  perCand.forEach((v, c) => (selScore[c]! += v / family.length));
  process.stderr.write(`  ${f.name}\n`);
}
let best = 0;
selScore.forEach((v, c) => {
  if (v > selScore[best]!) best = c;
});
const chosen = candidates[best]!;

// 3. Evaluation on fresh seeds' later halves.
const seedDesign = parseParams({ aggregator: 'weighted-mean', beliefAnchor: 'holder', markoutHours: 0 });
const evalSets = [chosen, defaultParams, seedDesign];
/** Brier sums (× markets) over a regime's seeds: capture is pooled, Σ(market − forecast) / Σ(market − oracle). */
type Cell = { m: number; sc: number; bl: number; o: number; n: number };
const table = family.map(() => evalSets.map((): Cell => ({ m: 0, sc: 0, bl: 0, o: 0, n: 0 })));
process.stderr.write(`evaluating on fresh seeds ${evalSeeds.join(',')} (later halves)\n`);
family.forEach((f, fi) => {
  for (const seed of evalSeeds) {
    const w = f.make(seed);
    backtestAll(w, evalSets).forEach((rows, s) => {
      const late: HalfScore = scoreRows(half(rows, 'late'), w.oracle);
      const c = table[fi]![s]!;
      c.m += late.market * late.n;
      c.sc += late.smartcrowd * late.n;
      c.bl += late.blend * late.n;
      c.o += late.oracle * late.n;
      c.n += late.n;
    });
  }
  process.stderr.write(`  ${f.name}\n`);
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const capSc = (c: Cell) => (c.m - c.sc) / (c.m - c.o);
const capBl = (c: Cell) => (c.m - c.bl) / (c.m - c.o);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const lines: string[] = [];
lines.push(`<!-- generated by research/report.ts ${select ? `--select ${selectSeeds.join(',')}` : '--no-select'} --eval ${evalSeeds.join(',')} --scale ${scale}${select && arg('--grid') ? ` --grid '${arg('--grid')}'` : ''}; do not edit by hand -->`);
lines.push('');
if (select) lines.push(`Chosen on seeds ${selectSeeds.join(', ')} (earlier halves, mean SmartCrowd capture across all ${family.length} regimes) among ${candidates.length} candidates: ` +
  `\`${JSON.stringify(Object.fromEntries(Object.keys(grid).map((k) => [k, chosen[k as keyof EngineParams]])))}\` (params ${paramsHash(chosen)}); the shipped defaults are params ${paramsHash(defaultParams)}${paramsHash(defaultParams) === paramsHash(chosen) ? ' — the same set' : ''}.`);
else lines.push(`No selection: the shipped defaults (params ${paramsHash(defaultParams)}) are evaluated as they are.`);
lines.push('');
lines.push(`Scored on fresh seeds ${evalSeeds.join(', ')}, later half of cutoffs (${scale === 1 ? 'default' : `${scale}×`} size). Capture = (Brier market − Brier forecast) / (Brier market − Brier oracle); ` +
  'the oracle is the informed probability at each cutoff; pooled over the seeds\' markets (a ratio of sums, so a seed whose gap is near zero cannot blow it up). SmartCrowd is the market where it is null.');
lines.push('');
lines.push('| regime | world | markets | gap (Brier) | SmartCrowd | blend | defaults: SmartCrowd / blend | seed design: SmartCrowd / blend | SmartCrowd Brier vs market |');
lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const chartRows: { regime: string; forecast: string; capture: number }[] = [];
family.forEach((f, fi) => {
  const [c, d, s] = table[fi]!;
  lines.push(
    `| ${f.name} | ${f.foreign ? 'foreign' : 'generator'} | ${c!.n} | ${((c!.m - c!.o) / c!.n).toFixed(4)} | ${pct(capSc(c!))} | ${pct(capBl(c!))} | ${pct(capSc(d!))} / ${pct(capBl(d!))} | ` +
      `${pct(capSc(s!))} / ${pct(capBl(s!))} | ${(100 * (c!.sc / c!.m - 1)).toFixed(1)}% |`,
  );
  chartRows.push({ regime: f.name, forecast: 'SmartCrowd', capture: capSc(c!) }, { regime: f.name, forecast: 'blend', capture: capBl(c!) }, { regime: f.name, forecast: 'seed design (SmartCrowd)', capture: capSc(s!) });
});
const all = (s: number, k: 'sc' | 'bl') => mean(table.map((row) => (k === 'sc' ? capSc(row[s]!) : capBl(row[s]!))));
lines.push(`| **mean of regimes** | | | | **${pct(all(0, 'sc'))}** | **${pct(all(0, 'bl'))}** | ${pct(all(1, 'sc'))} / ${pct(all(1, 'bl'))} | ${pct(all(2, 'sc'))} / ${pct(all(2, 'bl'))} | |`);
lines.push('');
const svg = await svgChart({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: `Share of the market→oracle Brier gap closed, out of sample (fresh seeds, later half, ${scale}× size)`,
  width: 620,
  height: 260,
  data: { values: chartRows.map((r) => ({ ...r, capture: Math.max(-0.5, r.capture) })) },
  mark: 'bar',
  encoding: {
    x: { field: 'regime', type: 'nominal', sort: null, axis: { labelAngle: -40 } },
    xOffset: { field: 'forecast' },
    y: { field: 'capture', type: 'quantitative', axis: { format: '%' }, title: 'gap closed (clipped at −50%)' },
    color: { field: 'forecast', type: 'nominal' },
  },
} as never);
writeFileSync(svgOut, svg);
const begin = `<!-- regimes:${section} -->`;
const end = `<!-- /regimes:${section} -->`;
const text = readFileSync(doc, 'utf8');
const i = text.indexOf(begin);
const j = text.indexOf(end);
if (i < 0 || j < i) throw new Error(`${doc} has no ${begin} … ${end} section to fill`);
writeFileSync(doc, `${text.slice(0, i + begin.length)}\n${lines.join('\n')}\n![regimes, ${section}](${svgOut.replace('docs/', '')})\n${text.slice(j)}`);
process.stdout.write(`${lines.join('\n')}\nfilled ${doc} (${section}) and wrote ${svgOut}\n`);
