// Resource hygiene (issue 8, part 6): 50 sessions (half TCP, half TLS) started, fed events and
// stopped, 10 rounds, against the simulator. After every round the open handles
// (process.getActiveResourcesInfo: sockets, servers, timers) are back at the baseline taken
// after a warm-up round, and the heap after a full GC does not grow from round to round.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorHandle } from '../../src/simulator';
import type { PushClient } from '../../src/core/pushClient';
import type { PushSession } from '../../src/core/session';
import { activeResources, settledHeap, settleTo } from '../../reliability/resources';
import { waitFor } from '../helpers/scriptedPushServer';
import { simClient, startSim } from '../helpers/simClient';

const SESSIONS = 50;
const ROUNDS = 10;
const EVENTS_PER_ROUND = 100;

let sim: SimulatorHandle;
let tcp: PushClient;
let tlsClient: PushClient;
const monitors: number[] = [];

before(async () => {
  sim = await startSim({ seed: 31 });
  tcp = simClient(sim, { secure: false });
  tlsClient = simClient(sim, { secure: true });
  for (let i = 0; i < SESSIONS; i++) monitors.push(await tcp.createMonitor('DataPoint', { batchSize: 20, batchDuration: 0, compression: 'zlib' }));
});

after(async () => {
  await tcp?.close();
  await tlsClient?.close();
  await sim?.close();
});

/** One round: every monitor gets a session, events reach all of them, then all stop. */
async function round(): Promise<{ events: number }> {
  const counts = new Array<number>(SESSIONS).fill(0);
  const sessions: PushSession[] = monitors.map((id, i) => (i % 2 ? tlsClient : tcp).createSession((e) => void (counts[i] += e.length), id));
  await waitFor(() => sessions.every((s) => s.state.kind === 'connected'), `${SESSIONS} sessions connected`, 20_000);
  sim.generate(EVENTS_PER_ROUND);
  // Every DataPoint event goes to every monitor.
  const dataPoints = () => Math.min(...counts);
  await waitFor(() => dataPoints() > 0 && counts.every((c) => c === counts[0]) && sim.stats().totals.queued === 0, 'events delivered to every session', 20_000);
  await Promise.all(sessions.map((s) => s.stop()));
  assert.ok(sessions.every((s) => s.state.kind === 'stopped'));
  assert.equal(tcp.sessions().length + tlsClient.sessions().length, 0, 'clients forget stopped sessions');
  return { events: counts.reduce((a, b) => a + b, 0) };
}

test(`${SESSIONS} sessions × ${ROUNDS} rounds: open handles back to baseline after each round, heap flat`, async (t) => {
  // Handles are compared with the state before any session; the heap with the state after a
  // warm-up round (JIT, TLS session cache, buffer pools).
  const baseline = activeResources();
  await round();
  assert.deepEqual(await settleTo(baseline, 5000), [], 'warm-up round: open handles above the baseline');
  const heap0 = await settledHeap();
  const rss0 = process.memoryUsage().rss;
  const heaps: number[] = [];
  let events = 0;
  for (let r = 0; r < ROUNDS; r++) {
    events += (await round()).events;
    const left = await settleTo(baseline, 5000);
    assert.deepEqual(left, [], `round ${r + 1}: open handles above the baseline`);
    heaps.push(await settledHeap());
  }
  const rss1 = process.memoryUsage().rss;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  t.diagnostic(`${ROUNDS} rounds × ${SESSIONS} sessions (${SESSIONS * ROUNDS} session starts and stops, ${events} events delivered)`);
  t.diagnostic(`open handles at the baseline after every round: ${JSON.stringify(baseline)}`);
  t.diagnostic(`heap after GC: baseline ${mb(heap0)} MB, per round ${heaps.map(mb).join(' ')} MB; RSS ${mb(rss0)} → ${mb(rss1)} MB`);
  // No growth trend: the last rounds are not above the first ones (GC noise aside).
  const early = Math.max(...heaps.slice(0, 3));
  const late = Math.max(...heaps.slice(-3));
  assert.ok(late - heap0 < 8 * 1048576, `heap grew ${mb(late - heap0)} MB over ${ROUNDS} rounds`);
  assert.ok(late - early < 4 * 1048576, `heap still growing: ${mb(early)} → ${mb(late)} MB`);
  assert.ok(rss1 - rss0 < 96 * 1048576, `RSS grew ${mb(rss1 - rss0)} MB`);
});
