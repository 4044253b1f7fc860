import type { ProfileLevel } from '../engine/types.ts';

/** The stored explanation of a trust weight: the profile level used and the fallback chain tried. */
export interface WeightDetail {
  level: ProfileLevel;
  level_n_resolved: number;
  chain: { level: ProfileLevel; n_resolved: number; used: boolean }[];
}

/** The fallback chain's levels in order (engine/weights.ts LEVELS); the prior is index 4. */
const CHAIN: readonly ProfileLevel[] = ['category×horizon', 'category', 'horizon', 'global', 'prior'];
const PRIOR = 4;

/**
 * `wallet_weights.detail_json`, compact: "u|n0|n1|n2|n3" — the used level's index in the chain
 * (4 = the prior) and the resolved-market support of category×horizon, category, horizon and
 * global. ~12 bytes instead of ~280 of JSON per row (a pipeline stores one row per wallet and
 * profile, 392k at 12.5M trades). Everything the JSON held is derived from it: see decodeWeightDetail.
 */
export function encodeWeightDetail(usedIndex: number, support: readonly number[]): string {
  return `${usedIndex}|${support[0]}|${support[1]}|${support[2]}|${support[3]}`;
}

/**
 * Reads `detail_json` in either form: the compact one above, or the JSON object
 * { level, level_n_resolved, chain } stores written before 2026-11-28 hold. Null for null.
 * @throws SyntaxError on text that is neither.
 */
export function decodeWeightDetail(text: string | null): WeightDetail | null {
  if (text === null) return null;
  if (text.startsWith('{')) return JSON.parse(text) as WeightDetail;
  const parts = text.split('|');
  const used = Number(parts[0]);
  const sup = parts.slice(1).map(Number);
  if (parts.length !== 5 || !Number.isInteger(used) || used < 0 || used > PRIOR || sup.some((n) => !Number.isFinite(n))) {
    throw new SyntaxError(`wallet weight detail "${text}" is neither "u|n0|n1|n2|n3" nor JSON`);
  }
  const chain = sup.map((n, i) => ({ level: CHAIN[i]!, n_resolved: n, used: i === used }));
  if (used === PRIOR) chain.push({ level: 'prior', n_resolved: 0, used: true });
  return { level: CHAIN[used]!, level_n_resolved: used === PRIOR ? 0 : sup[used]!, chain };
}
