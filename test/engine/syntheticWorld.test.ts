import { describe, expect, it } from 'vitest';
import { DEMO_WORLD_OPTIONS, generateWorld } from '../../datasets/generator/index.ts';
import { buildTape, computeSnapshot, defaultParams, HOUR_MS, TrustModel } from '../../engine/index.ts';

// The bundled demo world (datasets/demo, seed 20250101): truth.json knows every wallet's kind and
// which markets a fresh whale pushed. The engine never sees the truth; these tests check what it found.
const world = generateWorld(DEMO_WORLD_OPTIONS);
const tape = buildTape(world);
const kindOf = (id: string) => world.truth.wallets[id]!.kind;

describe('the engine on the bundled synthetic world', () => {
  it('gives the highest trust weights mostly to the skilled specialists', () => {
    const model = new TrustModel(tape, defaultParams);
    model.advanceTo(world.now);
    const ranked = tape.walletIds
      .map((id, w) => ({ id, kind: kindOf(id), weight: model.lookupGroup(w, -1, -1).weight }))
      .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
    const top = ranked.slice(0, 20);
    const counts: Record<string, number> = {};
    for (const t of top) counts[t.kind] = (counts[t.kind] ?? 0) + 1;
    const skilledShare = tape.walletIds.filter((id) => kindOf(id) === 'skilled').length / tape.walletIds.length;
    console.log(`top-20 trust weights by wallet kind: ${JSON.stringify(counts)} (skilled are ${(skilledShare * 100).toFixed(1)}% of wallets)`);
    expect(counts.skilled ?? 0).toBeGreaterThan(10);
    expect(counts.whale ?? 0).toBe(0);
    expect(counts.wash ?? 0).toBe(0);
  });

  it('gives markets pushed by fresh whales a higher integrity risk than the median market', () => {
    const model = new TrustModel(tape, defaultParams);
    const cutoff = (m: number) => tape.marketEnd[m]! - defaultParams.cutoffHours * HOUR_MS;
    const resolved = tape.marketIds.map((_, m) => m).filter((m) => tape.outcome[m]! >= 0).sort((a, b) => cutoff(a) - cutoff(b) || a - b);
    const risks: { whale: boolean; risk: number }[] = [];
    for (const m of resolved) {
      model.advanceTo(cutoff(m) - defaultParams.purgeHours * HOUR_MS);
      const s = computeSnapshot(tape, model, m, cutoff(m), defaultParams);
      risks.push({ whale: world.truth.markets[tape.marketIds[m]!]!.whale !== null, risk: s.integrity_risk });
    }
    const sorted = risks.map((r) => r.risk).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const whale = risks.filter((r) => r.whale).map((r) => r.risk);
    const whaleMedian = [...whale].sort((a, b) => a - b)[Math.floor(whale.length / 2)]!;
    const above = whale.filter((r) => r > median).length;
    console.log(
      `integrity risk 12 h before the end: median of all ${risks.length} markets ${median.toFixed(3)}, ` +
        `median of the ${whale.length} whale-pushed ${whaleMedian.toFixed(3)}; ${above}/${whale.length} whale-pushed above the overall median`,
    );
    expect(whale.length).toBeGreaterThan(10);
    expect(whaleMedian).toBeGreaterThan(median);
    expect(above / whale.length).toBeGreaterThan(0.75);
  });
});
