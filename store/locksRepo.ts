import type { Database, Statement } from 'better-sqlite3';

export interface LockRow {
  name: string;
  holder: string;
  pid: number;
  host: string;
  acquired_at: number;
  heartbeat_at: number;
}

/** Repository of `worker_locks`: an exclusive, recoverable lock per name. */
export class LocksRepo {
  private readonly getStmt: Statement;
  private readonly putStmt: Statement;
  private readonly beatStmt: Statement;
  private readonly delStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare(`SELECT * FROM worker_locks WHERE name = ?`);
    this.putStmt = db.prepare(
      `INSERT INTO worker_locks (name, holder, pid, host, acquired_at, heartbeat_at) VALUES (@name, @holder, @pid, @host, @now, @now)
       ON CONFLICT(name) DO UPDATE SET holder = @holder, pid = @pid, host = @host, acquired_at = @now, heartbeat_at = @now`,
    );
    this.beatStmt = db.prepare(`UPDATE worker_locks SET heartbeat_at = ? WHERE name = ? AND holder = ?`);
    this.delStmt = db.prepare(`DELETE FROM worker_locks WHERE name = ? AND holder = ?`);
  }

  get(name: string): LockRow | undefined {
    return this.getStmt.get(name) as LockRow | undefined;
  }

  /**
   * Takes the lock unless someone else holds it and `isStale(row)` says they are still alive.
   * Atomic (an IMMEDIATE transaction). Returns null on success, or the current holder.
   */
  acquire(name: string, me: { pid: number; host: string }, now: number, isStale: (row: LockRow) => boolean): LockRow | null {
    const holder = `${me.pid}@${me.host}`;
    return this.db.transaction(() => {
      const row = this.get(name);
      if (row && row.holder !== holder && !isStale(row)) return row;
      this.putStmt.run({ name, holder, pid: me.pid, host: me.host, now });
      return null;
    }).immediate();
  }

  /** Refreshes the heartbeat; false when the lock is no longer ours. */
  heartbeat(name: string, me: { pid: number; host: string }, now: number): boolean {
    return this.beatStmt.run(now, name, `${me.pid}@${me.host}`).changes === 1;
  }

  release(name: string, me: { pid: number; host: string }): void {
    this.delStmt.run(name, `${me.pid}@${me.host}`);
  }
}
