// npm run fuzz [-- --seed N --cases N --session-cases N --workers N --max-seconds N --case I]
//
// Seeded, reproducible fuzzing of the push decoders (issue 8): `--cases` mutated and random
// frames (default 1,000,000) through FrameDecoder (as chunked and as one push) +
// decodePublishMessage + decodePublishPayload in worker threads, and `--session-cases`
// (default 50,000) through a real PushSession against a loopback socket server. No crash,
// no hang (per-case bound; a stuck worker is named by its exact case), memory bounded (RSS
// sampled every second against --rss-limit-mb), every rejection a PushMonitorError.
// Prints the seed first and how to replay any finding alone; exits 1 on any finding.

import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildCorpus } from './fuzzCorpus';
import { mergeTally, newTally, runDecoderCase, type DecoderTally, type Finding } from './fuzzDecoder';
import { CaseFactory } from './fuzzMutate';
import { runSessionFuzz, type SessionFuzzResult } from './fuzzSession';
import { randomSeed } from './prng';

/** Session cases are numbered from here, apart from decoder cases. */
export const SESSION_CASE_BASE = 1_000_000_000;

interface Options {
  seed: number;
  cases: number;
  sessionCases: number;
  workers: number;
  maxSeconds: number;
  slowMs: number;
  hangMs: number;
  rssLimitMb: number;
  only?: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    seed: randomSeed(),
    cases: 1_000_000,
    sessionCases: 50_000,
    workers: Math.max(1, os.availableParallelism()),
    maxSeconds: 1500,
    slowMs: 2000,
    hangMs: 30_000,
    rssLimitMb: 1024,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    const set = (k: keyof Options) => {
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a non-negative number`);
      (o as unknown as Record<string, number>)[k] = Math.floor(value);
      i += 1;
    };
    switch (flag) {
      case '--seed': set('seed'); break;
      case '--cases': set('cases'); break;
      case '--session-cases': set('sessionCases'); break;
      case '--workers': set('workers'); break;
      case '--max-seconds': set('maxSeconds'); break;
      case '--slow-ms': set('slowMs'); break;
      case '--hang-ms': set('hangMs'); break;
      case '--rss-limit-mb': set('rssLimitMb'); break;
      case '--case': set('only'); break;
      default: throw new Error(`unknown flag ${flag} (see the header of reliability/fuzz.ts)`);
    }
  }
  return o;
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

function replay(o: Options, f: Finding): string {
  return `npm run fuzz -- --seed ${o.seed} --case ${f.index}`;
}

/** One case, verbosely: what it is and what happened. */
function runOne(o: Options, index: number): number {
  const factory = new CaseFactory(o.seed, buildCorpus(o.seed));
  const c = factory.make(index);
  console.log(`case ${index} of seed ${o.seed}: ${c.recipe.join(' ')}`);
  console.log(`${c.bytes.length} bytes in chunks [${c.chunks.slice(0, 20).join(',')}${c.chunks.length > 20 ? ',…' : ''}], maxFrameLength ${c.maxFrameLength}, includeRaw ${c.includeRaw}`);
  console.log(`hex: ${c.bytes.subarray(0, 512).toString('hex')}${c.bytes.length > 512 ? '…' : ''}`);
  const tally = newTally();
  const f = runDecoderCase(c, tally, o.slowMs);
  console.log(JSON.stringify(tally));
  if (f) console.log(f);
  else console.log('no finding');
  return f ? 1 : 0;
}

interface Slot {
  from: number;
  to: number;
  worker?: Worker;
  lastIndex: number;
  lastChange: number;
  done: boolean;
}

async function decoderFuzz(o: Options, findings: Finding[], deadline: number): Promise<{ tally: DecoderTally; restarts: number }> {
  const tally = newTally();
  const n = Math.max(1, Math.min(o.workers, 64));
  const current = new Int32Array(new SharedArrayBuffer(4 * n));
  const slots: Slot[] = [];
  const per = Math.ceil(o.cases / n);
  for (let i = 0; i < n; i++) slots.push({ from: i * per, to: Math.min(o.cases, (i + 1) * per), lastIndex: -1, lastChange: Date.now(), done: false });
  let restarts = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const check = () => {
    if (slots.every((s) => s.done)) resolveAll();
  };
  const start = (i: number, from: number) => {
    const slot = slots[i];
    if (from >= slot.to || Date.now() > deadline) {
      slot.done = true;
      check();
      return;
    }
    Atomics.store(current, i, from);
    slot.lastIndex = from;
    slot.lastChange = Date.now();
    const w = new Worker(path.join(__dirname, 'workerBoot.mjs'), {
      workerData: { entry: pathToFileURL(path.join(__dirname, 'fuzzWorker.ts')).href, job: { seed: o.seed, from, to: slot.to, slowMs: o.slowMs, current: current.buffer, slot: i } },
      resourceLimits: { maxOldGenerationSizeMb: 1536 },
    });
    slot.worker = w;
    w.on('message', (m: { type: string; tally?: DecoderTally; finding?: Finding }) => {
      if (m.tally) mergeTally(tally, m.tally);
      if (m.finding) {
        findings.push(m.finding);
        console.log(`FINDING ${m.finding.kind} (decoder case ${m.finding.index}): ${m.finding.message}\n  recipe: ${m.finding.recipe}\n  replay: ${replay(o, m.finding)}`);
      }
      if (m.type === 'done') {
        slot.done = true;
        slot.worker = undefined;
        void w.terminate();
        check();
      }
    });
    w.on('error', (e) => {
      const at = Atomics.load(current, i);
      const f: Finding = { kind: /memory/i.test(e.message) ? 'memory' : 'crash', target: 'decoder', index: at, message: `worker died: ${e.message}`, recipe: '' };
      findings.push(f);
      console.log(`FINDING ${f.kind} (decoder case ${at}): ${f.message}\n  replay: ${replay(o, f)}`);
      restarts += 1;
      slot.worker = undefined;
      start(i, at + 1);
    });
  };
  for (let i = 0; i < n; i++) start(i, slots[i].from);
  const watchdog = setInterval(() => {
    for (let i = 0; i < n; i++) {
      const slot = slots[i];
      if (slot.done || !slot.worker) continue;
      const at = Atomics.load(current, i);
      if (at !== slot.lastIndex) {
        slot.lastIndex = at;
        slot.lastChange = Date.now();
      } else if (Date.now() - slot.lastChange > o.hangMs) {
        const f: Finding = { kind: 'hang', target: 'decoder', index: at, message: `no progress for ${o.hangMs} ms`, recipe: '' };
        findings.push(f);
        console.log(`FINDING hang (decoder case ${at}): ${f.message}\n  replay: ${replay(o, f)}`);
        const w = slot.worker;
        slot.worker = undefined;
        restarts += 1;
        void w.terminate().then(() => start(i, at + 1));
      }
      if (Date.now() > deadline && slot.worker) {
        const w = slot.worker;
        slot.worker = undefined;
        slot.done = true;
        void w.terminate().then(check);
      }
    }
  }, 1000);
  await all;
  clearInterval(watchdog);
  return { tally, restarts };
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (o.only !== undefined) return runOne(o, o.only);
  const started = Date.now();
  const deadline = started + o.maxSeconds * 1000;
  console.log(`fuzz: seed ${o.seed} (repeat with: npm run fuzz -- --seed ${o.seed})`);
  console.log(`fuzz: ${o.cases} decoder cases on ${o.workers} worker thread(s), ${o.sessionCases} session cases, bound ${o.maxSeconds} s, slow case > ${o.slowMs} ms, hang > ${o.hangMs} ms, RSS limit ${o.rssLimitMb} MB`);
  const corpus = buildCorpus(o.seed);
  console.log(`fuzz: corpus of ${corpus.length} valid frames (§5 vectors, simulator-made PublishMessages JSON/XML × zlib/none × 1–20 events, handshake and ack frames)`);

  const findings: Finding[] = [];
  let maxRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    maxRss = Math.max(maxRss, rss);
    if (rss > o.rssLimitMb * 1048576 && !findings.some((f) => f.kind === 'memory' && f.index === -1)) {
      findings.push({ kind: 'memory', target: 'decoder', index: -1, message: `RSS ${mb(rss)} above the ${o.rssLimitMb} MB bound`, recipe: '' });
      console.log(`FINDING memory: RSS ${mb(rss)} above the bound`);
    }
  }, 1000);
  let lastReport = Date.now();
  const progress = setInterval(() => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    console.log(`fuzz: ${((Date.now() - started) / 1000).toFixed(0)} s, RSS ${mb(process.memoryUsage().rss)} (max ${mb(maxRss)}), findings ${findings.length}`);
  }, 1000);

  const factory = new CaseFactory(o.seed, corpus);
  const [dec, ses] = await Promise.all([
    decoderFuzz(o, findings, deadline),
    o.sessionCases > 0
      ? runSessionFuzz({ factory, from: SESSION_CASE_BASE, cases: o.sessionCases, deadlineMs: deadline - Date.now(), perCaseMs: Math.min(o.hangMs, 10_000) })
      : Promise.resolve<SessionFuzzResult | undefined>(undefined),
  ]);
  clearInterval(rssTimer);
  clearInterval(progress);
  for (const f of ses?.findings ?? []) {
    findings.push(f);
    console.log(`FINDING ${f.kind} (session case ${f.index}): ${f.message}\n  recipe: ${f.recipe}`);
  }
  const secs = (Date.now() - started) / 1000;
  const t = dec.tally;
  console.log('');
  console.log(`fuzz summary (seed ${o.seed}, ${secs.toFixed(0)} s, max RSS ${mb(maxRss)})`);
  console.log(`  decoder: ${t.cases} cases, ${t.frames} frames framed, ${t.publish} PublishMessages decoded, ${t.events} events; rejections ${JSON.stringify(t.rejections)}; slowest case ${t.slowestMs.toFixed(1)} ms (#${t.slowestIndex}); worker restarts ${dec.restarts}`);
  if (ses) {
    console.log(`  session: ${ses.cases} cases (${ses.handshakeCases} handshake) over ${ses.connections} connections and ${ses.sessions} sessions in ${(ses.ms / 1000).toFixed(0)} s; ${ses.reconnects} reconnects, ${ses.warnings} warnings, ${ses.events} events delivered, ${ses.sentinelsAcked} clean cases acked; failures ${JSON.stringify(ses.failures)}; open handles after stop: ${ses.leaked.length ? ses.leaked.join(', ') : 'baseline'}`);
  }
  const total = t.cases + (ses?.cases ?? 0);
  if (t.cases < o.cases || (ses && ses.cases < o.sessionCases)) console.log(`  stopped at the time bound: ${total} of ${o.cases + o.sessionCases} cases run`);
  console.log(`  findings: ${findings.length}${findings.length ? ` (${[...new Set(findings.map((f) => f.kind))].join(', ')})` : ''}`);
  return findings.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(2);
  },
);
