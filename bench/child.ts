/**
 * One measured job in its own process (so its peak RSS is its own):
 *   tsx bench/child.ts pipeline|backtest|sweep-serial|sweep-threads DB [N_CONFIGS]
 * Prints one JSON line: { ms, maxRssMB, ...counts }.
 */
import { openDatabase } from '../store/db.ts';
import { loadTape } from '../store/tapeLoader.ts';
import { runPipeline } from '../services/pipeline.ts';
import { defaultParams } from '../engine/params.ts';
import { walkForward } from '../engine/backtest.ts';
import { gridParams, runSweep } from '../engine/sweep.ts';
import { runSweepPool } from '../services/sweepPool.ts';

const [job, dbPath, nArg] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const t0 = performance.now();
let extra: Record<string, unknown> = {};
/** A 10 × 10 grid (halfLifeHours × priorStrength), or its first n sets. */
const grid = (n: number) =>
  gridParams({}, { halfLifeHours: [2, 3, 4, 6, 8, 12, 18, 24, 48, 96], priorStrength: [1, 2, 4, 8, 12, 16, 24, 32, 64, 128] }).slice(0, n);
if (job === 'pipeline') {
  const asOf = db.prepare(`SELECT max(ts) FROM trades`).pluck().get() as number;
  const r = await runPipeline(db, { params: defaultParams, asOf });
  extra = r.counts;
} else if (job === 'backtest') {
  const tape = loadTape(db);
  const tLoad = performance.now() - t0;
  const r = walkForward(tape, defaultParams);
  extra = { rows: r.rows.length, load_ms: tLoad };
} else if (job === 'sweep-serial') {
  const r = runSweep(loadTape(db), grid(Number(nArg ?? 100)));
  extra = { configs: r.length };
} else if (job === 'sweep-threads') {
  db.close();
  const r = await runSweepPool(dbPath!, grid(Number(nArg ?? 100)));
  extra = { configs: r.length };
} else throw new Error(`unknown job ${job}`);
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra })}\n`);
