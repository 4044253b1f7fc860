import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { joinMarkouts, markoutColumns, markoutsOfMarkets, type MarkoutTape, type Markouts } from '../engine/markouts.ts';
import type { EngineParams } from '../engine/params.ts';
import type { Tape } from '../engine/tape.ts';
import type { Database } from 'better-sqlite3';
import { loadTape } from '../store/tapeLoader.ts';
import { tradeCountBound } from '../store/tapeFile.ts';

/** From this many trades on, a pipeline or backtest computes the markouts on two threads (~0.35 s per million trades on one). */
export const PARALLEL_MARKOUTS_MIN_TRADES = 4_000_000;

/**
 * A second thread for a tape's markouts (engine/markouts.ts), started before the tape loads so its
 * start-up (~0.5 s: TypeScript compiled in the thread) is over by the time the tape is there. Then
 * `compute` splits the markets in two halves by trades: this thread computes the first, the worker
 * the second, into shared columns, and the parts join into exactly computeMarkouts' result (same
 * values, same cluster numbering). The engine stays single-threaded and pure: it receives the
 * markouts (ProfileStore's `markouts`). Falls back to this thread alone when the tape's columns are
 * not in shared memory, the worker fails, or the machine has one core.
 */
export class MarkoutsHelper {
  private readonly worker: Worker;
  private failed = false;

  private constructor() {
    this.worker = new Worker(new URL('../domain/tsWorker.mjs', import.meta.url), {
      workerData: { module: new URL('../services/markoutsWorker.ts', import.meta.url).href },
    });
    this.worker.unref();
    const gone = () => {
      this.failed = true;
    };
    this.worker.on('error', gone);
    this.worker.on('exit', gone);
  }

  /** A helper when `trades` (the store's trade count, or an upper bound) is worth a second thread here; null otherwise. */
  static startFor(trades: number): MarkoutsHelper | null {
    return trades >= PARALLEL_MARKOUTS_MIN_TRADES && availableParallelism() >= 2 ? MarkoutsHelper.start() : null;
  }

  /** A helper whatever the size (tests). */
  static start(): MarkoutsHelper {
    return new MarkoutsHelper();
  }

  /** The tape's markouts for `params` (undefined when they use none: markoutHours 0). */
  async compute(tape: Tape, params: EngineParams): Promise<Markouts | undefined> {
    if (!(params.markoutHours > 0)) return undefined;
    const { markoutHours: hours, skillReference: reference } = params;
    const big = [tape.ts, tape.wallet, tape.dir, tape.yesPrice, tape.size, tape.byMarket];
    if (this.failed || !big.every((a) => a.buffer instanceof SharedArrayBuffer)) return undefined; // the engine computes them
    const { value, cluster } = markoutColumns(tape.n, (bytes) => new SharedArrayBuffer(bytes));
    const M = tape.marketIds.length;
    // The first market whose fills start past half of the trades.
    let split = 0;
    while (split < M && tape.marketStart[split]! < tape.n / 2) split++;
    const marketStart = new Int32Array(new SharedArrayBuffer(tape.marketStart.byteLength));
    marketStart.set(tape.marketStart);
    const shared: MarkoutTape = {
      ts: tape.ts, wallet: tape.wallet, dir: tape.dir, yesPrice: tape.yesPrice, size: tape.size, byMarket: tape.byMarket, marketStart,
      walletIds: { length: tape.walletIds.length },
    };
    const high = new Promise<number | null>((resolve) => {
      const done = (n: number | null) => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onError);
        resolve(n);
      };
      const onMessage = (m: { clusters?: number; error?: string }) => done(m.error === undefined && typeof m.clusters === 'number' ? m.clusters : null);
      const onError = () => done(null);
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onError);
      this.worker.ref();
      this.worker.postMessage({ tape: shared, hours, reference, from: split, to: M, value, cluster });
    });
    const low = markoutsOfMarkets(tape, hours, reference, 0, split, value, cluster);
    let highClusters = await high;
    this.worker.unref();
    if (highClusters === null) {
      // The worker failed: its half here. Whatever it wrote are the same values, and every fill's cluster is written again.
      this.failed = true;
      highClusters = markoutsOfMarkets(tape, hours, reference, split, M, value, cluster);
    }
    return joinMarkouts(tape, hours, reference, split, value, cluster, low, highClusters);
  }

  /** Stops the worker. */
  close(): void {
    void this.worker.terminate();
  }
}

/**
 * The tape (`given`, else loaded from the store) and its markouts for `params`, computed on two
 * threads when the store is big enough (MarkoutsHelper; undefined markouts: the engine computes them).
 * `onLoaded` runs between the load and the markouts (progress).
 */
export async function loadTapeWithMarkouts(db: Database, params: EngineParams, given?: Tape, onLoaded?: () => void): Promise<{ tape: Tape; markouts: Markouts | undefined }> {
  // Started before the load, so the worker's start-up overlaps it.
  const helper = MarkoutsHelper.startFor(given ? given.n : tradeCountBound(db));
  try {
    const tape = given ?? loadTape(db);
    onLoaded?.();
    return { tape, markouts: await helper?.compute(tape, params) };
  } finally {
    helper?.close();
  }
}
