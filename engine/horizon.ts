/**
 * Horizon buckets: how long before a market's end a wallet traded. With edges [24, 168, 720]
 * (hours) the buckets are <1d, 1d–7d, 7d–30d and ≥30d. Index `edges.length` is the last bucket.
 */

/** Bucket index of a lead time in hours (≥ 0); NaN lead → −1 (unknown horizon). */
export function horizonBucket(leadHours: number, edgesHours: readonly number[]): number {
  if (!Number.isFinite(leadHours)) return -1;
  for (let i = 0; i < edgesHours.length; i++) if (leadHours < edgesHours[i]!) return i;
  return edgesHours.length;
}

/** Human labels of the buckets, e.g. ['<1d', '1d-7d', '7d-30d', '>=30d']. */
export function horizonLabels(edgesHours: readonly number[]): string[] {
  const fmt = (h: number) => (h % 24 === 0 ? `${h / 24}d` : `${h}h`);
  const labels = [`<${fmt(edgesHours[0]!)}`];
  for (let i = 1; i < edgesHours.length; i++) labels.push(`${fmt(edgesHours[i - 1]!)}-${fmt(edgesHours[i]!)}`);
  labels.push(`>=${fmt(edgesHours[edgesHours.length - 1]!)}`);
  return labels;
}
