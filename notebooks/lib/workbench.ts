/**
 * Everything a research notebook needs, in one import: the engine, the services, the HTTP server
 * and typed client, the demo database, charts and display helpers.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openDatabase } from '../../store/db.ts';
import { runDemo } from '../../services/demo.ts';
import { defaultParams } from '../../engine/params.ts';
import { htmlTable } from './charts.ts';
import { startServer } from '../../rpc/server.ts';

export * from '../../engine/index.ts';
export * from './charts.ts';
export { openDatabase } from '../../store/db.ts';
export { loadTape } from '../../store/tapeLoader.ts';
export { runPipeline } from '../../services/pipeline.ts';
export { runBacktest, getBacktest } from '../../services/backtest.ts';
export { sweepBacktests } from '../../services/sweep.ts';
export { previewSnapshot } from '../../services/preview.ts';
export { startServer } from '../../rpc/server.ts';
export { createSmartCrowdClient } from '../../rpc/client.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The demo database (the bundled synthetic world, pipeline and backtest already run), built once
 * per machine into the temp folder and reused by every notebook (rebuilt when the bundled CSVs change).
 */
export async function demoDatabase(opts: { rebuild?: boolean } = {}): Promise<string> {
  const path = join(tmpdir(), 'smartcrowd-notebooks', 'demo.db');
  const demoDir = join(ROOT, 'datasets', 'demo');
  const stale = () => readdirSync(demoDir).some((f) => statSync(join(demoDir, f)).mtimeMs > statSync(path).mtimeMs);
  if (opts.rebuild || !existsSync(path) || stale()) {
    await runDemo({ dbPath: path, datasetDir: join(ROOT, 'datasets', 'demo'), params: defaultParams });
  }
  return path;
}

/** The repository's datasets folder (the server's datasets root for POST /ingest/csv). */
export const DATASETS_DIR = join(ROOT, 'datasets');

/** Starts the HTTP server for `db` on a free loopback port (close it with `await server.close()`). */
export function serve(db: Parameters<typeof startServer>[0]['db']) {
  return startServer({ db, port: 0, datasetsRoot: DATASETS_DIR });
}

/** Opens the demo database (building it if needed). */
export async function openDemo() {
  return openDatabase(await demoDatabase());
}

const require = createRequire(import.meta.url);
type Tslab = { display: { html(s: string): void; raw(mime: string, s: string): void; markdown(s: string): void } };
/** tslab's display API when running inside the tslab kernel, else null (plain Node prints). */
function tslab(): Tslab | null {
  try {
    return require('tslab') as Tslab;
  } catch {
    return null;
  }
}

/** Shows an SVG chart as an image output (image/svg+xml, visible on code hosts). */
export function showSvg(svg: string): void {
  const t = tslab();
  if (t) t.display.raw('image/svg+xml', svg);
  else process.stdout.write(`[svg ${svg.length} bytes]\n`);
}

/** Shows rows as an HTML table. */
export function showTable(rows: Record<string, unknown>[], columns?: string[]): void {
  const t = tslab();
  if (t) t.display.html(htmlTable(rows, columns));
  else console.table(rows);
}

/** Shows Markdown. */
export function showMarkdown(md: string): void {
  const t = tslab();
  if (t) t.display.markdown(md);
  else process.stdout.write(`${md}\n`);
}
