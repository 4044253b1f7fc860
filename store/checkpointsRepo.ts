import type { Database, Statement } from 'better-sqlite3';

/** Repository of `ingestion_checkpoints`: one cursor per (source, key), e.g. per market. */
export class CheckpointsRepo {
  private readonly getStmt: Statement;
  private readonly advanceStmt: Statement;
  private readonly listStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare(`SELECT last_ts FROM ingestion_checkpoints WHERE source = ? AND key = ?`).pluck();
    // A checkpoint only moves forward.
    this.advanceStmt = db.prepare(
      `INSERT INTO ingestion_checkpoints (source, key, last_ts, metadata_json, updated_at) VALUES (@source, @key, @last_ts, @meta, @now)
       ON CONFLICT(source, key) DO UPDATE SET last_ts = max(coalesce(last_ts, 0), @last_ts), metadata_json = coalesce(@meta, metadata_json), updated_at = @now`,
    );
    this.listStmt = db.prepare(`SELECT source, key, last_ts, metadata_json, updated_at FROM ingestion_checkpoints WHERE source = ? ORDER BY key`);
  }

  /** The newest covered instant (epoch ms), or null. */
  get(source: string, key: string): number | null {
    return (this.getStmt.get(source, key) as number | undefined) ?? null;
  }

  /** Moves a checkpoint forward to `lastTs` (never back). Call inside the transaction that wrote the data it covers. */
  advance(source: string, key: string, lastTs: number, now: number, meta: unknown = null): void {
    this.advanceStmt.run({ source, key, last_ts: lastTs, meta: meta == null ? null : JSON.stringify(meta), now });
  }

  list(source: string): { source: string; key: string; last_ts: number | null; metadata_json: string | null; updated_at: number }[] {
    return this.listStmt.all(source) as { source: string; key: string; last_ts: number | null; metadata_json: string | null; updated_at: number }[];
  }
}
