import type { Database, Statement } from 'better-sqlite3';
import type { MarketRow } from './rows.ts';

export type MarketWrite = 'inserted' | 'updated' | 'unchanged';

/** Repository of `markets`; statements are prepared once per database handle. */
export class MarketsRepo {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly placeholderStmt: Statement;
  private readonly getStmt: Statement;
  private readonly allStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO markets (id, question, end_time, category, liquidity, resolution_source, condition_id, is_placeholder, source, raw_payload, updated_at)
       VALUES (@id, @question, @end_time, @category, @liquidity, @resolution_source, @condition_id, 0, @source, @raw_payload, @updated_at)
       ON CONFLICT(id) DO NOTHING`,
    );
    // Update only when something differs (or the row was a placeholder), so re-ingesting is a no-op.
    this.updateStmt = db.prepare(
      `UPDATE markets SET question = @question, end_time = @end_time, category = @category, liquidity = @liquidity,
              resolution_source = @resolution_source, condition_id = coalesce(@condition_id, condition_id),
              is_placeholder = 0, source = @source, raw_payload = coalesce(@raw_payload, raw_payload), updated_at = @updated_at
       WHERE id = @id AND (is_placeholder = 1 OR question IS NOT @question OR end_time IS NOT @end_time
              OR category IS NOT @category OR liquidity IS NOT @liquidity OR resolution_source IS NOT @resolution_source
              OR (@condition_id IS NOT NULL AND condition_id IS NOT @condition_id)
              OR (@raw_payload IS NOT NULL AND raw_payload IS NOT @raw_payload))`,
    );
    this.placeholderStmt = db.prepare(
      `INSERT INTO markets (id, is_placeholder, source, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT(id) DO NOTHING`,
    );
    this.getStmt = db.prepare(`SELECT * FROM markets WHERE id = ?`);
    this.allStmt = db.prepare(`SELECT * FROM markets ORDER BY id`);
  }

  /** Inserts or updates a real market (replacing a placeholder). `updatedAt` is epoch ms. */
  upsert(row: MarketRow, updatedAt: number): MarketWrite {
    const params = {
      id: row.id,
      question: row.question,
      end_time: row.end_time,
      category: row.category,
      liquidity: row.liquidity,
      resolution_source: row.resolution_source,
      condition_id: row.condition_id ?? null,
      source: row.source ?? 'csv',
      raw_payload: row.raw_payload ?? null,
      updated_at: updatedAt,
    };
    if (this.insertStmt.run(params).changes === 1) return 'inserted';
    return this.updateStmt.run(params).changes === 1 ? 'updated' : 'unchanged';
  }

  /** Creates a placeholder market for a trade whose market is unknown; true when one was created. */
  ensurePlaceholder(id: string, source: string, updatedAt: number): boolean {
    return this.placeholderStmt.run(id, source, updatedAt).changes === 1;
  }

  get(id: string): (MarketRow & { updated_at: number | null }) | undefined {
    return this.getStmt.get(id) as (MarketRow & { updated_at: number | null }) | undefined;
  }

  all(): MarketRow[] {
    return this.allStmt.all() as MarketRow[];
  }
}
