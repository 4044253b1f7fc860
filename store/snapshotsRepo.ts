import type { Database, Statement } from 'better-sqlite3';
import type { Snapshot } from '../engine/types.ts';

/** Repository of `smartcrowd_snapshots`, keyed by (params_hash, as_of, market_id); the full snapshot is in explanation_json. */
export class SnapshotsRepo {
  private readonly del: Statement;
  private readonly ins: Statement;
  private readonly byRun: Statement;

  constructor(private readonly db: Database) {
    this.del = db.prepare(`DELETE FROM smartcrowd_snapshots WHERE params_hash = ? AND as_of = ?`);
    this.ins = db.prepare(
      `INSERT INTO smartcrowd_snapshots (params_hash, as_of, market_id, run_id, market_prob, smartcrowd_prob, divergence, disagreement,
         effective_n, integrity_risk, confidence, n_wallets, explanation_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byRun = db.prepare(`SELECT * FROM smartcrowd_snapshots WHERE run_id = ? ORDER BY market_id`);
  }

  /** Replaces every snapshot of (paramsHash, asOf) in one transaction. */
  replace(paramsHash: string, asOf: number, runId: string, snapshots: Iterable<Snapshot>): number {
    return this.db.transaction(() => {
      this.del.run(paramsHash, asOf);
      let n = 0;
      for (const s of snapshots) {
        this.ins.run(
          paramsHash, asOf, s.market_id, runId, s.market_prob, s.smartcrowd_prob, s.divergence, s.disagreement,
          s.effective_n, s.integrity_risk, s.confidence, s.n_wallets, JSON.stringify(s),
        );
        n++;
      }
      return n;
    })();
  }

  /** Snapshot rows written by one pipeline run, by market id. */
  listByRun(runId: string): Record<string, unknown>[] {
    return this.byRun.all(runId) as Record<string, unknown>[];
  }
}
