// Every fault mode of the simulator, observed from a raw client, plus the /_sim/ control API.

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameTooLargeError, PayloadError } from '../../src/core/errors';
import { FrameType } from '../../src/core/protocol/constants';
import { encodeConnectRequest } from '../../src/core/protocol/frames';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { sequenceOf, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createMonitor, RawPushClient, rest, session, waitForEvent } from './simulatorClient';

const dataPoints = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'DataPoint', data: { streamId: 'dev/metrics/t', data: i + 1 } }));
const values = (events: { data: unknown }[]) => events.map((e) => (e.data as { data: number }).data);

describe('simulator faults', { timeout: 60_000 }, () => {
  let sim: SimulatorHandle;
  let clients: RawPushClient[];
  const track = (c: RawPushClient) => (clients.push(c), c);

  beforeEach(async () => {
    sim = await startSimulator({ seed: 7 });
    clients = [];
  });
  afterEach(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  test('closeMidFrame: half a PublishMessage, then the socket closes; with auto-replay the events come back', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 5, monAckOption: 'explicit', monAutoReplayOnConnect: true });
    const c = track(await session(sim, id));
    sim.faults.set({ closeMidFrame: true });
    sim.publish(dataPoints(5));
    await c.waitClosed();
    assert.ok(c.decoder.bufferedBytes > 0, 'a partial frame was received');
    assert.throws(() => c.decoder.end(), /inside a frame/);
    assert.equal(sim.stats().faults.closeMidFrame, 1);
    const c2 = track(await session(sim, id));
    const { events } = await c2.readEvents(5);
    assert.deepEqual(values(events), [1, 2, 3, 4, 5]);
    assert.ok(events.every((e) => e.replay));
  });

  test('dripBytes: frames arrive one byte per chunk and still decode', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    sim.faults.set({ dripBytes: true });
    const c = track(await RawPushClient.connect({ port: sim.pushPort }));
    assert.equal((await c.handshake(id)).status, 200);
    sim.publish(dataPoints(1));
    const { events } = await c.readEvents(1);
    assert.deepEqual(values(events), [1]);
    assert.ok(c.chunkSizes.length > 20, `got ${c.chunkSizes.length} chunks`);
    assert.ok(c.chunkSizes.filter((n) => n === 1).length > c.chunkSizes.length / 2, 'mostly single bytes');
    sim.faults.clear();
    sim.publish(dataPoints(1));
    await c.readEvents(1);
  });

  test('corruptZlib: the next zlib payload fails to inflate; the following one is fine', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monCompression: 'zlib' });
    const c = track(await session(sim, id));
    sim.faults.set({ corruptZlib: true });
    sim.publish(dataPoints(2));
    const bad = await c.nextPublish();
    assert.equal(bad.payload[0], 0x78);
    assert.throws(() => decodePublishPayload(bad), PayloadError);
    const good = await c.nextPublish();
    assert.deepEqual(values(decodePublishPayload(good).events), [2]);
  });

  test('oversizedLength: a header announcing ~4 GiB, rejected by the decoder before allocation', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const c = track(await session(sim, id));
    sim.faults.set({ oversizedLength: true });
    sim.publish(dataPoints(1));
    await assert.rejects(c.nextFrame(), FrameTooLargeError);
    await c.waitClosed();
  });

  test('unknownFrameType: a type-9 frame precedes the next PublishMessage', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const c = track(await session(sim, id));
    sim.faults.set({ unknownFrameType: true });
    sim.publish(dataPoints(1));
    assert.equal((await c.nextFrame()).type, 9);
    assert.equal((await c.nextFrame()).type, FrameType.PublishMessage);
  });

  test('connectStatus: the next handshake is answered 403 (or 400) whatever it says', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    for (const status of [403, 400] as const) {
      sim.faults.set({ connectStatus: status });
      const c = track(await RawPushClient.connect({ port: sim.pushPort }));
      assert.equal((await c.handshake(id)).status, status);
      await c.waitClosed();
    }
    const ok = track(await RawPushClient.connect({ port: sim.pushPort }));
    assert.equal((await ok.handshake(id)).status, 200);
  });

  test('refuseConnections: new push sockets are destroyed during the window', async () => {
    sim.faults.set({ refuseConnections: 60_000 });
    const refused = waitForEvent(sim, 'connect', (i: { refused: boolean }) => i.refused);
    const c = track(await RawPushClient.connect({ port: sim.pushPort }));
    await refused;
    await c.waitClosed();
    assert.equal(c.chunkSizes.length, 0);
    sim.faults.clear();
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    track(await session(sim, id));
  });

  test('stallHandshake: the connection is accepted but never answered', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    sim.faults.set({ stallHandshake: 60_000 });
    const stalled = track(await RawPushClient.connect({ port: sim.pushPort }));
    stalled.send(encodeConnectRequest({ username: 'demo', password: 'demo-password', monitorId: id }));
    sim.faults.clear();
    // A later session completes a full round trip, so the stalled request was long read.
    const c = track(await session(sim, id));
    sim.publish(dataPoints(1));
    await c.readEvents(1);
    assert.equal(stalled.chunkSizes.length, 0);
    assert.equal(stalled.closed, false);
    assert.equal(sim.stats().faults.stallHandshake, 1);
  });

  test('delayConnectResponse: the ConnectResponse comes after the delay', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    sim.faults.set({ delayConnectResponse: 300 });
    const c = track(await RawPushClient.connect({ port: sim.pushPort }));
    const t0 = Date.now();
    assert.equal((await c.handshake(id)).status, 200);
    assert.ok(Date.now() - t0 >= 250, `answered after ${Date.now() - t0} ms`);
  });

  test('restStatus: the next count /ws calls fail with the status and Retry-After; restDelayMs delays', async () => {
    sim.faults.set({ restStatus: { status: 503, count: 2, retryAfter: 2 } });
    for (let i = 0; i < 2; i++) {
      const r = await rest(sim, 'GET', '/ws/Monitor');
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '2');
    }
    assert.equal((await rest(sim, 'GET', '/ws/Monitor')).status, 200);
    sim.faults.set({ restStatus: { status: 429 } });
    const limited = await rest(sim, 'GET', '/ws/Monitor/.json');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), null);
    sim.faults.set({ restDelayMs: 250 });
    const t0 = Date.now();
    assert.equal((await rest(sim, 'GET', '/ws/Monitor')).status, 200);
    assert.ok(Date.now() - t0 >= 200);
    assert.equal(sim.stats().faults.restStatus, 3);
  });

  test('dropEvery: every n-th event is never sent (a hole in the sequence), counted as dropped', async () => {
    const id = await createMonitor(sim, { monTopic: 'DeviceCore,DataPoint,FileData,AlarmStatus', monBatchSize: 4, monBatchDuration: 0 });
    const c = track(await session(sim, id));
    sim.faults.set({ dropEvery: 3 });
    const published = sim.generate(30);
    const { events } = await c.readEvents(20);
    const expected = published.filter((_, i) => (i + 1) % 3 !== 0).map((e) => e.seq);
    assert.deepEqual(events.map(sequenceOf), expected);
    assert.equal(sim.stats(id).dropped, 10);
  });

  test('disconnectAfterBlocks and randomDisconnect close the session after blocks', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const c = track(await session(sim, id));
    sim.faults.set({ disconnectAfterBlocks: 2 });
    sim.publish(dataPoints(5));
    const got = await c.readEvents(2);
    await c.waitClosed();
    assert.deepEqual(values(got.events), [1, 2]);
    assert.equal(c.decoder.bufferedBytes, 0, 'closed on a frame boundary');

    const c2 = track(await session(sim, id));
    sim.faults.set({ randomDisconnect: 1 });
    sim.publish(dataPoints(3));
    await c2.readEvents(1);
    await c2.waitClosed();
    assert.equal(sim.stats().faults.randomDisconnect, 1);
  });

  test('dropAfterHandshake: ConnectResponse 200, then the socket closes with nothing sent, each time until cleared', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1, monAckOption: 'explicit', monAutoReplayOnConnect: true });
    const first = track(await session(sim, id));
    sim.disconnect(id);
    await first.waitClosed();
    sim.publish(dataPoints(3)); // stored for replay: an attached connection would be sent them at once
    sim.faults.set({ dropAfterHandshake: true, monitorId: id });
    for (let i = 0; i < 2; i++) {
      const c = track(await RawPushClient.connect({ port: sim.pushPort }));
      assert.equal((await c.handshake(id)).status, 200);
      await c.waitClosed();
      await assert.rejects(c.nextFrame(), /closed before a frame arrived/, 'nothing after the ConnectResponse');
    }
    assert.equal(sim.stats().faults.dropAfterHandshake, 2);
    assert.deepEqual(sim.faults.armed(), { dropAfterHandshake: true, monitorId: id });
    sim.faults.clear();
    const c = track(await session(sim, id));
    const { events } = await c.readEvents(3);
    assert.deepEqual(values(events), [1, 2, 3]);
    assert.ok(events.every((e) => e.replay));
  });

  test('faults scoped to one monitor leave the others alone', async () => {
    const a = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const b = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 1 });
    const ca = track(await session(sim, a));
    const cb = track(await session(sim, b));
    sim.faults.set({ unknownFrameType: true, monitorId: b });
    sim.publish(dataPoints(1));
    assert.equal((await ca.nextFrame()).type, FrameType.PublishMessage);
    assert.equal((await cb.nextFrame()).type, 9);
  });

  test('control API: faults, publish, generate, burst, stats, disconnect, monitors over HTTP', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${sim.controlToken}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(sim.restUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const id = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 100, monBatchDuration: 0 });
    const c = track(await session(sim, id));

    const armed = await call('POST', '/_sim/faults', { unknownFrameType: true });
    assert.deepEqual(armed.json, { armed: { unknownFrameType: true } });
    assert.deepEqual((await call('DELETE', '/_sim/faults')).json, { armed: {} });
    assert.equal((await call('POST', '/_sim/faults', { connectStatus: 500 })).status, 400);

    const pub = await call('POST', '/_sim/publish', { events: [{ type: 'DataPoint', data: { streamId: 'a/b', data: 1 } }] });
    assert.equal(pub.json.published, 1);
    assert.deepEqual(values((await c.readEvents(1)).events), [1]);

    const gen = await call('POST', '/_sim/publish', { generate: 5 });
    assert.equal(gen.json.published, 5);
    assert.equal((gen.json.lastSequence as number) - (gen.json.firstSequence as number), 4);
    const burst = call('POST', '/_sim/burst', { monitorId: id, count: 1000 });
    let burstEvents = 0;
    while (burstEvents < 1000) {
      const { events } = await c.readEvents(1, 'none');
      burstEvents += events.filter((e) => e.topic.endsWith('/metrics/burst')).length;
    }
    assert.equal((await burst).json.events, 1000);

    const stats = await call('GET', `/_sim/stats?monitorId=${id}`);
    assert.equal(typeof stats.json.sent, 'number');
    const all = await call('GET', '/_sim/stats');
    assert.ok((all.json.monitors as Record<string, unknown>)[String(id)]);
    const mons = (await call('GET', '/_sim/monitors')).json as unknown as { id: number; connected: boolean }[];
    assert.equal(mons.find((m) => m.id === id)?.connected, true);
    assert.deepEqual((await call('POST', '/_sim/disconnect', { monitorId: id })).json, { disconnected: 1 });
    await c.waitClosed();
    assert.equal((await call('GET', '/_sim/nothing')).status, 404);
  });
});
