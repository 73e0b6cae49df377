// One decoder-fuzz worker: runs cases [from, to) of the seed, writing the index of the case
// in progress to shared memory (so the main thread can name a hanging case exactly) and
// posting findings at once and its tally every few thousand cases.

import { parentPort, workerData } from 'node:worker_threads';
import { buildCorpus } from './fuzzCorpus';
import { newTally, runDecoderCase } from './fuzzDecoder';
import { CaseFactory } from './fuzzMutate';

interface Job {
  seed: number;
  from: number;
  to: number;
  slowMs: number;
  current: SharedArrayBuffer;
  slot: number;
}

const job = workerData.job as Job;
const current = new Int32Array(job.current);
const factory = new CaseFactory(job.seed, buildCorpus(job.seed));
async function run(): Promise<void> {
  let tally = newTally();
  for (let i = job.from; i < job.to; i++) {
    Atomics.store(current, job.slot, i);
    const finding = runDecoderCase(factory.make(i), tally, job.slowMs);
    if (finding) parentPort?.postMessage({ type: 'finding', finding });
    // Yield now and then, as a socket reader does between chunks: a failed inflateSync frees
    // its zlib engine in a nextTick, so a loop that never yields would only measure that.
    if (i % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if ((i - job.from + 1) % 5000 === 0) {
      parentPort?.postMessage({ type: 'progress', tally });
      tally = newTally();
    }
  }
  parentPort?.postMessage({ type: 'done', tally });
}
void run();
