/**
 * What a research notebook imports besides the engine: a connection to a SmartCrowd server
 * through the typed tRPC client (starting a local one when none is given), the raw data as an
 * engine Tape for local computation, charts, and display helpers that work under both the
 * tslab and the Deno Jupyter kernels. Nothing here opens the database: the server does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';
import { join } from 'node:path';
import { createSmartCrowdClient, type SmartCrowdClient } from '../../rpc/client.ts';
import { buildTape, type Tape } from '../../engine/index.ts';
import { htmlTable } from './charts.ts';

export * from './charts.ts';
export * from './sweepView.ts';
export { createSmartCrowdClient, type SmartCrowdClient } from '../../rpc/client.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A connection to a SmartCrowd server; `close()` stops the server if this session started it. */
export interface Session {
  url: string;
  client: SmartCrowdClient;
  /** The server this session started (null when it connected to a given URL). */
  local: { database: string; demo: boolean; pid: number } | null;
  close(): Promise<void>;
}

/** Raised when the local server cannot be started or a server does not answer. */
export class NotebookServerError extends Error {
  override readonly name = 'NotebookServerError';
  readonly code = 'SC_NOTEBOOK_SERVER';
}

const env = (k: string): string | undefined => process.env[k] || undefined;

/**
 * Connects to a SmartCrowd server. Which one, first match wins:
 * `url` → that server; `database` → a local server on that SQLite file; `$SMARTCROWD_URL` → that
 * server; otherwise a local server on a private copy of the bundled demo database. A local server
 * is a child Node process (notebooks/lib/localServer.ts) on a free loopback port; it stops on
 * `close()` or when the kernel exits. `token` (default `$SMARTCROWD_API_TOKEN`) is sent as a bearer
 * token (needed for mutations on a server that is not on loopback).
 */
export async function connect(opts: { url?: string | null; database?: string | null; token?: string; startTimeoutMs?: number } = {}): Promise<Session> {
  if (opts.url && opts.database) throw new NotebookServerError('give a server url or a database for a local server, not both');
  const token = opts.token ?? env('SMARTCROWD_API_TOKEN');
  const url = opts.url ?? (opts.database ? null : env('SMARTCROWD_URL') ?? null);
  if (url) {
    const client = createSmartCrowdClient(url, { token });
    await client.health.get.query().catch((err: unknown) => {
      throw new NotebookServerError(`no SmartCrowd server answers at ${url}: ${err instanceof Error ? err.message : String(err)}`);
    });
    return { url, client, local: null, close: async () => {} };
  }
  const child = await startLocalServer(opts.database ?? null, opts.startTimeoutMs ?? 300_000);
  const client = createSmartCrowdClient(child.url, { token });
  return {
    url: child.url,
    client,
    local: { database: child.database, demo: child.demo, pid: child.process.pid! },
    close: () => stopChild(child.process),
  };
}

/** The Node executable that runs the local server: this one under Node, `$SMARTCROWD_NODE` or `node` on PATH under Deno. */
function nodeExecutable(): string {
  const deno = (globalThis as { Deno?: unknown }).Deno !== undefined;
  return env('SMARTCROWD_NODE') ?? (deno ? 'node' : process.execPath);
}

async function startLocalServer(database: string | null, timeoutMs: number): Promise<{ url: string; database: string; demo: boolean; process: ChildProcess }> {
  const args = ['--import', 'tsx', join(ROOT, 'notebooks', 'lib', 'localServer.ts'), ...(database ? ['--db', database] : [])];
  // The kernel's own loader options must not leak into the server.
  const childEnv = { ...process.env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(nodeExecutable(), args, { cwd: ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new NotebookServerError(`the local SmartCrowd server did not start: ${why}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      try {
        const info = JSON.parse(out.slice(0, nl)) as { url: string; database: string; demo: boolean };
        resolve({ ...info, process: child });
      } catch {
        fail(`unexpected output ${JSON.stringify(out.slice(0, 200))}`);
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** An ISO 8601 instant (as the API gives them) in epoch ms, the engine's unit. */
export const ms = (iso: string): number => Date.parse(iso);

/**
 * The server's whole store as an engine Tape (markets, outcomes and every fill, read page by page
 * through data.markets and data.trades), for computing locally with the pure engine.
 */
export async function fetchTape(client: SmartCrowdClient, opts: { pageSize?: number } = {}): Promise<Tape> {
  const limit = opts.pageSize ?? 10_000;
  const markets = [];
  for (let cursor: string | undefined; ; ) {
    const page = await client.data.markets.query({ cursor, limit });
    markets.push(...page.items);
    if (page.next_cursor === null) break;
    cursor = page.next_cursor;
  }
  const trades = [];
  for (let cursor: string | undefined; ; ) {
    const page = await client.data.trades.query({ cursor, limit });
    for (const t of page.items) trades.push({ ...t, ts: ms(t.ts) });
    if (page.next_cursor === null) break;
    cursor = page.next_cursor;
  }
  return buildTape({
    markets: markets.map((m) => ({ id: m.id, question: m.question, category: m.category, end_time: m.end_time === null ? null : ms(m.end_time) })),
    outcomes: markets.flatMap((m) => (m.resolved_outcome === null || m.resolution_time === null ? [] : [{ market_id: m.id, resolved_outcome: m.resolved_outcome, resolution_time: ms(m.resolution_time) }])),
    trades,
  });
}

/** Every fill of a market and/or a wallet, in time order (all pages of data.trades). */
export async function fetchTrades(client: SmartCrowdClient, filter: { market_id?: string; wallet?: string }) {
  const items = [];
  for (let cursor: string | undefined; ; ) {
    const page = await client.data.trades.query({ ...filter, cursor, limit: 10_000 });
    items.push(...page.items);
    if (page.next_cursor === null) return items;
    cursor = page.next_cursor;
  }
}

// ---- display: one API for both kernels -------------------------------------------------------

type DenoJupyter = { display(bundle: Record<string, string>, opts: { raw: true }): Promise<void> };
type Emit = (mime: string, data: string) => void | Promise<void>;

/** Which Jupyter kernel runs this code: 'deno', 'tslab', or null (plain Node or Deno, e.g. a test). */
export function kernel(): 'deno' | 'tslab' | null {
  return denoJupyter() ? 'deno' : tslabEmit() ? 'tslab' : null;
}

function denoJupyter(): DenoJupyter | null {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter; args?: string[] } }).Deno;
  return deno?.jupyter ?? null;
}

let tslab: Emit | null | undefined;
/** tslab's display, when this process is a tslab kernel that is executing a cell. */
function tslabEmit(): Emit | null {
  if (tslab !== undefined) return tslab;
  tslab = null;
  if ((globalThis as { Deno?: unknown }).Deno === undefined && process.argv.some((a) => /[\\/]tslab[\\/]/.test(a))) {
    const require = createRequire(import.meta.url);
    const jupyter = require('tslab/dist/jupyter.js') as { lastWriteDisplayData: unknown };
    const { display } = require('tslab') as { display: { raw(mime: string, s: string): void } };
    if (jupyter.lastWriteDisplayData != null) tslab = (mime, s) => display.raw(mime, s);
  }
  return tslab;
}

async function emit(mime: string, data: string, plain: string): Promise<void> {
  const deno = denoJupyter();
  if (deno) {
    await deno.display({ [mime]: data }, { raw: true });
    // Deno's kernel can report the cell idle before this display's message is out; on a loaded
    // machine nbconvert then misses it (seen once in ten: a chart missing from the last cell). A
    // moment's yield lets the message leave first.
    await new Promise((r) => setTimeout(r, 25));
    return;
  }
  const t = tslabEmit();
  if (t) return t(mime, data);
  process.stdout.write(`${plain}\n`);
}

/** Shows an SVG chart (image/svg+xml: visible on code hosts too). Accepts the chart's promise. */
export async function showSvg(svg: string | Promise<string>): Promise<void> {
  const s = await svg;
  await emit('image/svg+xml', s, `[svg chart, ${s.length} bytes]`);
}

/** Shows rows as an HTML table (numbers to 4 decimals; `columns` picks and orders them). */
export async function showTable<R extends object>(rows: readonly R[], columns?: readonly (keyof R & string)[]): Promise<void> {
  const plain = rows as unknown as Record<string, unknown>[];
  await emit('text/html', htmlTable(plain, columns as string[] | undefined), JSON.stringify(plain.slice(0, 5), null, 1));
}

/** Shows Markdown. */
export async function showMarkdown(md: string): Promise<void> {
  await emit('text/markdown', md, md);
}
