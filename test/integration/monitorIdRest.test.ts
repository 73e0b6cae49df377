// Monitor ids entering through the REST client (issue 11 §6): a server that answers a
// create with `Location: Monitor/4294967296` used to hand back an id no session can send
// (ConnectRequest carries a u32); the error then surfaced inside a socket callback. Now
// createMonitor refuses it with MALFORMED_RESPONSE naming the id, and the id arguments of
// get/reset/delete are checked against the same range before any request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MonitorRestClient } from '../../src/core/rest';
import { PushMonitorError } from '../../src/core/errors';

let location = '';
let requests = 0;
let server: http.Server;
let baseUrl: string;

before(async () => {
  server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(201, { location });
    res.end('<?xml version="1.0"?><result/>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function withClient<T>(fn: (c: MonitorRestClient) => Promise<T>): Promise<T> {
  const c = new MonitorRestClient({ baseUrl, credentials: { username: 'u', password: 'p' }, retry: { maxRetries: 0 }, timeoutMs: 2000 });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

test('createMonitor: Location Monitor/4294967296 is a MALFORMED_RESPONSE naming the id', async () => {
  for (const [loc, shown] of [
    ['Monitor/4294967296', '4294967296'],
    ['/ws/Monitor/0', '0'],
    [`Monitor/${'1'.repeat(400)}`, `${'1'.repeat(30)}… (400 digits)`],
  ]) {
    location = loc;
    await assert.rejects(
      withClient((c) => c.createMonitor({ topics: ['DataPoint'] })),
      (e: unknown) =>
        e instanceof PushMonitorError &&
        e.code === 'MALFORMED_RESPONSE' &&
        e.message.includes('answered HTTP 201') &&
        e.message.includes(`monitor id ${shown} in the Location header is not an integer from 1 to 4294967295`),
      loc.slice(0, 40),
    );
  }
  location = 'Monitor/4294967295';
  assert.equal(await withClient((c) => c.createMonitor({ topics: ['DataPoint'] })), 4294967295);
});

test('getMonitor / resetMonitor / deleteMonitor refuse an id outside 1…4294967295 before sending', async () => {
  const before = requests;
  await withClient(async (c) => {
    for (const id of [2 ** 32, 0, -3, 1.5, NaN]) {
      for (const call of [() => c.getMonitor(id), () => c.resetMonitor(id), () => c.deleteMonitor(id)]) {
        await assert.rejects(call(), (e: unknown) => e instanceof PushMonitorError && e.code === 'INVALID_ARGUMENT' && e.message === `monitor id must be an integer from 1 to 4294967295, got ${id}`);
      }
    }
  });
  assert.equal(requests, before, 'nothing sent');
});
