import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { threadId, Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Tape } from '../engine/tape.ts';

/*
 * A tape saved beside its database (`<db>.tape`), so the next command on the same data reads it in
 * a second instead of rebuilding it from every row: the pipeline, then a backtest, a sweep's
 * worker threads, a restarted server. It is a cache: valid only while the store's fingerprint (a
 * summary of trades, markets and outcomes, read in the same snapshot the tape came from) is
 * unchanged — or, for its trade columns, while the fingerprint's trades part is (store/tapeLoader.ts
 * then reads the per-market columns again) — written atomically (a temporary file renamed into
 * place), and never trusted when unreadable, of another format version or another fingerprint —
 * then the tape is built from the store again. Deleting the file is always safe.
 */

/** Bump when the tape's content or this layout changes: older files are then ignored. */
export const TAPE_FILE_VERSION = 1;
const MAGIC = 'SCTAPE';

type Kind = 'f64' | 'i32' | 'i8' | 'u8';
const COLUMNS: [keyof Tape, Kind][] = [
  ['ts', 'f64'], ['market', 'i32'], ['wallet', 'i32'], ['dir', 'i8'], ['yesPrice', 'f64'], ['size', 'f64'], ['sideAction', 'u8'],
  ['marketCategory', 'i32'], ['marketEnd', 'f64'], ['outcome', 'i8'], ['resolutionTs', 'f64'],
  ['marketStart', 'i32'], ['byMarket', 'i32'], ['walletStart', 'i32'], ['byWallet', 'i32'],
];
const MAKE = { f64: Float64Array, i32: Int32Array, i8: Int8Array, u8: Uint8Array } as const;

/**
 * The trades' rowid range (0 and −1 when empty) and how many rows were ever deleted or updated
 * (`edits`, kept by migration 0007's triggers; trades are otherwise append-only). Two index seeks
 * and one row: no count of the trades (~1.6 s at 12.5M). `edits` is null on a store without the
 * counter (a read-only connection to a store older than 0007); `n` is then the counted trades, else null.
 */
export interface TradeSpan {
  firstRowid: number;
  lastRowid: number;
  edits: number | null;
  n: number | null;
}

/** The trades' TradeSpan (seeks for the bounds, the edit counter; a count only without that counter). */
export function tradeSpan(db: Database): TradeSpan {
  const bounds = rowidRange(db);
  const hasCounter = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trade_edits'`).pluck().get() !== undefined;
  const edits = hasCounter ? ((db.prepare(`SELECT edits FROM trade_edits WHERE id = 1`).pluck().get() as number | undefined) ?? null) : null;
  return { ...bounds, edits, n: edits === null ? countTrades(db) : null };
}

/** At least the number of stored trades, cheaply (the width of the rowid range: two seeks); equal to it when rowids are dense. */
export function tradeCountBound(db: Database): number {
  const { firstRowid, lastRowid } = rowidRange(db);
  return lastRowid - firstRowid + 1;
}

/** The statements rowidRange reads the bounds with (each a seek; tested). */
export const ROWID_BOUNDS_SQL = ['SELECT min(rowid) FROM trades', 'SELECT max(rowid) FROM trades'] as const;

/**
 * The trades' first and last rowid (0 and −1 when empty). Two statements on purpose: SQLite seeks
 * for a lone min() or max(), but scans the whole table for both in one query (~1.8 s at 12.5M).
 */
function rowidRange(db: Database): { firstRowid: number; lastRowid: number } {
  const first = db.prepare(ROWID_BOUNDS_SQL[0]).pluck().get() as number | null;
  const last = db.prepare(ROWID_BOUNDS_SQL[1]).pluck().get() as number | null;
  return first === null || last === null ? { firstRowid: 0, lastRowid: -1 } : { firstRowid: first, lastRowid: last };
}

/** The number of stored trades (one pass over the smallest index: ~1.6 s at 12.5M). */
export function countTrades(db: Database): number {
  return db.prepare(`SELECT count(*) FROM trades`).pluck().get() as number;
}

/**
 * A summary of everything a tape is built from, cheap to read (seeks and a few aggregates over
 * the small tables): the trades (append-only: first and last rowid and their external ids, and the
 * count of deleted or updated rows — or, without that counter, the count of trades), the markets
 * (count, last update, end times, text lengths, placeholders) and the outcomes (count and sums).
 * Read it in the transaction the tape is loaded in; `span`, when given, is the trades' span read
 * in that same transaction.
 * The trades' summary comes first (three elements: span, first and last external id); tradesPart
 * relies on that order.
 */
export function storeFingerprint(db: Database, span: TradeSpan = tradeSpan(db)): string {
  return db
    .prepare(
      `SELECT json_array(
         json_array(?, ?, ?, ?),
         (SELECT external_id FROM trades WHERE id = ?),
         (SELECT external_id FROM trades WHERE id = ?),
         (SELECT json_array(count(*), max(updated_at), total(end_time), total(length(question)), total(length(category)), total(is_placeholder)) FROM markets),
         (SELECT json_array(count(*), total(resolution_time), total(resolved_outcome), total(length(market_id))) FROM outcomes))`,
    )
    .pluck()
    .get(span.firstRowid, span.lastRowid, span.edits, span.n, span.firstRowid, span.lastRowid) as string;
}

/** The bytes of a tape file: the prefix and header, then every column's bytes, in order. */
function tapeFileParts(tape: Tape, fingerprint: string): { head: Buffer; columns: ArrayBufferView[] } {
  const header = Buffer.from(
    JSON.stringify({
      version: TAPE_FILE_VERSION, fingerprint, n: tape.n,
      walletIds: tape.walletIds, marketIds: tape.marketIds, categories: tape.categories, marketQuestion: tape.marketQuestion,
      columns: COLUMNS.map(([name, kind]) => [name, kind, (tape[name] as ArrayLike<number>).length]),
    }),
  );
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, MAGIC.length);
  return { head: Buffer.concat([prefix, header]), columns: COLUMNS.map(([name]) => tape[name] as unknown as ArrayBufferView) };
}

/** Writes `tape` with its store `fingerprint` to `path`, atomically. Best effort: returns false instead of throwing. */
export function writeTapeFile(path: string, tape: Tape, fingerprint: string): boolean {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd = -1;
  try {
    const { head, columns } = tapeFileParts(tape, fingerprint);
    fd = openSync(tmp, 'w');
    writeSync(fd, head);
    for (const a of columns) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 30));
    }
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
    return true;
  } catch {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    return false;
  }
}

/** A column that is not in shared memory is copied into it for the background writer when it is at most this big. */
const COPY_TO_SHARED_MAX_BYTES = 16 << 20;
const pendingWrites = new Set<Promise<void>>();
/** Background writes started by this thread (their temporary files' names differ). */
let backgroundWrites = 0;

/**
 * Writes the tape file like writeTapeFile, but on a worker thread (store/tapeFileWorker.mjs) while
 * this thread goes on — at 12M trades the write takes about 2 s that a pipeline or backtest need
 * not wait for. Only for a tape whose large columns live in shared memory (a two-thread load);
 * returns false, writing nothing, otherwise (write it with writeTapeFile). The tape must not change
 * afterwards (tapes never do). A process that exits naturally waits for the write; one killed
 * meanwhile leaves at most a temporary file, never a partial tape file.
 */
export function writeTapeFileInBackground(path: string, tape: Tape, fingerprint: string): boolean {
  if (!(tape.ts.buffer instanceof SharedArrayBuffer)) return false;
  const { head, columns } = tapeFileParts(tape, fingerprint);
  const segments: [SharedArrayBuffer, number, number][] = [];
  for (const a of columns) {
    if (a.buffer instanceof SharedArrayBuffer) segments.push([a.buffer, a.byteOffset, a.byteLength]);
    else if (a.byteLength <= COPY_TO_SHARED_MAX_BYTES) {
      const copy = new SharedArrayBuffer(a.byteLength);
      new Uint8Array(copy).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      segments.push([copy, 0, a.byteLength]);
    } else return false;
  }
  // '../<folder>/…', not './…': the same file from here and from the CLI bundle dist/cli.mjs (bin/bundle.mjs).
  let worker: Worker;
  try {
    worker = new Worker(new URL('../store/tapeFileWorker.mjs', import.meta.url), {
      workerData: { path, tmp: `${path}.tmp-${process.pid}-${threadId}-${++backgroundWrites}`, head, segments },
    });
  } catch {
    return false; // no worker thread here: the caller writes it on this thread
  }
  const done = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => {}); // best effort, like writeTapeFile: the next load builds the tape again
  });
  pendingWrites.add(done);
  void done.then(() => pendingWrites.delete(done));
  return true;
}

/** Resolves once every background tape write started so far has finished (tests, orderly shutdowns). */
export async function tapeFileWritesSettled(): Promise<void> {
  await Promise.all([...pendingWrites]);
}

/** The tape saved at `path` if it is there, whole, of this version and of this `fingerprint`; otherwise null. */
export function readTapeFile(path: string, fingerprint: string): Tape | null {
  const saved = readSavedTape(path, fingerprint);
  return saved?.exact ? saved.tape : null;
}

/** The part of a store fingerprint that summarises the trades: its first three elements (storeFingerprint; the rest are markets and outcomes). */
function tradesPart(fingerprint: string): string | null {
  try {
    const f = JSON.parse(fingerprint) as unknown;
    return Array.isArray(f) ? JSON.stringify(f.slice(0, 3)) : null;
  } catch {
    return null;
  }
}

/**
 * The tape saved at `path` if it is there, whole, of this version, and saved from the same trades
 * as `fingerprint` says the store now holds: `exact` when the markets and outcomes are the same
 * too; otherwise its per-market columns are stale (engine/tape.ts withMarkets refreshes them).
 */
export function readSavedTape(path: string, fingerprint: string): { tape: Tape; exact: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    let pos = 0;
    const read = (buf: Uint8Array) => {
      for (let off = 0; off < buf.length; ) {
        const got = readSync(fd, buf, off, Math.min(buf.length - off, 1 << 30), pos);
        if (got === 0) throw new Error('truncated tape file');
        off += got;
        pos += got;
      }
    };
    const prefix = Buffer.alloc(MAGIC.length + 4);
    read(prefix);
    if (prefix.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const head = Buffer.alloc(prefix.readUInt32LE(MAGIC.length));
    read(head);
    const h = JSON.parse(head.toString()) as {
      version: number; fingerprint: string; n: number; walletIds: string[]; marketIds: string[]; categories: string[];
      marketQuestion: (string | null)[]; columns: [keyof Tape, Kind, number][];
    };
    if (h.version !== TAPE_FILE_VERSION) return null;
    const exact = h.fingerprint === fingerprint;
    const trades = tradesPart(h.fingerprint);
    if (!exact && (trades === null || trades !== tradesPart(fingerprint))) return null;
    const cols: Record<string, ArrayBufferView> = {};
    // In shared memory, like a tape loaded on two threads: a second thread can read it without a copy
    // (services/markoutsInParallel.ts).
    for (const [name, kind, length] of h.columns) {
      const Make = MAKE[kind] as unknown as new (buffer: ArrayBufferLike) => ArrayBufferView;
      const a = new Make(new SharedArrayBuffer(length * MAKE[kind].BYTES_PER_ELEMENT));
      read(new Uint8Array(a.buffer));
      cols[name] = a;
    }
    const tape: Tape = {
      ...(cols as unknown as Omit<Tape, 'n' | 'walletIds' | 'marketIds' | 'categories' | 'marketQuestion' | 'walletIndex' | 'marketIndex'>),
      n: h.n,
      walletIds: h.walletIds,
      marketIds: h.marketIds,
      categories: h.categories,
      marketQuestion: h.marketQuestion,
      walletIndex: new Map(h.walletIds.map((id, i) => [id, i])),
      marketIndex: new Map(h.marketIds.map((id, i) => [id, i])),
    };
    return { tape, exact };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
