/**
 * Stored JSON documents written before the untrusted-flow feature (2026-11-29): their evidence scales
 * have three entries [κ_d, κ_g, κ_c] and they have no `evidence_flow`. Read back, they take today's
 * shape: κ_f = 0 — what those computations used — and F = null (it was not computed); a report's
 * parameters gain the ones added since with the values that mean what it computed (PARAMS_BEFORE_THEM).
 * Documents in today's shape pass through unchanged. Snapshots and backtest reports are stored whole as JSON
 * (smartcrowd_snapshots.explanation_json, backtest_reports.summary_json), so this runs where they are
 * read, instead of a migration rewriting every stored document.
 */
type Doc = Record<string, unknown>;

/**
 * Parameters added since, with the value that means what the engine did before them (each was added
 * with that value keeping the old behaviour): a stored report's `params` lacks them, and the output
 * schema asks for every parameter. Filled in with these, the report states what it computed.
 */
const PARAMS_BEFORE_THEM: Readonly<Doc> = {
  blendGate: false,
  evidenceFlow: false,
  evidenceTrainingLagsHours: [],
};

const isDoc = (x: unknown): x is Doc => typeof x === 'object' && x !== null && !Array.isArray(x);
const padScales = (x: unknown) => (Array.isArray(x) && x.length === 3 ? [...x, 0] : x);

/** A snapshot or backtest row: scales padded with κ_f = 0, `evidence_flow` null where absent. */
function upgradeRowLike(d: Doc): Doc {
  if (!('evidence_scales' in d) || 'evidence_flow' in d) return d;
  const out: Doc = {};
  for (const [k, v] of Object.entries(d)) {
    if (k === 'evidence_scales') {
      out.evidence_flow = null;
      out[k] = padScales(v);
    } else out[k] = v;
  }
  return out;
}

/** A stored snapshot (explanation_json) in today's shape. */
export function upgradeStoredSnapshot(doc: unknown): unknown {
  return isDoc(doc) ? upgradeRowLike(doc) : doc;
}

/** A stored backtest report (summary_json) in today's shape: its evidence scales and every row's, and its parameters. */
export function upgradeStoredReport(doc: unknown): unknown {
  if (!isDoc(doc)) return doc;
  const out: Doc = { ...doc };
  if (isDoc(doc.params)) {
    const missing = Object.entries(PARAMS_BEFORE_THEM).filter(([k]) => !(k in (doc.params as Doc)));
    if (missing.length > 0) out.params = { ...doc.params, ...Object.fromEntries(missing) };
  }
  if (isDoc(doc.evidence)) out.evidence = { ...doc.evidence, scales: padScales(doc.evidence.scales), scales_mean_over_rows: padScales(doc.evidence.scales_mean_over_rows) };
  if (Array.isArray(doc.rows)) out.rows = doc.rows.map((r) => (isDoc(r) ? upgradeRowLike(r) : r));
  return out;
}
