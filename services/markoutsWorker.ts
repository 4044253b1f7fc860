// Worker thread of services/markoutsInParallel.ts: computes the markouts of one range of markets
// into shared columns (engine/markouts.ts markoutsOfMarkets) and replies with the clusters it opened.
import { parentPort } from 'node:worker_threads';
import { markoutsOfMarkets, type MarkoutTape } from '../engine/markouts.ts';

/** One job: the tape's columns (shared memory), the markets [from, to), the output columns. */
export interface MarkoutsJob {
  tape: MarkoutTape;
  hours: number;
  reference: 'prior' | 'fill';
  from: number;
  to: number;
  value: Float32Array;
  cluster: Int32Array;
}

parentPort!.on('message', (job: MarkoutsJob) => {
  try {
    parentPort!.postMessage({ clusters: markoutsOfMarkets(job.tape, job.hours, job.reference, job.from, job.to, job.value, job.cluster) });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
