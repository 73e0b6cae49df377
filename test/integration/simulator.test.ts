// The simulator's push side (TCP and TLS), driven by a raw client built from the codec.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { once } from 'node:events';
import { encodeConnectRequest } from '../../src/core/protocol/frames';
import { Compression, Format } from '../../src/core/protocol/constants';
import { payloadText } from '../../src/core/protocol/payload';
import { DEMO_API_KEY_ID, DEMO_API_KEY_SECRET, sequenceOf, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createMonitor, RawPushClient, rest, session, waitForEvent } from './simulatorClient';

const ALL_TOPICS = 'DeviceCore,DataPoint,FileData,AlarmStatus';
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (events: Parameters<typeof sequenceOf>[0][]) => events.map((e) => sequenceOf(e));

describe('simulator push protocol', { timeout: 60_000 }, () => {
  let sim: SimulatorHandle;
  const clients: RawPushClient[] = [];
  const track = (c: RawPushClient) => (clients.push(c), c);

  before(async () => {
    sim = await startSimulator({ seed: 42, devices: 8 });
  });
  after(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  test('ConnectResponse 200 for a good request; the first bytes ever sent are that response', async () => {
    const id = await createMonitor(sim, { monTopic: ALL_TOPICS, monBatchSize: 1 });
    const accepted = waitForEvent(sim, 'connect');
    const c = track(await RawPushClient.connect({ port: sim.pushPort }));
    await accepted;
    sim.generate(3); // published before the handshake: must not be sent before it
    const r = await c.handshake(id);
    assert.deepEqual(r, { status: 200, version: 1 });
    assert.equal(c.chunkSizes[0] >= 10, true);
    const s = await rest(sim, 'GET', `/ws/Monitor/${id}.json`);
    const item = (JSON.parse(s.text) as { items: Record<string, string>[] }).items[0];
    assert.equal(item.monStatus, 'ACTIVE');
    assert.match(item.monLastConnect, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('ConnectResponse 400 (version, unknown monitor, http monitor) and 403 (credentials), then close', async () => {
    const tcp = await createMonitor(sim, { monTopic: 'DeviceCore' });
    const http = await createMonitor(sim, { monTopic: 'DeviceCore', monTransportType: 'http', monTransportUrl: 'https://example.com/x' });
    const cases: [number, string, string, number, number][] = [
      [tcp, 'demo', 'demo-password', 2, 400],
      [tcp, 'demo', 'wrong', 2, 400], // version is checked first
      [tcp, 'demo', 'wrong', 1, 403],
      [tcp, 'nobody', 'demo-password', 1, 403],
      [987654, 'demo', 'demo-password', 1, 400],
      [http, 'demo', 'demo-password', 1, 400],
    ];
    for (const [id, user, pass, version, status] of cases) {
      const c = track(await RawPushClient.connect({ port: sim.pushPort }));
      const r = await c.handshake(id, user, pass, version);
      assert.equal(r.status, status, `${user}/${pass} v${version} monitor ${id}`);
      await c.waitClosed();
    }
    const k = track(await RawPushClient.connect({ port: sim.pushPort }));
    assert.equal((await k.handshake(tcp, DEMO_API_KEY_ID, DEMO_API_KEY_SECRET)).status, 200, 'API key id/secret as user/password');
  });

  test('TLS: verifies against caPem (IP and localhost), is rejected without it', async () => {
    const id = await createMonitor(sim, { monTopic: ALL_TOPICS, monBatchSize: 1 });
    for (const host of ['127.0.0.1', 'localhost']) {
      const c = track(await RawPushClient.connect({ port: sim.pushTlsPort as number, host, tls: { ca: sim.caPem, servername: host === 'localhost' ? host : undefined } }));
      assert.equal((c.socket as tls.TLSSocket).authorized, true);
      assert.equal((await c.handshake(id)).status, 200);
      const [e] = sim.generate(1);
      const got = await c.readEvents(1);
      assert.equal(sequenceOf(got.events[0]), e.seq);
    }
    const bare = tls.connect({ host: '127.0.0.1', port: sim.pushTlsPort as number });
    const [err] = (await once(bare, 'error')) as [NodeJS.ErrnoException];
    assert.match(err.code ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    bare.destroy();
  });

  test('events arrive in order with contiguous sequence numbers, batched by monBatchSize', async () => {
    const id = await createMonitor(sim, { monTopic: ALL_TOPICS, monBatchSize: 7, monBatchDuration: 0.2 });
    const c = track(await session(sim, id));
    const published = sim.generate(20);
    const { events, blocks } = await c.readEvents(20);
    const item = (JSON.parse((await rest(sim, 'GET', `/ws/Monitor/${id}.json`)).text) as { items: Record<string, string>[] }).items[0];
    assert.equal(item.monLastSentUuid, published[19].uuid, 'monLastSentUuid is the last pushed event');
    assert.match(item.monLastSent, /Z$/);
    assert.deepEqual(blocks.map((b) => b.count), [7, 7, 6]);
    assert.deepEqual(blocks.map((b) => b.blockId), [0, 1, 2], 'dataBlockId counts from 0 per connection');
    const first = published[0].seq as number;
    assert.deepEqual(seqs(events), range(first, first + 19));
    assert.deepEqual(new Set(events.map((e) => e.type)), new Set(['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus']));
    for (const e of events) {
      assert.match(e.topic, /^1001\/(DeviceCore|DataPoint|FileData|AlarmStatus)\//);
      assert.equal(e.group, '*');
      assert.equal(e.replay, false);
    }
    const dp = events.find((e) => e.type === 'DataPoint')?.data as Record<string, unknown>;
    for (const k of ['id', 'cstId', 'streamId', 'data', 'timestamp', 'serverTimestamp', 'quality', 'description', 'streamUnits']) assert.ok(k in dp, k);
    assert.equal(typeof dp.timestamp, 'number');
    assert.match(String(dp.streamId), /^00000000-00000000-00409DFF-FF[0-9A-F]{6}\/metrics\/\w+$/);
    const dc = events.find((e) => e.type === 'DeviceCore')?.data as Record<string, unknown>;
    for (const k of ['id', 'cstId', 'grpId', 'devConnectwareId', 'devMac', 'devEffectiveStartDate', 'devRecordStartDate', 'devTerminated', 'dpDeviceType', 'dpConnectionStatus', 'dpRestrictedStatus', 'dpCapabilities', 'dpFirmwareLevel']) {
      assert.ok(k in dc, k);
    }
  });

  test('monBatchDuration: a partial batch goes out after the duration, counted from its first event', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 100, monBatchDuration: 0.3 });
    const c = track(await session(sim, id));
    const t0 = Date.now();
    sim.publish([1, 2, 3].map((v) => ({ type: 'DataPoint', data: { streamId: 'dev/metrics/x', data: v } })));
    const msg = await c.nextPublish();
    const waited = Date.now() - t0;
    assert.equal(msg.count, 3);
    assert.ok(waited >= 250, `held for ${waited} ms`);
    assert.ok(waited < 3000, `held for ${waited} ms`);
  });

  test('single event → Msg object; several → Msg array (JSON)', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 2, monBatchDuration: 0 });
    const c = track(await session(sim, id));
    sim.publish({ type: 'DataPoint', data: { streamId: 'a/b', data: 1 } });
    const one = JSON.parse(payloadText(await c.nextPublish())) as { Document: { Msg: unknown } };
    assert.equal(Array.isArray(one.Document.Msg), false);
    sim.publish([{ type: 'DataPoint', data: { streamId: 'a/b', data: 2 } }, { type: 'DataPoint', data: { streamId: 'a/b', data: 3 } }]);
    const two = JSON.parse(payloadText(await c.nextPublish())) as { Document: { Msg: unknown } };
    assert.equal(Array.isArray(two.Document.Msg), true);
  });

  test('zlib payloads (monitor created with gzip) are zlib streams and decode', async () => {
    const id = await createMonitor(sim, { monTopic: ALL_TOPICS, monBatchSize: 5, monCompression: 'gzip' });
    const c = track(await session(sim, id));
    const published = sim.generate(10);
    const { events, blocks } = await c.readEvents(10);
    for (const b of blocks) {
      assert.equal(b.compression, Compression.Zlib);
      assert.equal(b.payload[0], 0x78, 'zlib header, not gzip (0x1f)');
    }
    assert.deepEqual(seqs(events), published.map((e) => e.seq));
  });

  test('XML payloads: <Document><Msg topic operation timestamp> with lower-case operations; decode', async () => {
    const id = await createMonitor(sim, { monTopic: ALL_TOPICS, monBatchSize: 4, monFormatType: 'xml' });
    const c = track(await session(sim, id));
    const published = sim.generate(8);
    const { events, blocks } = await c.readEvents(8);
    assert.equal(blocks[0].format, Format.Xml);
    const text = payloadText(blocks[0]);
    assert.match(text, /^<Document><Msg topic="1001\/\w+\/[^"]+" operation="(insertion|update|create)" timestamp="[^"]+Z">/);
    assert.deepEqual(seqs(events), published.map((e) => e.seq));
    assert.ok(events.every((e) => e.format === 'xml' && e.operation === e.operation.toUpperCase()));
  });

  test('legacy 6-byte acks are accepted and counted (explicit-ack window never stalls)', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monAckOption: 'explicit' });
    const c = track(await session(sim, id));
    const n = 150; // more blocks than the ack window of 64
    const published = sim.publish(range(1, n).map((v) => ({ type: 'DataPoint', data: { streamId: 'd/s', data: v } })));
    const { events } = await c.readEvents(n, 'legacy');
    assert.deepEqual(events.map((e) => (e.data as { data: number }).data), range(1, n));
    await waitForEvent(sim, 'ack', () => sim.stats(id).acked === published.length);
    const s = sim.stats(id);
    assert.equal(s.legacyAcks, n);
    assert.equal(s.acksReceived, n);
    assert.equal(s.unackedBlocks, 0);
  });

  test('explicit acks: at most ackWindow (64) blocks outstanding, an ack releases the next', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monAckOption: 'explicit' });
    const c = track(await session(sim, id));
    sim.publish(range(1, 70).map((v) => ({ type: 'DataPoint', data: { streamId: 'd/s', data: v } })));
    const blocks = [];
    for (let i = 0; i < 64; i++) blocks.push(await c.nextPublish());
    assert.equal(sim.stats(id).unackedBlocks, 64);
    assert.equal(sim.stats(id).blocksSent, 64);
    assert.equal(sim.stats(id).queued, 6);
    const next = waitForEvent<{ monitorId: number }>(sim, 'block', (b) => b.monitorId === id);
    c.ack(blocks[0].blockId, 'spec');
    await next;
    assert.equal(sim.stats(id).blocksSent, 65);
    assert.equal((await c.nextPublish()).blockId, 64);
  });

  test('explicit ack + auto-replay: disconnect mid-stream, events while away, all delivered once, replayed ones flagged', async () => {
    const id = await createMonitor(sim, {
      monTopic: ALL_TOPICS, monBatchSize: 10, monBatchDuration: 0, monAckOption: 'explicit', monAutoReplayOnConnect: true,
    });
    const c1 = track(await session(sim, id));
    const first = sim.generate(100);
    // Read and ack 3 blocks, read 2 more without acking, then drop the connection.
    const acked = await c1.readEvents(30, 'spec');
    await waitForEvent(sim, 'ack', () => sim.stats(id).acked === 30);
    const unacked = await c1.readEvents(20, 'none');
    const ended = waitForEvent(sim, 'sessionEnd', (e: { monitorId: number }) => e.monitorId === id);
    c1.close();
    await ended;
    assert.equal(sim.monitors().find((m) => m.id === id)?.status, 'SUSPENDED');
    const away = sim.generate(25);

    const c2 = track(await session(sim, id));
    const total = 100 + 25 - 30;
    const { events, blocks } = await c2.readEvents(total, 'spec');
    assert.equal(blocks[0].blockId, 0, 'block ids restart per connection');
    const all = [...first, ...away].map((e) => e.seq);
    assert.deepEqual([...seqs(acked.events), ...seqs(events)], all, 'every sequence exactly once, in order');
    assert.ok(events.every((e) => e.replay), 'everything after the reconnect was stored while away: flagged replay');
    assert.equal(unacked.events.length, 20);
    assert.ok(!acked.events.some((e) => e.replay));
    const s = sim.stats(id);
    assert.equal(s.replayed, total);
    assert.equal(s.dropped, 0);
    // Events published while connected again are not replays.
    const [fresh] = sim.generate(1);
    const after1 = await c2.readEvents(1);
    assert.equal(sequenceOf(after1.events[0]), fresh.seq);
    assert.equal(after1.events[0].replay, false);
  });

  test('replay flag in XML is replay="true"', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monFormatType: 'xml', monAutoReplayOnConnect: true });
    const c1 = track(await session(sim, id));
    const ended = waitForEvent(sim, 'sessionEnd', (e: { monitorId: number }) => e.monitorId === id);
    c1.close();
    await ended;
    sim.publish({ type: 'DataPoint', data: { streamId: 'x/y', data: 5 } });
    const c2 = track(await session(sim, id));
    const msg = await c2.nextPublish();
    assert.match(payloadText(msg), /<Msg [^>]*replay="true"/);
  });

  test('without auto-replay: INACTIVE after disconnect, events meanwhile dropped and counted', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monAckOption: 'explicit' });
    const c1 = track(await session(sim, id));
    sim.publish({ type: 'DataPoint', data: { streamId: 'x/y', data: 1 } });
    await c1.nextPublish(); // not acked: lost with the connection
    const ended = waitForEvent(sim, 'sessionEnd', (e: { monitorId: number }) => e.monitorId === id);
    c1.close();
    await ended;
    assert.equal(sim.monitors().find((m) => m.id === id)?.status, 'INACTIVE');
    sim.publish([2, 3].map((v) => ({ type: 'DataPoint', data: { streamId: 'x/y', data: v } })));
    assert.equal(sim.stats(id).dropped, 3);
    const c2 = track(await session(sim, id));
    sim.publish({ type: 'DataPoint', data: { streamId: 'x/y', data: 4 } });
    const { events } = await c2.readEvents(1);
    assert.equal((events[0].data as { data: number }).data, 4);
  });

  test('a second connection for the same monitor replaces the first', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const c1 = track(await session(sim, id));
    const c2 = track(await session(sim, id));
    await c1.waitClosed();
    const [e] = sim.publish({ type: 'DataPoint', data: { streamId: 'r/s', data: 9 } });
    const { events, blocks } = await c2.readEvents(1);
    assert.equal((events[0].data as { data: number }).data, (e.data as { data: number }).data);
    assert.equal(blocks[0].blockId, 0);
    assert.equal(sim.stats(id).connections, 2);
    assert.equal(sim.monitors().find((m) => m.id === id)?.status, 'ACTIVE');
  });

  test('a ConnectRequest split into single bytes is still understood', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const c = track(await RawPushClient.connect({ port: sim.pushPort }));
    const req = encodeConnectRequest({ username: 'demo', password: 'demo-password', monitorId: id });
    for (const b of req) c.send(Buffer.from([b]));
    const f = await c.nextFrame();
    assert.equal(f.body.readUInt16BE(0), 200);
  });

  test('stored events are bounded by maxReplayEvents: oldest dropped and counted', async () => {
    const small = await startSimulator({ maxReplayEvents: 10 });
    try {
      const id = small.createMonitor({ topics: ['DataPoint'], batchSize: 100, batchDuration: 0, autoReplayOnConnect: true });
      const c1 = track(await session(small, id));
      const ended = waitForEvent(small, 'sessionEnd');
      c1.close();
      await ended;
      small.publish(range(1, 25).map((v) => ({ type: 'DataPoint', data: { streamId: 'x/y', data: v } })));
      assert.equal(small.stats(id).queued, 10);
      assert.equal(small.stats(id).dropped, 15);
      const c2 = track(await session(small, id));
      const { events } = await c2.readEvents(10);
      assert.deepEqual(events.map((e) => (e.data as { data: number }).data), range(16, 25));
    } finally {
      await small.close();
    }
  });

  test('disconnect() ends sessions; the handle emits session events', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const started = waitForEvent(sim, 'session', (s: { monitorId: number }) => s.monitorId === id);
    const c = track(await session(sim, id));
    await started;
    assert.equal(sim.disconnect(id), 1);
    await c.waitClosed();
    assert.equal(sim.monitors().find((m) => m.id === id)?.connected, false);
  });
});
