/**
 * Per-wallet arrays of one snapshot, grown on demand (the hot loop allocates nothing). Owned by a
 * TrustModel (`model.scratch`), so each model scores with its own and nothing is module state.
 */
export class SnapshotScratch {
  belief = new Float64Array(64);
  conf = new Float64Array(64);
  weight = new Float64Array(64);
  unc = new Float64Array(64);
  anti = new Float64Array(64);
  ew = new Float64Array(64);
  key = new Int32Array(64);
  flags = new Uint8Array(64);
  cohort = new Int8Array(64);
  ensure(k: number): void {
    if (k <= this.belief.length) return;
    let cap = this.belief.length;
    while (cap < k) cap *= 2;
    this.belief = new Float64Array(cap); this.conf = new Float64Array(cap); this.weight = new Float64Array(cap);
    this.unc = new Float64Array(cap); this.anti = new Float64Array(cap); this.ew = new Float64Array(cap);
    this.key = new Int32Array(cap); this.flags = new Uint8Array(cap); this.cohort = new Int8Array(cap);
  }
}
