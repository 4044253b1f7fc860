import { describe, expect, it } from 'vitest';
import { flipConditions } from '../../engine/explain.ts';

const names = (j: number) => `w${j}`;

describe('flip conditions of the evidence signal', () => {
  it('trusted evidence: the opposing trusted weight that returns SmartCrowd to the price is |shift| / per-unit shift, as a share of the trusted weight', () => {
    // Two trusted wallets (weights 1 and 3) whose parts of the shift are 0.1 and 0.3 log-odds; κ_d/denominator = 0.5 per unit.
    const f = flipConditions(names, new Float64Array([0.6, 0.7]), new Float64Array([1, 3]), 2, 0.6, 0.5, { contrib: new Float64Array([0.1, 0.3]), perUnitWeight: 0.5, shift: 0.4 });
    expect(f.side).toBe('above');
    expect(f.opposing_weight_to_flip).toBeCloseTo(0.4 / 0.5 / 4, 12);
    // Without w0 the shift is 0.3 and without w1 it is 0.1: above either way, so neither is pivotal.
    expect(f.pivotal_wallets).toEqual([]);
  });

  it('a shift from the crowd term alone (no trusted weight) has no opposing trusted weight, and says why instead of claiming 0%', () => {
    // Three untrusted wallets (effective weight 0) whose leave-one-out parts of κ_c·C are 0.05, 0.02, 0.01.
    const f = flipConditions(names, new Float64Array([0.7, 0.6, 0.55]), new Float64Array([0, 0, 0]), 3, 0.56, 0.5, { contrib: new Float64Array([0.05, 0.02, 0.01]), perUnitWeight: 0, shift: 0.06 });
    expect(f.side).toBe('above');
    expect(f.opposing_weight_to_flip).toBeNull();
    expect(f.summary).toMatch(/no wallet carries trust/);
    expect(f.summary).toMatch(/crowd's belief/);
    expect(f.summary).not.toMatch(/0%/);
  });

  it('a wallet is pivotal when the shift without its part no longer points the same way', () => {
    const f = flipConditions(names, new Float64Array([0.4, 0.6]), new Float64Array([2, 1]), 2, 0.45, 0.5, { contrib: new Float64Array([-0.3, 0.1]), perUnitWeight: 0.2, shift: -0.2 });
    expect(f.side).toBe('below');
    expect(f.pivotal_wallets).toEqual(['w0']);
  });
});
