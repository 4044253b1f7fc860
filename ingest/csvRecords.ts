import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CsvFileError } from './errors.ts';

/*
 * The CSV record reader behind every CSV ingest (CONTRACTS.md §1; the exact dialect is in
 * docs/csv.md). RFC 4180: records end at LF or CRLF, a field that starts with `"` is quoted (`""`
 * inside is one quote, commas and newlines inside are data), a quote elsewhere in a field is an
 * ordinary character, empty lines are skipped, a leading UTF-8 BOM is dropped.
 *
 * Fast path: a line with no `"` is split on commas directly. A line with a quote goes through the
 * quote-aware tokenizer. A record that cannot be read — a quoted field never closed, text after a
 * closing quote, a record over MAX_RECORD_CHARS — is rejected on its own (its first line, with
 * that line's row number) and reading resumes at the next line, so a stray quote can never swallow
 * the good rows after it. Re-reading after such a record is bounded (RESCAN_BUDGET_CHARS over the
 * file); a file that exhausts it fails as a whole (CsvFileError SC_CSV_MALFORMED, naming the row).
 * Every step is linear in the bytes read.
 */

/** Longest record accepted, in characters (a longer one is rejected as a row). */
export const MAX_RECORD_CHARS = 1 << 20;
/** Characters that may be re-read after unreadable multi-line records, per file, before the file fails. */
export const RESCAN_BUDGET_CHARS = 64 << 20;
/** Bytes read from the file per system call. */
const CHUNK_BYTES = 1 << 20;

/** A record boundary in a file: its byte offset and how many records (the header included) come before it. */
export interface ReaderPosition {
  byte: number;
  records: number;
}

/** Length of the longest prefix of `buf[0..n)` that ends on a whole UTF-8 sequence (drops at most 3 bytes). */
function completeUtf8(buf: Buffer, n: number): number {
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = buf[i]!;
    if (b < 0x80) return n; // ASCII: everything before is whole
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + need <= n ? n : i;
    }
  }
  return n; // not UTF-8 here: let the decoder replace it
}

/** One record: its fields, or why it could not be read. `row` is the data-row number (1 = first record after the header). */
export type CsvRecord = { row: number; fields: string[]; error?: undefined } | { row: number; fields?: undefined; error: string };

/**
 * Opens a CSV input for reading if, and only if, it is a regular file: a directory, FIFO, socket
 * or device is a CsvFileError (never a hang — FIFOs are opened non-blocking — and never a crash).
 * @returns the open file descriptor and the file's size in bytes.
 * @throws CsvFileError SC_CSV_UNREADABLE (missing, unreadable) or SC_CSV_NOT_A_FILE.
 */
export function openRegularFile(path: string, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new CsvFileError('SC_CSV_UNREADABLE', path, `cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new CsvFileError('SC_CSV_NOT_A_FILE', path, `cannot read ${what} file ${path}: it is ${kind}, not a regular file`);
    }
    return { fd, size: st.size };
  } catch (err) {
    closeSync(fd);
    if (err instanceof CsvFileError) throw err;
    throw new CsvFileError('SC_CSV_UNREADABLE', path, `cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads records from an open file descriptor, synchronously, in 1 MiB chunks. The first record
 * returned by `next()` is the header (row 0). One reader per descriptor.
 */
export class CsvRecordReader {
  /** Decoded text; the unconsumed part starts at `pos`. */
  private text = '';
  private pos = 0;
  private eof = false;
  /** Complete quote-free lines split ahead, served from `li`. */
  private lines: string[] = [];
  private li = 0;
  /** Read buffer: `carry` bytes of an incomplete UTF-8 sequence from the last read, then the next read. */
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES + 4);
  private carry = 0;
  private first: boolean;
  private rescanned = 0;
  /** Records returned so far, the header included. */
  records: number;
  /** Bytes read from the file so far, counted from its start (reads are positioned: several readers may share a descriptor). */
  bytesRead: number;

  /** Reads from the start of the file, or from `start` — a record boundary another reader reported (`boundary()`). */
  constructor(private readonly fd: number, private readonly path: string, start?: ReaderPosition) {
    this.bytesRead = start?.byte ?? 0;
    this.records = start?.records ?? 0;
    this.first = this.bytesRead === 0;
  }

  /**
   * Where the next unread record starts — its byte offset in the file and the records before it —
   * or null when that cannot be told exactly (text that was not valid UTF-8 is buffered).
   */
  boundary(): ReaderPosition | null {
    const rest = (this.li < this.lines.length ? `${this.lines.slice(this.li).join('\n')}\n` : '') + this.text.slice(this.pos);
    if (rest.includes('\uFFFD')) return null;
    return { byte: this.bytesRead - this.carry - Buffer.byteLength(rest, 'utf8'), records: this.records };
  }

  /** Appends the next chunk to the unconsumed text (re-basing it at 0); false at end of file. */
  private fill(): boolean {
    if (this.eof) return false;
    let n: number;
    try {
      n = readSync(this.fd, this.chunk, this.carry, CHUNK_BYTES, this.bytesRead);
    } catch (err) {
      throw new CsvFileError('SC_CSV_UNREADABLE', this.path, `cannot read ${this.path}: ${(err as Error).message}`);
    }
    this.bytesRead += n;
    const total = this.carry + n;
    // Decode up to the end of the last complete UTF-8 sequence; carry the rest to the next read.
    let end = total;
    if (n === 0) this.eof = true;
    else end = completeUtf8(this.chunk, total);
    let more = this.chunk.toString('utf8', 0, end);
    this.chunk.copy(this.chunk, 0, end, total);
    this.carry = total - end;
    if (this.first && more.length > 0) {
      if (more.charCodeAt(0) === 0xfeff) more = more.slice(1);
      this.first = false;
    }
    this.text = this.pos >= this.text.length ? more : this.text.slice(this.pos) + more;
    this.pos = 0;
    return !this.eof || more.length > 0;
  }

  /** Fills until the text holds more than MAX_RECORD_CHARS + 2 characters past `pos`, or the rest of the file. */
  private ensureAhead(): void {
    while (!this.eof && this.text.length - this.pos <= MAX_RECORD_CHARS + 2) this.fill();
  }

  /**
   * The next record as its raw line when it is a plain quote-free line already buffered (its row
   * number is then `records − 1`); undefined when the next record must come from `next()`.
   * Lets a caller cut the fields it needs out of the line instead of splitting all of them.
   */
  nextLine(): string | undefined {
    while (this.li < this.lines.length) {
      let line = this.lines[this.li]!;
      if (line.length > 0 && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
      if (line.length === 0) {
        this.li++; // an empty line: skipped, not counted
        continue;
      }
      if (line.length > MAX_RECORD_CHARS) return undefined;
      this.li++;
      this.records++;
      return line;
    }
    return undefined;
  }

  /**
   * The next record (the header first, as row 0), or null at end of file. Complete lines buffered
   * ahead of the next quote are split in one go and served from `lines`.
   */
  next(): CsvRecord | null {
    for (;;) {
      while (this.li < this.lines.length) {
        let line = this.lines[this.li++]!;
        if (line.length > 0 && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
        if (line.length === 0) continue; // an empty line: skipped, not counted
        if (line.length > MAX_RECORD_CHARS) return { row: this.records++, error: `unparseable CSV: the record is longer than ${MAX_RECORD_CHARS} characters` };
        return { row: this.records++, fields: line.split(',') };
      }
      if (this.pos >= this.text.length && !this.fill()) return null;
      const text = this.text;
      const lastNl = text.lastIndexOf('\n');
      if (lastNl < this.pos) {
        // No complete line buffered: read on, or this is the file's last line (no newline), or it is too long.
        if (!this.eof) {
          if (text.length - this.pos > MAX_RECORD_CHARS) return this.skipLongLine();
          this.fill();
          continue;
        }
        if (text.indexOf('"', this.pos) >= 0) return this.quoted();
        this.lines = [text.slice(this.pos)];
        this.li = 0;
        this.pos = text.length;
        continue;
      }
      const q = text.indexOf('"', this.pos);
      const upTo = q < 0 || q > lastNl ? lastNl + 1 : text.lastIndexOf('\n', q) + 1;
      if (upTo > this.pos) {
        this.lines = text.slice(this.pos, upTo - 1).split('\n');
        this.li = 0;
        this.pos = upTo;
        continue;
      }
      return this.quoted(); // the line at `pos` has a quote
    }
  }

  /** A line longer than MAX_RECORD_CHARS: rejected as a row and skipped to its end without being held. */
  private skipLongLine(): CsvRecord {
    const row = this.records++;
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl >= 0) {
        this.pos = nl + 1;
        break;
      }
      this.pos = this.text.length;
      if (!this.fill()) break;
    }
    return { row, error: `unparseable CSV: the record is longer than ${MAX_RECORD_CHARS} characters` };
  }

  /**
   * Tokenizes one record that contains a quote, starting at `pos`, with up to MAX_RECORD_CHARS of
   * look-ahead in memory. A quoted field may run over lines; when the record cannot be read, its
   * first line is rejected and reading resumes at the line after it.
   */
  private quoted(): CsvRecord {
    this.ensureAhead();
    const text = this.text;
    const start = this.pos;
    const limit = Math.min(text.length, start + MAX_RECORD_CHARS);
    const fields: string[] = [];
    let i = start;
    for (;;) {
      if (i < text.length && text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0 || q >= limit) {
            const why = limit < text.length ? `runs past ${MAX_RECORD_CHARS} characters` : 'is never closed';
            return this.recover(`unparseable CSV: the quoted field ${fields.length + 1} ${why} (an unclosed quote?)`, limit);
          }
          if (q + 1 < limit && text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += text.slice(j, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        if (i >= text.length) return this.finish(fields, i); // end of file
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return this.finish(fields, i + 1);
        if (c === CR && (i + 1 === text.length || text.charCodeAt(i + 1) === LF)) return this.finish(fields, Math.min(i + 2, text.length));
        return this.recover(`unparseable CSV: ${JSON.stringify(text[i])} after the closing quote of field ${fields.length}`, i);
      }
      // An unquoted field, up to the next comma or the end of the line (a quote inside is data).
      let nl = text.indexOf('\n', i);
      if (nl < 0) {
        if (!this.eof) return this.recover(`unparseable CSV: the record is longer than ${MAX_RECORD_CHARS} characters`, text.length);
        nl = text.length;
      }
      if (nl - start > MAX_RECORD_CHARS) return this.recover(`unparseable CSV: the record is longer than ${MAX_RECORD_CHARS} characters`, nl);
      const comma = text.indexOf(',', i);
      if (comma >= 0 && comma < nl) {
        fields.push(text.slice(i, comma));
        i = comma + 1;
        continue;
      }
      fields.push(text.slice(i, nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl));
      return this.finish(fields, nl < text.length ? nl + 1 : nl);
    }
  }

  private finish(fields: string[], next: number): CsvRecord {
    this.pos = next;
    return { row: this.records++, fields };
  }

  /**
   * Rejects the unreadable record that starts at `pos` (reported with its first line's row number)
   * and resumes at the line after that first line. `scannedTo` is how far the tokenizer looked:
   * what lies between the resume point and it will be read again, within RESCAN_BUDGET_CHARS.
   */
  private recover(reason: string, scannedTo: number): CsvRecord {
    const row = this.records++;
    const nl = this.text.indexOf('\n', this.pos);
    const resume = nl < 0 ? this.text.length : nl + 1;
    this.rescanned += Math.max(0, scannedTo - resume);
    if (this.rescanned > RESCAN_BUDGET_CHARS) {
      throw new CsvFileError('SC_CSV_MALFORMED', this.path, `${this.path} row ${row}: ${reason}; too many unreadable multi-line records to recover from, the file is not read further`);
    }
    this.pos = resume;
    return { row, error: reason };
  }
}
