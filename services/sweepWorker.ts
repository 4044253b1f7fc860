import { parentPort, workerData } from 'node:worker_threads';
import type { EngineParams } from '../engine/params.ts';
import { sweepOne } from '../engine/sweep.ts';
import { openDatabase } from '../store/db.ts';
import { loadTape } from '../store/tapeLoader.ts';

/** Runs its share of a sweep: loads the tape once from the database, backtests each set, posts results by index. */
const { dbPath, sets } = workerData as { dbPath: string; sets: { i: number; params: EngineParams }[] };
const db = openDatabase(dbPath, { readonly: true });
const tape = loadTape(db);
db.close();
for (const { i, params } of sets) parentPort!.postMessage({ i, result: sweepOne(tape, params) });
parentPort!.postMessage({ done: true });
