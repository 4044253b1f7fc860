import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCsv } from '../../ingest/csv.ts';
import { openDatabase } from '../../store/db.ts';
import { tempDbPath } from '../helpers/smallWorld.ts';

/** A CSV field, quoted per RFC 4180 when it needs to be. */
const csvField = (s: string) => (/[",\r\n]/.test(s) || s.startsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s);

/** Printable junk with commas and quotes inside (never a quote at the start of a field, which would open a quoted field). */
const junk = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'abcXYZ019 .,-+eE#;:/\\é漢🙂\t'.split('')) });

type Gen = { line: string; valid: boolean; defect?: string };

const validRow = fc
  .record({
    m: fc.integer({ min: 0, max: 5 }),
    w: fc.integer({ min: 0, max: 50 }),
    ts: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
    tsForm: fc.constantFrom('s', 'ms', 'iso'),
    side: fc.constantFrom('YES', 'no', 'Y', 'n', '1', '0', 'Yes'),
    action: fc.constantFrom('BUY', 'sell', 'B', 's'),
    price: fc.integer({ min: 1, max: 9999 }).map((x) => x / 10000),
    size: fc.double({ min: 0.001, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    note: fc.option(fc.string({ maxLength: 30, unit: fc.constantFrom(...'ab,"\n\r x'.split('')) })),
    id: fc.integer({ min: 0, max: 1e9 }),
  })
  .map((r): Gen => {
    const ts = r.tsForm === 's' ? String(r.ts) : r.tsForm === 'ms' ? String(r.ts * 1000) : new Date(r.ts * 1000).toISOString();
    return { line: [`m${r.m}`, `0xA${r.w}`, ts, r.side, r.action, String(r.price), String(r.size), `id-${r.id}`, csvField(r.note ?? '')].join(','), valid: true };
  });

const badRow = fc
  .record({
    defect: fc.constantFrom('price', 'size', 'side', 'action', 'ts', 'wallet', 'market_id', 'junkline', 'short', 'huge'),
    j: junk,
    id: fc.integer({ min: 0, max: 1e9 }),
  })
  .map(({ defect, j, id }): Gen => {
    const f = ['m1', '0xabc', '1700000000', 'YES', 'BUY', '0.5', '10', `bad-${id}`, ''];
    const set = (i: number, v: string) => (f[i] = v);
    if (defect === 'price') set(5, fc.sample(fc.constantFrom('1', '0', '1.2', '-0.3', 'NaN', 'abc', '1e5'), 1)[0]!);
    if (defect === 'size') set(6, fc.sample(fc.constantFrom('0', '-3', 'many', '', 'Infinity'), 1)[0]!);
    if (defect === 'side') set(3, 'MAYBE');
    if (defect === 'action') set(4, 'HOLD');
    if (defect === 'ts') set(2, fc.sample(fc.constantFrom('yesterday', '2025-02-30T00:00:00Z', '-1', ''), 1)[0]!);
    if (defect === 'wallet') set(1, '');
    if (defect === 'market_id') set(0, '');
    if (defect === 'junkline') return { line: j.replace(/^"/, 'x'), valid: false, defect };
    if (defect === 'short') return { line: f.slice(0, 3).join(','), valid: false, defect };
    if (defect === 'huge') set(5, 'x'.repeat(200_000));
    return { line: f.map(csvField).join(','), valid: false, defect };
  });

describe('CSV ingestion under fuzzed input', () => {
  it('keeps every good row, rejects every bad row with its row number, column and reason, and never crashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-fuzz-'));
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 3, arbitrary: validRow }, { weight: 2, arbitrary: badRow }), { minLength: 1, maxLength: 60 }), fc.boolean(), fc.boolean(), async (rows, bom, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const path = join(dir, `t${file++}.csv`);
        writeFileSync(path, (bom ? '\uFEFF' : '') + ['market_id,wallet,ts,side,action,price,size,external_id,note', ...rows.map((r) => r.line)].join(nl) + nl);
        const db = openDatabase(tempDbPath('sc-fuzz-db-'));
        const rep = await ingestCsv(db, { trades: path }, { record: false });
        const valid = rows.filter((r) => r.valid);
        const distinctValid = new Set(valid.map((r) => r.line.split(',')[7])).size;
        // every data row is accounted for exactly once
        expect(rep.inserted.trades + rep.duplicates + rep.rejected_total).toBe(rows.length);
        // every good row kept (duplicated ids count once), every bad row rejected
        expect(rep.inserted.trades).toBe(distinctValid);
        expect(rep.rejected_total).toBe(rows.length - valid.length);
        const badRows = rows.map((r, i) => (r.valid ? -1 : i + 1)).filter((i) => i > 0);
        expect(rep.rejected.map((x) => x.row)).toEqual(badRows);
        for (const x of rep.rejected) {
          expect(x.column.length).toBeGreaterThan(0);
          expect(x.reason.length).toBeGreaterThan(0);
        }
        expect(db.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
        db.close();
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
