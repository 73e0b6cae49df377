// includeDataJson through PushClient's session defaults and the session (issue 14 §5): events
// carry the resource's own text where it is exactly its JSON, only when asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PushClient } from '../../src/core/pushClient';
import { encodeConnectResponse, encodePublishMessage } from '../../src/core/protocol/frames';
import type { PushEvent } from '../../src/core/events';
import { startScriptedServer } from '../helpers/scriptedPushServer';

const text = JSON.stringify({
  Document: { Msg: [0, 1, 2].map((i) => ({ timestamp: '2026-01-01T00:00:00.000Z', topic: '1/DataPoint/dev/s', operation: 'INSERTION', group: '*', DataPoint: { streamId: 'dev/s', data: i, units: '°C' } })) },
});

async function received(includeDataJson: boolean | undefined): Promise<PushEvent[]> {
  const server = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), encodePublishMessage({ blockId: 0, count: 3, compression: 1, format: 1, payload: deflateSync(Buffer.from(text)) })]));
  });
  const client = new PushClient({ username: 'u', password: 'secret-pw' }, { host: '127.0.0.1', secure: false, pushPort: server.port, session: { includeDataJson } });
  const events: PushEvent[] = [];
  let done!: () => void;
  const got = new Promise<void>((resolve) => (done = resolve));
  const s = client.createSession((batch) => {
    events.push(...batch);
    if (events.length >= 3) done();
  }, 77, { reconnect: false });
  s.start();
  try {
    await got;
  } finally {
    await s.stop();
    await client.close();
    await server.close();
  }
  return events;
}

test('session option includeDataJson hands each resource over as its JSON text; without it, no dataJson', async () => {
  const withText = await received(true);
  assert.equal(withText.length, 3);
  for (const e of withText) assert.equal(e.dataJson, JSON.stringify(e.data));
  const without = await received(undefined);
  assert.equal(without.length, 3);
  assert.ok(without.every((e) => !('dataJson' in e)));
  assert.deepEqual(without.map((e) => e.data), withText.map((e) => e.data));
});
