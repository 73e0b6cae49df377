import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { PushSession, type SessionState } from '../../src/core/session';
import { encodeConnectResponse, encodeFrame, encodePublishMessage } from '../../src/core/protocol/frames';
import type { PushEvent, SessionItem } from '../../src/core/events';
import type { Duplex } from 'node:stream';
import { ConnectRejectedError, FrameTooLargeError, PayloadError, type PushMonitorError } from '../../src/core/errors';
import { duplexPair } from '../helpers/duplexPair';
import { FakeClock, settle } from '../helpers/fakeClock';
import { fakeTimeSession, fastRetry, retryDelays, until, type SessionCallback, type SessionOptions } from '../helpers/fakeTimeSession';
import { memoryPushServer, startScriptedServer, waitFor } from '../helpers/scriptedPushServer';

const doc = (n: number, from = 0) =>
  JSON.stringify({
    Document: {
      Msg: Array.from({ length: n }, (_, i) => ({
        timestamp: '2026-01-01T00:00:00.000Z',
        topic: `1/DataPoint/dev/seq${from + i}`,
        operation: 'INSERTION',
        group: '*',
        DataPoint: { streamId: 'dev/temp', data: from + i },
      })),
    },
  });
const publish = (blockId: number, n: number, from = 0) =>
  encodePublishMessage({ blockId, count: n, compression: 0, format: 1, payload: Buffer.from(doc(n, from)) });

function session(port: number, extra: Partial<SessionOptions> = {}, cb?: SessionCallback) {
  return new PushSession({ host: '127.0.0.1', port, secure: false, username: 'u', password: 'secret-pw', monitorId: 77, reconnect: fastRetry, ...extra }, cb);
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED push.test:3200'), { code: 'ECONNREFUSED' });

test('handshake carries credentials and monitor id; batches are delivered in order and acked (10-byte form)', async () => {
  const server = await startScriptedServer(async (c) => {
    const req = await c.connectRequest();
    assert.deepEqual(req, { version: 1, username: 'u', password: 'secret-pw', monitorId: 77 });
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 3, 0), publish(1, 2, 3)]));
  });
  const got: number[] = [];
  const s = session(server.port, {}, (events) => {
    for (const e of events) got.push((e.data as { data: number }).data);
  });
  const states: string[] = [];
  s.on('state', (st: SessionState) => states.push(st.kind));
  s.start();
  const conn = await server.connection(1);
  assert.deepEqual(await conn.acks(2), [0, 1]);
  assert.deepEqual(got, [0, 1, 2, 3, 4]);
  assert.equal(conn.frames[1].body.length, 4, 'ack is the 10-byte spec form (4-byte body)');
  assert.deepEqual(states, ['connecting', 'connected']);
  assert.equal(s.stats.eventsReceived, 5);
  await s.stop();
  assert.equal(s.state.kind, 'stopped');
  await server.close();
});

test('ConnectResponse 403 ends the session with an auth error and no retry', async () => {
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.end(encodeConnectResponse(403));
  });
  const { s, clock } = fakeTimeSession(server);
  s.start();
  await until(() => s.state.kind === 'failed', 'failed');
  const st = s.state;
  assert.equal(st.kind === 'failed' && st.error.code, 'AUTH');
  assert.doesNotMatch(st.kind === 'failed' ? st.error.message : '', /secret-pw/);
  assert.equal(clock.armed, 0, 'no retry timer and no connect timer left');
  await clock.advanceAsync(10 * 60_000);
  assert.equal(server.connections.length, 1);
  assert.equal(s.state.kind, 'failed');
});

test('ConnectResponse 400 ends the session with a bad-monitor error', async () => {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.end(encodeConnectResponse(400));
  });
  const s = session(server.port);
  const failed = new Promise<SessionState>((resolve) => s.on('state', (st) => st.kind === 'failed' && resolve(st)));
  s.start();
  const st = await failed;
  assert.equal(st.kind === 'failed' && st.error.code, 'BAD_REQUEST');
  assert.equal(st.kind === 'failed' && st.error instanceof ConnectRejectedError && st.error.monitorId, 77);
  await server.close();
});

test('a missing ConnectResponse times out (connectTimeoutMs) and is retried after the backoff', async () => {
  const server = memoryPushServer(async (c, i) => {
    await c.connectRequest();
    if (i >= 2) c.socket.write(encodeConnectResponse(200));
  });
  const { s, clock, states } = fakeTimeSession(server, { connectTimeoutMs: 100 });
  s.start();
  await until(() => server.connections.length === 1 && server.connections[0].frames.length === 1, 'ConnectRequest sent');
  await clock.advanceAsync(99);
  assert.equal(s.state.kind, 'connecting', 'still waiting 1 ms before the limit');
  await clock.advanceAsync(1);
  const st = s.state as SessionState;
  assert.ok(st.kind === 'reconnecting' && st.delayMs === 10 && st.retryAt === clock.now() + 10, JSON.stringify(st));
  assert.equal(st.error.code, 'TIMEOUT');
  assert.equal(server.connections[0].socket.destroyed, true, 'the timed-out stream is closed');
  await clock.advanceAsync(9);
  assert.equal(server.connections.length, 1, 'no new attempt before the backoff delay');
  await clock.advanceAsync(1);
  await until(() => s.state.kind === 'connected', 'connected on the second attempt');
  assert.equal(server.connections.length, 2);
  assert.deepEqual(states.map((st) => st.kind), ['connecting', 'reconnecting', 'connecting', 'connected']);
  assert.equal(clock.armed, 0, 'the connect timer is cleared by the ConnectResponse');
  await s.stop();
});

test('the connect timeout also covers a connect function that never answers; the abandoned attempt is aborted', async () => {
  const signals: AbortSignal[] = [];
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
  });
  const { s, clock } = fakeTimeSession(server, {
    connectTimeoutMs: 500,
    // The first attempt hangs (a proxy that never answers CONNECT, say); the second connects.
    connect: (o) => (signals.push(o.signal), signals.length === 1 ? new Promise(() => {}) : server.connect!(o)),
  });
  s.start();
  await clock.advanceAsync(500);
  assert.equal(signals[0].aborted, true);
  assert.ok(s.state.kind === 'reconnecting' && /within 500 ms/.test(s.state.reason), JSON.stringify(s.state));
  await clock.advanceAsync(10);
  await until(() => s.state.kind === 'connected', 'connected');
  assert.equal(signals[1].aborted, false);
  await s.stop();
});

test('a TLS handshake that never finishes is cut at the connect timeout: the default connect function is aborted and its socket closed', async () => {
  const accepted: net.Socket[] = [];
  const closed: Promise<unknown>[] = [];
  const silent = net.createServer((sock) => {
    accepted.push(sock);
    closed.push(once(sock, 'close'));
    sock.on('error', () => {});
    sock.resume(); // reads (and drops) the ClientHello, so it sees the client go
  });
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const clock = new FakeClock();
  const s = session((silent.address() as net.AddressInfo).port, { secure: true, connectTimeoutMs: 5000, clock, reconnect: false });
  try {
    s.start();
    await waitFor(() => accepted.length === 1, 'TCP accepted');
    const state = (): SessionState => s.state;
    assert.equal(state().kind, 'connecting');
    await clock.advanceAsync(5000);
    const st = state();
    assert.ok(st.kind === 'failed' && st.error.code === 'TIMEOUT', JSON.stringify(st));
    await closed[0]; // the half-made TLS socket is destroyed, not left open
  } finally {
    await s.stop();
    silent.close();
  }
});

test('unexpected close reconnects with backoff and leaves a gap marker in the stream', async () => {
  const server = memoryPushServer(async (c, i) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1, i * 10)]));
    if (i === 1) {
      await c.acks(1);
      c.socket.destroy();
    }
  });
  const { s, clock } = fakeTimeSession(server);
  const items: SessionItem[] = [];
  s.start();
  const reader = (async () => {
    for await (const item of s) {
      items.push(item);
      if (items.length === 3) break;
    }
  })();
  await until(() => s.state.kind === 'reconnecting', 'the drop');
  const drop = s.state.kind === 'reconnecting' ? s.state.error : undefined;
  assert.equal(drop?.code, 'CLOSED');
  const droppedAt = clock.now();
  await clock.advanceAsync(10);
  await reader;
  assert.deepEqual(items.map((i) => (i.kind === 'gap' ? 'gap' : (i.data as { data: number }).data)), [10, 'gap', 20]);
  const gap = items[1];
  assert.ok(gap.kind === 'gap', JSON.stringify(gap));
  assert.deepEqual([gap.disconnectedAt, gap.reconnectedAt], [droppedAt, droppedAt + 10], 'the gap spans exactly the backoff delay');
  assert.equal(gap.reason, drop?.message);
  assert.equal(s.stats.reconnects, 1);
  await s.stop();
});

test('backoff grows between failed attempts, each retry waits its delay, and the backoff resets after a connection that stayed up', async () => {
  let accept = false;
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    if (accept) c.socket.write(encodeConnectResponse(200));
    else c.socket.destroy();
  });
  const { s, clock, states } = fakeTimeSession(server, { reconnect: { initialDelayMs: 5, factor: 2, maxDelayMs: 40, jitter: 0 } });
  const delays = () => retryDelays(states);
  s.start();
  for (const [n, delay] of [5, 10, 20, 40, 40].entries()) {
    await until(() => delays().length === n + 1, `retry ${n + 1} scheduled`);
    assert.equal(delays()[n], delay);
    await clock.advanceAsync(delay - 1);
    assert.equal(server.connections.length, n + 1, `attempt ${n + 2} waits the whole ${delay} ms`);
    if (n === 4) accept = true;
    await clock.advanceAsync(1);
    assert.equal(server.connections.length, n + 2);
  }
  await until(() => s.state.kind === 'connected', 'connected');
  await clock.advanceAsync(30_000); // the default stableAfterMs (more in sessionBackoff.test.ts)
  server.connections.at(-1)?.socket.destroy();
  await until(() => delays().length === 6, 'reconnect after success');
  assert.equal(delays()[5], 5, 'backoff resets after a connection that stayed up stableAfterMs');
  await s.stop();
});

test('jitter spreads the delay around the base by the fraction given', async () => {
  const server = memoryPushServer((c) => void c.socket.destroy());
  const { s, states } = fakeTimeSession(server, { reconnect: { initialDelayMs: 1000, jitter: 0.2 } });
  s.start();
  await until(() => s.state.kind === 'reconnecting', 'first retry');
  const st = states.find((x) => x.kind === 'reconnecting');
  assert.ok(st?.kind === 'reconnecting' && st.delayMs >= 800 && st.delayMs <= 1200, JSON.stringify(st));
  await s.stop();
});

test('maxAttempts ends a session that cannot connect (a refused real port, retries on the fake clock)', async () => {
  const server = await startScriptedServer(() => {});
  const port = server.port;
  await server.close();
  const clock = new FakeClock();
  const s = session(port, { clock, reconnect: { ...fastRetry, maxAttempts: 2 } });
  s.start();
  await waitFor(() => s.state.kind === 'reconnecting', 'first refusal');
  await clock.advanceAsync(10);
  await waitFor(() => s.state.kind === 'reconnecting' && s.state.attempt === 2, 'second refusal');
  await clock.advanceAsync(20);
  await waitFor(() => s.state.kind === 'failed', 'failed after the third refusal');
  assert.ok(s.state.kind === 'failed' && s.state.error.code === 'UNREACHABLE', JSON.stringify(s.state));
  assert.equal(clock.armed, 0);
});

test('a refusing connect function is retried like a refused socket, and ends the session at maxAttempts', async () => {
  const server = memoryPushServer(() => {});
  let calls = 0;
  const { s, clock } = fakeTimeSession(server, {
    reconnect: { ...fastRetry, maxAttempts: 3 },
    connect: () => (calls++, Promise.reject(refused())),
  });
  s.start();
  while (await clock.runNext());
  assert.equal(calls, 4, 'the first attempt and three retries');
  assert.ok(s.state.kind === 'failed' && s.state.error.code === 'UNREACHABLE', JSON.stringify(s.state));
});

test('callback ack mode acks only batches whose callback returned true', async () => {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1), publish(1, 1), publish(2, 1)]));
  });
  const s = session(server.port, { ackMode: 'callback' }, (_e, b) => b.blockId !== 1);
  s.start();
  const conn = await server.connection(1);
  assert.deepEqual(await conn.acks(2), [0, 2]);
  await s.stop();
  await server.close();
});

test('a throwing consumer does not ack and does not end the session', async () => {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1), publish(1, 1)]));
  });
  const warnings: PushMonitorError[] = [];
  const s = session(server.port, {}, (_e, b) => {
    if (b.blockId === 0) throw new Error('boom');
  });
  s.on('warning', (w) => warnings.push(w));
  s.start();
  const conn = await server.connection(1);
  assert.deepEqual(await conn.acks(1), [1]);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].code, 'CONSUMER_FAILED');
  assert.equal((warnings[0].cause as Error).message, 'boom');
  assert.equal(s.state.kind, 'connected');
  await s.stop();
  await server.close();
});

test('unknown frame types are reported and skipped, not mis-parsed', async () => {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), encodeFrame(9, Buffer.from('mystery')), publish(5, 1)]));
  });
  const warnings: string[] = [];
  const events: PushEvent[] = [];
  const s = session(server.port, {}, (e) => void events.push(...e));
  s.on('warning', (w) => warnings.push(w.message));
  s.start();
  assert.deepEqual(await (await server.connection(1)).acks(1), [5]);
  assert.equal(events.length, 1);
  assert.match(warnings[0], /skipped unexpected unknown\(9\) frame \(7 bytes\)/);
  assert.equal(s.stats.unknownFrames, 1);
  await s.stop();
  await server.close();
});

test('an oversized frame length drops the connection with a clear reason and reconnects', async () => {
  const server = memoryPushServer(async (c, i) => {
    await c.connectRequest();
    if (i === 1) {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(3, 0);
      head.writeUInt32BE(0x7fffffff, 2);
      c.socket.write(Buffer.concat([encodeConnectResponse(200), head]));
    } else c.socket.write(encodeConnectResponse(200));
  });
  const { s, clock } = fakeTimeSession(server, { maxFrameLength: 1 << 20 });
  const drops: PushMonitorError[] = [];
  s.on('state', (st) => st.kind === 'reconnecting' && drops.push(st.error));
  s.start();
  await until(() => s.state.kind === 'reconnecting', 'dropped');
  await clock.advanceAsync(10);
  await until(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected');
  assert.ok(drops[0] instanceof FrameTooLargeError && drops[0].code === 'FRAME_TOO_LARGE', String(drops[0]));
  assert.deepEqual([drops[0].announced, drops[0].limit], [0x7fffffff, 1 << 20]);
  await s.stop();
});

test('corrupt zlib payload drops the connection (not acked) and reconnects', async () => {
  const server = memoryPushServer(async (c, i) => {
    await c.connectRequest();
    const bad = encodePublishMessage({ blockId: 0, count: 1, compression: 1, format: 1, payload: Buffer.from('garbage') });
    c.socket.write(Buffer.concat([encodeConnectResponse(200), ...(i === 1 ? [bad] : [])]));
  });
  const { s, clock } = fakeTimeSession(server);
  const drops: PushMonitorError[] = [];
  s.on('state', (st) => st.kind === 'reconnecting' && drops.push(st.error));
  s.start();
  await until(() => s.state.kind === 'reconnecting', 'dropped');
  await clock.advanceAsync(10);
  await until(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected');
  assert.ok(drops[0] instanceof PayloadError && drops[0].code === 'PAYLOAD' && drops[0].blockId === 0, String(drops[0]));
  assert.equal(server.connections[0].frames.length, 1, 'only the ConnectRequest, no ack for the bad block');
  await s.stop();
});

test('a slow consumer pauses socket reads (bounded memory) and loses nothing', async () => {
  const batches = 1500;
  const perBatch = 100;
  let serverBlocked = false;
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
    for (let b = 0; b < batches; b++) {
      if (!c.socket.write(publish(b % 65536, perBatch, b * perBatch))) {
        serverBlocked = true;
        await once(c.socket, 'drain');
      }
    }
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const seen: number[] = [];
  const s = session(server.port, {}, async (events) => {
    await gate;
    for (const e of events) seen.push((e.data as { data: number }).data);
  });
  s.start();
  await waitFor(() => serverBlocked && s.stats.batchesReceived >= 1, 'server write blocked by the paused client', 10000);
  const total = batches * publish(0, perBatch).length;
  assert.ok(s.stats.bytesReceived < total / 2, `client read ${s.stats.bytesReceived} of ${total} bytes while the consumer was stuck`);
  assert.equal(s.stats.batchesReceived, 1, 'only the first batch was decoded while the consumer was busy');
  release();
  await waitFor(() => seen.length === batches * perBatch, 'all events', 20000);
  assert.deepEqual(seen, Array.from({ length: batches * perBatch }, (_, i) => i));
  await s.stop();
  await server.close();
});

test('several sessions run independently', async () => {
  const server = await startScriptedServer(async (c) => {
    const req = await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1, req.monitorId)]));
  });
  const got = new Map<number, number>();
  const sessions = [1, 2, 3].map((id) =>
    session(server.port, { monitorId: id }, (e) => void got.set(id, (e[0].data as { data: number }).data)).start(),
  );
  await waitFor(() => got.size === 3, 'three sessions');
  assert.deepEqual([...got.entries()].sort(), [[1, 1], [2, 2], [3, 3]]);
  await sessions[1].stop();
  assert.equal(sessions[0].state.kind, 'connected');
  await Promise.all(sessions.map((x) => x.stop()));
  await server.close();
});

test('batches before an oversized header in the same write are delivered and acked, then the connection drops', async () => {
  const server = memoryPushServer(async (c, i) => {
    await c.connectRequest();
    const head = Buffer.alloc(6);
    head.writeUInt16BE(3, 0);
    head.writeUInt32BE(0x7fffffff, 2);
    c.socket.write(Buffer.concat(i === 1 ? [encodeConnectResponse(200), publish(0, 2, 0), publish(1, 1, 2), head] : [encodeConnectResponse(200)]));
  });
  const got: number[] = [];
  const { s, clock } = fakeTimeSession(server, { maxFrameLength: 1 << 20 }, (events) => void got.push(...events.map((e) => (e.data as { data: number }).data)));
  s.start();
  assert.deepEqual(await (await server.connection(1)).acks(2), [0, 1]);
  await until(() => s.state.kind === 'reconnecting', 'dropped at the bad header');
  await clock.advanceAsync(10);
  await until(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected after the bad header');
  assert.deepEqual(got, [0, 1, 2]);
  await s.stop();
});

test('stop() while reconnecting cancels the retry: no further attempt, whatever the clock does', async () => {
  const server = memoryPushServer((c) => void c.socket.destroy());
  const { s, clock, states } = fakeTimeSession(server);
  s.start();
  await until(() => s.state.kind === 'reconnecting', 'reconnecting');
  await s.stop();
  assert.equal(s.state.kind, 'stopped');
  assert.equal(clock.armed, 0);
  await clock.advanceAsync(60 * 60_000);
  assert.equal(server.connections.length, 1);
  assert.deepEqual(states.map((st) => st.kind), ['connecting', 'reconnecting', 'stopped']);
});

test('stop() while the connect function is at work aborts it and resolves at once; a stream it hands over later is closed', async () => {
  let signal: AbortSignal | undefined;
  let hand!: (d: Duplex) => void;
  const server = memoryPushServer(() => {});
  const { s, clock } = fakeTimeSession(server, {
    connect: (o) => {
      signal = o.signal;
      return new Promise<Duplex>((resolve) => (hand = resolve));
    },
  });
  s.start();
  assert.equal(s.state.kind, 'connecting');
  await s.stop();
  assert.equal(signal?.aborted, true);
  assert.equal(s.state.kind, 'stopped');
  assert.equal(clock.armed, 0, 'the connect timer is cleared');
  const [late, peer] = duplexPair();
  peer.resume();
  hand(late);
  await settle();
  assert.equal(late.destroyed, true);
  assert.equal(peer.destroyed, true, 'the server side sees the stream close');
});

test('stop() with writes still queued ends the stream (FIN) and destroys it 250 ms later if it does not drain', async () => {
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1)]));
  });
  const streams: Duplex[] = [];
  const { s, clock } = fakeTimeSession(server, { connect: (o) => (streams.push(server.connect!(o) as Duplex), streams[0]) });
  s.start();
  await until(() => s.stats.acksSent === 1, 'ack written');
  // The server stops reading and the pipe fills up (a stalled network): writes stay queued.
  server.connections[0].socket.pause();
  const client = streams[0];
  client.write(Buffer.alloc(64 * 1024));
  assert.ok(client.writableLength > 0);
  const stopped = s.stop();
  assert.equal(s.state.kind, 'stopped');
  assert.equal(client.writableEnded, true, 'ended so the queued bytes can still go out');
  assert.equal(client.destroyed, false);
  await clock.advanceAsync(249);
  assert.equal(client.destroyed, false);
  await clock.advanceAsync(1);
  assert.equal(client.destroyed, true, 'destroyed once the 250 ms are up');
  await stopped;
});
