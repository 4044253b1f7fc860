import fc from 'fast-check';

/** Ids that exercise the code point order: ASCII, BMP above U+E000, astral (surrogate pairs). */
const idChar = fc.constantFrom('a', 'b', 'z', '0', '-', 'é', '\uE000', '\uFF21', '😀', '𝔸', '漢');
/** Trades with unique external ids (as the store has them). */
export const tradesArb = fc.uniqueArray(
  fc.record({
    external_id: fc.string({ unit: idChar, minLength: 1, maxLength: 4 }),
    market_id: fc.constantFrom('m1', 'm2', 'm3', 'mß'),
    wallet: fc.constantFrom('0xaa', '0xbb', 'carol', '0xcc', 'Dave'),
    // few distinct instants: many ties, which the external id must order
    ts: fc.constantFrom(0, 1, 2, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_799_999),
    side: fc.constantFrom('YES' as const, 'NO' as const),
    action: fc.constantFrom('BUY' as const, 'SELL' as const),
    price: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
    size: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  }),
  { maxLength: 80, selector: (t) => t.external_id },
);
