import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { EngineParams } from '../engine/params.ts';
import { passGroups, type SweepResult } from '../engine/sweep.ts';

/**
 * A sweep across worker threads: each thread loads the tape from the database file once and
 * backtests a share of the pass groups (sets sharing a profile store stay together, balanced by
 * size); results come back in input order and are identical to the serial `runSweep`. Use for many sets on big data;
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
  // Largest groups first, each to the least loaded thread.
  const shares: { i: number; params: EngineParams }[][] = Array.from({ length: threads }, () => []);
  for (const g of passGroups(paramSets).sort((a, b) => b.length - a.length || a[0]! - b[0]!)) {
    const least = shares.reduce((best, s, t) => (s.length < shares[best]!.length ? t : best), 0);
    shares[least]!.push(...g.map((i) => ({ i, params: paramSets[i]! })));
  }
  await Promise.all(
    shares.filter((s) => s.length > 0).map(
      (sets) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL('../domain/tsWorker.mjs', import.meta.url), {
            workerData: { module: new URL('../services/sweepWorker.ts', import.meta.url).href, dbPath, sets },
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
