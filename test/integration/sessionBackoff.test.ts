// Issue 14 §3: the backoff starts over only after a connection proves itself (it stayed up
// reconnect.stableAfterMs, or delivered a batch), not at every accepted handshake. A server
// that accepts and then drops is retried with growing delays, like one that refuses.
// Fake time throughout: the assertions are on the delays the session scheduled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeConnectResponse, encodePublishMessage } from '../../src/core/protocol/frames';
import { PushSession } from '../../src/core/session';
import type { SessionItem } from '../../src/core/events';
import { fakeTimeSession, retryDelays, until } from '../helpers/fakeTimeSession';
import { memoryPushServer, type ServerConn } from '../helpers/scriptedPushServer';

/** The library's defaults (1 s doubling to 60 s) without jitter, so delays are exact. */
const noJitter = { jitter: 0 };
const TEN_ACCEPT_THEN_DROP = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000];

const publish = (blockId: number) =>
  encodePublishMessage({
    blockId,
    count: 1,
    compression: 0,
    format: 1,
    payload: Buffer.from(JSON.stringify({ Document: { Msg: [{ topic: '1/DataPoint/dev/t', operation: 'INSERTION', DataPoint: { data: String(blockId) } }] } })),
  });

/** What the server does with connection i (1-based) once it has accepted it. */
type Plan = (c: ServerConn, i: number) => void | Promise<void>;
const dropAtOnce: Plan = (c) => void c.socket.end();
/** Connection n sends one block and is dropped once it is acknowledged; the others are dropped at once. */
const deliverOn =
  (n: number): Plan =>
  async (c, i) => {
    if (i === n) {
      c.socket.write(publish(0));
      await c.acks(1);
    }
    c.socket.end();
  };

/** Accepts every ConnectRequest with 200, then runs the plan. */
function acceptingServer(plan: Plan) {
  return memoryPushServer(async (c, i) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
    await plan(c, i);
  });
}

/**
 * Lets `n` drops happen, each retry waiting exactly its delay on the fake clock (one ms
 * early, no new connection). Returns the delays scheduled.
 */
async function runDrops(run: ReturnType<typeof fakeTimeSession>, server: ReturnType<typeof acceptingServer>, n: number): Promise<number[]> {
  const { clock, states } = run;
  const before = retryDelays(states).length;
  for (let k = 1; k <= n; k++) {
    await until(() => retryDelays(states).length === before + k, `drop ${before + k}`);
    const delay = retryDelays(states)[before + k - 1];
    const connections = server.connections.length;
    await clock.advanceAsync(delay - 1);
    assert.equal(server.connections.length, connections, `no attempt before the whole ${delay} ms`);
    await clock.advanceAsync(1);
    await until(() => server.connections.length === connections + 1, `attempt after ${delay} ms`);
  }
  return retryDelays(states).slice(before, before + n);
}

const acceptedCount = (run: ReturnType<typeof fakeTimeSession>) => run.states.filter((st) => st.kind === 'connected').length;

test('accept-then-drop ten times: the delays grow as for refused connections (1 s doubling to the 60 s cap)', async () => {
  const server = acceptingServer(dropAtOnce);
  const run = fakeTimeSession(server, { reconnect: noJitter });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 10), TEN_ACCEPT_THEN_DROP);
  assert.equal(acceptedCount(run), 11, 'every connection was accepted (ConnectResponse 200) before it was dropped');
  assert.deepEqual(
    run.states.flatMap((st) => (st.kind === 'reconnecting' ? [st.attempt] : [])).slice(0, 10),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    'each accepted-then-dropped connection counts as a failed attempt',
  );
  await run.s.stop();
});

test('stableAfterMs: 0 gives the old rule (every accepted handshake resets): the same ten drops retry after 1 s each', async () => {
  const server = acceptingServer(dropAtOnce);
  const run = fakeTimeSession(server, { reconnect: { ...noJitter, stableAfterMs: 0 } });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 10), Array<number>(10).fill(1000));
  await run.s.stop();
});

test('maxAttempts counts accepted-then-dropped connections: the session ends after that many in a row', async () => {
  const server = acceptingServer(dropAtOnce);
  const run = fakeTimeSession(server, { reconnect: { ...noJitter, maxAttempts: 3 } });
  run.s.start();
  for (let i = 0; i < 20 && (await run.clock.runNext()); i++); // bounded: a session that never gives up must fail the test, not hang it
  assert.ok(run.s.state.kind === 'failed' && run.s.state.error.code === 'CLOSED', JSON.stringify(run.s.state));
  assert.equal(server.connections.length, 4, 'the first connection and three retries, all accepted');
  assert.deepEqual(retryDelays(run.states), [1000, 2000, 4000]);
});

test('a connection that stays up stableAfterMs resets the backoff; one dropped a millisecond sooner does not', async () => {
  // Connections 1–3 are dropped at once; 4 and 5 stay until the test drops them.
  const server = acceptingServer((c, i) => void (i <= 3 && c.socket.end()));
  const run = fakeTimeSession(server, { reconnect: { ...noJitter, stableAfterMs: 5000 } });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 3), [1000, 2000, 4000]);
  await run.clock.advanceAsync(4999);
  server.connections[3].socket.destroy();
  assert.deepEqual(await runDrops(run, server, 1), [8000], 'up 4999 ms of 5000: still a failed attempt');
  await run.clock.advanceAsync(5000);
  server.connections[4].socket.destroy();
  await until(() => retryDelays(run.states).length === 5, 'fifth drop');
  assert.equal(retryDelays(run.states)[4], 1000, 'up 5000 ms: the next delay is back to the first step');
  await run.s.stop();
});

test('the default stableAfterMs is 30 s', async () => {
  const server = acceptingServer((c, i) => void (i <= 2 && c.socket.end()));
  const run = fakeTimeSession(server, { reconnect: noJitter });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 2), [1000, 2000]);
  await run.clock.advanceAsync(29_999);
  server.connections[2].socket.destroy();
  assert.deepEqual(await runDrops(run, server, 1), [4000]);
  await run.clock.advanceAsync(30_000);
  server.connections[3].socket.destroy();
  await until(() => retryDelays(run.states).length === 4, 'fourth drop');
  assert.equal(retryDelays(run.states)[3], 1000);
  await run.s.stop();
});

test('a connection that delivers a batch the session acknowledged resets the backoff at once', async () => {
  // 1, 2: dropped at once; 3: one block, dropped once it is acked; 4, 5: dropped at once.
  const server = acceptingServer(deliverOn(3));
  const got: unknown[] = [];
  const run = fakeTimeSession(server, { reconnect: noJitter }, (events) => void got.push(...events));
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 4), [1000, 2000, 1000, 2000], 'reset by the acked block, then growing again');
  assert.equal(got.length, 1);
  assert.equal(run.s.stats.acksSent, 1);
  await run.s.stop();
});

test('ack-off (callback mode, the callback does not ask for an ack): a batch passed to the consumer also resets', async () => {
  const server = acceptingServer(async (c, i) => {
    if (i === 2) {
      c.socket.write(publish(0));
      await until(() => delivered === 1, 'batch delivered');
    }
    c.socket.end();
  });
  let delivered = 0;
  const run = fakeTimeSession(server, { reconnect: noJitter, ackMode: 'callback' }, () => void (delivered += 1));
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 3), [1000, 1000, 2000]);
  assert.equal(run.s.stats.acksSent, 0, 'nothing acknowledged');
  assert.equal(server.connections[1].frames.length, 1, 'only the ConnectRequest on the delivering connection');
  await run.s.stop();
});

test('iterating the session: a batch taken into the iterator resets the backoff', async () => {
  const server = acceptingServer(deliverOn(2));
  const run = fakeTimeSession(server, { reconnect: noJitter });
  const items: SessionItem[] = [];
  const reader = (async () => {
    for await (const item of run.s) items.push(item);
  })();
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 3), [1000, 1000, 2000]);
  await run.s.stop();
  await reader;
  assert.equal(items.filter((x) => x.kind !== 'gap').length, 1);
});

test('a block that can never be decoded (replayed on every connection): no reset, the delays grow', async () => {
  const corrupt = encodePublishMessage({ blockId: 0, count: 1, compression: 1, format: 1, payload: Buffer.from('not zlib') });
  const server = acceptingServer((c) => void c.socket.write(corrupt));
  const run = fakeTimeSession(server, { reconnect: noJitter });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 5), [1000, 2000, 4000, 8000, 16_000]);
  assert.ok(run.states.some((st) => st.kind === 'reconnecting'), 'the drops were seen as reconnecting states');
  assert.ok(run.states.every((st) => st.kind !== 'reconnecting' || st.error.code === 'PAYLOAD'), 'every drop is the bad block');
  await run.s.stop();
});

test('a consumer that throws on every batch has not been delivered to: no reset', async () => {
  const server = acceptingServer(async (c) => {
    c.socket.write(publish(0));
    await until(() => threw > 0, 'consumer ran');
    threw = 0;
    c.socket.end();
  });
  let threw = 0;
  const run = fakeTimeSession(server, { reconnect: noJitter }, () => {
    threw += 1;
    throw new Error('consumer broke');
  });
  run.s.start();
  assert.deepEqual(await runDrops(run, server, 3), [1000, 2000, 4000]);
  assert.equal(run.s.stats.acksSent, 0);
  await run.s.stop();
});

test('reconnect.stableAfterMs that is not a number of milliseconds is refused by name', () => {
  for (const bad of [-1, Number.NaN, Infinity, '30000']) {
    assert.throws(
      () => new PushSession({ host: 'h', port: 1, username: 'u', password: 'p', monitorId: 1, reconnect: { stableAfterMs: bad as number } }),
      (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /reconnect\.stableAfterMs must be a number of milliseconds/.test(e.message),
      String(bad),
    );
  }
});
