import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvRecordReader } from './csvRecords.ts';
import { FIRST_BATCH_ROWS, readHeader, TradeBatchProducer, type TradeBatch } from './csvBatches.ts';
import { CsvFileError } from './errors.ts';

/** Batches a worker may read ahead of the inserting thread. */
const IN_FLIGHT = 3;
/** Slots of the shared control array (see ingest/csvWorker.ts). */
const CONSUMED = 1;
const STOP = 2;
const READY = 3;
const GO = 4;

type WorkerMessage =
  | { type: 'batch'; batch: TradeBatch }
  | { type: 'done' }
  | { type: 'error'; message: string; fileError: { code: CsvFileError['code']; file: string } | null };

/**
 * The normalised batches of a trades file. This thread reads the file's beginning itself; with
 * `worker` (big files) a worker thread starts loading at once and, as soon as it is ready, takes
 * over at the next record boundary, reading and normalising the rest while this thread inserts —
 * so the worker's start-up is never waited for. The batches and rejections are the same either way
 * (each batch says which reader's interning tables it uses: `origin`). `close()` stops the worker.
 * A worker failure is rethrown by the iteration (a CsvFileError stays one), never left unhandled.
 */
export class TradeBatchSource implements AsyncIterable<TradeBatch> {
  private worker: Worker | null = null;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  private readonly start = new Float64Array(new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT));
  private readonly reader: CsvRecordReader;
  private readonly producer: TradeBatchProducer;
  private readonly queue: TradeBatch[] = [];
  private finished = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  /**
   * `handOffAfterRows`: with a worker, read at least this many data rows here, then wait for the
   * worker and hand over (tests use it to pin the split); default: hand over as soon as it is ready.
   */
  constructor(fd: number, private readonly path: string, private readonly opts: { batchSize: number; maxListed: number; worker: boolean; handOffAfterRows?: number }) {
    this.reader = new CsvRecordReader(fd, path);
    const header = readHeader(this.reader, 'trades', path);
    this.producer = new TradeBatchProducer(this.reader, header, path, opts.batchSize, opts.maxListed);
    if (!opts.worker) return;
    // '../<folder>/…', not './…': the same file from here and from the CLI bundle dist/cli.mjs (bin/bundle.mjs).
    const w = new Worker(new URL('../domain/tsWorker.mjs', import.meta.url), {
      workerData: {
        module: new URL('../ingest/csvWorker.ts', import.meta.url).href,
        fd, path, header: { ...header }, batchSize: opts.batchSize, ctrl: this.ctrl.buffer, start: this.start.buffer, inFlight: IN_FLIGHT,
      },
    });
    this.worker = w;
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'batch') this.queue.push(m.batch);
      else if (m.type === 'done') this.finished = true;
      else this.failure = m.fileError ? new CsvFileError(m.fileError.code, m.fileError.file, m.message) : new Error(`reading ${path}: ${m.message}`);
      this.signal();
    });
    w.on('error', (err) => {
      this.failure ??= err;
      this.signal();
    });
    w.on('exit', (code) => {
      if (!this.finished && code !== 0) this.failure ??= new Error(`the CSV reader thread for ${path} stopped (exit code ${code}) before the end of the file`);
      this.signal();
    });
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Hands the rest of the file to the worker if it is ready; true once it has it. */
  private handOff(rowsHere: number): boolean {
    if (!this.worker || this.producer.exhausted) return false;
    const pinned = this.opts.handOffAfterRows;
    if (pinned !== undefined) {
      if (rowsHere < pinned) return false;
      while (Atomics.load(this.ctrl, READY) !== 1 && this.failure === null) Atomics.wait(this.ctrl, READY, 0, 50);
    }
    if (Atomics.load(this.ctrl, READY) !== 1) return false;
    const at = this.reader.boundary();
    if (!at) return false;
    this.start[0] = at.byte;
    this.start[1] = at.records;
    this.start[2] = Math.max(0, this.opts.maxListed - this.producer.listed);
    Atomics.store(this.ctrl, GO, 1);
    Atomics.notify(this.ctrl, GO);
    return true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TradeBatch> {
    try {
      // This thread's share: until the worker is ready (or the file ends).
      let rowsHere = 0;
      while (!this.handOff(rowsHere)) {
        // Small batches while a worker is on its way, so it can take over soon after it is ready.
        const b = this.producer.next(this.worker ? FIRST_BATCH_ROWS : undefined);
        if (!b) return;
        rowsHere += b.rowsRead;
        b.origin = 0;
        yield b;
        await nextTurn(); // let the event loop breathe between batches
      }
      for (;;) {
        const b = this.queue.shift();
        if (b) {
          yield b;
          Atomics.add(this.ctrl, CONSUMED, 1);
          Atomics.notify(this.ctrl, CONSUMED);
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.finished) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.close();
    }
  }

  /** Stops the worker, if any (idempotent). */
  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, GO);
    Atomics.notify(this.ctrl, CONSUMED);
    await w.terminate();
  }
}
