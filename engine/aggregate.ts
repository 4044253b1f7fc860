/** One wallet's input to the aggregate: a belief and its effective weight ew ≥ 0. */
export interface AggregateEntry {
  belief: number;
  ew: number;
}

export interface Aggregate {
  /** Σ ew·belief / Σ ew, or null when Σ ew = 0. */
  prob: number | null;
  totalWeight: number;
  /** Effective-weighted standard deviation of beliefs (0..0.5). */
  disagreement: number;
  /** Σ share², shares = ew/Σew (1/n .. 1); 1 when empty. */
  herfindahl: number;
  /** 1/Herfindahl: the number of equally weighted wallets with the same concentration. */
  effectiveN: number;
}

/**
 * The SmartCrowd aggregate: SmartCrowd = Σ ew_i·belief_i / Σ ew_i. Entries with ew = 0 do not
 * move it. Invariant to the order of entries up to float rounding. O(n).
 */
export function aggregateBeliefs(entries: readonly AggregateEntry[]): Aggregate {
  return aggregateArrays(
    Float64Array.from(entries, (e) => e.belief),
    Float64Array.from(entries, (e) => e.ew),
    entries.length,
  );
}

/** `aggregateBeliefs` over the first `k` slots of parallel arrays (allocation-free). */
export function aggregateArrays(belief: Float64Array, ew: Float64Array, k: number): Aggregate {
  let W = 0;
  let S = 0;
  for (let j = 0; j < k; j++) {
    W += ew[j]!;
    S += ew[j]! * belief[j]!;
  }
  if (!(W > 0)) return { prob: null, totalWeight: 0, disagreement: 0, herfindahl: 1, effectiveN: 0 };
  const prob = S / W;
  let V = 0;
  let H = 0;
  for (let j = 0; j < k; j++) {
    V += ew[j]! * (belief[j]! - prob) ** 2;
    H += (ew[j]! / W) ** 2;
  }
  return { prob: Math.min(1, Math.max(0, prob)), totalWeight: W, disagreement: Math.sqrt(V / W), herfindahl: H, effectiveN: 1 / H };
}
