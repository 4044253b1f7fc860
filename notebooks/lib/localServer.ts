/**
 * A SmartCrowd server for one notebook session, run as a child Node process by `connect()` in
 * notebooks/lib/notebook.ts (the notebook's kernel never opens SQLite: Deno cannot load
 * better-sqlite3, and a client should not need to).
 *
 *   node --import tsx notebooks/lib/localServer.ts [--db FILE]
 *
 * Without --db it serves a private copy of the demo database (removed on exit). Prints one JSON
 * line `{"url": …, "database": …, "demo": bool}` on stdout once listening; progress goes to
 * stderr. Stops on SIGTERM/SIGINT, and when its stdin closes (the kernel that started it is gone).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../store/db.ts';
import { startServer } from '../../rpc/server.ts';
import { demoCopy } from './demoDatabase.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const i = process.argv.indexOf('--db');
  const given = i >= 0 ? process.argv[i + 1] : undefined;
  if (given !== undefined && !existsSync(given)) throw new Error(`no database at ${given} (give an existing SmartCrowd database, or none for the demo)`);
  const copy = given === undefined ? await demoCopy((m) => process.stderr.write(`${m}\n`)) : null;
  const database = given ?? copy!.path;
  const db = openDatabase(database);
  const server = await startServer({ db, port: 0, datasetsRoot: join(ROOT, 'datasets') });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().finally(() => {
      db.close();
      copy?.remove();
      process.exit(0);
    });
    // Open keep-alive sockets must not hold the exit back.
    server.server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Announce first (stdout to a pipe is asynchronous), then watch stdin.
  process.stdout.write(`${JSON.stringify({ url: server.url, database, demo: copy !== null })}\n`, () => {
    process.stdin.on('end', stop).on('close', stop).resume();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`smartcrowd notebook server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
