// Issue 14 §4: push sessions received in a worker thread (dist/session-worker.js, built by
// scripts/build.mjs) on the Local simulator. The viewer's store gets every event, as WireEvents;
// a batch is acknowledged only once the host stored it; a worker that ends unasked is started
// again after a backoff with a gap marker, and one that keeps ending fails the session; the
// worker's heap is capped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/core/logger';
import type { PushEvent, SessionItem } from '../../src/core/events';
import type { SessionState } from '../../src/core/session';
import { simulatorAccount } from '../../src/extension/accounts/accountModel';
import { ViewerHub } from '../../src/extension/viewer/viewerHub';
import { draftFrom, toSettings } from '../../src/extension/wizard/monitorDraft';
import { workerSessionOpener } from '../../src/extension/sessions/worker/workerOpener';
import { WORKER_HEAP_MB, WorkerSession, MAX_WORKER_RESTARTS } from '../../src/extension/sessions/worker/workerSession';
import { isWireEvent } from '../../src/extension/sessions/worker/wireEvent';
import { sequenceOf } from '../../src/simulator/sequence';
import { simulatorServices } from '../helpers/simulatorServices';
import { waitFor } from '../helpers/scriptedPushServer';

const WORKER_FILE = path.resolve(__dirname, '../../dist/session-worker.js');
const TOPICS = ['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus'];
const services = simulatorServices(undefined, (clients) => ({
  openSession: workerSessionOpener({ enabled: () => true, configOf: (c) => clients.configOf(c), log: silentLogger, workerFile: WORKER_FILE }),
}));
const account = simulatorAccount('Local simulator');
const hub = new ViewerHub(100_000);
services.manager.onDidChange((e) => e.kind === 'added' && hub.addSource(e.source));

before(async () => {
  assert.ok(fs.existsSync(WORKER_FILE), 'run node scripts/build.mjs first (dist/session-worker.js)');
  await services.start();
});
after(() => services.stop());

/** The shared poller, with this file's argument order and a 20 s default. */
const until = (what: string, check: () => boolean, ms = 20_000) => waitFor(check, what, ms);

async function losslessMonitor(batchSize = 10): Promise<{ monitorId: number; client: Awaited<ReturnType<typeof services.clients.get>> }> {
  const client = await services.clients.get(account);
  const { topics, ...options } = toSettings(draftFrom({ topics: TOPICS, batchSize, batchDuration: 0 }));
  return { monitorId: await client.createMonitor(topics, options), client };
}

const seqs = (items: Iterable<SessionItem>) => [...items].flatMap((it) => (it.kind === 'event' ? [sequenceOf(it as PushEvent)] : [])).filter((s) => s !== undefined);

test('through the worker: every event in the viewer store once, payloads equal to what was published, each batch acknowledged after it was stored', async () => {
  const sim = services.sim.running!;
  const { monitorId, client } = await losslessMonitor(25);
  const src = await services.manager.start(account, await client.getMonitor(monitorId));
  await until('live', () => src.state.kind === 'live');
  const published = sim.generate(2000).filter((e) => TOPICS.includes(e.type));
  assert.ok(published.length > 1900);
  const store = () => [...hub.store(src.id).entries()].map((e) => e.item);
  await until('all stored', () => store().length === published.length);
  await until('all acknowledged', () => sim.stats(monitorId).acked === published.length && sim.stats(monitorId).unackedBlocks === 0);
  const items = store();
  assert.ok(items.every((i) => isWireEvent(i)), 'events came through the worker');
  assert.deepEqual(seqs(items), published.map((e) => e.seq));
  const bySeq = new Map(published.map((e) => [e.seq, e]));
  let compared = 0;
  for (const it of items) {
    const e = it as PushEvent;
    const p = bySeq.get(sequenceOf(e)!);
    assert.ok(p);
    assert.equal(e.type, p.type);
    assert.equal(e.topic.split('/').slice(1).join('/'), p.topic.split('/').slice(1).join('/'));
    compared++;
  }
  assert.equal(compared, published.length);
  assert.equal(src.eventCount, published.length, 'the tree\'s count');
  await services.manager.stop(src.id);
  assert.equal(src.state.kind, 'stopped');
});

function direct(monitorId: number, deliver: (events: PushEvent[]) => boolean, extra: Partial<ConstructorParameters<typeof WorkerSession>[0]> = {}) {
  return services.clients.get(account).then((client) => {
    const config = services.clients.configOf(client);
    assert.ok(config, 'the simulator client can be described to a worker');
    const states: SessionState[] = [];
    const gaps: SessionItem[] = [];
    const s = new WorkerSession({ workerFile: WORKER_FILE, client: config, monitorId, overrides: { ackMode: 'callback' }, deliver, log: silentLogger, restartDelaysMs: [50], ...extra });
    s.on('state', (x) => states.push(x));
    s.on('gap', (g) => gaps.push(g));
    return { s: s.start(), states, gaps };
  });
}

test('a batch the host did not store is not acknowledged; stored ones are', async () => {
  const sim = services.sim.running!;
  const { monitorId } = await losslessMonitor(10);
  let take = false;
  let offered = 0;
  const kept: PushEvent[] = [];
  const { s } = await direct(monitorId, (events) => {
    offered += events.length;
    if (take) kept.push(...events);
    return take;
  });
  await until('connected', () => s.state.kind === 'connected');
  sim.generate(200);
  await until('offered', () => offered >= 10);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(sim.stats(monitorId).acked, 0, 'nothing acknowledged while the store refuses');
  // Refused batches come again after a reconnect (auto-replay); now stored and acknowledged.
  take = true;
  sim.disconnect(monitorId);
  await until('everything stored and acknowledged', () => sim.stats(monitorId).acked === sim.stats(monitorId).published && sim.stats(monitorId).unackedBlocks === 0 && sim.stats(monitorId).queued === 0, 30_000);
  assert.ok(kept.length >= sim.stats(monitorId).published);
  await s.stop();
  assert.equal(s.state.kind, 'stopped');
  assert.equal(s.thread, undefined, 'the worker is gone after stop');
});

test('a worker that ends unasked is started again after a backoff: reconnecting with the reason, a gap marker, nothing lost', async () => {
  const sim = services.sim.running!;
  const { monitorId } = await losslessMonitor(10);
  const got: PushEvent[] = [];
  const { s, states, gaps } = await direct(monitorId, (events) => {
    got.push(...events);
    return true;
  });
  await until('connected', () => s.state.kind === 'connected');
  const first = sim.generate(100).filter((e) => TOPICS.includes(e.type));
  await until('first stored', () => got.length === first.length);
  await s.thread!.terminate();
  await until('reconnecting', () => states.some((x) => x.kind === 'reconnecting'));
  const r = states.find((x) => x.kind === 'reconnecting');
  assert.ok(r && r.kind === 'reconnecting' && /session worker ended/.test(r.reason), JSON.stringify(r));
  const during = sim.generate(100).filter((e) => TOPICS.includes(e.type));
  await until('connected again', () => s.state.kind === 'connected' && s.workersStarted === 2, 10_000);
  await until('all stored', () => new Set(seqs(got)).size === first.length + during.length, 20_000);
  assert.equal(gaps.length, 1);
  assert.match((gaps[0] as { reason: string }).reason, /session worker ended/);
  await s.stop();
});

test('a worker that keeps ending fails the session after the restarts, with the reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpm-worker-'));
  const bad = path.join(dir, 'bad-worker.js');
  fs.writeFileSync(bad, "throw new Error('boom at load');\n");
  const { s, states } = await direct(1, () => true, { workerFile: bad, restartDelaysMs: [10] });
  await until('failed', () => s.state.kind === 'failed', 20_000);
  assert.equal(s.workersStarted, MAX_WORKER_RESTARTS + 1);
  assert.equal(states.filter((x) => x.kind === 'reconnecting').length, MAX_WORKER_RESTARTS);
  const f = s.state;
  assert.ok(f.kind === 'failed' && /boom at load/.test(f.error.message) && /giving up/.test(f.error.message), JSON.stringify(f));
  await s.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the worker runs with a capped heap, and a heap overrun is a worker end like any other', async () => {
  const { monitorId } = await losslessMonitor(10);
  const { s } = await direct(monitorId, () => true);
  await until('connected', () => s.state.kind === 'connected');
  const limits = s.thread!.resourceLimits;
  assert.equal(limits?.maxOldGenerationSizeMb, WORKER_HEAP_MB.old);
  assert.equal(limits?.maxYoungGenerationSizeMb, WORKER_HEAP_MB.young);
  await s.stop();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpm-worker-'));
  const hog = path.join(dir, 'hog-worker.js');
  fs.writeFileSync(hog, 'const keep = []; for (;;) keep.push(new Array(1e5).fill({ x: Math.random() }));\n');
  const { s: h, states } = await direct(1, () => true, { workerFile: hog, restartDelaysMs: [10_000], heapMb: { old: 16, young: 4 } });
  await until('reconnecting after the heap cap', () => states.some((x) => x.kind === 'reconnecting'), 30_000);
  const r = states.find((x) => x.kind === 'reconnecting');
  assert.ok(r && r.kind === 'reconnecting' && /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(r.reason), JSON.stringify(r && r.kind === 'reconnecting' ? r.reason : r));
  await h.stop();
  assert.equal(h.state.kind, 'stopped');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('protocol: blocks gathered into few messages; a host that does not answer stops the worker decoding past its bound; answers release it', async () => {
  const { Worker } = await import('node:worker_threads');
  const sim = services.sim.running!;
  // Without explicit acks: the server's window of unacknowledged blocks would stop it first.
  const client = await services.clients.get(account);
  const monitorId = await client.createMonitor(TOPICS, { batchSize: 100, batchDuration: 0 });
  assert.equal(sim.monitors().find((m) => m.id === monitorId)?.explicitAck, false);
  const config = services.clients.configOf(client);
  const w = new Worker(WORKER_FILE);
  const unanswered: number[] = [];
  let events = 0;
  let messages = 0;
  let connected = false;
  w.on('message', (m: { type: string; id?: number; batch?: { topic: string[] }; state?: { kind: string } }) => {
    if (m.type === 'state' && m.state?.kind === 'connected') connected = true;
    if (m.type === 'batch') {
      messages++;
      events += m.batch!.topic.length;
      unanswered.push(m.id!);
    }
  });
  w.postMessage({ type: 'start', client: config, monitorId, overrides: { ackMode: 'callback' } });
  await until('connected', () => connected);
  const published = sim.generate(40_000).filter((e) => TOPICS.includes(e.type)).length;
  await until('the bound reached', () => events >= 20_000, 30_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(events < 20_000 + 5_000, `decoding stopped near the bound, not at ${events} of ${published}`);
  assert.ok(messages < events / 100, `blocks gathered: ${messages} messages for ${events} events`);
  // Answer everything as it comes: the rest arrives and all is acknowledged.
  w.on('message', (m: { type: string; id?: number }) => m.type === 'batch' && w.postMessage({ type: 'stored', id: m.id, stored: true }));
  for (const id of unanswered.splice(0)) w.postMessage({ type: 'stored', id, stored: true });
  await until('all received', () => events === published, 30_000);
  w.postMessage({ type: 'stop' });
  await new Promise((r) => setTimeout(r, 100));
  await w.terminate();
});
