import type { Database } from 'better-sqlite3';
import { RunsRepo } from '../store/runsRepo.ts';

/**
 * Marks failed, with the reason, every run left `running` by a process that is gone (killed,
 * crashed); a server does it when it starts, and every new run does it too.
 * @returns the runs marked failed.
 */
export function failAbandonedRuns(db: Database): { run_id: string; kind: string }[] {
  return new RunsRepo(db).failAbandoned();
}
