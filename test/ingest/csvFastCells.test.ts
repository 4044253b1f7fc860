import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalUtcMs, isTrimmed, simpleDecimal } from '../../ingest/fastCells.ts';
import { isDecimalText, MAX_NUMBER_CHARS } from '../../ingest/normalize.ts';
import { parseInstant } from '../../domain/instant.ts';

/** parseInstant's value, or NaN where it rejects. */
const instantOrNaN = (s: string) => {
  try {
    return parseInstant(s);
  } catch {
    return NaN;
  }
};

describe('CSV cell fast paths', () => {
  it('read a canonical UTC time exactly as domain/instant.ts does, and leave everything else to it', () => {
    const d2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));
    const canonical = fc
      .tuple(fc.integer({ min: 1960, max: 2110 }), d2(0, 13), d2(0, 32), d2(0, 24), d2(0, 60), d2(0, 61), fc.option(fc.integer({ min: 0, max: 999 })))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}Z`);
    fc.assert(
      fc.property(fc.oneof(canonical, fc.string({ maxLength: 26 })), (s) => {
        const fast = canonicalUtcMs(s);
        if (!Number.isNaN(fast)) expect(fast).toBe(instantOrNaN(s));
      }),
      { numRuns: 20_000 },
    );
    for (const s of ['2024-02-29T23:59:59Z', '2100-02-28T00:00:00Z', '2099-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z']) expect(canonicalUtcMs(s), s).toBe(instantOrNaN(s));
    for (const s of ['2025-02-29T00:00:00Z', '2100-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2025-03-01T12:00:60Z', '2025-03-01 12:00:00Z', '2025-03-01T12:00:00+00:00']) expect(canonicalUtcMs(s), s).toBeNaN();
  });

  it('read a plain decimal exactly as Number does, and only what the number rule accepts', () => {
    const plain = fc
      .tuple(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 18 }), fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 25 })))
      .map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(fc.oneof(plain, fc.string({ maxLength: 12, unit: fc.constantFrom(...'0123456789.eE+- x') })), (s) => {
        const fast = simpleDecimal(s);
        if (!Number.isNaN(fast)) {
          expect(fast).toBe(Number(s));
          expect(isDecimalText(s)).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(simpleDecimal('0.871')).toBe(0.871);
    expect(simpleDecimal('54.97')).toBe(54.97);
    for (const s of ['', '.', '1e5', '-0.5', '+1', '1234567890123456', ' 1']) expect(simpleDecimal(s), s).toBeNaN();
  });

  it('recognise a number with the documented rule in one pass, whatever the length', () => {
    const rule = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
    fc.assert(
      fc.property(fc.string({ maxLength: MAX_NUMBER_CHARS, unit: fc.constantFrom(...'0123456789.eE+-x ') }), (s) => {
        expect(isDecimalText(s)).toBe(rule.test(s));
      }),
      { numRuns: 20_000 },
    );
    expect(isDecimalText('1'.repeat(MAX_NUMBER_CHARS))).toBe(true);
    expect(isDecimalText('1'.repeat(MAX_NUMBER_CHARS + 1))).toBe(false);
  });

  it('know when trim would change nothing', () => {
    for (const s of ['abc', '0xAB', 'a b']) expect(isTrimmed(s), s).toBe(true);
    for (const s of ['', ' a', 'a ', '\ta', 'é', 'a\u00a0']) expect(isTrimmed(s), s).toBe(false);
  });
});
