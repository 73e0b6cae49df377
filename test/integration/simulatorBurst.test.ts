// Burst mode: n events as fast as the socket takes them, complete and in order.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { sequenceOf, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createMonitor, type RawPushClient, session, waitForEvent } from './simulatorClient';

/** Reads until `n` events arrived; checks contiguity on the fly (no event list kept). */
async function drain(c: RawPushClient, n: number, ack: boolean): Promise<{ first: number; last: number; count: number; blocks: number }> {
  let first = -1;
  let last = -1;
  let count = 0;
  let blocks = 0;
  while (count < n) {
    const msg = await c.nextPublish(20_000);
    blocks += 1;
    for (const e of decodePublishPayload(msg).events) {
      const s = sequenceOf(e);
      assert.equal(typeof s, 'number');
      if (first < 0) first = s as number;
      else assert.equal(s, last + 1, 'contiguous');
      last = s as number;
      count += 1;
    }
    if (ack) c.ack(msg.blockId, 'spec');
  }
  return { first, last, count, blocks };
}

describe('simulator burst mode', { timeout: 120_000 }, () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ seed: 3 });
  });
  after(() => sim.close());

  test('a burst of 100,000 events arrives complete, contiguous, in batches of 100', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const c = await session(sim, id);
    try {
      const [result, got] = await Promise.all([sim.burst(id, 100_000), drain(c, 100_000, false)]);
      assert.equal(result.events, 100_000);
      assert.equal(got.count, 100_000);
      assert.equal(got.blocks, 1000);
      assert.equal(got.last - got.first, 99_999);
      const s = sim.stats(id);
      assert.equal(s.sent, 100_000);
      assert.equal(s.blocksSent, 1000);
      console.log(`burst: ${result.events} events in ${result.ms.toFixed(0)} ms (${Math.round((result.events * 1000) / result.ms)} events/s)`);
    } finally {
      c.close();
    }
  });

  test('explicit-ack burst resolves once every block is acked; zlib and XML bursts decode', async () => {
    const variants: Record<string, string>[] = [{ monAckOption: 'explicit' }, { monCompression: 'zlib' }, { monFormatType: 'xml' }];
    for (const fields of variants) {
      const id = await createMonitor(sim, { monTopic: 'DataPoint', ...fields });
      const c = await session(sim, id);
      try {
        const [result, got] = await Promise.all([sim.burst(id, 10_000, { batchSize: 250 }), drain(c, 10_000, true)]);
        assert.equal(result.events, 10_000);
        assert.equal(got.blocks, 40);
        if (fields.monAckOption) assert.equal(sim.stats(id).acked, 10_000);
      } finally {
        c.close();
      }
    }
  });

  test('dataBlockId wraps from 65535 to 0', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const c = await session(sim, id);
    try {
      const n = 65_540;
      const ids: number[] = [];
      const reading = (async () => {
        for (let i = 0; i < n; i++) ids.push((await c.nextPublish()).blockId);
      })();
      await Promise.all([sim.burst(id, n, { batchSize: 1 }), reading]);
      assert.deepEqual(ids.slice(65_534), [65_534, 65_535, 0, 1, 2, 3]);
    } finally {
      c.close();
    }
  });

  test('a client that stops reading stalls the burst (back-pressure), and gets everything once it reads again', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const c = await session(sim, id);
    try {
      const n = 400_000;
      c.socket.pause();
      const stalled = waitForEvent<{ monitorId: number; reason: string }>(sim, 'paused', (p) => p.monitorId === id && p.reason === 'backpressure');
      let done = false;
      const burst = sim.burst(id, n).then((r) => ((done = true), r));
      await stalled;
      assert.equal(done, false);
      assert.ok(sim.stats(id).sent < n / 2, `only ${sim.stats(id).sent} of ${n} written while the client reads nothing`);
      c.socket.resume();
      const [result, got] = await Promise.all([burst, drain(c, n, false)]);
      assert.equal(result.events, n);
      assert.equal(got.count, n);
    } finally {
      c.close();
    }
  });

  test('burst without a session is refused; a burst cut by a disconnect rejects', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    await assert.rejects(sim.burst(id, 10), /no push session/);
    const c = await session(sim, id);
    sim.faults.set({ disconnectAfterBlocks: 3 });
    await assert.rejects(sim.burst(id, 100_000), /failed after 300 of 100000/);
    c.close();
    sim.faults.clear();
  });
});
