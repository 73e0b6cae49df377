// A consumer's strange failures (issue 11 §6). The session's contract: a consumer that
// throws or rejects gets a `warning` naming the block, the block is not acknowledged, and
// the session goes on. Odd thrown values (null, undefined, objects whose toString throws,
// Proxies) used to make describeError throw inside the promise chain: the chain rejected
// with no handler, socket reads stayed paused, and the session stalled for good (or, when
// thrown synchronously, the exception escaped the socket's data handler). Anything that
// still fails after the consumer now ends the session with a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushMonitorError } from '../../src/core/errors';
import { PushSession } from '../../src/core/session';
import { encodeConnectResponse, encodePublishMessage } from '../../src/core/protocol/frames';
import { FakeClock, settle } from '../helpers/fakeClock';
import { memoryPushServer, startScriptedServer } from '../helpers/scriptedPushServer';

const doc = (n: number) =>
  JSON.stringify({ Document: { Msg: { timestamp: '2026-01-01T00:00:00.000Z', topic: `1/DataPoint/dev/seq${n}`, operation: 'INSERTION', group: '*', DataPoint: { streamId: 'dev/temp', data: n } } } });
const publish = (blockId: number) => encodePublishMessage({ blockId, count: 1, compression: 0, format: 1, payload: Buffer.from(doc(blockId)) });

type Options = ConstructorParameters<typeof PushSession>[0];

function session(port: number, cb: ConstructorParameters<typeof PushSession>[1], extra: Partial<Options> = {}) {
  return new PushSession({ host: '127.0.0.1', port, secure: false, username: 'u', password: 'pw', monitorId: 77, reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 }, ...extra }, cb);
}

/** Values no sane consumer throws, each awkward to turn into text. */
function oddValues(): [string, unknown][] {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const trapping = new Proxy(
    {},
    {
      get() {
        throw new Error('get trap');
      },
      getPrototypeOf() {
        throw new Error('getPrototypeOf trap');
      },
    },
  );
  return [
    ['null', null],
    ['undefined', undefined],
    ['throwing toString', { toString: () => { throw new Error('toString'); } }],
    ['null prototype', Object.create(null)],
    ['revoked Proxy', revoked.proxy],
    ['trapping Proxy', trapping],
    ['symbol', Symbol('odd')],
  ];
}

const acksWithin = (conn: { acks(n: number): Promise<number[]> }, n: number, ms: number, what: string) =>
  Promise.race([conn.acks(n), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ack within ${ms} ms: ${what}`)), ms))]);

for (const mode of ['rejects with', 'throws'] as const) {
  test(`a consumer that ${mode} an odd value gets a warning per block and the session goes on`, async () => {
    const values = oddValues();
    const server = await startScriptedServer(async (c) => {
      await c.connectRequest();
      c.socket.write(Buffer.concat([encodeConnectResponse(200), ...values.map((_, i) => publish(i)), publish(values.length)]));
    });
    const warnings: PushMonitorError[] = [];
    const s = session(server.port, (_events, batch) => {
      if (batch.blockId >= values.length) return mode === 'rejects with' ? Promise.resolve() : undefined;
      const v = values[batch.blockId][1];
      if (mode === 'throws') throw v;
      return Promise.reject(v);
    });
    s.on('warning', (w) => warnings.push(w));
    s.start();
    const conn = await server.connection(1);
    try {
      assert.deepEqual(await acksWithin(conn, 1, 3000, 'the session stalled'), [values.length], 'only the good block is acknowledged');
      assert.equal(warnings.length, values.length);
      warnings.forEach((w, i) => {
        assert.equal(w.code, 'CONSUMER_FAILED', values[i][0]);
        assert.equal(w.cause, values[i][1], `${values[i][0]}: the thrown value is the cause`);
        // The odd value was described, whatever it is: some text follows the colon.
        assert.match(w.message, /: \S/, values[i][0]);
      });
      assert.equal(s.state.kind, 'connected');
      assert.equal(s.stats.consumerErrors, values.length);
      assert.equal(server.connections.length, 1, 'no reconnect');
    } finally {
      await s.stop();
      await server.close();
    }
  });
}

test('a consumer result whose `then` getter throws is a consumer error (warning), not a protocol fault', async () => {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0), publish(1)]));
  });
  const warnings: PushMonitorError[] = [];
  const s = session(server.port, (_e, b) =>
    b.blockId === 0
      ? {
          get then() {
            throw new Error('then getter');
          },
        }
      : undefined,
  );
  s.on('warning', (w) => warnings.push(w));
  s.start();
  const conn = await server.connection(1);
  try {
    assert.deepEqual(await acksWithin(conn, 1, 3000, 'block 1'), [1]);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'CONSUMER_FAILED');
    assert.equal((warnings[0].cause as Error).message, 'then getter');
    assert.equal(server.connections.length, 1, 'no reconnect');
  } finally {
    await s.stop();
    await server.close();
  }
});

test('a failure after an async consumer (a throwing warning listener) ends the session with a clear error instead of stalling', async () => {
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0), publish(1)]));
  });
  const clock = new FakeClock();
  const s = session(0, () => Promise.reject(new Error('consumer failed')), { connect: server.connect, clock });
  s.on('warning', () => {
    throw new Error('warning listener broke');
  });
  s.start();
  for (let i = 0; i < 200 && s.state.kind !== 'failed'; i++) await settle(1);
  const st = s.state;
  assert.ok(st.kind === 'failed', `the session stalled in ${st.kind}`);
  assert.equal(st.error.code, 'CONSUMER_FAILED');
  assert.equal((st.error.cause as Error).message, 'warning listener broke');
  assert.equal(clock.armed, 0, 'no retry scheduled');
  await clock.advanceAsync(10 * 60_000);
  assert.equal(server.connections.length, 1, 'ended, not retried');
  assert.equal(s.state.kind, 'failed');
  await s.stop();
});
