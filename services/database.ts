import { existsSync } from 'node:fs';
import { DatabaseNotFoundError } from '../domain/errors.ts';
import { openDatabase, type Database } from '../store/db.ts';

export type { Database } from '../store/db.ts';

/** Opens (creating and migrating if needed) the store at `path`: for the commands that create one (ingest, sync, demo). */
export function openStore(path: string): Database {
  return openDatabase(path);
}

/**
 * Opens a store that must already exist (commands that read or compute): a missing file is bad
 * usage naming the path, and nothing is created.
 * @throws DatabaseNotFoundError (exit 2)
 */
export function openExistingStore(path: string): Database {
  if (path !== ':memory:' && !existsSync(path)) throw new DatabaseNotFoundError(path);
  return openDatabase(path);
}
