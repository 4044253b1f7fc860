/**
 * `npm run bench -- --scale curve`: the scale curve. For worlds of about 1M, 4M and 12M trades
 * (the datasets/ generator; options below) it measures, with the CLI as a user runs it (a fresh
 * process each, start-up included): `ingest csv` of the three files into a fresh database against
 * sqlite3's own `.import` of the same trades file into a one-unique-key table, then `pipeline` as
 * of the last trade and `backtest`, each with its wall time and peak RSS. It writes
 * bench/results/curve.json, docs/performance-curve.svg (time and RSS against trades) and the table
 * between the `curve` markers of docs/performance.md.
 *
 * Worlds are generated once into datasets/generated/<name>/ (git-ignored) and reused while their
 * options are unchanged (a manifest records them); `--worlds 1m,4m` picks some; `--runs N` repeats
 * each measurement and reports medians (default 1: the 12M world takes several minutes a run).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeWorldCsv, type WorldOptions } from '../datasets/generator/index.ts';
import { svgChart } from '../notebooks/lib/charts.ts';

/** The curve's worlds: the 1M one is `npm run bench`'s full world; the 12M one has the hidden acceptance world's shape (20k markets, 40k wallets). */
export const CURVE_WORLDS: Record<string, WorldOptions> = {
  '1m': { seed: 7, markets: 5000, wallets: 50_000, tradesPerMarket: 200, spanDays: 365 },
  '4m': { seed: 9, markets: 10_000, wallets: 40_000, tradesPerMarket: 540, spanDays: 365 },
  '12m': { seed: 11, markets: 20_000, wallets: 40_000, tradesPerMarket: 840, spanDays: 365 },
  /** A few thousand trades: the harness test's, not part of the default curve. */
  smoke: { seed: 3, markets: 40, wallets: 300, tradesPerMarket: 60, spanDays: 90 },
};
/** The worlds `--scale curve` measures by default. */
export const DEFAULT_CURVE = ['1m', '4m', '12m'];

const ROOT = join(import.meta.dirname, '..');
const log = (m: string) => process.stderr.write(`${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The world's files, generated unless datasets/generated/curve-<name> already holds them for these options. */
function ensureWorld(name: string, options: WorldOptions) {
  const dir = join(ROOT, 'datasets', 'generated', `curve-${name}`);
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (JSON.stringify(m.options) === JSON.stringify(options)) return m as { options: WorldOptions; files: { markets: string; trades: string; outcomes: string }; counts: { trades: number; markets: number; wallets: number } };
  }
  log(`generating world ${name} into ${dir} …`);
  const t = performance.now();
  const w = writeWorldCsv(dir, options);
  log(`  ${w.counts.trades} trades in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const m = { options, files: w.files, counts: w.counts };
  writeFileSync(manifest, JSON.stringify(m, null, 2));
  return m;
}

/** Runs `smartcrowd …` in bench/cliChild.mjs (a fresh process, started as bin/smartcrowd.js starts): its wall time from process start and its peak RSS. */
function cli(args: string[]): { s: number; rssMB: number; stdout: string } {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'cliChild.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`smartcrowd ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMB: number };
  return { s: last.ms / 1000, rssMB: last.maxRssMB, stdout: r.stdout };
}

/** sqlite3's own `.import` of the trades file into a table with one unique key: wall seconds. */
function sqliteImport(trades: string, db: string): number {
  rmSync(db, { force: true });
  const script = `CREATE TABLE trades (market_id TEXT, wallet TEXT, ts TEXT, side TEXT, action TEXT, price REAL, size REAL, external_id TEXT NOT NULL UNIQUE);\n.mode csv\n.import --skip 1 ${trades} trades\n`;
  const t0 = performance.now();
  const r = spawnSync('sqlite3', [db], { input: script, encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
  rmSync(db, { force: true });
  return s;
}

export interface CurvePoint {
  world: string;
  trades: number;
  markets: number;
  wallets: number;
  ingest_s: number;
  sqlite3_import_s: number | null;
  ingest_ratio: number | null;
  /** The first command after the ingest: with the tape the ingest saved beside the store. */
  pipeline_s: number;
  pipeline_rss_mb: number;
  /** Again without it: the tape built from the store's rows (and the previous run's rows replaced). */
  pipeline_cold_s: number;
  pipeline_cold_rss_mb: number;
  /** With the tape beside the store. */
  backtest_s: number;
  backtest_rss_mb: number;
  /** Without it: the tape built from the store's rows. */
  backtest_cold_s: number;
  backtest_cold_rss_mb: number;
  runs: number;
}

/** Measures the curve and writes its results, chart and table. */
export async function runCurve(opts: { worlds: string[]; runs: number; workDir: string; out: string; doc: string; svg: string }): Promise<CurvePoint[]> {
  const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;
  if (!hasSqlite) log("  sqlite3 not installed (apt-get install -y sqlite3): the ingest ratio is skipped");
  const points: CurvePoint[] = [];
  for (const name of opts.worlds) {
    const options = CURVE_WORLDS[name];
    if (!options) throw new Error(`unknown curve world "${name}" (known: ${Object.keys(CURVE_WORLDS).join(', ')})`);
    const w = ensureWorld(name, options);
    const db = join(opts.workDir, `curve-${name}.db`);
    const ingest: number[] = [];
    const ref: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      // The reference and ours back to back, so both see the same machine load.
      if (hasSqlite) ref.push(sqliteImport(w.files.trades, join(opts.workDir, 'sqlite3-ref.db')));
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      ingest.push(cli(['ingest', 'csv', '--db', db, '--markets', w.files.markets, '--trades', w.files.trades, '--outcomes', w.files.outcomes, '--json']).s);
      log(`  ${name}: ingest ${ingest.at(-1)!.toFixed(1)} s${hasSqlite ? `, sqlite3 .import ${ref.at(-1)!.toFixed(1)} s` : ''}`);
    }
    const asOf = new Date(Number(spawnSync('sqlite3', [db, 'SELECT max(ts) FROM trades'], { encoding: 'utf8' }).stdout.trim() || Date.now())).toISOString();
    const pipe = Array.from({ length: opts.runs }, () => cli(['pipeline', '--db', db, '--as-of', asOf, '--json']));
    log(`  ${name}: pipeline ${median(pipe.map((p) => p.s)).toFixed(1)} s, ${Math.max(...pipe.map((p) => p.rssMB)).toFixed(0)} MB`);
    // The ingest saved the tape beside the store (ingest/csv.ts prepareTape), which the pipeline read.
    // Once more without it: the pipeline builds it from the store's rows and saves it again.
    const pipeCold = Array.from({ length: opts.runs }, () => {
      rmSync(`${db}.tape`, { force: true });
      return cli(['pipeline', '--db', db, '--as-of', asOf, '--json']);
    });
    log(`  ${name}: pipeline without the saved tape ${median(pipeCold.map((p) => p.s)).toFixed(1)} s, ${Math.max(...pipeCold.map((p) => p.rssMB)).toFixed(0)} MB`);
    // The backtest reads the saved tape (store/tapeFile.ts), as a user's next command would. Then
    // once more without it (built from the store's rows again).
    const bt = Array.from({ length: opts.runs }, () => cli(['backtest', '--db', db, '--json']));
    log(`  ${name}: backtest ${median(bt.map((p) => p.s)).toFixed(1)} s, ${Math.max(...bt.map((p) => p.rssMB)).toFixed(0)} MB`);
    const cold = Array.from({ length: opts.runs }, () => {
      rmSync(`${db}.tape`, { force: true });
      return cli(['backtest', '--db', db, '--json']);
    });
    log(`  ${name}: backtest without the saved tape ${median(cold.map((p) => p.s)).toFixed(1)} s, ${Math.max(...cold.map((p) => p.rssMB)).toFixed(0)} MB`);
    const ingestS = median(ingest);
    const refS = ref.length ? median(ref) : null;
    points.push({
      world: name, trades: w.counts.trades, markets: w.counts.markets, wallets: w.counts.wallets,
      ingest_s: ingestS, sqlite3_import_s: refS, ingest_ratio: refS === null ? null : refS / ingestS,
      pipeline_s: median(pipe.map((p) => p.s)), pipeline_rss_mb: Math.max(...pipe.map((p) => p.rssMB)),
      pipeline_cold_s: median(pipeCold.map((p) => p.s)), pipeline_cold_rss_mb: Math.max(...pipeCold.map((p) => p.rssMB)),
      backtest_s: median(bt.map((p) => p.s)), backtest_rss_mb: Math.max(...bt.map((p) => p.rssMB)),
      backtest_cold_s: median(cold.map((p) => p.s)), backtest_cold_rss_mb: Math.max(...cold.map((p) => p.rssMB)),
      runs: opts.runs,
    });
    for (const suffix of ['', '-wal', '-shm', '.tape']) rmSync(db + suffix, { force: true });
  }
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version };
  mkdirSync(join(opts.out, '..'), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify({ date: new Date().toISOString(), machine, worlds: Object.fromEntries(opts.worlds.map((n) => [n, CURVE_WORLDS[n]])), points }, null, 2)}\n`);
  writeFileSync(opts.svg, await curveChart(points));
  updateDoc(opts.doc, curveTable(points, machine));
  return points;
}

/** Time (ingest, sqlite3 .import, pipeline, backtest) and peak RSS (pipeline, backtest) against trades, side by side. */
export function curveChart(points: CurvePoint[]): Promise<string> {
  const rows = points.flatMap((p) => [
    { trades: p.trades, panel: 'time', measure: 'ingest csv', value: p.ingest_s },
    ...(p.sqlite3_import_s === null ? [] : [{ trades: p.trades, panel: 'time', measure: 'sqlite3 .import (reference)', value: p.sqlite3_import_s }]),
    { trades: p.trades, panel: 'time', measure: 'pipeline', value: p.pipeline_s },
    { trades: p.trades, panel: 'time', measure: 'pipeline, tape rebuilt', value: p.pipeline_cold_s },
    { trades: p.trades, panel: 'time', measure: 'backtest', value: p.backtest_s },
    { trades: p.trades, panel: 'time', measure: 'backtest, tape rebuilt', value: p.backtest_cold_s },
    { trades: p.trades, panel: 'rss', measure: 'pipeline', value: p.pipeline_rss_mb },
    { trades: p.trades, panel: 'rss', measure: 'pipeline, tape rebuilt', value: p.pipeline_cold_rss_mb },
    { trades: p.trades, panel: 'rss', measure: 'backtest', value: p.backtest_rss_mb },
    { trades: p.trades, panel: 'rss', measure: 'backtest, tape rebuilt', value: p.backtest_cold_rss_mb },
  ]);
  const x = { field: 'trades', type: 'quantitative', title: 'trades', axis: { format: '~s' } };
  const line = (panel: string, title: string) => ({
    title,
    width: 340,
    height: 240,
    transform: [{ filter: `datum.panel === '${panel}'` }],
    mark: { type: 'line', point: true },
    encoding: { x, y: { field: 'value', type: 'quantitative', title }, color: { field: 'measure', type: 'nominal', title: null } },
  });
  return svgChart({
    data: { values: rows },
    config: { font: 'sans-serif' },
    hconcat: [line('time', 'wall time, s (CLI, start-up included)'), line('rss', 'peak RSS, MB')],
    resolve: { scale: { color: 'independent' } },
  } as never);
}

/** The Markdown table of the curve. */
export function curveTable(points: CurvePoint[], machine: { cpu: string; cores: number; memory_gb: number; node: string }): string {
  const f = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  const rows = points.map((p) =>
    `| ${(p.trades / 1e6).toFixed(2)}M (${p.markets / 1000}k markets, ${p.wallets / 1000}k wallets) | ${f(p.ingest_s)} s (${Math.round(p.trades / p.ingest_s / 1000)}k rows/s) | ${f(p.sqlite3_import_s)} s | ${f(p.ingest_ratio, 2)}× | ${f(p.pipeline_s)} s | ${f(p.pipeline_rss_mb, 0)} MB | ${f(p.pipeline_cold_s)} s | ${f(p.pipeline_cold_rss_mb, 0)} MB | ${f(p.backtest_s)} s | ${f(p.backtest_rss_mb, 0)} MB | ${f(p.backtest_cold_s)} s | ${f(p.backtest_cold_rss_mb, 0)} MB |`,
  );
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine.cpu} (${machine.cores} cores, ${machine.memory_gb} GiB), Node ${machine.node}; median of ${points[0]?.runs ?? 1} run(s) each.`,
    '',
    '| trades | ingest csv | sqlite3 .import | ratio | pipeline | pipeline peak RSS | pipeline, tape rebuilt | its peak RSS | backtest | backtest peak RSS | backtest, tape rebuilt | its peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'The ingest builds the tape on its second thread while SQLite rebuilds the trades\' indexes, and saves it beside the store; "pipeline" (the first command after the ingest) and "backtest" read that file, as a user\'s next commands do. "… tape rebuilt" is the same command after deleting the file: it builds the tape from the store\'s rows (the pipeline then also replaces the rows of the run before it).',
    '',
    '![time and peak RSS against trades](performance-curve.svg)',
  ].join('\n');
}

/** Replaces the text between `<!-- curve:begin -->` and `<!-- curve:end -->` in the doc. */
function updateDoc(path: string, body: string): void {
  const text = readFileSync(path, 'utf8');
  const begin = '<!-- curve:begin -->';
  const end = '<!-- curve:end -->';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${path} has no ${begin} … ${end} markers`);
  writeFileSync(path, `${text.slice(0, i + begin.length)}\n${body}\n${text.slice(j)}`);
}
