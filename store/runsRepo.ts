import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database, Statement } from 'better-sqlite3';

import type { RunKind, RunStatus } from '../contracts/runs.ts';

export type { RunKind, RunStatus } from '../contracts/runs.ts';

export interface RunRow {
  run_id: string;
  kind: RunKind;
  status: RunStatus;
  started_at: number;
  finished_at: number | null;
  duration_ms: number | null;
  params_hash: string | null;
  params_json: string | null;
  as_of: number | null;
  progress: number;
  message: string | null;
  counts_json: string | null;
  error: string | null;
  /** The process that runs (ran) it: pid and host name (null for runs recorded before schema 4). */
  owner_pid: number | null;
  owner_host: string | null;
}

/** Runs this process has started and not finished (any connection, any database). */
const active = new Set<string>();
const HOST = hostname();

/** Whether a process with this id exists on this host (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that owns a running run is gone: this process without the run, or a dead pid on this host. */
function ownerGone(r: Pick<RunRow, 'run_id' | 'owner_pid' | 'owner_host'>): boolean {
  if (r.owner_pid == null || r.owner_host !== HOST) return false; // another host: cannot tell
  if (r.owner_pid === process.pid) return !active.has(r.run_id);
  return !processAlive(r.owner_pid);
}

/** Repository of `pipeline_runs`: every ingest, pipeline, backtest, sweep and sync cycle is a run. */
export class RunsRepo {
  private readonly startStmt: Statement;
  private readonly progressStmt: Statement;
  private readonly finishStmt: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly countStmt: Statement;
  private readonly latestStmt: Statement;
  private readonly runningStmt: Statement;
  private readonly abandonStmt: Statement;

  constructor(private readonly db: Database, private readonly now: () => number = Date.now) {
    this.startStmt = db.prepare(
      `INSERT INTO pipeline_runs (run_id, kind, status, started_at, params_hash, params_json, as_of, progress, message, owner_pid, owner_host)
       VALUES (?, ?, 'running', ?, ?, ?, ?, 0, ?, ?, ?)`,
    );
    this.runningStmt = db.prepare(`SELECT run_id, kind, owner_pid, owner_host FROM pipeline_runs WHERE status = 'running'`);
    this.abandonStmt = db.prepare(
      `UPDATE pipeline_runs SET status = 'failed', finished_at = @now, duration_ms = @now - started_at, error = @error WHERE run_id = @run_id AND status = 'running'`,
    );
    this.progressStmt = db.prepare(`UPDATE pipeline_runs SET progress = ?, message = ? WHERE run_id = ? AND status = 'running'`);
    this.finishStmt = db.prepare(
      `UPDATE pipeline_runs SET status = ?, finished_at = ?, duration_ms = ? - started_at, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
              counts_json = ?, error = ?, message = coalesce(?, message) WHERE run_id = ?`,
    );
    this.getStmt = db.prepare(`SELECT * FROM pipeline_runs WHERE run_id = ?`);
    this.latestStmt = db.prepare(
      `SELECT * FROM pipeline_runs WHERE kind = ? AND status = 'succeeded' ORDER BY finished_at DESC, run_id DESC LIMIT 1`,
    );
    this.listStmt = db.prepare(
      `SELECT * FROM pipeline_runs WHERE (@kind IS NULL OR kind = @kind) ORDER BY started_at DESC, run_id DESC LIMIT @limit OFFSET @offset`,
    );
    this.countStmt = db.prepare(`SELECT count(*) FROM pipeline_runs WHERE (@kind IS NULL OR kind = @kind)`).pluck();
  }

  /** Records a new running run and returns its id (a random UUID unless given). */
  start(
    kind: RunKind,
    opts: { paramsHash?: string | null; params?: unknown; asOf?: number | null; message?: string; runId?: string } = {},
  ): string {
    this.failAbandoned();
    const id = opts.runId ?? randomUUID();
    const paramsJson = opts.params === undefined ? null : JSON.stringify(opts.params);
    this.startStmt.run(id, kind, this.now(), opts.paramsHash ?? null, paramsJson, opts.asOf ?? null, opts.message ?? null, process.pid, HOST);
    active.add(id);
    return id;
  }

  /** Moves a running run's progress (0..1) with a human message. */
  progress(runId: string, fraction: number, message?: string): void {
    this.progressStmt.run(Math.max(0, Math.min(1, fraction)), message ?? null, runId);
  }

  /**
   * Marks failed every run left 'running' by a process that is gone (killed, crashed), with the
   * reason; runs of live processes and of other hosts are left alone. Called at every new run and
   * when the server starts. @returns the runs marked failed.
   */
  failAbandoned(): { run_id: string; kind: string }[] {
    const gone = (this.runningStmt.all() as Pick<RunRow, 'run_id' | 'kind' | 'owner_pid' | 'owner_host'>[]).filter(ownerGone);
    const t = this.now();
    for (const r of gone) {
      this.abandonStmt.run({
        run_id: r.run_id, now: t,
        error: `AbandonedRunError: process ${r.owner_pid} on ${r.owner_host} ended without finishing this run (killed or crashed)`,
      });
    }
    return gone.map((r) => ({ run_id: r.run_id, kind: r.kind }));
  }

  succeed(runId: string, counts: unknown = null, message?: string): void {
    active.delete(runId);
    const t = this.now();
    this.finishStmt.run('succeeded', t, t, 'succeeded', counts == null ? null : JSON.stringify(counts), null, message ?? null, runId);
  }

  fail(runId: string, error: unknown, counts: unknown = null): void {
    active.delete(runId);
    const t = this.now();
    const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.finishStmt.run('failed', t, t, 'failed', counts == null ? null : JSON.stringify(counts), msg, null, runId);
  }

  get(runId: string): RunRow | undefined {
    return this.getStmt.get(runId) as RunRow | undefined;
  }

  /** The most recent succeeded run of a kind (e.g. the pipeline run whose snapshots the screener shows). */
  latestSucceeded(kind: RunKind): RunRow | undefined {
    return this.latestStmt.get(kind) as RunRow | undefined;
  }

  /** Runs, newest first (of one kind, or all). */
  list(opts: { kind?: RunKind; limit?: number; offset?: number } = {}): RunRow[] {
    return this.listStmt.all({ kind: opts.kind ?? null, limit: opts.limit ?? 50, offset: opts.offset ?? 0 }) as RunRow[];
  }

  /** How many runs there are (of one kind, or all). */
  count(kind?: RunKind): number {
    return this.countStmt.get({ kind: kind ?? null }) as number;
  }

  /**
   * Runs `fn` as a recorded run: `running` first, then `succeeded` with its counts or `failed`
   * with the error (re-thrown). `fn` receives the run id and a progress callback, which records
   * the progress on the run and passes it on to `opts.onProgress` (a CLI's progress line, say).
   */
  async track<T>(
    kind: RunKind,
    fn: (runId: string, progress: (fraction: number, message?: string) => void) => Promise<T> | T,
    opts: { paramsHash?: string | null; params?: unknown; asOf?: number | null; counts?: (result: T) => unknown; runId?: string; onProgress?: (fraction: number, message: string) => void } = {},
  ): Promise<T> {
    const runId = this.start(kind, { paramsHash: opts.paramsHash ?? null, params: opts.params, asOf: opts.asOf, runId: opts.runId });
    try {
      const result = await fn(runId, (f, m) => {
        this.progress(runId, f, m);
        opts.onProgress?.(f, m ?? '');
      });
      this.succeed(runId, opts.counts ? opts.counts(result) : null);
      return result;
    } catch (err) {
      this.fail(runId, err);
      throw err;
    }
  }
}
