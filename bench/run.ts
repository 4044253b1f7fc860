/**
 * `npm run bench`: generates a seeded synthetic world (datasets/ generator, scaled) in a temp dir
 * and measures ingest (against sqlite3's own .import of the same file), the pipeline (wall time and
 * peak RSS), the walk-forward backtest, a 100-configuration sweep (serial and across worker
 * threads) and HTTP latency of the screener and market detail. Each as the median of several runs.
 * Writes bench/results/latest.json and prints a table.
 *
 *   npx tsx bench/run.ts [--scale full|small] [--runs N] [--out FILE]
 *   npx tsx bench/run.ts --scale curve [--worlds 1m,4m,12m] [--runs N] [--out F] [--doc F] [--svg F]   (bench/curve.ts)
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeWorldCsv } from '../datasets/generator/index.ts';
import { openDatabase } from '../store/db.ts';
import { ingestCsv } from '../ingest/csv.ts';
import { runPipeline } from '../services/pipeline.ts';
import { defaultParams } from '../engine/params.ts';
import { startServer } from '../rpc/server.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const scale = opt('scale', 'full');
if (scale === 'curve') {
  const { runCurve, DEFAULT_CURVE } = await import('./curve.ts');
  const dir = mkdtempSync(join(tmpdir(), 'sc-curve-'));
  try {
    const points = await runCurve({
      worlds: opt('worlds', DEFAULT_CURVE.join(',')).split(','),
      runs: Number(opt('runs', '1')),
      workDir: dir,
      out: opt('out', join(import.meta.dirname, 'results', 'curve.json')),
      doc: opt('doc', join(import.meta.dirname, '..', 'docs', 'performance.md')),
      svg: opt('svg', join(import.meta.dirname, '..', 'docs', 'performance-curve.svg')),
    });
    process.stdout.write(`${JSON.stringify(points, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
if (scale !== 'full' && scale !== 'small') throw new Error(`--scale must be full, small or curve, got "${scale}"`);
const runs = Number(opt('runs', '3'));
const out = opt('out', join(import.meta.dirname, 'results', 'latest.json'));
const WORLD = scale === 'full'
  ? { seed: 7, markets: 5000, wallets: 50_000, tradesPerMarket: 200, spanDays: 365 }
  : { seed: 7, markets: 150, wallets: 1500, tradesPerMarket: 60, spanDays: 120 };
const SWEEP = scale === 'full' ? 100 : 8;
const HTTP_REQUESTS = scale === 'full' ? 400 : 60;
const log = (m: string) => process.stderr.write(`${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'sc-bench-'));
const results: Record<string, unknown> = {};
const targets: { name: string; value: number; unit: string; target: string; pass: boolean | null; note?: string }[] = [];

function child(job: string, db: string, n?: number) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child.ts'), job, db, ...(n ? [String(n)] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${job} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMB: number; [k: string]: unknown };
}

try {
  log(`generating a ${scale} world into ${dir} …`);
  const t = performance.now();
  const world = writeWorldCsv(join(dir, 'world'), WORLD);
  log(`  ${world.counts.markets} markets, ${world.counts.wallets} wallets, ${world.counts.trades} trades in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  results.world = { ...world.counts, trades_csv_bytes: world.bytes.trades };

  // 1. Ingest vs sqlite3 .import
  const ingestRates: number[] = [];
  let dbPath = '';
  for (let r = 0; r < runs; r++) {
    dbPath = join(dir, `ingest-${r}.db`);
    const db = openDatabase(dbPath);
    const t0 = performance.now();
    const rep = await ingestCsv(db, { markets: world.files.markets, trades: world.files.trades, outcomes: world.files.outcomes }, { batchSize: 20_000, record: false });
    const s = (performance.now() - t0) / 1000;
    db.close();
    ingestRates.push(rep.inserted.trades / s);
    log(`  ingest run ${r + 1}: ${rep.inserted.trades} trades in ${s.toFixed(1)} s (${Math.round(rep.inserted.trades / s)} rows/s)`);
    if (r < runs - 1) rmSync(dbPath, { force: true });
  }
  const sqliteRates: number[] = [];
  const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;
  if (hasSqlite) {
    for (let r = 0; r < runs; r++) {
      const ref = join(dir, `sqlite-${r}.db`);
      const script = `CREATE TABLE trades (market_id TEXT, wallet TEXT, ts TEXT, side TEXT, action TEXT, price REAL, size REAL, external_id TEXT NOT NULL UNIQUE);\n.mode csv\n.import --skip 1 ${world.files.trades} trades\n`;
      const t0 = performance.now();
      const res = spawnSync('sqlite3', [ref], { input: script, encoding: 'utf8' });
      const s = (performance.now() - t0) / 1000;
      if (res.status !== 0) throw new Error(`sqlite3 .import failed: ${res.stderr}`);
      sqliteRates.push(world.counts.trades / s);
      rmSync(ref, { force: true });
    }
  } else log('  sqlite3 not installed: install Debian\'s sqlite3 for the .import reference (apt-get install -y sqlite3); skipping the ratio');
  const ingest = median(ingestRates);
  const ref = sqliteRates.length ? median(sqliteRates) : null;
  results.ingest = { rows_per_s: ingest, runs: ingestRates, sqlite3_import_rows_per_s: ref, sqlite3_runs: sqliteRates, ratio: ref ? ingest / ref : null };
  targets.push({ name: 'CSV ingest vs sqlite3 .import', value: ref ? ingest / ref : NaN, unit: '×', target: '≥ 0.5×', pass: ref ? ingest / ref >= 0.5 : null });

  // 2–4. Pipeline, backtest, sweep — each in its own process
  const pipe = Array.from({ length: runs }, () => child('pipeline', dbPath));
  results.pipeline = { ms: median(pipe.map((p) => p.ms)), peak_rss_mb: Math.max(...pipe.map((p) => p.maxRssMB)), runs: pipe };
  targets.push({ name: 'pipeline wall time', value: median(pipe.map((p) => p.ms)) / 1000, unit: 's', target: '≤ 10 s', pass: median(pipe.map((p) => p.ms)) <= 10_000 });
  targets.push({ name: 'pipeline peak RSS', value: Math.max(...pipe.map((p) => p.maxRssMB)), unit: 'MB', target: '≤ 1536 MB', pass: Math.max(...pipe.map((p) => p.maxRssMB)) <= 1536 });
  log(`  pipeline ${(median(pipe.map((p) => p.ms)) / 1000).toFixed(2)} s, peak RSS ${Math.max(...pipe.map((p) => p.maxRssMB)).toFixed(0)} MB`);
  const bt = Array.from({ length: runs }, () => child('backtest', dbPath));
  results.backtest = { ms: median(bt.map((p) => p.ms)), runs: bt };
  targets.push({ name: 'walk-forward backtest', value: median(bt.map((p) => p.ms)) / 1000, unit: 's', target: '≤ 10 s', pass: median(bt.map((p) => p.ms)) <= 10_000 });
  log(`  backtest ${(median(bt.map((p) => p.ms)) / 1000).toFixed(2)} s`);
  const sweepRuns = scale === 'full' ? 1 : runs;
  const serial = Array.from({ length: sweepRuns }, () => child('sweep-serial', dbPath, SWEEP));
  const threads = Array.from({ length: sweepRuns }, () => child('sweep-threads', dbPath, SWEEP));
  results.sweep = { configs: SWEEP, serial_ms: median(serial.map((p) => p.ms)), threads_ms: median(threads.map((p) => p.ms)), threads: cpus().length, runs: { serial, threads } };
  targets.push({ name: `${SWEEP}-configuration sweep (worker threads)`, value: median(threads.map((p) => p.ms)) / 1000, unit: 's', target: '≤ 60 s', pass: median(threads.map((p) => p.ms)) <= 60_000 });
  log(`  sweep of ${SWEEP}: serial ${(median(serial.map((p) => p.ms)) / 1000).toFixed(1)} s, threads ${(median(threads.map((p) => p.ms)) / 1000).toFixed(1)} s`);

  // 5. HTTP latency with every market snapshotted
  const db = openDatabase(dbPath);
  const asOf = db.prepare(`SELECT max(ts) FROM trades`).pluck().get() as number;
  await runPipeline(db, { params: { ...defaultParams, recentClosedHours: 24 * 3650 }, asOf });
  const server = await startServer({ db, port: 0, datasetsRoot: dir });
  const ids = db.prepare(`SELECT id FROM markets ORDER BY id`).pluck().all() as string[];
  const time = async (url: string) => {
    const t0 = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${url} → ${r.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 20; i++) await time(`${server.url}/screener?limit=100`); // warm-up
  const scr: number[] = [];
  const det: number[] = [];
  for (let i = 0; i < HTTP_REQUESTS; i++) scr.push(await time(`${server.url}/screener?limit=100`));
  for (let i = 0; i < HTTP_REQUESTS; i++) det.push(await time(`${server.url}/markets/${ids[(i * 7919) % ids.length]}`));
  await server.close();
  const nSnap = db.prepare(`SELECT count(*) FROM smartcrowd_snapshots`).pluck().get();
  db.close();
  results.http = { snapshots: nSnap, requests: HTTP_REQUESTS, screener_ms: { p50: pct(scr, 0.5), p99: pct(scr, 0.99) }, market_ms: { p50: pct(det, 0.5), p99: pct(det, 0.99) } };
  targets.push({ name: 'screener p99 over HTTP', value: pct(scr, 0.99), unit: 'ms', target: '≤ 20 ms', pass: pct(scr, 0.99) <= 20 });
  log(`  screener p50 ${pct(scr, 0.5).toFixed(1)} ms p99 ${pct(scr, 0.99).toFixed(1)} ms; market p50 ${pct(det, 0.5).toFixed(1)} ms p99 ${pct(det, 0.99).toFixed(1)} ms`);

  const doc = {
    scale,
    runs,
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
    results,
    targets,
  };
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  const rows = targets.map((t) => `| ${t.name} | ${Number.isFinite(t.value) ? t.value.toFixed(t.unit === '×' ? 2 : t.unit === 'ms' ? 1 : 2) : '—'} ${t.unit} | ${t.target} | ${t.pass === null ? 'n/a' : t.pass ? 'pass' : 'MISS'} |`);
  process.stdout.write(
    `\nSmartCrowd benchmarks (${scale}: ${world.counts.trades} trades, ${world.counts.wallets} wallets, ${world.counts.markets} markets; median of ${runs}) on ${doc.machine.cpu}, ${doc.machine.cores} cores\n\n` +
      `| measure | value | target | |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\n` +
      `ingest ${Math.round(ingest)} rows/s${ref ? ` vs sqlite3 .import ${Math.round(ref)} rows/s` : ''}; sweep serial ${(results.sweep as { serial_ms: number }).serial_ms.toFixed(0)} ms; market detail p99 ${pct(det, 0.99).toFixed(1)} ms\n` +
      `written to ${out}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
