// Issue 14 §3 against the simulator on loopback: real sockets and a real push server, the
// sessions' backoff on a fake clock, so the number of reconnects is what the test allows.
// (1) the dropAfterHandshake fault: every connection is accepted, then closed at once;
// (2) two clients on one monitor, each connection replacing the other's (docs/simulator.md §6.8).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorHandle } from '../../src/simulator';
import type { PushClient } from '../../src/core/pushClient';
import type { PushSession, SessionState } from '../../src/core/session';
import { FakeClock } from '../helpers/fakeClock';
import { retryDelays } from '../helpers/fakeTimeSession';
import { waitFor } from '../helpers/scriptedPushServer';
import { simClient, startSim } from '../helpers/simClient';

let sim: SimulatorHandle;
let clock: FakeClock;
let client: PushClient;
before(async () => {
  sim = await startSim();
  clock = new FakeClock(1_000_000);
  // The library's backoff defaults (1 s doubling to 60 s, stableAfterMs 30 s) without jitter.
  client = simClient(sim, { secure: false, session: { clock, reconnect: { jitter: 0 }, connectTimeoutMs: 10_000 } });
});
after(async () => {
  await client.close();
  await sim.close();
});

function watched(id: number, onEvents: () => void = () => {}): { session: PushSession; states: SessionState[] } {
  const states: SessionState[] = [];
  const session = client.createSession(onEvents, id);
  session.on('state', (s) => states.push(s));
  return { session, states };
}

const dropsApplied = () => sim.stats().faults.dropAfterHandshake ?? 0;

test('dropAfterHandshake: a real session retries after 1, 2, 4, 8, 16, 32 s, connects no more often than that, and starts over once events flow', async () => {
  const id = await client.createMonitor(['DataPoint']);
  sim.faults.set({ dropAfterHandshake: true, monitorId: id });
  let received = 0;
  const { session, states } = watched(id, () => void (received += 1));
  for (let k = 1; k <= 6; k++) {
    await waitFor(() => retryDelays(states).length === k, `drop ${k}`);
    assert.equal(dropsApplied(), k, 'one accepted-then-dropped connection per retry');
    const delay = retryDelays(states)[k - 1];
    await clock.advanceAsync(delay - 1);
    await new Promise((r) => setTimeout(r, 20)); // real time for a connection that should not come
    assert.equal(dropsApplied(), k, `no new connection before the whole ${delay} ms`);
    if (k === 6) sim.faults.clear();
    await clock.advanceAsync(1);
  }
  assert.deepEqual(retryDelays(states), [1000, 2000, 4000, 8000, 16_000, 32_000]);
  // Seven accepted handshakes: the six the fault dropped, and the one after it was cleared.
  await waitFor(() => session.state.kind === 'connected' && states.filter((s) => s.kind === 'connected').length === 7, 'connected once the fault is cleared');
  sim.publish([{ type: 'DataPoint', data: { streamId: 'dev/metrics/t', data: 1 } }]);
  await waitFor(() => received > 0 && session.stats.acksSent > 0, 'events delivered and acknowledged');
  assert.equal(sim.disconnect(id), 1);
  await waitFor(() => retryDelays(states).length === 7, 'the drop after delivery');
  assert.equal(retryDelays(states)[6], 1000, 'a connection that delivered resets the backoff');
  await session.stop();
});

test('two clients on one monitor replacing each other: both back off (1, 2, 4, 8 s each), instead of trading places every second', async () => {
  const id = await client.createMonitor(['DataPoint']);
  const a = watched(id);
  await waitFor(() => a.session.state.kind === 'connected', 'first client connected');
  const b = watched(id);
  await waitFor(() => retryDelays(a.states).length === 1, 'the second connection replaces the first');
  // Each retry that fires replaces the other client's connection, which then retries.
  const drops = () => retryDelays(a.states).length + retryDelays(b.states).length;
  for (let n = 2; n <= 8; n++) {
    assert.ok(await clock.runNext(), 'a retry is armed');
    await waitFor(() => drops() === n, `replacement ${n}`);
  }
  assert.deepEqual(retryDelays(a.states), [1000, 2000, 4000, 8000]);
  assert.deepEqual(retryDelays(b.states), [1000, 2000, 4000, 8000]);
  await Promise.all([a.session.stop(), b.session.stop()]);
});
