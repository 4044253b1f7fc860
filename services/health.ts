import type { Database } from 'better-sqlite3';
import { StatsRepo } from '../store/statsRepo.ts';

/** Liveness with the store's schema version and row counts (GET /health). */
export function health(db: Database) {
  const stats = new StatsRepo(db);
  return { status: 'ok' as const, schema_version: stats.schemaVersion(), counts: stats.counts() };
}
