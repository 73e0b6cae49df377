import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PushSession, type SessionState } from '../../src/core/session';
import { encodeConnectResponse, encodeFrame, encodePublishMessage } from '../../src/core/protocol/frames';
import type { PushEvent, SessionItem } from '../../src/core/events';
import { startScriptedServer, waitFor } from '../helpers/scriptedPushServer';

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

const fastRetry = { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 };

function session(port: number, extra: Partial<ConstructorParameters<typeof PushSession>[0]> = {}, cb?: ConstructorParameters<typeof PushSession>[1]) {
  return new PushSession({ host: '127.0.0.1', port, secure: false, username: 'u', password: 'secret-pw', monitorId: 77, reconnect: fastRetry, ...extra }, cb);
}

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
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.end(encodeConnectResponse(403));
  });
  const s = session(server.port);
  const failed = new Promise<SessionState>((resolve) => s.on('state', (st) => st.kind === 'failed' && resolve(st)));
  s.start();
  const st = await failed;
  assert.equal(st.kind === 'failed' && st.error.code, 'AUTH');
  assert.match(st.kind === 'failed' ? st.error.message : '', /credentials were refused \(403\)/);
  assert.doesNotMatch(st.kind === 'failed' ? st.error.message : '', /secret-pw/);
  await new Promise((r) => setTimeout(r, 80)); // longer than any retry delay
  assert.equal(server.connections.length, 1);
  await server.close();
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
  assert.match(st.kind === 'failed' ? st.error.message : '', /monitor 77/);
  await server.close();
});

test('a missing ConnectResponse times out and is retried', async () => {
  const server = await startScriptedServer(async (c, i) => {
    await c.connectRequest();
    if (i >= 2) c.socket.write(encodeConnectResponse(200));
  });
  const s = session(server.port, { connectTimeoutMs: 100 });
  const states: SessionState[] = [];
  s.on('state', (st) => states.push(st));
  s.start();
  await waitFor(() => s.state.kind === 'connected', 'connected after retry');
  const r = states.find((st) => st.kind === 'reconnecting');
  assert.ok(r && r.kind === 'reconnecting' && /no ConnectResponse .* within 100 ms/.test(r.reason), JSON.stringify(states));
  await s.stop();
  await server.close();
});

test('unexpected close reconnects with backoff and leaves a gap marker in the stream', async () => {
  const server = await startScriptedServer(async (c, i) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 1, i * 10)]));
    if (i === 1) {
      await c.acks(1);
      c.socket.destroy();
    }
  });
  const s = session(server.port);
  const items: SessionItem[] = [];
  s.start();
  const reader = (async () => {
    for await (const item of s) {
      items.push(item);
      if (items.length === 3) break;
    }
  })();
  await reader;
  assert.deepEqual(items.map((i) => (i.kind === 'gap' ? 'gap' : (i.data as { data: number }).data)), [10, 'gap', 20]);
  const gap = items[1];
  assert.ok(gap.kind === 'gap' && gap.reconnectedAt >= gap.disconnectedAt && /closed the connection/.test(gap.reason));
  assert.equal(s.stats.reconnects, 1);
  await s.stop();
  await server.close();
});

test('backoff grows between failed attempts and resets after a success', async () => {
  let accept = false;
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    if (accept) c.socket.write(encodeConnectResponse(200));
    else c.socket.destroy();
  });
  const s = session(server.port, { reconnect: { initialDelayMs: 5, factor: 2, maxDelayMs: 40, jitter: 0 } });
  const delays: number[] = [];
  s.on('state', (st) => {
    if (st.kind === 'reconnecting') delays.push(st.delayMs);
    if (delays.length === 5) accept = true;
  });
  s.start();
  await waitFor(() => s.state.kind === 'connected', 'connected');
  assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 40]);
  server.connections.at(-1)?.socket.destroy();
  await waitFor(() => delays.length === 6, 'reconnect after success');
  assert.equal(delays[5], 5, 'backoff resets after a successful handshake');
  await s.stop();
  await server.close();
});

test('maxAttempts ends a session that cannot connect', async () => {
  const server = await startScriptedServer(() => {});
  const port = server.port;
  await server.close();
  const s = session(port, { reconnect: { ...fastRetry, maxAttempts: 2 } });
  s.start();
  await waitFor(() => s.state.kind === 'failed', 'failed');
  assert.ok(s.state.kind === 'failed' && s.state.error.code === 'UNREACHABLE', JSON.stringify(s.state));
  assert.match(s.state.kind === 'failed' ? s.state.error.message : '', /cannot reach push server 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
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
  const warnings: string[] = [];
  const s = session(server.port, {}, (_e, b) => {
    if (b.blockId === 0) throw new Error('boom');
  });
  s.on('warning', (w) => warnings.push(w.message));
  s.start();
  const conn = await server.connection(1);
  assert.deepEqual(await conn.acks(1), [1]);
  assert.match(warnings[0], /consumer threw on block 0; not acknowledged: boom/);
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
  const server = await startScriptedServer(async (c, i) => {
    await c.connectRequest();
    if (i === 1) {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(3, 0);
      head.writeUInt32BE(0x7fffffff, 2);
      c.socket.write(Buffer.concat([encodeConnectResponse(200), head]));
    } else c.socket.write(encodeConnectResponse(200));
  });
  const s = session(server.port, { maxFrameLength: 1 << 20 });
  const reasons: string[] = [];
  s.on('state', (st) => st.kind === 'reconnecting' && reasons.push(st.reason));
  s.start();
  await waitFor(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected');
  assert.match(reasons[0], /announces 2147483647 bytes, above the limit of 1048576/);
  await s.stop();
  await server.close();
});

test('corrupt zlib payload drops the connection (not acked) and reconnects', async () => {
  const server = await startScriptedServer(async (c, i) => {
    await c.connectRequest();
    const bad = encodePublishMessage({ blockId: 0, count: 1, compression: 1, format: 1, payload: Buffer.from('garbage') });
    c.socket.write(Buffer.concat([encodeConnectResponse(200), ...(i === 1 ? [bad] : [])]));
  });
  const s = session(server.port);
  const reasons: string[] = [];
  s.on('state', (st) => st.kind === 'reconnecting' && reasons.push(st.reason));
  s.start();
  await waitFor(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected');
  assert.match(reasons[0], /block 0: zlib payload could not be inflated/);
  assert.equal(server.connections[0].frames.length, 1, 'only the ConnectRequest, no ack for the bad block');
  await s.stop();
  await server.close();
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
  const server = await startScriptedServer(async (c, i) => {
    await c.connectRequest();
    const head = Buffer.alloc(6);
    head.writeUInt16BE(3, 0);
    head.writeUInt32BE(0x7fffffff, 2);
    c.socket.write(Buffer.concat(i === 1 ? [encodeConnectResponse(200), publish(0, 2, 0), publish(1, 1, 2), head] : [encodeConnectResponse(200)]));
  });
  const got: number[] = [];
  const s = session(server.port, { maxFrameLength: 1 << 20 }, (events) => void got.push(...events.map((e) => (e.data as { data: number }).data)));
  s.start();
  assert.deepEqual(await (await server.connection(1)).acks(2), [0, 1]);
  await waitFor(() => server.connections.length === 2 && s.state.kind === 'connected', 'reconnected after the bad header');
  assert.deepEqual(got, [0, 1, 2]);
  await s.stop();
  await server.close();
});
