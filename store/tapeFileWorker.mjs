// Worker thread of store/tapeFile.ts writeTapeFileInBackground: writes a tape file's bytes — `head`,
// then each [shared buffer, byte offset, byte length] segment in order — to `tmp`, then renames it
// to `path` (atomic: readers see the old file or the whole new one). On any failure it removes
// `tmp` and writes nothing (the file is a cache). Plain JavaScript, so it starts in milliseconds.
import { workerData } from 'node:worker_threads';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const { path, tmp, head, segments } = workerData;
let fd = -1;
const writeAll = (bytes) => {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 30));
};
try {
  fd = openSync(tmp, 'w');
  writeAll(new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
  for (const [buffer, offset, length] of segments) writeAll(new Uint8Array(buffer, offset, length));
  closeSync(fd);
  fd = -1;
  renameSync(tmp, path);
} catch {
  if (fd >= 0) closeSync(fd);
  rmSync(tmp, { force: true });
}
