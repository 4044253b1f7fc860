import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { DatabaseTooNewError, MigrationError } from './errors.ts';

/** One numbered schema step: `store/migrations/NNNN-name.sql` becomes version NNNN. */
export interface Migration {
  version: number;
  file: string;
  sql: string;
}

// '../<folder>/…', not './…': the same file from here and from the CLI bundle dist/cli.mjs (bin/bundle.mjs).
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'store', 'migrations');

/** The ordered list of migrations shipped with the code (versions 1..N, no gaps). */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f))
    .sort();
  const list = files.map((file) => ({
    version: Number(file.slice(0, 4)),
    file,
    sql: readFileSync(join(dir, file), 'utf8'),
  }));
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001.. without gaps; found ${m.file} at position ${i + 1}`);
  });
  return list;
}

/** The schema version this code writes. */
export function latestVersion(migrations: Migration[] = loadMigrations()): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/**
 * Brings `db` up to the latest version, each migration in its own transaction with its
 * `user_version` bump, so a crash leaves the file at a whole version.
 * @throws DatabaseTooNewError when the file is newer than the code.
 * @returns the versions applied, in order.
 */
export function migrate(db: Database, path: string, migrations: Migration[] = loadMigrations(), upTo?: number): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) throw new DatabaseTooNewError(path, current, latest);
  const target = upTo ?? latest;
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      throw new MigrationError(m.version, m.file, err);
    }
    applied.push(m.version);
  }
  return applied;
}
