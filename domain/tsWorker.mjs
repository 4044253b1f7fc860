// Worker-thread entry that runs a TypeScript module: registers tsx's ESM hooks in this thread,
// then imports the module named by workerData.module (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
