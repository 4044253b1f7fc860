import { basename } from 'node:path';
import type { MarketRow, OutcomeRow } from '../store/rows.ts';
import type { TradeColumns } from '../store/tradesRepo.ts';
import { CsvRecordReader } from './csvRecords.ts';
import { CsvFileError, FieldError, type Rejection } from './errors.ts';
import { canonicalUtcMs, canonicalUtcMsIn, isTrimmed, simpleDecimal, simpleDecimalIn } from './fastCells.ts';
import {
  MAX_ID_CHARS, optional, optionalId, parseAction, parseOptionalNumber, parseOutcome, parsePrice, parseSide, parseSize, parseTimestamp, parseWallet, requiredId,
  tradeExternalId,
} from './normalize.ts';

/*
 * CSV records → normalised batches (CONTRACTS.md §1). The same code runs on the ingest's own thread
 * or on a worker thread (ingest/csvWorker.ts), so a file gives the same rows and the same
 * rejections either way. Trades come out columnar (typed arrays, interned market and wallet ids,
 * external ids joined in one string) so a batch crosses threads as a few transferable buffers.
 */

export type CsvKind = 'markets' | 'trades' | 'outcomes';

export const REQUIRED_COLUMNS: Record<CsvKind, readonly string[]> = {
  markets: ['id'],
  trades: ['market_id', 'wallet', 'ts', 'side', 'action', 'price', 'size'],
  outcomes: ['market_id', 'resolved_outcome', 'resolution_time'],
};

/** A header: column name (trimmed, lower-cased) → field index. */
export type HeaderIndex = Record<string, number>;

/**
 * Reads and checks the header record: every required column present, no name given twice.
 * @throws CsvFileError SC_CSV_EMPTY, SC_CSV_MALFORMED, SC_CSV_MISSING_COLUMNS or SC_CSV_DUPLICATE_COLUMN.
 */
export function readHeader(reader: CsvRecordReader, kind: CsvKind, path: string): HeaderIndex {
  const rec = reader.next();
  if (!rec) throw new CsvFileError('SC_CSV_EMPTY', path, `${kind} file ${path} has no header row`);
  if (rec.error !== undefined) throw new CsvFileError('SC_CSV_MALFORMED', path, `${kind} file ${path}: the header row cannot be read: ${rec.error}`);
  const names = rec.fields.map((h) => h.trim().toLowerCase());
  const index: HeaderIndex = Object.create(null);
  for (let i = 0; i < names.length; i++) {
    const h = names[i]!;
    if (h === '') continue;
    if (index[h] !== undefined) {
      throw new CsvFileError('SC_CSV_DUPLICATE_COLUMN', path, `${kind} file ${path} names column "${h}" twice (columns ${index[h]! + 1} and ${i + 1}); which one to read is ambiguous`);
    }
    index[h] = i;
  }
  const missing = REQUIRED_COLUMNS[kind].filter((c) => index[c] === undefined);
  if (missing.length) {
    throw new CsvFileError('SC_CSV_MISSING_COLUMNS', path, `${kind} file ${path} lacks required column(s): ${missing.join(', ')} (header: ${names.join(', ')})`);
  }
  return index;
}

/** Most rows in the first trades batch of a file (later batches hold up to the batch size). */
export const FIRST_BATCH_ROWS = 16_384;

/** Side and action of a trade packed in one byte: bit 0 = side is NO, bit 1 = action is SELL (as Tape.sideAction). */
export const SIDE_NO = 1;
export const ACTION_SELL = 2;

/**
 * One batch of normalised trades: the columns the store inserts (store/tradesRepo.ts TradeColumns:
 * market, wallet and maker/taker values are indexes into tables that grow over the file), plus the
 * values first seen in this batch (`newMarkets` …, in index order) and the reading's bookkeeping.
 */
export interface TradeBatch extends TradeColumns {
  newMarkets: string[];
  newWallets: string[];
  newMakerTakers: string[];
  /** Data rows consumed by this batch (kept and rejected). */
  rowsRead: number;
  /** Rejections listed (up to the listing cap) and counted. */
  rejected: Rejection[];
  rejectedTotal: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  /**
   * Which reader produced the batch (0: this thread, 1: the worker thread): each has its own
   * interning tables, so `market`/`wallet` indexes refer to that reader's `new…` lists.
   */
  origin?: number;
}

/** The buffers of a batch, to transfer it to another thread without copying. */
export function tradeBatchTransferList(b: TradeBatch): ArrayBuffer[] {
  const list = [b.ts, b.price, b.size, b.sideAction, b.market, b.wallet, b.extEnd, b.aggressiveness, b.makerTaker];
  return list.filter((a): a is NonNullable<typeof a> => a !== null).map((a) => a.buffer as ArrayBuffer);
}

/** Rejection bookkeeping shared by the producers: every rejection counted, the first `maxListed` listed. */
class Rejections {
  list: Rejection[] = [];
  total = 0;
  listedSoFar = 0;
  constructor(private readonly file: string, private readonly maxListed: number) {}
  add(row: number, column: string, reason: string): void {
    this.total++;
    if (this.listedSoFar < this.maxListed) {
      this.listedSoFar++;
      this.list.push({ file: this.file, row, column, reason });
    }
  }
  take(): { rejected: Rejection[]; rejectedTotal: number } {
    const out = { rejected: this.list, rejectedTotal: this.total };
    this.list = [];
    this.total = 0;
    return out;
  }
}

/** SIDE_NO or 0 for a cell that is exactly `YES` or `NO`; −1 otherwise. */
function canonicalSide(s: string, a: number, b: number): number {
  if (b - a === 3 && s.charCodeAt(a) === 89 && s.charCodeAt(a + 1) === 69 && s.charCodeAt(a + 2) === 83) return 0;
  if (b - a === 2 && s.charCodeAt(a) === 78 && s.charCodeAt(a + 1) === 79) return SIDE_NO;
  return -1;
}
/** ACTION_SELL or 0 for a cell that is exactly `SELL` or `BUY`; −1 otherwise. */
function canonicalAction(s: string, a: number, b: number): number {
  if (b - a === 3 && s.charCodeAt(a) === 66 && s.charCodeAt(a + 1) === 85 && s.charCodeAt(a + 2) === 89) return 0;
  if (b - a === 4 && s.charCodeAt(a) === 83 && s.charCodeAt(a + 1) === 69 && s.charCodeAt(a + 2) === 76 && s.charCodeAt(a + 3) === 76) return ACTION_SELL;
  return -1;
}

/** Side/action bits of a raw cell, cached per distinct spelling (a handful per file). */
function sideBits(cache: Map<string, number>, raw: string | undefined): number {
  const hit = raw === undefined ? undefined : cache.get(raw);
  if (hit !== undefined) return hit;
  const bits = parseSide(raw) === 'NO' ? SIDE_NO : 0;
  if (cache.size < 64) cache.set(raw!, bits);
  return bits;
}
function actionBits(cache: Map<string, number>, raw: string | undefined): number {
  const hit = raw === undefined ? undefined : cache.get(raw);
  if (hit !== undefined) return hit;
  const bits = parseAction(raw) === 'SELL' ? ACTION_SELL : 0;
  if (cache.size < 64) cache.set(raw!, bits);
  return bits;
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. Cells are slices of the
 * 1 MiB text they were read from; keeping one in a table would keep that whole text alive.
 */
function detach(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * An interning table: values → dense indexes in first-seen order, plus a cache from the raw cell
 * text to the index, so a value seen before costs one lookup instead of a normalisation.
 */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly byRaw = new Map<string, number>();
  /** Index of a raw cell seen before, or −1. */
  known(raw: string | undefined): number {
    return raw === undefined ? -1 : (this.byRaw.get(raw) ?? -1);
  }
  /** Index of a normalised value (added, and pushed to `fresh`, when new); remembers `raw` for it. */
  add(value: string, raw: string, fresh: string[]): number {
    let i = this.index.get(value);
    if (i === undefined) {
      const own = detach(value);
      i = this.values.length;
      this.values.push(own);
      this.index.set(own, i);
      fresh.push(own);
    }
    if (this.byRaw.size < 1 << 22) this.byRaw.set(detach(raw), i);
    return i;
  }
}

/**
 * Reads a trades file (header already checked by `readHeader` on this reader) into batches of at
 * most `batchSize` kept rows. Each row is normalised in CONTRACTS.md §1 order — market_id, wallet,
 * ts, side, action, price, size, aggressiveness, maker_taker, external_id — and the first failing
 * field is its rejection. Canonical cells take allocation-free fast paths (ingest/fastCells.ts)
 * whose results equal the full normalisers'.
 */
export class TradeBatchProducer {
  private readonly markets = new Interner();
  private readonly wallets = new Interner();
  private readonly makerTakers = new Map<string, number>();
  private readonly sides = new Map<string, number>();
  private readonly actions = new Map<string, number>();
  private readonly rejections: Rejections;
  private readonly cMarket: number;
  private readonly cWallet: number;
  private readonly cTs: number;
  private readonly cSide: number;
  private readonly cAction: number;
  private readonly cPrice: number;
  private readonly cSize: number;
  private readonly cExt: number;
  private readonly cAggr: number;
  private readonly cMT: number;
  private readonly fastLast: number;
  private readonly fastColumns: boolean;
  private done = false;
  private batches = 0;
  private readonly firstBatchRows: number;

  constructor(
    private readonly reader: CsvRecordReader,
    header: HeaderIndex,
    path: string,
    private readonly batchSize: number,
    maxListed: number,
    opts: { firstBatchRows?: number } = {},
  ) {
    this.rejections = new Rejections(basename(path), maxListed);
    this.firstBatchRows = opts.firstBatchRows ?? FIRST_BATCH_ROWS;
    const col = (c: string) => header[c] ?? -1;
    this.cMarket = col('market_id');
    this.cWallet = col('wallet');
    this.cTs = col('ts');
    this.cSide = col('side');
    this.cAction = col('action');
    this.cPrice = col('price');
    this.cSize = col('size');
    this.cExt = col('external_id');
    this.cAggr = col('aggressiveness');
    this.cMT = col('maker_taker');
    // The fast path covers files with an external_id column and no optional numeric/text extras.
    this.fastLast = Math.max(this.cMarket, this.cWallet, this.cTs, this.cSide, this.cAction, this.cPrice, this.cSize, this.cExt);
    this.fastColumns = this.cExt >= 0 && this.cAggr < 0 && this.cMT < 0 && this.fastLast < 64;
  }

  // Results of the last successful fastRow().
  private fT = 0;
  private fP = 0;
  private fS = 0;
  private fSA = 0;
  private fM = 0;
  private fW = 0;
  private fExt = '';
  /** Start and end of each field of the line fastRow() is reading. */
  private readonly cutFrom = new Int32Array(64);
  private readonly cutTo = new Int32Array(64);

  /**
   * Reads a line whose every cell is in its canonical form and whose market and wallet were seen
   * before, without splitting it: numbers, time, side and action parsed in place. False — and
   * nothing changed — for anything else, which then takes the general path; so results and
   * rejections are the general path's exactly.
   */
  private fastRow(line: string): boolean {
    const last = this.fastLast;
    let start = 0;
    for (let i = 0; i <= last; i++) {
      const c = line.indexOf(',', start);
      if (c < 0 && i < last) return false;
      const end = c < 0 ? line.length : c;
      this.cutFrom[i] = start;
      this.cutTo[i] = end;
      start = end + 1;
    }
    const from = this.cutFrom;
    const to = this.cutTo;
    const m = this.markets.known(line.slice(from[this.cMarket]!, to[this.cMarket]!));
    if (m < 0) return false;
    const w = this.wallets.known(line.slice(from[this.cWallet]!, to[this.cWallet]!));
    if (w < 0) return false;
    const t = canonicalUtcMsIn(line, from[this.cTs]!, to[this.cTs]!);
    if (t !== t) return false;
    const side = canonicalSide(line, from[this.cSide]!, to[this.cSide]!);
    const action = canonicalAction(line, from[this.cAction]!, to[this.cAction]!);
    if (side < 0 || action < 0) return false;
    const p = simpleDecimalIn(line, from[this.cPrice]!, to[this.cPrice]!);
    if (!(p > 0 && p < 1)) return false;
    const s = simpleDecimalIn(line, from[this.cSize]!, to[this.cSize]!);
    if (!(s > 0)) return false;
    const a = from[this.cExt]!;
    const b = to[this.cExt]!;
    if (b <= a || b - a > MAX_ID_CHARS) return false;
    const x = line.charCodeAt(a);
    const y = line.charCodeAt(b - 1);
    if (!(x > 32 && x < 127 && y > 32 && y < 127)) return false;
    this.fExt = line.slice(a, b);
    this.fT = t;
    this.fP = p;
    this.fS = s;
    this.fSA = side | action;
    this.fM = m;
    this.fW = w;
    return true;
  }

  /** Rejections listed so far (a reader that continues this file lists at most the rest of the cap). */
  get listed(): number {
    return this.rejections.listedSoFar;
  }

  /** True once the file is exhausted. */
  get exhausted(): boolean {
    return this.done;
  }

  /**
   * The next batch (at most `maxRows` kept rows), or null when the file is exhausted. The first
   * batch holds at most FIRST_BATCH_ROWS rows (unless told otherwise), so inserting starts while
   * the rest is read.
   */
  next(maxRows = this.batchSize): TradeBatch | null {
    if (this.done) return null;
    const cap = Math.min(maxRows, this.batches++ === 0 ? Math.min(this.batchSize, this.firstBatchRows) : this.batchSize);
    const ts = new Float64Array(cap);
    const price = new Float64Array(cap);
    const size = new Float64Array(cap);
    const aggressiveness = this.cAggr >= 0 ? new Float64Array(cap) : null;
    const sideAction = new Uint8Array(cap);
    const market = new Int32Array(cap);
    const wallet = new Int32Array(cap);
    const makerTaker = this.cMT >= 0 ? new Int32Array(cap) : null;
    const extEnd = new Int32Array(cap);
    const exts: string[] = [];
    const newMarkets: string[] = [];
    const newWallets: string[] = [];
    const newMakerTakers: string[] = [];
    let extLen = 0;
    let n = 0;
    let rowsRead = 0;
    const reader = this.reader;
    const fast = this.fastColumns;
    while (n < cap) {
      let f: string[];
      let row: number;
      const line = reader.nextLine();
      if (line !== undefined) {
        rowsRead++;
        // The fast path: a canonical row of values seen before, read straight out of the line.
        if (fast && this.fastRow(line)) {
          ts[n] = this.fT;
          price[n] = this.fP;
          size[n] = this.fS;
          sideAction[n] = this.fSA;
          market[n] = this.fM;
          wallet[n] = this.fW;
          exts.push(this.fExt);
          extLen += this.fExt.length;
          extEnd[n] = extLen;
          n++;
          continue;
        }
        f = line.split(',');
        row = reader.records - 1;
      } else {
        const rec = reader.next();
        if (!rec) {
          this.done = true;
          break;
        }
        rowsRead++;
        if (rec.error !== undefined) {
          this.rejections.add(rec.row, '(row)', rec.error);
          continue;
        }
        f = rec.fields;
        row = rec.row;
      }
      try {
        // Validated in contract order; markets and wallets are interned only once the row is kept.
        const rawMarket = f[this.cMarket];
        let mi = this.markets.known(rawMarket);
        const marketId = mi >= 0 ? null : requiredId(rawMarket, 'market_id');
        const rawWallet = f[this.cWallet];
        let wi = this.wallets.known(rawWallet);
        const walletId = wi >= 0 ? null : parseWallet(rawWallet);
        const rawTs = f[this.cTs];
        let t = rawTs === undefined ? NaN : canonicalUtcMs(rawTs);
        if (t !== t) t = parseTimestamp(rawTs, 'ts');
        const sa = sideBits(this.sides, f[this.cSide]) | actionBits(this.actions, f[this.cAction]);
        const rawPrice = f[this.cPrice];
        let p = rawPrice === undefined ? NaN : simpleDecimal(rawPrice);
        if (!(p > 0 && p < 1)) p = parsePrice(rawPrice);
        const rawSize = f[this.cSize];
        let s = rawSize === undefined ? NaN : simpleDecimal(rawSize);
        if (!(s > 0)) s = parseSize(rawSize);
        const a = this.cAggr >= 0 ? parseOptionalNumber(f[this.cAggr], 'aggressiveness') : null;
        const mt = this.cMT >= 0 ? optional(f[this.cMT]) : null;
        const rawExt = this.cExt >= 0 ? f[this.cExt] : undefined;
        let ext = rawExt !== undefined && isTrimmed(rawExt) && rawExt.length <= MAX_ID_CHARS ? rawExt : optionalId(rawExt, 'external_id');
        if (mi < 0) mi = this.markets.add(marketId!, rawMarket!, newMarkets);
        if (wi < 0) wi = this.wallets.add(walletId!, rawWallet!, newWallets);
        ext ??= tradeExternalId({
          market_id: this.markets.values[mi]!, wallet: this.wallets.values[wi]!, ts: t,
          side: sa & SIDE_NO ? 'NO' : 'YES', action: sa & ACTION_SELL ? 'SELL' : 'BUY', price: p, size: s,
        });
        if (makerTaker) {
          let k = -1;
          if (mt !== null) {
            k = this.makerTakers.get(mt) ?? -1;
            if (k < 0) {
              k = this.makerTakers.size;
              this.makerTakers.set(mt, k);
              newMakerTakers.push(mt);
            }
          }
          makerTaker[n] = k;
        }
        ts[n] = t;
        price[n] = p;
        size[n] = s;
        if (aggressiveness) aggressiveness[n] = a ?? NaN;
        sideAction[n] = sa;
        market[n] = mi;
        wallet[n] = wi;
        exts.push(ext);
        extLen += ext.length;
        extEnd[n] = extLen;
        n++;
      } catch (err) {
        if (err instanceof FieldError) this.rejections.add(row, err.column, err.reason);
        else throw err;
      }
    }
    if (n === 0 && rowsRead === 0) return null;
    return {
      n, ts, price, size, aggressiveness, sideAction, market, wallet, makerTaker, ext: exts.join(''), extEnd,
      newMarkets, newWallets, newMakerTakers, rowsRead, ...this.rejections.take(), bytesRead: reader.bytesRead,
    };
  }
}

/** A batch of markets or outcomes rows (small files: plain objects). */
export interface RowBatch<R> {
  rows: R[];
  rowsRead: number;
  rejected: Rejection[];
  rejectedTotal: number;
  bytesRead: number;
}

/** Reads a markets or outcomes file (header already checked) into batches of normalised rows. */
export class RowBatchProducer<K extends 'markets' | 'outcomes'> {
  private readonly rejections: Rejections;
  private done = false;

  constructor(
    private readonly kind: K,
    private readonly reader: CsvRecordReader,
    private readonly header: HeaderIndex,
    path: string,
    private readonly batchSize: number,
    maxListed: number,
  ) {
    this.rejections = new Rejections(basename(path), maxListed);
  }

  next(): RowBatch<K extends 'markets' ? MarketRow : OutcomeRow> | null {
    if (this.done) return null;
    type R = K extends 'markets' ? MarketRow : OutcomeRow;
    const rows: R[] = [];
    let rowsRead = 0;
    while (rows.length < this.batchSize) {
      const rec = this.reader.next();
      if (!rec) {
        this.done = true;
        break;
      }
      rowsRead++;
      if (rec.error !== undefined) {
        this.rejections.add(rec.row, '(row)', rec.error);
        continue;
      }
      try {
        rows.push((this.kind === 'markets' ? this.market(rec.fields) : this.outcome(rec.fields)) as R);
      } catch (err) {
        if (err instanceof FieldError) this.rejections.add(rec.row, err.column, err.reason);
        else throw err;
      }
    }
    if (rowsRead === 0) return null;
    return { rows, rowsRead, ...this.rejections.take(), bytesRead: this.reader.bytesRead };
  }

  private cell(f: string[], c: string): string | undefined {
    const i = this.header[c];
    return i === undefined ? undefined : f[i];
  }

  private market(f: string[]): MarketRow {
    const end = optional(this.cell(f, 'end_time'));
    return {
      id: requiredId(this.cell(f, 'id'), 'id'),
      question: optional(this.cell(f, 'question')),
      end_time: end === null ? null : parseTimestamp(end, 'end_time'),
      category: optional(this.cell(f, 'category')),
      liquidity: parseOptionalNumber(this.cell(f, 'liquidity'), 'liquidity'),
      resolution_source: optional(this.cell(f, 'resolution_source')),
      source: 'csv',
    };
  }

  private outcome(f: string[]): OutcomeRow {
    return {
      market_id: requiredId(this.cell(f, 'market_id'), 'market_id'),
      resolved_outcome: parseOutcome(this.cell(f, 'resolved_outcome')),
      resolution_time: parseTimestamp(this.cell(f, 'resolution_time'), 'resolution_time'),
      source: 'csv',
    };
  }
}
