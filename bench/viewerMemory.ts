// Measure 8 (issue 14 §4, first bullet): the event viewer's stores under all-day load,
// headless and in compressed time. The store is the subject, so no VS Code, socket or
// simulator process: each batch is a JSON push document built like the simulator's, decoded
// by the library (decodePublishPayload: fresh event objects, as a session makes them) and
// handed to a ViewerHub through a LiveSource, with one panel's FilteredView over the merged
// store synced ten times per simulated second (a visible panel), optionally with a text filter.
//
// Heap and RSS are read after global.gc() at the end of the warm-up and at the end; the
// difference is the growth the issue bounds. Not a test: nothing is asserted, the figures are
// printed (and, with --json, written as one JSON line for docs/benchmarks.md).
//
//   node --expose-gc --import tsx bench/viewerMemory.ts [--scenario filedata|datapoints|calibrate]
//     [--rate 1000] [--seconds 600] [--warmup-seconds 120] [--file-share 0.2] [--file-bytes 100000]
//     [--budget-mib 64] [--capacity 50000] [--filter text] [--paced] [--json]
//
//   --paced   real time: each batch waits for its moment (rate events/s), so a 600-second
//             scenario takes ten minutes; without it, batches follow each other at once

import type { SessionItem } from '../src/core/events';
import { Compression, Format } from '../src/core/protocol/constants';
import { decodePublishPayload } from '../src/core/protocol/payload';
import { Emitter } from '../src/extension/lifecycle';
import type { LiveSource } from '../src/extension/liveSource';
import { EMPTY_FILTER } from '../src/shared/viewerProtocol';
import type { LiveState, LiveSubscription } from '../src/shared/sessionModel';
import { entryRow } from '../src/extension/viewer/entry';
import { FilteredView } from '../src/extension/viewer/filteredView';
import { MIB } from '../src/extension/viewer/memoryBudget';
import { ViewerHub } from '../src/extension/viewer/viewerHub';
import { dataPointEventOf } from '../src/simulator/dataPointEvent';
import { msgJson, wrapDocument } from '../src/simulator/payloadEncoder';
import type { SimEvent } from '../src/simulator/simEvent';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const scenario = arg('--scenario', 'filedata');
const rate = Number(arg('--rate', scenario === 'datapoints' ? '10000' : '1000'));
const seconds = Number(arg('--seconds', scenario === 'datapoints' ? '60' : '600'));
const warmupSeconds = Number(arg('--warmup-seconds', scenario === 'datapoints' ? '20' : '120'));
const fileShare = scenario === 'datapoints' ? 0 : Number(arg('--file-share', '0.2'));
const fileBytes = Number(arg('--file-bytes', '100000'));
const budgetMiB = Number(arg('--budget-mib', '64'));
const capacity = Number(arg('--capacity', '50000'));
const filterText = arg('--filter', '');
const asJson = argv.includes('--json');
const paced = argv.includes('--paced');
/** Events per batch: one tenth of a second at the rate (a session's batchDuration of 100 ms). */
const BATCH = Math.max(1, Math.round(rate / 10));

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

class BenchSource implements LiveSource {
  readonly id = 'bench/1';
  readonly label = 'bench';
  readonly subscription: LiveSubscription = { accountLabel: 'bench', host: 'bench', monitorId: 1, topics: ['DataPoint', 'FileData'], format: 'json', compression: 'none', batchSize: BATCH, batchDuration: 100 };
  state: LiveState = { kind: 'live', since: 0 };
  private readonly items = new Emitter<readonly SessionItem[]>((e) => {
    throw e;
  });
  private readonly states = new Emitter<LiveState>();
  readonly onItems = this.items.event;
  readonly onState = this.states.event;
  emit(items: readonly SessionItem[]): void {
    this.items.fire(items);
  }
}

/** Distinct file contents (base64 of pseudo-random bytes), so no two payloads share text. */
function fileContent(i: number): string {
  const bytes = Buffer.allocUnsafe(Math.ceil((fileBytes * 3) / 4));
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < bytes.length; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[k] = x >>> 24;
  }
  return bytes.toString('base64').slice(0, fileBytes);
}

const POOL = 32;
const contents = Array.from({ length: POOL }, (_, i) => fileContent(i));
let seq = 0;
let clock = Date.UTC(2026, 0, 1);

function nextMsg(): string {
  const n = seq++;
  const device = `00000000-00000000-00409DFF-FF${(n % 50).toString(16).toUpperCase().padStart(6, '0')}`;
  const iso = new Date(clock).toISOString();
  // Every fifth event a file upload at a 20 % share (spread evenly, as a steady mix would be).
  const isFile = fileShare > 0 && Math.floor((n + 1) * fileShare) > Math.floor(n * fileShare);
  if (isFile) {
    const dir = `/db/1001_Bench/${device}/uploads/`;
    const name = `file-${n}.bin`;
    const ev: SimEvent = {
      type: 'FileData',
      operation: 'INSERTION',
      topic: `1001/FileData${dir}${name}`,
      timestamp: iso,
      cstId: 1001,
      data: {
        id: { fdPath: dir, fdName: name },
        cstId: 1001,
        fdType: 'file',
        fdContentType: 'application/octet-stream',
        fdSize: fileBytes,
        fdCreatedDate: iso,
        fdLastModifiedDate: iso,
        fdArchive: false,
        fdData: `${n}:${contents[n % POOL]}`,
      },
    };
    return msgJson(ev, false);
  }
  const ev = dataPointEventOf(1001, {
    id: `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
    streamId: `${device}/metrics/temperature`,
    streamType: 'DOUBLE',
    streamUnits: 'C',
    data: 20 + (n % 1000) / 100,
    description: '',
    quality: 0,
    timestamp: clock,
    serverTimestamp: clock,
  }, n);
  return msgJson(ev, false);
}

function nextBatch(blockId: number): SessionItem[] {
  const msgs: string[] = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) msgs[i] = nextMsg();
  const payload = Buffer.from(wrapDocument(msgs, 'json'), 'utf8');
  const { events } = decodePublishPayload({ blockId, count: BATCH, compression: Compression.None, format: Format.Json, payload }, { monitorId: 1, receivedAt: clock });
  return events;
}

interface Sample {
  at: number;
  heapMiB: number;
  rssMiB: number;
  accountedMiB: number;
  shown: number;
  evicted: number;
  published: number;
}

const mib = (n: number) => Math.round((n / MIB) * 10) / 10;

async function main(): Promise<void> {
  const hub = new ViewerHub(capacity, () => clock, undefined, budgetMiB * MIB);
  const source = new BenchSource();
  hub.addSource(source);
  const view = new FilteredView(hub.merged, { ...EMPTY_FILTER, text: filterText });
  const total = Math.round(rate * seconds);
  const warmAt = Math.round(rate * warmupSeconds);
  let published = 0;
  let block = 0;
  const samples: Sample[] = [];
  const sample = (): Sample => {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    const s = hub.merged;
    return { at: published, heapMiB: mib(m.heapUsed), rssMiB: mib(m.rss), accountedMiB: mib(hub.budget.usedBytes), shown: s.length, evicted: s.evicted, published };
  };
  const start = sample();
  const t0 = performance.now();
  let maxAccounted = 0;
  while (published < total) {
    const items = nextBatch(block++);
    source.emit(items);
    published += items.length;
    clock += 100;
    if (paced) {
      const due = t0 + (published / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    // A visible panel: a sync per notification tick, and the rows of its last page built.
    view.sync();
    const c = view.counts();
    for (const r of view.rows(c.first + Math.max(0, c.count - 50), 50)) entryRow(r.entry);
    maxAccounted = Math.max(maxAccounted, hub.budget.usedBytes);
    if (published === warmAt || (published > warmAt && published - items.length < warmAt)) samples.push(sample());
  }
  const end = sample();
  const warm = samples[0] ?? start;
  const stats = hub.budget.stats();
  const session = hub.store(source.id);
  const result = {
    scenario,
    paced,
    rate,
    seconds,
    warmupSeconds,
    fileShare,
    fileBytes,
    budgetMiB,
    capacity,
    filter: filterText || undefined,
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
    start,
    warm,
    end,
    heapGrowthMiB: mib((end.heapMiB - warm.heapMiB) * MIB),
    rssGrowthMiB: mib((end.rssMiB - warm.rssMiB) * MIB),
    maxAccountedMiB: mib(maxAccounted),
    releasedPayloads: stats.released,
    searchCacheMiB: mib(stats.searchBytes),
    merged: { shown: hub.merged.length, evicted: hub.merged.evicted, received: hub.merged.received },
    session: { shown: session.length, evicted: session.evicted, received: session.received },
    balanced: hub.merged.length + hub.merged.evicted === published && session.length + session.evicted === published,
    viewRows: view.counts().count,
  };
  if (asJson) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
}

/** Retained heap per entry against the estimate, for one kind of event at a time. */
function calibrate(): void {
  for (const kind of ['datapoint', 'filedata'] as const) {
    const n = kind === 'datapoint' ? 50_000 : 300;
    const hub = new ViewerHub(n, () => clock, undefined, 4096 * MIB);
    const source = new BenchSource();
    hub.addSource(source);
    gc?.();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let got = 0;
    while (got < n) {
      const items = nextBatch(got);
      const keep = kind === 'datapoint' ? items.filter((e) => e.kind === 'event' && e.type === 'DataPoint') : items.filter((e) => e.kind === 'event' && e.type === 'FileData');
      source.emit(keep.slice(0, n - got));
      got += Math.min(keep.length, n - got);
    }
    for (const e of hub.merged.entries()) entryRow(e);
    gc?.();
    gc?.();
    const after = process.memoryUsage().heapUsed;
    console.log(`${kind}: ${n} entries, retained ${Math.round((after - before) / n)} bytes/entry, estimate ${Math.round(hub.budget.usedBytes / n)} bytes/entry`);
    hub.dispose();
  }
}

if (scenario === 'calibrate') calibrate();
else void main();
