import { describe, expect, it } from 'vitest';
import { defaultParams, InvalidParamsError, paramsHash, parseParams } from '../../engine/params.ts';

describe('engine parameters', () => {
  it('defaults include the contract keys with the documented values', () => {
    expect(defaultParams.cutoffHours).toBe(12);
    expect(defaultParams.outcomeThreshold).toBe(0.97);
    for (const k of ['halfLifeHours', 'priorStrength', 'purgeHours', 'minWallets']) expect(defaultParams).toHaveProperty(k);
  });

  it('an unknown key is an error that names the key', () => {
    expect(() => parseParams({ halfLifeHourz: 3 })).toThrow(InvalidParamsError);
    try {
      parseParams({ halfLifeHourz: 3 });
    } catch (e) {
      expect((e as InvalidParamsError).issues[0]!.path).toBe('halfLifeHourz');
    }
  });

  it('a wrong type is an error that names the key', () => {
    expect(() => parseParams({ priorStrength: 'ten' })).toThrow(/priorStrength/);
  });

  it('the hash is stable under key order and changes with any value', () => {
    const a = parseParams({ halfLifeHours: 10, priorStrength: 4 });
    const b = parseParams({ priorStrength: 4, halfLifeHours: 10 });
    expect(paramsHash(a)).toBe(paramsHash(b));
    expect(paramsHash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(paramsHash(parseParams({ halfLifeHours: 11, priorStrength: 4 }))).not.toBe(paramsHash(a));
    expect(paramsHash(defaultParams)).toBe(paramsHash(parseParams({})));
  });
});
