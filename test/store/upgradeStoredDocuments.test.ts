import { describe, expect, it } from 'vitest';
import { appRouter } from '../../rpc/router.ts';
import { createCallerFactory } from '../../rpc/trpc.ts';
import { LatencyRecorder } from '../../services/latency.ts';
import { TapeCache } from '../../services/tapeCache.ts';
import { silentLogger } from '../../services/logger.ts';
import { runPipeline } from '../../services/pipeline.ts';
import { runBacktest, storedBacktest } from '../../services/backtest.ts';
import { upgradeStoredReport } from '../../store/upgradeStoredDocuments.ts';
import { defaultParams } from '../../engine/params.ts';
import type { Database } from '../../store/db.ts';
import { openSmallWorld } from '../helpers/smallWorld.ts';

/**
 * Snapshots and backtest reports are stored whole as JSON. Those written before the untrusted-flow
 * feature have three evidence scales and no evidence_flow; a store that holds them must still serve
 * them (the output schemas now ask for four scales), as κ_f = 0 (what they used) and F = null.
 */
const callerFor = (db: Database) =>
  createCallerFactory(appRouter)({
    db, datasetsRoot: '/', tapes: new TapeCache(db), latency: new LatencyRecorder(null),
    upstream: { baseGamma: 'http://127.0.0.1:9', baseData: 'http://127.0.0.1:9' }, log: silentLogger(),
  });

/** A snapshot or row as the previous version stored it: no evidence_flow, scales [κ_d, κ_g, κ_c]. */
function asBefore(d: Record<string, unknown>): Record<string, unknown> {
  const { evidence_flow: _f, ...rest } = d;
  return { ...rest, evidence_scales: Array.isArray(d.evidence_scales) ? d.evidence_scales.slice(0, 3) : d.evidence_scales };
}

describe('documents stored before the untrusted-flow feature, the extra training rows and the blend gate', () => {
  it('a stored snapshot and a stored backtest report with three evidence scales are served in today\'s shape', async () => {
    const { db, asOf } = openSmallWorld();
    await runPipeline(db, { params: defaultParams, asOf });
    const report = await runBacktest(db, { params: defaultParams });
    // Rewrite what is stored the way the previous version wrote it.
    for (const s of db.prepare(`SELECT rowid, explanation_json FROM smartcrowd_snapshots`).all() as { rowid: number; explanation_json: string }[]) {
      db.prepare(`UPDATE smartcrowd_snapshots SET explanation_json = ? WHERE rowid = ?`).run(JSON.stringify(asBefore(JSON.parse(s.explanation_json))), s.rowid);
    }
    const doc = JSON.parse(db.prepare(`SELECT summary_json FROM backtest_reports WHERE run_id = ?`).pluck().get(report.run_id) as string);
    doc.evidence.scales = doc.evidence.scales.slice(0, 3);
    doc.evidence.scales_mean_over_rows = doc.evidence.scales_mean_over_rows.slice(0, 3);
    doc.rows = doc.rows.map(asBefore);
    // Nor did it know the parameters added since.
    delete doc.params.evidenceFlow;
    delete doc.params.evidenceTrainingLagsHours;
    delete doc.params.blendGate;
    db.prepare(`UPDATE backtest_reports SET summary_json = ? WHERE run_id = ?`).run(JSON.stringify(doc), report.run_id);

    const caller = callerFor(db);
    const market = await caller.markets.get({ market_id: 'mk25' });
    expect(market.snapshot).not.toBeNull();
    expect(market.snapshot!.evidence_flow).toBeNull();
    expect(market.snapshot!.evidence_scales).toHaveLength(4);
    expect(market.snapshot!.evidence_scales![3]).toBe(0);
    const stored = await caller.backtest.get({ run_id: report.run_id });
    expect(stored.evidence.scales).toEqual([...report.evidence.scales!.slice(0, 3), 0]);
    expect(stored.evidence.scales_mean_over_rows).toHaveLength(4);
    expect(stored.rows.every((r) => r.evidence_flow === null && r.evidence_scales!.length === 4 && r.evidence_scales![3] === 0)).toBe(true);
    // Its parameters say what it computed: no untrusted flow, no extra training rows, no blend gate.
    expect(stored.params).toMatchObject({ evidenceFlow: false, evidenceTrainingLagsHours: [], blendGate: false });
    // Documents in today's shape are served as stored.
    const fresh = await runBacktest(db, { params: defaultParams });
    expect(storedBacktest(db, fresh.run_id)).toEqual(fresh);
    expect(upgradeStoredReport(JSON.parse(db.prepare(`SELECT summary_json FROM backtest_reports WHERE run_id = ?`).pluck().get(fresh.run_id) as string)))
      .toEqual(JSON.parse(db.prepare(`SELECT summary_json FROM backtest_reports WHERE run_id = ?`).pluck().get(fresh.run_id) as string));
  });
});
