import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  parseAction, parseOutcome, parsePrice, parseSide, parseSize, parseTimestamp, parseWallet, tradeExternalId,
} from '../../ingest/normalize.ts';
import { FieldError } from '../../ingest/errors.ts';

describe('CSV normalisation', () => {
  it('reads every side synonym', () => {
    for (const v of ['YES', 'yes', 'Yes', 'Y', 'y', '1', ' YES ']) expect(parseSide(v)).toBe('YES');
    for (const v of ['NO', 'no', 'No', 'N', 'n', '0']) expect(parseSide(v)).toBe('NO');
    expect(() => parseSide('MAYBE')).toThrow(FieldError);
    expect(() => parseSide('')).toThrow(/side: is missing/);
  });

  it('reads every action synonym', () => {
    for (const v of ['BUY', 'buy', 'B', 'b']) expect(parseAction(v)).toBe('BUY');
    for (const v of ['SELL', 'Sell', 'S', 's']) expect(parseAction(v)).toBe('SELL');
    expect(() => parseAction('HOLD')).toThrow(/action/);
  });

  it('reads ISO 8601 with or without offsets, epoch seconds and epoch milliseconds as the same UTC instant', () => {
    const t = Date.UTC(2025, 2, 1, 12, 0, 0);
    expect(parseTimestamp('2025-03-01T12:00:00Z', 'ts')).toBe(t);
    expect(parseTimestamp('2025-03-01T12:00:00', 'ts')).toBe(t); // no offset: UTC
    expect(parseTimestamp('2025-03-01 12:00:00Z', 'ts')).toBe(t);
    expect(parseTimestamp('2025-03-01T14:00:00+02:00', 'ts')).toBe(t);
    expect(parseTimestamp('2025-03-01T07:00:00-0500', 'ts')).toBe(t);
    expect(parseTimestamp('2025-03-01T12:00:00.000Z', 'ts')).toBe(t);
    expect(parseTimestamp(String(t / 1000), 'ts')).toBe(t);
    expect(parseTimestamp(String(t), 'ts')).toBe(t);
    expect(parseTimestamp('2025-03-01', 'ts')).toBe(Date.UTC(2025, 2, 1));
  });

  it('rejects times that are not ISO 8601 or epoch numbers, including ones Date.parse would guess at', () => {
    for (const v of ['yesterday', 'March 1, 2025', '01/03/2025', '2025-02-30T00:00:00Z', '2025-13-01', '-5', '1e9', '2025-03-01T25:00:00Z']) {
      expect(() => parseTimestamp(v, 'ts'), v).toThrow(/ts: .* is not an ISO 8601 time/);
    }
  });

  it('keeps prices strictly inside (0, 1) and sizes above 0', () => {
    expect(parsePrice('0.5')).toBe(0.5);
    expect(parsePrice('.25')).toBe(0.25);
    for (const v of ['0', '1', '1.2', '-0.1', 'abc', 'NaN', 'Infinity', '0x1']) expect(() => parsePrice(v), v).toThrow(/price/);
    expect(() => parsePrice('1.2')).toThrow('price 1.2 is not strictly between 0 and 1');
    expect(parseSize('3.5')).toBe(3.5);
    expect(parseSize('1e3')).toBe(1000);
    for (const v of ['0', '-3', 'many', '']) expect(() => parseSize(v), v).toThrow(/size/);
  });

  it('lower-cases 0x wallet addresses and keeps other wallet names as written', () => {
    expect(parseWallet(' 0xAbCDEF0123 ')).toBe('0xabcdef0123');
    expect(parseWallet('Alice')).toBe('Alice');
    expect(() => parseWallet('')).toThrow('wallet: is missing');
  });

  it('reads outcomes as 1/0 or YES/NO', () => {
    expect(parseOutcome('1')).toBe(1);
    expect(parseOutcome('yes')).toBe(1);
    expect(parseOutcome('0')).toBe(0);
    expect(parseOutcome('NO')).toBe(0);
    expect(() => parseOutcome('maybe')).toThrow(/resolved_outcome/);
  });

  it('hashes a trade without external_id deterministically, and differently when any field differs', () => {
    const t = { market_id: 'm', wallet: 'w', ts: 1, side: 'YES' as const, action: 'BUY' as const, price: 0.5, size: 10 };
    const id = tradeExternalId(t);
    expect(id).toMatch(/^csv-[0-9a-f]{32}$/);
    expect(tradeExternalId({ ...t })).toBe(id);
    // the recipe of docs/csv.md, recomputed independently
    expect(id).toBe('csv-' + createHash('sha256').update('m|w|1|YES|BUY|0.5|10').digest('hex').slice(0, 32));
    const variants = [{ market_id: 'm2' }, { wallet: 'w2' }, { ts: 2 }, { side: 'NO' as const }, { action: 'SELL' as const }, { price: 0.51 }, { size: 11 }];
    for (const v of variants) expect(tradeExternalId({ ...t, ...v }), JSON.stringify(v)).not.toBe(id);
  });
});
