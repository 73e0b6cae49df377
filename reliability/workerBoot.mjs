// Worker threads do not inherit `--import tsx`: register tsx in the worker, then load the
// TypeScript entry named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
