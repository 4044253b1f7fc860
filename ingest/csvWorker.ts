import { parentPort, workerData } from 'node:worker_threads';
import { CsvRecordReader } from './csvRecords.ts';
import { readHeader, TradeBatchProducer, tradeBatchTransferList } from './csvBatches.ts';
import { CsvFileError } from './errors.ts';

/*
 * Worker thread of a trades CSV ingest (started by ingest/tradeBatchSource.ts): reads and
 * normalises the file into batches and posts them, transferring their buffers. Flow control: at
 * most IN_FLIGHT batches ahead of the inserting thread (`ctrl`: [0] posted, [1] consumed by the
 * inserter, [2] set to 1 to stop), so memory stays bounded by a few batches whatever the file size.
 */
const { fd, path, batchSize, maxListed, ctrl, inFlight } = workerData as {
  fd: number; path: string; batchSize: number; maxListed: number; ctrl: SharedArrayBuffer; inFlight: number;
};
const c = new Int32Array(ctrl);
try {
  const reader = new CsvRecordReader(fd, path);
  const producer = new TradeBatchProducer(reader, readHeader(reader, 'trades', path), path, batchSize, maxListed);
  let posted = 0;
  for (let b = producer.next(); b; b = producer.next()) {
    for (;;) {
      const consumed = Atomics.load(c, 1);
      if (Atomics.load(c, 2) === 1 || posted - consumed < inFlight) break;
      Atomics.wait(c, 1, consumed, 1000);
    }
    if (Atomics.load(c, 2) === 1) break;
    parentPort!.postMessage({ type: 'batch', batch: b }, tradeBatchTransferList(b));
    Atomics.store(c, 0, ++posted);
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
