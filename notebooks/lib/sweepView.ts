/**
 * Turning a parameter grid and its sweep results into what notebook 02 draws: one row per
 * parameter set labelled by its grid values, heatmap panels (first grid key across, second down,
 * one panel per combination of the others), and a plain statement when panels are identical.
 * Pure; works for any grid keys and values.
 */
import { gridParams, paramsHash, parseParams, type EngineParams, type EngineParamsInput, type ParamGrid, type SweepResult } from '../../engine/index.ts';

/** A grid as a notebook writes it: values per engine parameter key. */
export type Grid = Record<string, readonly (number | readonly number[])[]>;

/** How a grid value is printed (arrays such as horizon edges as JSON). */
const label = (v: unknown): string => (Array.isArray(v) ? JSON.stringify(v) : String(v));

/** The parameter sets a sweep of `grid` over `base` runs, in the server's order (the last key varies fastest). @throws InvalidParamsError naming a bad key or value. */
export function gridSets(base: EngineParamsInput, grid: Grid): EngineParams[] {
  return gridParams(base, grid as ParamGrid);
}

/** The defaults with `base` applied: the reference set a sweep is compared against. */
export function baseSet(base: EngineParamsInput): EngineParams {
  return parseParams(base);
}

export interface SweepRow {
  /** The grid values of this set, printed, by grid key. */
  values: Record<string, string>;
  params_hash: string;
  /** Mean Brier difference SmartCrowd − market with its 95% CI (negative: SmartCrowd better). */
  diff: number;
  ci_lo: number;
  ci_hi: number;
  /** The same for the market-anchored blend. */
  blend_diff: number;
  blend_k: number;
  smartcrowd_brier: number;
  market_brier: number;
  n_markets: number;
  /** Markets without a SmartCrowd value (too few eligible wallets): excluded from its scores. */
  n_smartcrowd_null: number;
  /** "+0.0123\n[-0.002, 0.031]": the cell text of a heatmap. */
  cell: string;
}

/**
 * One row per parameter set: `results[i]` must be the sweep result of `sets[i]` (checked by params
 * hash, so a mismatch between the local expansion and the server's fails loudly).
 */
export function sweepRows(grid: Grid, sets: readonly EngineParams[], results: readonly SweepResult[]): SweepRow[] {
  if (results.length < sets.length) throw new Error(`the sweep returned ${results.length} results for ${sets.length} parameter sets`);
  const keys = Object.keys(grid);
  return sets.map((set, i) => {
    const r = results[i]!;
    if (r.params_hash !== paramsHash(set)) throw new Error(`sweep result ${i} is for another parameter set (${r.params_hash} ≠ ${paramsHash(set)})`);
    const d = r.diff_brier_smartcrowd_minus_market;
    return {
      values: Object.fromEntries(keys.map((k) => [k, label(set[k as keyof EngineParams])])),
      params_hash: r.params_hash,
      diff: d.mean,
      ci_lo: d.ci95[0],
      ci_hi: d.ci95[1],
      blend_diff: r.diff_brier_blend_minus_market.mean,
      blend_k: r.blend_k,
      smartcrowd_brier: r.scores.smartcrowd.brier,
      market_brier: r.scores.market.brier,
      n_markets: r.n_markets,
      n_smartcrowd_null: r.n_smartcrowd_null,
      cell: `${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(4)}\n[${d.ci95[0].toFixed(3)}, ${d.ci95[1].toFixed(3)}]`,
    };
  });
}

/** One heatmap: rows with `x`/`y` axis labels, for one combination of the remaining grid keys. */
export interface Panel {
  /** e.g. "minWallets = 20" ('' when the grid has at most two keys). */
  facet: string;
  x: string;
  y: string;
  rows: (SweepRow & { x: string; y: string })[];
}

/** Heatmap panels: the first grid key across, the second down ('—' when there is one key), one panel per combination of the rest, in grid order. */
export function sweepPanels(grid: Grid, rows: readonly SweepRow[]): Panel[] {
  const [xKey, yKey, ...rest] = Object.keys(grid);
  if (xKey === undefined) return [];
  const panels = new Map<string, Panel>();
  for (const r of rows) {
    const facet = rest.map((k) => `${k} = ${r.values[k]}`).join(', ');
    const p = panels.get(facet) ?? panels.set(facet, { facet, x: xKey, y: yKey ?? '—', rows: [] }).get(facet)!;
    p.rows.push({ ...r, x: r.values[xKey]!, y: yKey === undefined ? '—' : r.values[yKey]! });
  }
  return [...panels.values()];
}

/**
 * A sentence when two or more panels show exactly the same numbers (the facet parameters changed
 * no forecast on this data), saying which and, when nothing was left without a signal, why a
 * threshold like minWallets did not bind; null when every panel differs.
 */
export function identicalPanelsNote(panels: readonly Panel[]): string | null {
  const groups = new Map<string, Panel[]>();
  for (const p of panels) {
    const key = JSON.stringify(p.rows.map((r) => [r.x, r.y, r.diff, r.ci_lo, r.ci_hi, r.blend_diff, r.n_smartcrowd_null]));
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(p);
  }
  const same = [...groups.values()].filter((g) => g.length > 1);
  if (same.length === 0) return null;
  return same
    .map((g) => {
      const nulls = Math.max(...g.flatMap((p) => p.rows.map((r) => r.n_smartcrowd_null)));
      const why =
        nulls === 0
          ? ' No backtested market was left without a signal at any of these settings, so a wallet-count threshold among them never binds on this data.'
          : ' These values changed no scored forecast on this data.';
      return `The panels for ${g.map((p) => `**${p.facet}**`).join(' and ')} are identical.${why}`;
    })
    .join('\n\n');
}
