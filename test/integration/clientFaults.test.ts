// Every fault the simulator can inject, against our PushClient: the documented client
// behaviour (retry with backoff, or stop with one clear error), and the stream goes on.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorHandle } from '../../src/simulator';
import type { PushEvent } from '../../src/core/events';
import type { PushClient } from '../../src/core/pushClient';
import type { PushSession, SessionState } from '../../src/core/session';
import { ConnectRejectedError, HttpError, PushMonitorError } from '../../src/core/errors';
import type { FaultSettings } from '../../src/simulator';
import { waitFor } from '../helpers/scriptedPushServer';
import { isContiguous, sequences, simClient, startSim } from '../helpers/simClient';
import { PushSession as Session } from '../../src/core/session';
import { createCertificates } from '../../src/simulator/certificates';
import { activeResources, settleTo } from '../../reliability/resources';

// Library side of issue 8: every fault below runs under these guards, and the last test
// checks that closing the client and the simulator brings the open handles (sockets,
// timers, servers) back to what this file started with.
const baseline = activeResources();
const escaped: string[] = [];
process.on('unhandledRejection', (e) => escaped.push(`unhandledRejection: ${String((e as Error)?.stack ?? e)}`));
process.on('uncaughtException', (e) => escaped.push(`uncaughtException: ${String(e?.stack ?? e)}`));

let sim: SimulatorHandle;
let client: PushClient;
before(async () => {
  sim = await startSim();
  client = simClient(sim, { secure: false, session: { connectTimeoutMs: 300 } });
});
afterEach(async () => {
  sim.faults.clear();
  await client.stopAll();
});
after(async () => {
  await client.close();
  await sim.close();
});

interface Run {
  id: number;
  session: PushSession;
  events: PushEvent[];
  states: SessionState[];
  warnings: string[];
}

async function open(faults: FaultSettings | ((id: number) => FaultSettings), opts: { compression?: 'zlib' | 'none'; waitConnected?: boolean } = {}): Promise<Run> {
  const id = await client.createMonitor(['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus'], { batchSize: 10, batchDuration: 0.02, compression: opts.compression ?? 'zlib' });
  sim.faults.set({ monitorId: id, ...(typeof faults === 'function' ? faults(id) : faults) });
  const run: Run = { id, events: [], states: [], warnings: [], session: undefined as unknown as PushSession };
  run.session = client.createSession((e) => void run.events.push(...e), id);
  run.session.on('state', (s) => run.states.push(s));
  run.session.on('warning', (w) => run.warnings.push(w.message));
  if (opts.waitConnected !== false) await waitFor(() => run.session.state.kind === 'connected', 'connected', 5000);
  return run;
}

const reasons = (r: Run) => r.states.flatMap((s) => (s.kind === 'reconnecting' ? [s.reason] : []));
/** The error code of each drop that led to a reconnect. */
const dropCodes = (r: Run) => r.states.flatMap((s) => (s.kind === 'reconnecting' ? [s.error.code] : []));

/** Publishes generated events through the simulator's normal (fault-aware) send path. */
async function deliver(r: Run, n: number): Promise<void> {
  sim.generate(n);
  await waitFor(() => r.events.length >= n || reasons(r).length > 0, 'events or a drop', 5000);
}

for (const [name, fault, code] of [
  // The simulator writes the header and at least one body byte, then FIN: the decoder must
  // notice the cut frame (PROTOCOL; a plain close, CLOSED, would mean it did not).
  ['closeMidFrame', { closeMidFrame: true }, 'PROTOCOL'],
  ['corruptZlib', { corruptZlib: true }, 'PAYLOAD'],
  ['oversizedLength', { oversizedLength: true }, 'FRAME_TOO_LARGE'],
] as const) {
  test(`${name}: the connection is dropped with a clear reason, reconnected, and later events flow`, async () => {
    const r = await open(fault);
    await deliver(r, 50);
    await waitFor(() => reasons(r).length > 0, 'a reconnect', 5000);
    assert.equal(dropCodes(r)[0], code, reasons(r)[0]);
    await waitFor(() => r.session.state.kind === 'connected', 'reconnected', 5000);
    const before = r.events.length;
    sim.generate(30);
    await waitFor(() => r.events.length >= before + 30, 'events after reconnect', 5000);
    assert.ok(isContiguous(sequences(r.events.slice(before))));
  });
}

test('dripBytes: frames sent one byte at a time still decode in order', async () => {
  const r = await open({ dripBytes: true }, { compression: 'none' });
  await sim.burst(r.id, 20, { batchSize: 10 });
  await waitFor(() => r.events.length === 20, '20 dripped events', 10_000);
  assert.ok(isContiguous(sequences(r.events)));
  assert.equal(reasons(r).length, 0);
});

test('unknownFrameType: reported as a warning and skipped; the stream goes on', async () => {
  const r = await open({ unknownFrameType: true });
  await sim.burst(r.id, 20, { batchSize: 10 });
  await waitFor(() => r.events.length === 20, '20 events');
  assert.match(r.warnings.join('\n'), /skipped unexpected unknown\(9\) frame/);
  assert.equal(r.session.state.kind, 'connected');
  assert.equal(r.session.stats.unknownFrames, 1);
});

for (const [status, code] of [[403, 'AUTH'], [400, 'BAD_REQUEST']] as const) {
  test(`ConnectResponse ${status}: the session fails with ${code} and does not retry`, async () => {
    const accepted = sim.stats().socketsAccepted;
    const r = await open({ connectStatus: status }, { waitConnected: false });
    await waitFor(() => r.session.state.kind === 'failed', 'failed');
    const st = r.session.state;
    assert.ok(st.kind === 'failed' && st.error.code === code && st.error instanceof ConnectRejectedError && st.error.status === status, JSON.stringify(st));
    assert.equal(sim.stats().socketsAccepted - accepted, 1);
  });
}

test('refused connections: reconnecting with backoff until the server takes them again', async () => {
  const r = await open({ refuseConnections: 150 }, { waitConnected: false });
  await waitFor(() => r.session.state.kind === 'connected', 'connected after refusals', 5000);
  assert.ok(reasons(r).length >= 1, 'at least one retry');
  const delays = r.states.flatMap((s) => (s.kind === 'reconnecting' ? [s.delayMs] : []));
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1], `backoff does not shrink: ${delays}`);
});

test('stalled handshake: times out (connectTimeoutMs) and retries', async () => {
  const r = await open({ stallHandshake: 200 }, { waitConnected: false });
  await waitFor(() => r.session.state.kind === 'connected', 'connected after the stall', 5000);
  assert.equal(dropCodes(r)[0], 'TIMEOUT', reasons(r)[0]);
});

test('a delayed ConnectResponse within the timeout just connects later', async () => {
  const r = await open({ delayConnectResponse: 100 }, { waitConnected: false });
  await waitFor(() => r.session.state.kind === 'connected', 'connected', 5000);
  assert.equal(reasons(r).length, 0);
});

test('REST 429 with Retry-After is retried and succeeds; 500 surfaces as SERVER', async () => {
  sim.faults.set({ restStatus: { status: 429, count: 2, retryAfter: 0 } });
  const id = await client.createMonitor('DeviceCore');
  assert.ok(id > 0);
  assert.equal(sim.stats().faults.restStatus, 2);
  sim.faults.set({ restStatus: { status: 500, count: 1 } });
  await assert.rejects(client.getMonitor(id), (e: unknown) => e instanceof HttpError && e.code === 'SERVER' && e.status === 500);
  await client.deleteMonitor(id);
});

test('a slow REST answer beyond the timeout is a TIMEOUT error naming the limit', async () => {
  const slow = simClient(sim, { secure: false, restTimeoutMs: 150 });
  try {
    sim.faults.set({ restDelayMs: 400 });
    await assert.rejects(slow.listMonitors(), (e: unknown) => e instanceof PushMonitorError && e.code === 'TIMEOUT' && /150 ms/.test(e.message));
  } finally {
    sim.faults.clear();
    await slow.close();
  }
});

test('TLS certificate from another CA: the session fails with TLS at once (no retry loop)', async () => {
  const other = await createCertificates(1); // a second, unrelated CA made by the simulator's own module
  const id = await client.createMonitor('DeviceCore');
  const before = sim.stats().socketsAccepted;
  const s = new Session({ host: '127.0.0.1', port: sim.pushTlsPort ?? 0, secure: true, ca: other.caPem, username: 'demo', password: 'demo-password', monitorId: id, reconnect: { initialDelayMs: 10 } }).start();
  await waitFor(() => s.state.kind === 'failed', 'failed');
  assert.ok(s.state.kind === 'failed' && s.state.error.code === 'TLS', JSON.stringify(s.state));
  assert.match(s.state.kind === 'failed' ? s.state.error.message : '', /TLS verification of 127\.0\.0\.1:\d+ failed/);
  assert.equal(sim.stats().socketsAccepted - before, 1);
  await s.stop();
  await client.deleteMonitor(id);
});

test('after every fault above: no unhandled rejection or uncaught exception, and no leaked socket, server or timer once closed', async () => {
  await client.close();
  await sim.close();
  const left = await settleTo(baseline, 3000);
  assert.deepEqual(left, [], `open handles above the baseline: ${left.join(', ')}`);
  assert.deepEqual(escaped, []);
});
