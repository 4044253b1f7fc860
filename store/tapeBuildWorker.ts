// Worker thread of store/tapePrebuild.ts: builds the store's tape on its own read-only connection
// and saves it beside the store (store/tapeLoader.ts loadTape), then reports how it went.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { loadTape } from './tapeLoader.ts';
import { tapeFileWritesSettled } from './tapeFile.ts';

const { path } = workerData as { path: string };
try {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // One thread: the thread that started this one is busy building the store's indexes.
    const tape = loadTape(db, { parallel: false, file: true });
    // A tape in shared memory (one refreshed from an older file) is saved by yet another thread: wait for it.
    await tapeFileWritesSettled();
    parentPort!.postMessage({ trades: tape.n });
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
