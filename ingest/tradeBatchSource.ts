import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvRecordReader } from './csvRecords.ts';
import { readHeader, TradeBatchProducer, type TradeBatch } from './csvBatches.ts';
import { CsvFileError } from './errors.ts';

/** Batches a worker may read ahead of the inserting thread. */
const IN_FLIGHT = 3;

/**
 * The normalised batches of a trades file, read on this thread between inserts (small files) or
 * on a worker thread while this one inserts (`worker`: big files). Same batches either way.
 * Stopping the iteration early stops the worker. A worker failure is rethrown here (a
 * CsvFileError stays one), never left unhandled.
 */
export async function* tradeBatches(fd: number, path: string, opts: { batchSize: number; maxListed: number; worker: boolean }): AsyncGenerator<TradeBatch> {
  if (!opts.worker) {
    const reader = new CsvRecordReader(fd, path);
    const producer = new TradeBatchProducer(reader, readHeader(reader, 'trades', path), path, opts.batchSize, opts.maxListed);
    for (let b = producer.next(); b; b = producer.next()) {
      yield b;
      await nextTurn(); // let the event loop breathe between batches
    }
    return;
  }
  const ctrl = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const c = new Int32Array(ctrl);
  const worker = new Worker(new URL('../services/tsWorker.mjs', import.meta.url), {
    workerData: { module: new URL('./csvWorker.ts', import.meta.url).href, fd, path, batchSize: opts.batchSize, maxListed: opts.maxListed, ctrl, inFlight: IN_FLIGHT },
  });
  const queue: TradeBatch[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: { type: 'batch'; batch: TradeBatch } | { type: 'done' } | { type: 'error'; message: string; fileError: { code: CsvFileError['code']; file: string } | null }) => {
    if (m.type === 'batch') queue.push(m.batch);
    else if (m.type === 'done') finished = true;
    else failure = m.fileError ? new CsvFileError(m.fileError.code, m.fileError.file, m.message) : new Error(`reading ${path}: ${m.message}`);
    signal();
  });
  worker.on('error', (err) => {
    failure ??= err;
    signal();
  });
  worker.on('exit', (code) => {
    if (!finished && code !== 0) failure ??= new Error(`the CSV reader thread for ${path} stopped (exit code ${code}) before the end of the file`);
    signal();
  });
  try {
    for (;;) {
      const b = queue.shift();
      if (b) {
        yield b;
        Atomics.add(c, 1, 1);
        Atomics.notify(c, 1);
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    Atomics.store(c, 2, 1);
    Atomics.notify(c, 1);
    await worker.terminate();
  }
}
