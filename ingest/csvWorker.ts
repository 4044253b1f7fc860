import { parentPort, workerData } from 'node:worker_threads';
import { CsvRecordReader } from './csvRecords.ts';
import { TradeBatchProducer, tradeBatchTransferList, type HeaderIndex } from './csvBatches.ts';
import { CsvFileError } from './errors.ts';

/*
 * Worker thread of a trades CSV ingest (started by ingest/tradeBatchSource.ts). Once its modules
 * are loaded it says so (`ctrl[READY]`) and waits for where to start: the inserting thread reads
 * the file's beginning itself meanwhile and hands over at a record boundary (`start`: byte offset,
 * records before it, rejections it may still list). From there it reads and normalises the rest
 * into batches and posts them, transferring their buffers. Flow control: at most `inFlight`
 * batches ahead of the inserting thread (`ctrl[POSTED]`, `ctrl[CONSUMED]`), so memory stays
 * bounded by a few batches whatever the file size; `ctrl[STOP]` = 1 stops it.
 */
const { fd, path, header, batchSize, ctrl, start, inFlight } = workerData as {
  fd: number; path: string; header: HeaderIndex; batchSize: number; ctrl: SharedArrayBuffer; start: SharedArrayBuffer; inFlight: number;
};
const POSTED = 0;
const CONSUMED = 1;
const STOP = 2;
const READY = 3;
const GO = 4;
const c = new Int32Array(ctrl);
const at = new Float64Array(start);
try {
  Atomics.store(c, READY, 1);
  while (Atomics.load(c, GO) === 0 && Atomics.load(c, STOP) === 0) Atomics.wait(c, GO, 0, 1000);
  if (Atomics.load(c, STOP) === 0) {
    const reader = new CsvRecordReader(fd, path, { byte: at[0]!, records: at[1]! });
    const producer = new TradeBatchProducer(reader, header, path, batchSize, at[2]!);
    let posted = 0;
    for (let b = producer.next(); b; b = producer.next()) {
      for (;;) {
        const consumed = Atomics.load(c, CONSUMED);
        if (Atomics.load(c, STOP) === 1 || posted - consumed < inFlight) break;
        Atomics.wait(c, CONSUMED, consumed, 1000);
      }
      if (Atomics.load(c, STOP) === 1) break;
      b.origin = 1;
      parentPort!.postMessage({ type: 'batch', batch: b }, tradeBatchTransferList(b));
      Atomics.store(c, POSTED, ++posted);
    }
  }
  parentPort!.postMessage({ type: 'done' });
} catch (err) {
  const e = err as Error;
  parentPort!.postMessage({
    type: 'error',
    message: e?.message ?? String(err),
    fileError: err instanceof CsvFileError ? { code: err.code, file: err.file } : null,
  });
}
