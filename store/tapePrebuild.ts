import { Worker } from 'node:worker_threads';

/** A tape being built and saved beside a store by another thread (startTapePrebuild). */
export interface TapePrebuild {
  /** Resolves when the thread is done: the trades in the saved tape, or null when it failed (the next load builds it then). Never rejects. */
  done(): Promise<number | null>;
}

/**
 * Starts building the tape of the store at `path` (a file) on another thread, with its own
 * read-only connection, and saving it to `<path>.tape` (store/tapeFile.ts) — what the first
 * pipeline or backtest on the store would otherwise do, ~1.2 µs per trade on its critical path.
 * Bulk ingests (ingest/csv.ts) run it while this thread rebuilds the trades' secondary indexes, which
 * takes longer, on the machine's other core. It reads one consistent snapshot, so it must start
 * after the data it should hold is committed; whatever is committed later makes the saved file
 * stale (its fingerprint no longer matches) and it is simply not used. Best effort: failures
 * only cost the next load its build.
 */
export function startTapePrebuild(path: string): TapePrebuild {
  // '../<folder>/…', not './…': the same files from here and from the CLI bundle dist/cli.mjs (bin/bundle.mjs).
  const worker = new Worker(new URL('../domain/tsWorker.mjs', import.meta.url), {
    workerData: { module: new URL('../store/tapeBuildWorker.ts', import.meta.url).href, path },
  });
  const result = new Promise<number | null>((resolve) => {
    worker.once('message', (m: { trades?: number; error?: string }) => resolve(typeof m.trades === 'number' ? m.trades : null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    async done() {
      const n = await result;
      await worker.terminate();
      return n;
    },
  };
}
