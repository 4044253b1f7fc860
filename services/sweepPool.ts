import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { EngineParams } from '../engine/params.ts';
import type { SweepResult } from '../engine/sweep.ts';

/**
 * A sweep across worker threads: each thread loads the tape from the database file once and
 * backtests an interleaved share of the parameter sets; results come back in input order and are
 * identical to the serial `runSweep` (the engine is deterministic). Use for many sets on big data;
 * for a handful of sets the serial sweep avoids loading the tape once per thread.
 */
export async function runSweepPool(
  dbPath: string,
  paramSets: readonly EngineParams[],
  opts: { threads?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SweepResult[]> {
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), paramSets.length));
  const results: SweepResult[] = new Array(paramSets.length);
  let done = 0;
  const shares = Array.from({ length: threads }, (_, t) => paramSets.map((params, i) => ({ i, params })).filter(({ i }) => i % threads === t));
  await Promise.all(
    shares.map(
      (sets) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL('./tsWorker.mjs', import.meta.url), {
            workerData: { module: new URL('./sweepWorker.ts', import.meta.url).href, dbPath, sets },
          });
          w.on('message', (m: { i?: number; result?: SweepResult; done?: boolean }) => {
            if (m.done) {
              void w.terminate();
              resolve();
            } else {
              results[m.i!] = m.result!;
              opts.onProgress?.(++done, paramSets.length);
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => (code !== 0 && code !== 1 ? reject(new Error(`sweep worker exited with code ${code}`)) : undefined));
        }),
    ),
  );
  return results;
}
