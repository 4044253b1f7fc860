import { parentPort, workerData } from 'node:worker_threads';
import type { EngineParams } from '../engine/params.ts';
import { runSweep } from '../engine/sweep.ts';
import { openDatabase } from '../store/db.ts';
import { loadTape } from '../store/tapeLoader.ts';

/** Runs its share of a sweep: loads the tape once from the database, backtests its sets (grouped passes), posts results by index. */
const { dbPath, sets } = workerData as { dbPath: string; sets: { i: number; params: EngineParams }[] };
const db = openDatabase(dbPath, { readonly: true });
const tape = loadTape(db);
db.close();
runSweep(tape, sets.map((s) => s.params)).forEach((result, j) => parentPort!.postMessage({ i: sets[j]!.i, result }));
parentPort!.postMessage({ done: true });
