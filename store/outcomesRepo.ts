import type { Database, Statement } from 'better-sqlite3';
import type { OutcomeRow } from './rows.ts';

export type OutcomeWrite = 'inserted' | 'updated' | 'unchanged';

/** Repository of `outcomes`: one row per resolved market. */
export class OutcomesRepo {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly allStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO outcomes (market_id, resolved_outcome, resolution_time, inferred, source)
       VALUES (@market_id, @resolved_outcome, @resolution_time, @inferred, @source) ON CONFLICT(market_id) DO NOTHING`,
    );
    this.updateStmt = db.prepare(
      `UPDATE outcomes SET resolved_outcome = @resolved_outcome, resolution_time = @resolution_time, inferred = @inferred, source = @source
       WHERE market_id = @market_id AND (resolved_outcome IS NOT @resolved_outcome OR resolution_time IS NOT @resolution_time OR inferred IS NOT @inferred)`,
    );
    this.allStmt = db.prepare(`SELECT * FROM outcomes ORDER BY market_id`);
  }

  /** Inserts or corrects a resolution. */
  upsert(row: OutcomeRow): OutcomeWrite {
    const params = {
      market_id: row.market_id,
      resolved_outcome: row.resolved_outcome,
      resolution_time: row.resolution_time,
      inferred: row.inferred ?? 0,
      source: row.source ?? 'csv',
    };
    if (this.insertStmt.run(params).changes === 1) return 'inserted';
    return this.updateStmt.run(params).changes === 1 ? 'updated' : 'unchanged';
  }

  all(): Required<OutcomeRow>[] {
    return this.allStmt.all() as Required<OutcomeRow>[];
  }
}
