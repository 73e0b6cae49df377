// push-client spawned as a process (the built dist/cli.js) against in-test servers.
import { before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { encodeConnectResponse, encodePublishMessage } from '../../src/core/protocol/frames';
import { parseXml } from '../../src/core/monitor';
import { startScriptedServer, waitFor } from '../helpers/scriptedPushServer';
import { assertCliBuilt, runCli } from '../helpers/cliProcess';
import { emptyList, listWith, startFakeRest, type Route } from '../helpers/fakeRestServer';
import { ownerTag } from '../../src/cli/pushClient/ownership';
import { formatEvent } from '../../src/cli/pushClient/formatEvents';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { GOLDEN_JSON_PAYLOADS } from '../fixtures/cliOutputCases';

const PASSWORD = 'cli-S3cret-pass';

before(assertCliBuilt);

const msg = (i: number) => ({
  timestamp: '2026-01-01T00:00:00.000Z',
  topic: `1001/DataPoint/00000000-00000000-00409DFF-FF000001/temp`,
  operation: 'INSERTION',
  group: '*',
  DataPoint: { streamId: '00000000-00000000-00409DFF-FF000001/temp', data: i },
});
const publish = (block: number, from: number, n: number) =>
  encodePublishMessage({ blockId: block, count: n, compression: 0, format: 1, payload: Buffer.from(JSON.stringify({ Document: { Msg: n === 1 ? msg(from) : Array.from({ length: n }, (_, i) => msg(from + i)) } })) });

/** REST routes of a healthy account: one other monitor (41, untagged) with the same topics, new one gets 42. */
const healthyRoutes = (topic: string): Route => (req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/ws/Monitor/.json')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url.includes(encodeURIComponent('DataPoint')) ? listWith([41], topic) : emptyList);
    return true;
  }
  if (req.method === 'DELETE') {
    res.writeHead(200);
    res.end('<result><message>1 items deleted</message></result>');
    return true;
  }
  if (req.method === 'POST' && req.url === '/ws/Monitor') {
    res.writeHead(201, { location: 'Monitor/42' });
    res.end('<result><location>Monitor/42</location></result>');
    return true;
  }
};

test('--help lists every flag with its default and the exit codes', async () => {
  const r = runCli(['--help']);
  assert.equal(await r.exit, 0);
  const help = r.stdout().replace(/\s+/g, ' ');
  for (const s of ['--topics', 'default: "DeviceCore"', '--replace-any-matching-monitor', 'EVERY monitor with exactly these topics', '--host', 'default: "remotemanager.digi.com"', '--insecure', '--compression', 'default: "gzip"', '--format', 'default: "json"', '--batchsize', '(default: 1)', '--batchduration', '(default: 60)', '--count', '--output', '--simulator', 'DRM_PASSWORD', 'Exit status']) {
    assert.ok(help.includes(s), `help mentions ${s}`);
  }
});

test('usage errors exit 2 with one clear line', async () => {
  const bad = runCli(['--format', 'yaml', 'u', 'p']);
  assert.equal(await bad.exit, 2);
  assert.match(bad.stderr(), /argument 'yaml' is invalid/);
  const noPass = runCli(['someone']);
  assert.equal(await noPass.exit, 2);
  assert.match(noPass.stderr(), /password missing: set DRM_PASSWORD/);
  const badInt = runCli(['-b', 'x', 'u']);
  assert.equal(await badInt.exit, 2);
  assert.match(badInt.stderr(), /--batchsize must be a whole number/);
});

test('seed flow: a monitor with the same topics that is not ours left alone, flags reach the REST body, events printed, monitor deleted after --count', async () => {
  const topic = 'DeviceCore,DataPoint';
  const rest = await startFakeRest(healthyRoutes(topic));
  const push = await startScriptedServer(async (c) => {
    const req = await c.connectRequest();
    assert.equal(req.monitorId, 42);
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 0, 2), publish(1, 2, 2)]));
  });
  try {
    const r = runCli(
      ['-a', `127.0.0.1:${rest.port}`, '--insecure', '--push-port', String(push.port), '-t', topic, '-c', 'none', '-f', 'json', '-b', '5', '-d', '7', '--output', 'ndjson', '--count', '3', 'alice'],
      { DRM_PASSWORD: PASSWORD },
    );
    assert.equal(await r.exit, 0, r.stderr());
    const lines = r.stdout().trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { data: number }; monitorId: number });
    assert.deepEqual(lines.map((l) => l.data.data), [0, 1, 2]);
    // The batch that reached --count was acknowledged before the session stopped.
    const acked = push.connections[0].frames.slice(1).map((f) => f.body.readUInt16BE(0));
    assert.deepEqual(acked, [0, 1]);
    assert.ok(lines.every((l) => l.type === 'DataPoint' && l.monitorId === 42));

    const [find, create] = rest.requests;
    assert.equal(find.method, 'GET');
    const findUrl = new URL(find.url, rest.url);
    assert.equal(findUrl.pathname, '/ws/Monitor/.json');
    assert.equal(findUrl.searchParams.get('condition'), `monTopic='${topic}'`);
    assert.equal(find.headers.authorization, `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    // 41 is an untagged TCP monitor: someone else's, so listed and kept (issue 11 §2).
    assert.ok(!rest.requests.some((q) => q.method === 'DELETE' && q.url === '/ws/Monitor/41'));
    assert.match(r.stderr(), /monitor 41 \(tcp, no description\) has the same topics .*left alone/);
    assert.equal(create.method, 'POST');
    assert.deepEqual(parseXml(create.body)?.Monitor, {
      monTopic: topic, monTransportType: 'tcp', monBatchSize: '5', monBatchDuration: '7', monFormatType: 'json', monCompression: 'none',
      monDescription: ownerTag(),
    });
    const last = rest.requests.at(-1);
    assert.deepEqual([last?.method, last?.url], ['DELETE', '/ws/Monitor/42']);
    assert.ok(!r.stderr().includes(PASSWORD) && !r.stdout().includes(PASSWORD), 'password never printed');
  } finally {
    await push.close();
    await rest.close();
  }
});

test('SIGINT stops the session, deletes the monitor and exits 0', async () => {
  const rest = await startFakeRest(healthyRoutes('DeviceCore'));
  const push = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(Buffer.concat([encodeConnectResponse(200), publish(0, 0, 1)]));
  });
  try {
    const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', '--push-port', String(push.port), 'alice'], { DRM_PASSWORD: PASSWORD });
    await waitFor(() => r.stdout().includes('[DataPoint] INSERTION'), 'first event printed', 10_000);
    assert.match(r.stdout(), /"data": 0/);
    r.child.kill('SIGINT');
    assert.equal(await r.exit, 0, r.stderr());
    const last = rest.requests.at(-1);
    assert.deepEqual([last?.method, last?.url], ['DELETE', '/ws/Monitor/42']);
    assert.match(r.stderr(), /deleted monitor 42/);
  } finally {
    await push.close();
    await rest.close();
  }
});

test('--keep-monitor leaves the monitor on SIGTERM', async () => {
  const rest = await startFakeRest(healthyRoutes('DeviceCore'));
  const push = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
  });
  try {
    const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', '--push-port', String(push.port), '--keep-monitor', 'alice'], { DRM_PASSWORD: PASSWORD });
    await waitFor(() => r.stderr().includes('live, waiting for events'), 'session live', 10_000);
    r.child.kill('SIGTERM');
    assert.equal(await r.exit, 0);
    assert.ok(!rest.requests.some((q) => q.method === 'DELETE' && q.url === '/ws/Monitor/42'));
    assert.match(r.stderr(), /kept monitor 42/);
  } finally {
    await push.close();
    await rest.close();
  }
});

test('REST 401 exits 3 with one clear line and no secret', async () => {
  const rest = await startFakeRest((_req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
    res.end();
    return true;
  });
  try {
    const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', 'alice'], { DRM_PASSWORD: PASSWORD });
    assert.equal(await r.exit, 3);
    const errLines = r.stderr().split('\n').filter((l) => l.startsWith('push-client:'));
    assert.equal(errLines.length, 1, r.stderr());
    assert.match(errLines[0], /credentials were refused by 127\.0\.0\.1/);
    assert.ok(!r.stderr().includes(PASSWORD));
  } finally {
    await rest.close();
  }
});

test('push ConnectResponse 403 exits 3 and still deletes the monitor', async () => {
  const rest = await startFakeRest(healthyRoutes('DeviceCore'));
  const push = await startScriptedServer(async (c) => {
    await c.connectRequest();
    c.socket.end(encodeConnectResponse(403));
  });
  try {
    const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', '--push-port', String(push.port), 'alice'], { DRM_PASSWORD: PASSWORD });
    assert.equal(await r.exit, 3);
    assert.match(r.stderr(), /push-client: push server rejected monitor 42: the credentials were refused \(403\)/);
    assert.ok(rest.requests.some((q) => q.method === 'DELETE' && q.url === '/ws/Monitor/42'));
  } finally {
    await push.close();
    await rest.close();
  }
});

test('an unreachable host exits 4', async () => {
  const rest = await startFakeRest(() => true);
  const port = rest.port;
  await rest.close();
  const r = runCli(['-a', `127.0.0.1:${port}`, '--insecure', 'alice'], { DRM_PASSWORD: PASSWORD });
  assert.equal(await r.exit, 4);
  assert.match(r.stderr(), /push-client: .*127\.0\.0\.1:\d+/);
});

test('the whole stdout, byte for byte: ndjson, pretty and raw lines of the pinned payloads (zlib, several batches, non-ASCII, no resource) as the formatter writes them', async () => {
  const nonAscii = JSON.stringify({ Document: { Msg: [1, 2].map((i) => ({ topic: '1/DataPoint/d/é', operation: 'INSERTION', DataPoint: { data: i, streamUnits: '°C', note: '😀' } })) } });
  const payloads = [...GOLDEN_JSON_PAYLOADS.map(([, p]) => p), nonAscii];
  const count = payloads.reduce((n, p) => n + decodePublishPayload({ blockId: 0, count: 1, compression: 0, format: 1, payload: Buffer.from(p) }).events.length, 0);
  assert.ok(count > 20);
  const clockAt = /^\d\d:\d\d:\d\d\.\d{3} \[/gm;
  for (const output of ['ndjson', 'pretty', 'raw'] as const) {
    const rest = await startFakeRest(healthyRoutes('DataPoint'));
    const push = await startScriptedServer(async (c) => {
      await c.connectRequest();
      c.socket.write(encodeConnectResponse(200));
      payloads.forEach((p, i) => c.socket.write(encodePublishMessage({ blockId: i, count: 1, compression: 1, format: 1, payload: deflateSync(Buffer.from(p)) })));
    });
    try {
      const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', '--push-port', String(push.port), '-t', 'DataPoint', '--output', output, '--count', String(count), 'alice'], { DRM_PASSWORD: PASSWORD, TZ: 'UTC' });
      assert.equal(await r.exit, 0, r.stderr());
      const stdout = r.stdout();
      // The receive time is the CLI's own: read it back from ndjson; pretty's clock is masked.
      const receivedAt = output === 'ndjson' ? stdout.split('\n').filter(Boolean).map((l) => Date.parse((JSON.parse(l) as { receivedAt: string }).receivedAt)) : [];
      let n = 0;
      let expected = '';
      payloads.forEach((p, blockId) => {
        const includeRaw = output === 'raw';
        const events = decodePublishPayload({ blockId, count: 1, compression: 0, format: 1, payload: Buffer.from(p) }, { includeRaw, monitorId: 42, receivedAt: 0 }).events;
        for (const e of events) expected += formatEvent({ ...e, receivedAt: receivedAt[n++] ?? 0 }, output);
      });
      assert.equal(stdout.replace(clockAt, '--:--:--.--- ['), expected.replace(clockAt, '--:--:--.--- ['), output);
      assert.ok(stdout.includes('°C') && stdout.includes('😀'), 'non-ASCII text arrives as UTF-8');
    } finally {
      await push.close();
      await rest.close();
    }
  }
});
