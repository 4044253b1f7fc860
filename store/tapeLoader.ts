import type { Database } from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { assembleTape, stableSortByTime, withMarkets, type Tape, type TapeMarketInput, type TapeOutcomeInput } from '../engine/tape.ts';
import { countTrades, readSavedTape, storeFingerprint, tradeSpan, writeTapeFile, writeTapeFileInBackground, type TradeSpan } from './tapeFile.ts';

/** From this many trades on, a file-backed store saves its tape beside it for the next load ('auto'; store/tapeFile.ts). */
export const TAPE_FILE_MIN_TRADES = 100_000;
/** From this many trades on, a file-backed store is read on two threads at once ('auto'). */
export const PARALLEL_MIN_TRADES = 250_000;
/**
 * The share of the rows this thread reads when a worker reads the rest: it also reads the
 * external-id order (about a fifth of the rows' cost), so it takes less. Measured at 12.5M trades:
 * rows ≈ 0.17 s per 1% on either thread, the order 3.6 s → equal at about 39%.
 */
const MAIN_SHARE = 0.39;
/** A reading thread that shows no progress for this long is given up on (its share is read here instead). */
const STALL_MS = 30_000;

/**
 * Loads the store into a Tape — the same tape `buildTape` gives for the same rows — in one pass
 * over `trades`, holding no per-trade objects or strings:
 * 1. every trade streams through a SQL aggregate function straight into presized typed arrays
 *    (time, price, size, side/action bits, interned market and wallet), in rowid order;
 * 2. the (ts, external_id) order comes from the store: trade positions in `external_id` order are
 *    read from its unique index (SQLite's BINARY collation is code point order, as
 *    engine/tape.ts compareCodePoints), then stably radix-sorted by time;
 * 3. the tape is assembled from those columns (engine/tape.ts assembleTape).
 * All in one read transaction (one consistent snapshot while writers go on). With `parallel`
 * ('auto': a file-backed store of PARALLEL_MIN_TRADES or more on a machine with 2+ cores) the
 * second half of the rowids is read at the same time by a worker thread on its own read-only
 * connection, into shared columns; trades are append-only, so a rowid range reads the same rows in
 * any snapshot that has them. Peak memory about 52 bytes per trade, the tape itself ~42 (the tape
 * is assembled in the loaded columns). `maxTs` (epoch ms) keeps only trades at or before it.
 *
 * With `file` ('auto': a file-backed store of TAPE_FILE_MIN_TRADES or more, whole tapes only) the
 * tape is read from `<db>.tape` when that file was saved from this very data (store/tapeFile.ts),
 * and saved there after a build — so the next command on the same data skips the build. A file
 * saved from the same trades but other markets or outcomes (a market resolved since) is read all
 * the same, its per-market columns refreshed from the store (engine/tape.ts withMarkets), and saved
 * again; only a change to the trades, or to which markets there are, rebuilds the tape. A tape
 * loaded on two threads (its columns in shared memory) is saved by a worker thread while the
 * caller goes on (tapeFileWritesSettled waits for it).
 */
export function loadTape(db: Database, opts: { maxTs?: number; parallel?: boolean | 'auto'; file?: boolean | 'auto' } = {}): Tape {
  return db.transaction(() => {
    const fileMode = opts.file ?? 'auto';
    const filePath = fileMode !== false && opts.maxTs === undefined && !db.memory && db.name !== '' ? `${db.name}.tape` : null;
    const span = tradeSpan(db);
    const fingerprint = filePath ? storeFingerprint(db, span) : '';
    const save = (tape: Tape) => {
      if (filePath && (fileMode === true || tape.n >= TAPE_FILE_MIN_TRADES) && !writeTapeFileInBackground(filePath, tape, fingerprint)) writeTapeFile(filePath, tape, fingerprint);
      return tape;
    };
    if (filePath) {
      const saved = readSavedTape(filePath, fingerprint);
      if (saved?.exact) return saved.tape;
      // Saved from the same trades, with other markets or outcomes (a resolution since, say): its
      // trades' columns stand, its per-market ones are read again — unless the markets themselves changed.
      const refreshed = saved && withMarkets(saved.tape, marketRows(db), outcomeRows(db));
      if (refreshed) return save(refreshed);
    }
    return save(buildFromStore(db, span, opts));
  })();
}

const marketRows = (db: Database) => db.prepare(`SELECT id, question, category, end_time FROM markets`).all() as TapeMarketInput[];
const outcomeRows = (db: Database) => db.prepare(`SELECT market_id, resolved_outcome, resolution_time FROM outcomes`).all() as TapeOutcomeInput[];

/** The tape built from the store's rows (inside loadTape's read transaction; `span` read in it). */
function buildFromStore(db: Database, span: TradeSpan, opts: { maxTs?: number; parallel?: boolean | 'auto' }): Tape {
  const markets = marketRows(db);
  const outcomes = outcomeRows(db);
  const { firstRowid, lastRowid } = span;
  const width = lastRowid - firstRowid + 1;
  // Trades are append-only with ids SQLite assigns, so rowids are dense: a trade's position is then
  // rowid − first, and with no row ever deleted or updated (migration 0007's counter) the count is
  // the width — no count of the trades needed. Checked after the read: a store with gaps all the
  // same (explicit ids, or deletions from before 0007) is read again, counted.
  const guessed = span.n === null && span.edits === 0 && width < 2 ** 31;
  const n = guessed ? width : (span.n ?? countTrades(db));
  const dense = width === n;
  const p = opts.parallel ?? 'auto';
  const parallel = dense && !db.memory && db.name !== '' && (p === true || (p === 'auto' && n >= PARALLEL_MIN_TRADES && availableParallelism() >= 2));
  const alloc = <T>(make: (b: ArrayBufferLike) => T, bytes: number): T => make(parallel ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const ts = alloc((b) => new Float64Array(b), 8 * n);
  const price = alloc((b) => new Float64Array(b), 8 * n);
  const size = alloc((b) => new Float64Array(b), 8 * n);
  const sideAction = alloc((b) => new Uint8Array(b), n);
  const market = alloc((b) => new Int32Array(b), 4 * n);
  const wallet = alloc((b) => new Int32Array(b), 4 * n);
  const marketIds: string[] = [];
  const walletIds: string[] = [];
  const marketOf = new Map<string, number>();
  const walletOf = new Map<string, number>();
  const rowids = dense ? null : new Float64Array(n);
  // The worker reads rowids [split, last] into positions [split − first, n); this thread the rest
  // and then the external-id order, so the worker takes more than half (MAIN_SHARE).
  const split = parallel ? firstRowid + Math.floor(n * MAIN_SHARE) : lastRowid + 1;
  const helper = parallel ? startHelper(db.name, split, lastRowid, split - firstRowid, { ts, price, size, sideAction, market, wallet }) : null;
  let k = 0;
  const byExt = new Int32Array(n);
  let r = 0;
  try {
    // varargs: registered for any argument count, so the replacement below replaces exactly these.
    db.aggregate('sc_tape_trade', {
      start: 0,
      varargs: true,
      // better-sqlite3 types `step` with one value argument; SQLite passes each SQL argument.
      step: ((_acc: number, rowid: number, t: number, m: string, w: string, sa: number, p: number, s: number) => {
        let mi = marketOf.get(m);
        if (mi === undefined) {
          mi = marketIds.push(m) - 1;
          marketOf.set(m, mi);
        }
        let wi = walletOf.get(w);
        if (wi === undefined) {
          wi = walletIds.push(w) - 1;
          walletOf.set(w, wi);
        }
        ts[k] = t;
        price[k] = p;
        size[k] = s;
        sideAction[k] = sa;
        market[k] = mi;
        wallet[k] = wi;
        if (rowids) rowids[k] = rowid;
        k++;
      }) as (acc: number, next: unknown) => void,
      result: () => k,
    });
    db.aggregate('sc_tape_rank', {
      start: 0,
      varargs: true,
      step: (_acc: number, rowid: number) => {
        byExt[r++] = rowids ? search(rowids, rowid) : rowid - firstRowid;
      },
      result: () => r,
    });
    // NOT INDEXED: the table itself, in rowid order. The subquery keeps external_id order (the unique index).
    db.prepare(`SELECT sc_tape_trade(rowid, ts, market_id, wallet, (side = 'NO') | ((action = 'SELL') << 1), price, size) FROM trades NOT INDEXED WHERE rowid < ?`).pluck().get(split);
    db.prepare(`SELECT sc_tape_rank(r) FROM (SELECT rowid AS r FROM trades ORDER BY external_id)`).pluck().get();
    if (helper) {
      const got = helper.finish();
      if (got) {
        // Shift the worker's own id numbering past this thread's.
        const mShift = marketIds.length;
        const wShift = walletIds.length;
        for (let i = split - firstRowid; i < n; i++) {
          market[i]! += mShift;
          wallet[i]! += wShift;
        }
        marketIds.push(...got.marketIds);
        walletIds.push(...got.walletIds);
        k += got.rows;
      } else {
        // The worker failed or stalled: read its share here.
        db.prepare(`SELECT sc_tape_trade(rowid, ts, market_id, wallet, (side = 'NO') | ((action = 'SELL') << 1), price, size) FROM trades NOT INDEXED WHERE rowid >= ?`).pluck().get(split);
      }
    }
  } finally {
    helper?.stop();
    // Replace the functions so the connection stops referencing this load's arrays.
    for (const name of ['sc_tape_trade', 'sc_tape_rank']) db.aggregate(name, { start: 0, varargs: true, step: () => 0 });
  }
  if (k !== n || r !== n) {
    if (guessed) return buildFromStore(db, { ...span, n: countTrades(db) }, opts);
    throw new Error(`loadTape: read ${k} trades and ${r} index entries, expected ${n}`);
  }
  let order = stableSortByTime(byExt, ts);
  if (opts.maxTs !== undefined) {
    let keep = order.length;
    while (keep > 0 && ts[order[keep - 1]!]! > opts.maxTs) keep--;
    order = order.subarray(0, keep);
  }
  return assembleTape({ n, ts, price, size, sideAction, market, wallet, marketIds, walletIds }, order, markets, outcomes);
}

type Columns = { ts: Float64Array; price: Float64Array; size: Float64Array; sideAction: Uint8Array; market: Int32Array; wallet: Int32Array };

/**
 * Starts a worker reading rowids [lo, hi] of the store at `path` into the shared `cols` from
 * position `offset`. `finish()` waits for it (blocking: loadTape is synchronous) and returns what it
 * read, or null if it failed or stalled for STALL_MS.
 */
function startHelper(path: string, lo: number, hi: number, offset: number, cols: Columns) {
  // ctrl: [0] 1 done / 2 failed, [1] rows read so far, [2] 1 = cancel.
  const ctrl = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const buffers = Object.fromEntries(Object.entries(cols).map(([k, a]) => [k, a.buffer]));
  // '../<folder>/…', not './…': the same file from here and from the CLI bundle dist/cli.mjs (bin/bundle.mjs).
  const worker = new Worker(new URL('../store/tapeLoaderWorker.mjs', import.meta.url), {
    workerData: { path, lo, hi, offset, cols: buffers, ctrl: ctrl.buffer, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  worker.on('error', () => {}); // reported through ctrl/port; never an unhandled error
  return {
    finish(): { rows: number; marketIds: string[]; walletIds: string[] } | null {
      let seen = -1;
      let since = Date.now();
      while (Atomics.load(ctrl, 0) === 0) {
        Atomics.wait(ctrl, 0, 0, 500);
        const rows = Atomics.load(ctrl, 1);
        if (rows !== seen) {
          seen = rows;
          since = Date.now();
        } else if (Date.now() - since > STALL_MS) {
          // Cancel it and let it stop before its share is read again here (it checks every 64k rows).
          Atomics.store(ctrl, 2, 1);
          const deadline = Date.now() + 10_000;
          while (Atomics.load(ctrl, 0) === 0 && Date.now() < deadline) Atomics.wait(ctrl, 0, 0, 100);
          return null;
        }
      }
      const m = receiveMessageOnPort(port1)?.message as { rows: number; marketIds: string[]; walletIds: string[]; error?: string } | undefined;
      return Atomics.load(ctrl, 0) === 1 && m && m.error === undefined ? m : null;
    },
    stop(): void {
      port1.close();
      void worker.terminate();
    },
  };
}

/** Position of `rowid` in the ascending `rowids`, or −1. */
function search(rowids: Float64Array, rowid: number): number {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rowids[mid]!;
    if (v === rowid) return mid;
    if (v < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
