// Issue 14 §2: "Reconnect Now" skips the backoff wait of a reconnecting session. Fake time:
// the new connection must arrive without the clock moving, the attempt counts like any
// other (a failed one waits the next step), and in every other state nothing happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeConnectResponse } from '../../src/core/protocol/frames';
import { fakeTimeSession, retryDelays, until } from '../helpers/fakeTimeSession';
import { memoryPushServer } from '../helpers/scriptedPushServer';

const noJitter = { jitter: 0 };

/** Connections 1..dropUntil are accepted and dropped at once; later ones stay up. */
function server(dropUntil: number) {
  return memoryPushServer(async (c, i) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
    if (i <= dropUntil) c.socket.end();
  });
}

test('reconnectNow() connects at once instead of after the backoff delay, without moving the clock', async () => {
  const srv = server(3);
  const run = fakeTimeSession(srv, { reconnect: noJitter });
  run.s.start();
  await until(() => retryDelays(run.states).length === 1, 'first drop');
  await run.clock.advanceAsync(1000);
  await until(() => retryDelays(run.states).length === 2, 'second drop');
  assert.deepEqual(retryDelays(run.states), [1000, 2000]);
  const now = run.clock.now();
  assert.equal(srv.connections.length, 2);

  assert.equal(run.s.reconnectNow(), true);
  await until(() => srv.connections.length === 3, 'the third connection, now');
  assert.equal(run.clock.now(), now, 'no time passed');
  // Connection 3 is dropped too: the attempt counted, the next wait is the step after 2000 ms.
  await until(() => retryDelays(run.states).length === 3, 'third drop');
  assert.equal(retryDelays(run.states)[2], 4000);

  // The cancelled 2000 ms timer must not fire a second attempt: only the 4000 ms one does.
  await run.clock.advanceAsync(3999);
  assert.equal(srv.connections.length, 3, 'no attempt from the skipped wait');
  await run.clock.advanceAsync(1);
  await until(() => run.s.state.kind === 'connected' && srv.connections.length === 4, 'the fourth connection stays up');
  await run.s.stop();
});

test('reconnectNow() does nothing unless the session is reconnecting', async () => {
  const srv = server(0);
  const run = fakeTimeSession(srv, { reconnect: noJitter });
  assert.equal(run.s.reconnectNow(), false, 'not started');
  run.s.start();
  await until(() => run.s.state.kind === 'connected', 'connected');
  assert.equal(run.s.reconnectNow(), false, 'connected');
  assert.equal(srv.connections.length, 1);
  await run.s.stop();
  assert.equal(run.s.reconnectNow(), false, 'stopped');
  assert.equal(srv.connections.length, 1, 'no connection was opened');
});

test('a refused connection: reconnectNow() tries again at once and succeeds when the server is back', async () => {
  let refuse = true;
  const srv = server(0);
  const run = fakeTimeSession(srv, {
    reconnect: noJitter,
    connect: (o) => (refuse ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) : srv.connect!(o)),
  });
  run.s.start();
  await until(() => run.s.state.kind === 'reconnecting', 'refused');
  refuse = false;
  assert.equal(run.s.reconnectNow(), true);
  await until(() => run.s.state.kind === 'connected', 'connected without waiting');
  assert.equal(run.clock.now(), 1_000_000);
  await run.s.stop();
});
