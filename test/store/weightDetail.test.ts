import { describe, expect, it } from 'vitest';
import { decodeWeightDetail, encodeWeightDetail } from '../../store/weightDetail.ts';
import { LEVELS } from '../../engine/weights.ts';

/** The JSON the pipeline stored before the compact form, for a wallet with `support` per level and `used` chosen. */
function oldJson(used: number, support: number[]) {
  const chain = support.map((n, i) => ({ level: LEVELS[i]!, n_resolved: n, used: i === used }));
  if (used === 4) chain.push({ level: 'prior', n_resolved: 0, used: true });
  return JSON.stringify({ level: LEVELS[used]!, level_n_resolved: used === 4 ? 0 : support[used]!, chain });
}

describe('wallet weight detail', () => {
  it('the compact form decodes to exactly what the JSON form held, for every level including the prior', () => {
    const support = [2, 5, 7, 30];
    for (let used = 0; used <= 4; used++) {
      const text = encodeWeightDetail(used, support);
      expect(text.length).toBeLessThan(20);
      expect(JSON.stringify(decodeWeightDetail(text))).toBe(oldJson(used, support));
    }
  });

  it('stores written before the compact form still read: JSON detail is parsed as it is', () => {
    expect(decodeWeightDetail(oldJson(3, [0, 0, 1, 4]))).toEqual(JSON.parse(oldJson(3, [0, 0, 1, 4])));
    expect(decodeWeightDetail(null)).toBeNull();
  });

  it('text in neither form is an error naming the text, not a silent empty chain', () => {
    expect(() => decodeWeightDetail('7|1|2|3|4')).toThrow(/7\|1\|2\|3\|4/);
    expect(() => decodeWeightDetail('1|2|3')).toThrow(SyntaxError);
    expect(() => decodeWeightDetail('1|a|3|4|5')).toThrow(SyntaxError);
  });
});
