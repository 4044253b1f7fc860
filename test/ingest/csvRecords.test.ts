import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CsvRecordReader, MAX_RECORD_CHARS, openRegularFile, type CsvRecord } from '../../ingest/csvRecords.ts';

const dir = mkdtempSync(join(tmpdir(), 'sc-records-'));
let seq = 0;
/** Every record of `text` (written to a file) as the reader returns it. */
function records(text: string | Buffer): CsvRecord[] {
  const path = join(dir, `r${seq++}.csv`);
  writeFileSync(path, text);
  const { fd } = openRegularFile(path, 'test');
  try {
    const r = new CsvRecordReader(fd, path);
    const out: CsvRecord[] = [];
    for (let x = r.next(); x; x = r.next()) out.push(x);
    return out;
  } finally {
    closeSync(fd);
  }
}

/** An RFC 4180 field: quoted when it holds a comma, quote, newline or starts with a space. */
const field = (s: string) => (/[",\r\n]/.test(s) || s.startsWith(' ') || s === '' ? `"${s.replace(/"/g, '""')}"` : s);

describe('the CSV record reader', () => {
  it('reads well-formed CSV exactly as csv-parse does: same records, same fields, BOM, CRLF, quoted newlines and quotes', () => {
    const cell = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'Z', '1', ' ', ',', '"', '\n', '\r\n', 'é', '漢', '🙂', '.', '-') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (rows, bom, crlf, finalNewline) => {
          const nl = crlf ? '\r\n' : '\n';
          // A lone empty field would be an empty line, which both readers skip: quote it.
          const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map((c) => (r.length === 1 && c === '' ? '""' : field(c))).join(',')).join(nl) + (finalNewline ? nl : '');
          const ours = records(text);
          const theirs = parse(text, { bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
          expect(ours.map((r) => r.fields)).toEqual(theirs);
          expect(ours.map((r) => r.row)).toEqual(theirs.map((_, i) => i));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps quotes inside an unquoted field as data, and skips empty lines without counting them', () => {
    expect(records('a,b\n1,x"y"z\n\n\r\n2,3\n')).toEqual([
      { row: 0, fields: ['a', 'b'] },
      { row: 1, fields: ['1', 'x"y"z'] },
      { row: 2, fields: ['2', '3'] },
    ]);
  });

  it('rejects a record with an unclosed quote on its own and resumes at the next line', () => {
    expect(records('a,b\n1,"open\n2,3\n4,5')).toEqual([
      { row: 0, fields: ['a', 'b'] },
      { row: 1, error: expect.stringMatching(/quoted field 2 is never closed/) },
      { row: 2, fields: ['2', '3'] },
      { row: 3, fields: ['4', '5'] },
    ]);
  });

  it('does not let a stray quote swallow the lines up to the next quote: text after a closing quote rejects the first line only', () => {
    // The stray quote on row 1 "closes" at the quote opening row 3's note; the junk after it makes
    // the would-be record unreadable, so row 1 alone is rejected and rows 2–3 are read normally.
    expect(records('a,b,note\n1,"x,\n2,y,\n3,z,"note"\n')).toEqual([
      { row: 0, fields: ['a', 'b', 'note'] },
      { row: 1, error: expect.stringMatching(/after the closing quote/) },
      { row: 2, fields: ['2', 'y', ''] },
      { row: 3, fields: ['3', 'z', 'note'] },
    ]);
  });

  it('rejects a record longer than MAX_RECORD_CHARS, quoted or not, and reads on', () => {
    const big = 'x'.repeat(MAX_RECORD_CHARS + 10);
    expect(records(`a,b\n1,${big}\n2,3\n"${big}",4\n5,6\n`)).toEqual([
      { row: 0, fields: ['a', 'b'] },
      { row: 1, error: expect.stringMatching(/longer than/) },
      { row: 2, fields: ['2', '3'] },
      { row: 3, error: expect.stringMatching(/runs past/) },
      { row: 4, fields: ['5', '6'] },
    ]);
  });

  it('reads multi-byte characters split across read chunks', () => {
    const line = `${'é'.repeat(300_000)},🙂\n`; // > 1 MiB of UTF-8: chunk boundaries fall inside characters
    const out = records(`a,b\n${line}${line}`);
    expect(out.map((r) => r.fields?.[1])).toEqual(['b', '🙂', '🙂']);
    expect(out[1]!.fields![0]).toBe('é'.repeat(300_000));
  });
});
