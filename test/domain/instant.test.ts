import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INSTANT_MAX, InstantError, InstantInput, isoOf, parseInstant } from '../../domain/instant.ts';

describe('parseInstant', () => {
  it('reads ISO 8601 with and without offsets, and epoch seconds or milliseconds, by one rule', () => {
    expect(parseInstant('2025-03-01T12:00:00Z')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant('2025-03-01T12:00:00.250Z')).toBe(Date.UTC(2025, 2, 1, 12, 0, 0, 250));
    expect(parseInstant('2025-03-01T14:00:00+02:00')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant('2025-03-01T14:00:00+0200')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    expect(parseInstant('2025-03-01 12:00')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant('1740830400')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant('1740830400000')).toBe(Date.UTC(2025, 2, 1, 12));
    // A number means the same as its digits: seconds below 1e11, milliseconds above.
    expect(parseInstant(1740830400)).toBe(Date.UTC(2025, 2, 1, 12));
    expect(parseInstant(1740830400000)).toBe(Date.UTC(2025, 2, 1, 12));
  });

  it('rejects instants outside 1970..2099 instead of storing them', () => {
    for (const bad of ['9999999999999999', '0025-03-01T00:00:00Z', '2100-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '99999999999999999'])
      expect(() => parseInstant(bad), bad).toThrow(/outside the supported range|not an ISO/);
    expect(() => parseInstant(8640000000000001)).toThrow(InstantError);
    expect(() => parseInstant(-1)).toThrow(InstantError);
    expect(() => parseInstant(Number.NaN)).toThrow(InstantError);
    expect(parseInstant(INSTANT_MAX - 1)).toBe(INSTANT_MAX - 1);
  });

  it('rejects calendar overflow and text Date.parse would guess at', () => {
    for (const bad of ['2025-02-30T00:00:00Z', 'March 1, 2025', 'yesterday', '2025-13-01', '', '1'.repeat(80_000)])
      expect(() => parseInstant(bad), bad.slice(0, 20)).toThrow(InstantError);
  });

  it('round-trips every in-range millisecond through its ISO text', () => {
    fc.assert(fc.property(fc.integer({ min: 1e11, max: INSTANT_MAX - 1 }), (ms) => parseInstant(isoOf(ms)) === ms));
  });

  it('InstantInput gives the same value over RPC as the CLI and names the reason when it fails', () => {
    expect(InstantInput.parse('2025-03-01T12:00:00Z')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(InstantInput.parse(1740830400)).toBe(Date.UTC(2025, 2, 1, 12));
    const r = InstantInput.safeParse(8640000000000001);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/outside the supported range/);
  });
});
