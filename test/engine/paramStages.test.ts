import { describe, expect, it } from 'vitest';
import { defaultParams, EngineParams, PARAM_STAGES, parseParams, passKey, accumulationKey } from '../../engine/params.ts';
import { walkForward, walkForwardMany } from '../../engine/backtest.ts';
import { TrustModel, WeightCacheBank } from '../../engine/trustModel.ts';
import { ProfileStore } from '../../engine/profileStore.ts';
import { buildTape } from '../../engine/tape.ts';
import { generateWorld } from '../../datasets/generator/index.ts';

const world = generateWorld({ seed: 21, markets: 60, wallets: 160, tradesPerMarket: 70, spanDays: 90 });
const tape = buildTape(world);
const base = parseParams({ learnEvidenceScale: false, blendMinHistory: 5 });

/** Another valid value of a parameter (or undefined when none is tried). */
function perturbed(key: keyof EngineParams): unknown {
  const d = defaultParams[key] as unknown;
  const tries: unknown[] =
    typeof d === 'number' ? [d * 1.5, d * 0.5, d + 1, d - 1, 0.5] : typeof d === 'boolean' ? [!d] : typeof d === 'string' ? ['holder', 'absorbed', 'evidence', 'weighted-mean', 'mixture', 'threshold', 'edge', 'brier', 'log-loss'] : [];
  for (const v of tries) {
    if (v === d) continue;
    if (EngineParams.safeParse({ ...base, [key]: v }).success) return v;
  }
  return undefined;
}

describe('parameter stages (schema metadata)', () => {
  it('every key has a stage, and the sharing keys come from them', () => {
    for (const k of Object.keys(EngineParams.shape)) expect(['profile', 'pass', 'set']).toContain(PARAM_STAGES[k as keyof EngineParams]);
    expect(accumulationKey(parseParams({ halfLifeHours: 3 }))).not.toBe(accumulationKey(defaultParams));
    expect(accumulationKey(parseParams({ priorStrength: 3 }))).toBe(accumulationKey(defaultParams));
    expect(passKey(parseParams({ cutoffHours: 6 }))).not.toBe(passKey(defaultParams));
  });

  it("a 'set' parameter never changes what a shared pass computes: sharing a pass with the base gives exactly the set's own backtest", () => {
    // If a key that changes the profile store or the market scan were tagged 'set', the shared pass would
    // use the base's value for it and this would differ from the set run alone.
    const keys = (Object.keys(PARAM_STAGES) as (keyof EngineParams)[]).filter((k) => PARAM_STAGES[k] === 'set');
    let checked = 0;
    for (const key of keys) {
      const v = perturbed(key);
      if (v === undefined) continue;
      const other = parseParams({ ...base, [key]: v });
      const [, shared] = walkForwardMany(tape, [base, other]);
      expect(JSON.stringify(shared!.rows), key).toBe(JSON.stringify(walkForward(tape, other).rows));
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('models sharing one interleaved weight cache (a lane each) get the weights of models with caches of their own', () => {
    const sets = [defaultParams, parseParams({ priorStrength: 2 }), parseParams({ trustThreshold: 0.5 })];
    const store = new ProfileStore(tape, defaultParams);
    const bank = new WeightCacheBank(store.slotOfKey.length, sets.length);
    const shared = sets.map((p, lane) => new TrustModel(tape, p, store, { cache: bank, lane }));
    const alone = sets.map((p) => new TrustModel(tape, p));
    let compared = 0;
    // Twice: once growing the store, so cached entries must be recomputed per lane as wallets change.
    for (const t of [world.now - 40 * 86_400_000, world.now]) {
      store.advanceTo(t);
      for (const m of alone) m.advanceTo(t);
      for (let w = 0; w < tape.walletIds.length; w += 2) {
        for (const [c, h] of [[-1, -1], [0, -1], [-1, 1], [1, 0]] as const) {
          shared.forEach((model, i) => {
            const ks = model.weightKey(w, c, h);
            const ka = alone[i]!.weightKey(w, c, h);
            expect(model.weightAt(ks)).toBe(alone[i]!.weightAt(ka));
            expect(model.uncertaintyAt(ks)).toBe(alone[i]!.uncertaintyAt(ka));
            expect(model.levelAt(ks)).toBe(alone[i]!.levelAt(ka));
            expect(model.posteriorAt(ks)).toBe(alone[i]!.posteriorAt(ka));
            compared++;
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(() => new TrustModel(tape, defaultParams, store, { cache: bank, lane: 3 })).toThrow(RangeError);
  });

  it('the hot-path weight (weightKey) is the full lookup (lookupGroup), level and all', () => {
    const model = new TrustModel(tape, defaultParams);
    model.advanceTo(world.now);
    for (let w = 0; w < tape.walletIds.length; w += 3) {
      for (const [c, h] of [[-1, -1], [0, -1], [-1, 1], [1, 0]] as const) {
        const key = model.weightKey(w, c, h);
        const full = model.lookupGroup(w, c, h);
        expect(model.weightAt(key)).toBe(full.weight);
        expect(model.uncertaintyAt(key)).toBe(full.uncertainty);
        expect(TrustModel.LEVELS[model.levelAt(key)]).toBe(full.level);
        expect(model.supportOfLevelAt(key)).toBe(full.n_resolved);
        expect(model.posteriorAt(key)).toBe(full.skill_posterior);
      }
    }
  });
});
