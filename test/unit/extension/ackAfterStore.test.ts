// Issue 14 §1: the extension acknowledges a batch only once it is in the viewer's store. The
// session manager, LiveSession and ViewerHub wired as activate() wires them, on a client
// whose push socket is an in-memory scripted server: the client side's writes are watched,
// so the test sees each ack leave and what the store held at that moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import type { PushConnect } from '../../../src/core/connect';
import { PushClient } from '../../../src/core/pushClient';
import { FrameType } from '../../../src/core/protocol/constants';
import { encodeConnectResponse, encodePublishMessage } from '../../../src/core/protocol/frames';
import type { AccountRecord } from '../../../src/extension/accounts/accountModel';
import type { LiveSession } from '../../../src/extension/sessions/liveSession';
import { SessionManager } from '../../../src/extension/sessions/sessionManager';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { memoryPushServer, type ServerConn } from '../../helpers/scriptedPushServer';

const account: AccountRecord = {
  id: 'acc', label: 'Acme', host: 'push.test', restUrl: 'http://push.test', pushHost: 'push.test', pushPort: 3200, secure: false, kind: 'password', username: 'u',
};

const publish = (blockId: number, values: number[]) =>
  encodePublishMessage({
    blockId,
    count: values.length,
    compression: 0,
    format: 1,
    payload: Buffer.from(JSON.stringify({ Document: { Msg: values.map((v) => ({ topic: '1/DataPoint/dev/t', operation: 'INSERTION', DataPoint: { data: String(v) } })) } })),
  });

/** FrameType of a frame the client wrote (header: type u16 first). */
const frameType = (chunk: Buffer) => chunk.readUInt16BE(0);

function wire(onAckWritten: (blockId: number) => void) {
  const errors: string[] = [];
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
  });
  // The client's end of each connection, its acks seen as they are written.
  const connect: PushConnect = (o) => {
    const sock = server.connect(o) as Duplex;
    const write = sock.write.bind(sock) as (chunk: unknown, ...rest: unknown[]) => boolean;
    (sock as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
      if (Buffer.isBuffer(chunk) && frameType(chunk) === FrameType.PublishMessageReceived) onAckWritten(chunk.readUInt16BE(6));
      return write(chunk, ...rest);
    };
    return sock;
  };
  const client = new PushClient({ username: 'u', password: 'p' }, { host: 'push.test', secure: false, session: { connect, reconnect: false } });
  const log = { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => void errors.push(m) };
  const manager = new SessionManager({ clientFor: async () => client, log, autoReconnect: () => false });
  const hub = new ViewerHub(1000, Date.now, log);
  // As activate() does: every new source goes to the viewer's hub.
  manager.onDidChange((e) => e.kind === 'added' && hub.addSource(e.source));
  return { server, manager, hub, errors, client };
}

async function started(w: ReturnType<typeof wire>): Promise<{ src: LiveSession; conn: ServerConn }> {
  const src = await w.manager.start(account, { id: 5, topics: ['DataPoint'], transport: 'tcp', fields: {} });
  const conn = await w.server.connection(1);
  for (let i = 0; i < 200 && src.state.kind !== 'live'; i++) await new Promise((r) => setImmediate(r));
  assert.equal(src.state.kind, 'live');
  return { src, conn };
}

test('each ack leaves only after its batch is in the session store and the merged store', async () => {
  const storedWhenAcked: [number, number, number][] = [];
  const w = wire((blockId) => storedWhenAcked.push([blockId, w.hub.store('acc/5').length, w.hub.merged.length]));
  const { conn } = await started(w);
  conn.socket.write(publish(1, [10, 11, 12]));
  conn.socket.write(publish(2, [13]));
  assert.deepEqual(await conn.acks(2), [1, 2]);
  assert.deepEqual(storedWhenAcked, [[1, 3, 3], [2, 4, 4]], 'at each ack, the batch was already stored');
  await w.manager.stopAll();
});

test('a batch the store could not take is not acknowledged; the next one is, and the session stays live', async () => {
  const acked: number[] = [];
  const w = wire((blockId) => acked.push(blockId));
  const { src, conn } = await started(w);
  const store = w.hub.store('acc/5');
  const append = store.append.bind(store);
  let failNext = true;
  store.append = (entries) => {
    if (failNext) {
      failNext = false;
      throw new Error('out of room');
    }
    append(entries);
  };
  conn.socket.write(publish(1, [1]));
  conn.socket.write(publish(2, [2]));
  assert.deepEqual(await conn.acks(1), [2], 'block 1 was never acknowledged');
  assert.deepEqual(acked, [2]);
  assert.equal(src.state.kind, 'live');
  assert.equal(store.length, 1);
  assert.ok(w.errors.some((e) => /could not buffer 1 item\(s\) from acc\/5: out of room/.test(e)), w.errors.join('\n'));
  await w.manager.stopAll();
});

test('the other consumers (events output, tree) still get a batch the store refused, and their failures do not hold back acks', async () => {
  const acked: number[] = [];
  const w = wire((blockId) => acked.push(blockId));
  const { src, conn } = await started(w);
  const seen: number[] = [];
  src.onItems((items) => {
    seen.push(items.length);
    throw new Error('output bug');
  });
  conn.socket.write(publish(1, [1, 2]));
  assert.deepEqual(await conn.acks(1), [1], 'a display listener that throws does not stop the ack');
  assert.deepEqual(seen, [2]);
  assert.equal(w.hub.store('acc/5').length, 2);
  await w.manager.stopAll();
});
