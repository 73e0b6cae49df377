// The simulator's /ws/Monitor REST side, exercised over real HTTP on loopback.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { parseMonitorPage, parseServerError } from '../../src/core/monitor';
import { DEMO_API_KEY_ID, DEMO_API_KEY_SECRET, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { basicAuth, createMonitor, rest, RawPushClient } from './simulatorClient';

const OTHER = { username: 'other', password: 'other-password', customerId: 2002, company: 'Other_Inc' };
const otherAuth = basicAuth(OTHER.username, OTHER.password);

describe('simulator REST /ws/Monitor', { timeout: 30_000 }, () => {
  let sim: SimulatorHandle;

  before(async () => {
    sim = await startSimulator({
      accounts: [{ username: 'demo', password: 'demo-password', apiKeyId: DEMO_API_KEY_ID, apiKeySecret: DEMO_API_KEY_SECRET, customerId: 1001 }, OTHER],
    });
  });
  after(() => sim.close());

  test('POST without Content-Type creates: 201, Location header and <location> body', async () => {
    const r = await rest(sim, 'POST', '/ws/Monitor', {
      body: '<Monitor><monTopic>DeviceCore,FileData</monTopic><monBatchSize>1</monBatchSize><monBatchDuration>0</monBatchDuration><monFormatType>json</monFormatType><monTransportType>tcp</monTransportType><monCompression>gzip</monCompression></Monitor>',
    });
    assert.equal(r.status, 201);
    const id = Number(r.headers.get('location')?.split('/').pop());
    assert.match(r.headers.get('location') ?? '', /^Monitor\/\d+$/);
    assert.match(r.text, /^<\?xml version="1\.0" encoding="ISO-8859-1"\?>/);
    assert.match(r.text, new RegExp(`<result>\\s*<location>Monitor/${id}</location>\\s*</result>`));
    const item = parseMonitorPage((await rest(sim, 'GET', `/ws/Monitor/${id}.json`)).text).items[0];
    assert.equal(item.compression, 'zlib', 'gzip is stored and read back as zlib');
    assert.equal(item.status, 'INACTIVE');
    assert.equal(item.customerId, 1001);
  });

  test('seed-style raw HTTP: POST with no Content-Type, unencoded condition, Host host:port', async () => {
    const port = Number(new URL(sim.restUrl).port);
    const raw = async (head: string, body = '') => {
      const s = net.connect(port, '127.0.0.1');
      await once(s, 'connect');
      s.end(`${head}\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${basicAuth()}\r\nConnection: close\r\n` +
        (body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '') + `\r\n${body}`);
      let text = '';
      for await (const chunk of s) text += (chunk as Buffer).toString();
      return text;
    };
    const body = '<Monitor><monTopic>DeviceCore,FileDataCore</monTopic><monBatchSize>1</monBatchSize><monBatchDuration>0</monBatchDuration><monFormatType>json</monFormatType><monTransportType>tcp</monTransportType><monCompression>gzip</monCompression></Monitor>';
    const created = await raw('POST /ws/Monitor HTTP/1.1', body);
    assert.match(created, /^HTTP\/1\.1 201 /);
    assert.match(created, /\r\nLocation: Monitor\/\d+\r\n/i);
    const id = Number(/Location: Monitor\/(\d+)/i.exec(created)?.[1]);
    const found = await raw("GET /ws/Monitor/.json?condition=monTopic='DeviceCore,FileDataCore' HTTP/1.1");
    assert.match(found, /^HTTP\/1\.1 200 /);
    const json = JSON.parse(found.slice(found.indexOf('\r\n\r\n') + 4)) as { resultSize: string; items: { monId: string }[] };
    assert.equal(json.resultSize, '1');
    assert.equal(json.items[0].monId, String(id));
    assert.match(await raw(`DELETE /ws/Monitor/${id} HTTP/1.1`), /^HTTP\/1\.1 200 /);
  });

  test('defaults of §1.3.1: batch size 100, duration 10, compression none', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const r = await rest(sim, 'GET', `/ws/Monitor/${id}.json`);
    const env = JSON.parse(r.text) as { items: Record<string, string>[] };
    assert.equal(env.items[0].monBatchSize, '100');
    assert.equal(env.items[0].monBatchDuration, '10');
    assert.equal(env.items[0].monCompression, 'none');
    assert.equal(env.items[0].monId, String(id));
  });

  test('unknown topic resource → 400 with the platform message', async () => {
    const r = await rest(sim, 'POST', '/ws/Monitor', { body: '<Monitor><monTopic>Bogus</monTopic><monTransportType>tcp</monTransportType></Monitor>' });
    assert.equal(r.status, 400);
    assert.match(r.text, /<result>\s*<error>POST Monitor error\. Invalid request\. Invalid monTopic specified<\/error>\s*<\/result>/);
  });

  test('list in XML and in JSON (suffix and Accept header) with string counters', async () => {
    const xml = await rest(sim, 'GET', '/ws/Monitor');
    assert.equal(xml.status, 200);
    assert.match(xml.headers.get('content-type') ?? '', /xml/);
    const page = parseMonitorPage(xml.text);
    assert.ok(page.items.length >= 2);
    assert.equal(page.totalRows, page.items.length);

    const json = await rest(sim, 'GET', '/ws/Monitor/.json');
    const env = JSON.parse(json.text) as Record<string, unknown>;
    for (const k of ['resultTotalRows', 'requestedStartRow', 'resultSize', 'requestedSize', 'remainingSize']) {
      assert.equal(typeof env[k], 'string', `${k} is a string`);
    }
    assert.equal(env.requestedSize, '1000');
    assert.ok(Array.isArray(env.items));

    const accept = await rest(sim, 'GET', '/ws/Monitor', { headers: { Accept: 'application/json' } });
    assert.match(accept.headers.get('content-type') ?? '', /json/);
    assert.deepEqual(parseMonitorPage(accept.text).items.map((i) => i.id), page.items.map((i) => i.id));
  });

  test('condition: exact topic, like, and/or, parentheses; bad syntax → 400', async () => {
    const a = await createMonitor(sim, { monTopic: 'DeviceCore,FileDataCore,FileData,DataPoint', monFormatType: 'xml' });
    const b = await createMonitor(sim, { monTopic: 'AlarmStatus', monFormatType: 'json' });
    const ids = async (condition: string) => {
      const r = await rest(sim, 'GET', `/ws/Monitor/.json?condition=${encodeURIComponent(condition)}`);
      assert.equal(r.status, 200, r.text);
      return parseMonitorPage(r.text).items.map((i) => i.id);
    };
    assert.deepEqual(await ids("monTopic='DeviceCore,FileDataCore,FileData,DataPoint'"), [a]);
    assert.deepEqual(await ids("monTopic='DeviceCore'"), []);
    assert.deepEqual(await ids("monTopic like 'Alarm%'"), [b]);
    assert.deepEqual(await ids(`monId='${a}' or monId='${b}'`), [a, b]);
    assert.deepEqual(await ids(`(monId='${a}' or monId='${b}') and monFormatType='json'`), [b]);
    assert.deepEqual(await ids(`monId='${a}' or monId='${b}' and monFormatType='json'`), [a, b], 'and binds tighter than or');
    assert.deepEqual(await ids(`monStatus='INACTIVE' and monTransportType='tcp' and monId>'${b - 1}'`), [b]);
    for (const bad of ["monTopic='x", "monTopic = 'x' and", "nosuchattr='1'", "monTopic ~ 'x'", "(monId='1'"]) {
      const r = await rest(sim, 'GET', `/ws/Monitor?condition=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 400, bad);
      assert.match(parseServerError(r.text) ?? '', /^GET Monitor error\. Invalid request\. Invalid condition: /);
    }
  });

  test('paging with start and size', async () => {
    const all = parseMonitorPage((await rest(sim, 'GET', '/ws/Monitor/.json')).text).items.map((i) => i.id);
    assert.ok(all.length >= 3);
    const r = await rest(sim, 'GET', '/ws/Monitor/.json?start=1&size=2');
    const env = JSON.parse(r.text) as Record<string, string>;
    assert.equal(env.requestedStartRow, '1');
    assert.equal(env.requestedSize, '2');
    assert.equal(env.resultSize, '2');
    assert.equal(env.resultTotalRows, String(all.length));
    assert.equal(env.remainingSize, String(all.length - 3));
    assert.deepEqual(parseMonitorPage(r.text).items.map((i) => i.id), all.slice(1, 3));
    const bad = await rest(sim, 'GET', '/ws/Monitor?start=x');
    assert.equal(bad.status, 400);
  });

  test('GET one monitor in both forms; PUT updates; PUT with only monId resets', async () => {
    const id = await createMonitor(sim, { monTopic: 'DeviceCore', monBatchSize: 5 });
    const x = parseMonitorPage((await rest(sim, 'GET', `/ws/Monitor/${id}`)).text);
    assert.equal(x.items.length, 1);
    assert.equal(x.items[0].batchSize, 5);

    const put = await rest(sim, 'PUT', `/ws/Monitor/${id}`, {
      body: '<Monitor><monTopic>DeviceCore,DataPoint</monTopic><monBatchSize>7</monBatchSize><monFormatType>xml</monFormatType></Monitor>',
    });
    assert.equal(put.status, 200);
    assert.match(put.text, /<result\/>/);
    const after1 = parseMonitorPage((await rest(sim, 'GET', `/ws/Monitor/${id}.json`)).text).items[0];
    assert.deepEqual([after1.topics, after1.batchSize, after1.format], [['DeviceCore', 'DataPoint'], 7, 'xml']);

    const kick = await rest(sim, 'PUT', `/ws/Monitor/${id}`, { body: `<Monitor><monId>${id}</monId></Monitor>` });
    assert.equal(kick.status, 200);
    const after2 = parseMonitorPage((await rest(sim, 'GET', `/ws/Monitor/${id}.json`)).text).items[0];
    assert.equal(after2.batchSize, 7, 'a reset keeps the settings');
    assert.equal(after2.status, 'INACTIVE');

    const invalid = await rest(sim, 'PUT', `/ws/Monitor/${id}`, { body: '<Monitor><monTopic>Nope</monTopic></Monitor>' });
    assert.equal(invalid.status, 400);
    const missing = await rest(sim, 'PUT', '/ws/Monitor/999999', { body: '<Monitor><monId>999999</monId></Monitor>' });
    assert.equal(missing.status, 400);
    assert.equal(parseServerError(missing.text), "PUT Monitor error. Error reading Monitor entity id='999999'");
  });

  test('DELETE: 200 with message, non-numeric id 400, unknown id 404 (XML and JSON bodies)', async () => {
    const id = await createMonitor(sim, { monTopic: 'DataPoint' });
    const del = await rest(sim, 'DELETE', `/ws/Monitor/${id}`);
    assert.equal(del.status, 200);
    assert.match(del.text, /<result>\s*<message>1 items deleted<\/message>\s*<\/result>/);

    const gigo = await rest(sim, 'DELETE', '/ws/Monitor/gigo');
    assert.equal(gigo.status, 400);
    assert.match(gigo.text, /<result>\s*<error>DELETE Monitor error\. Invalid request\. For input string: &quot;gigo&quot;<\/error>\s*<\/result>/);
    assert.equal(parseServerError(gigo.text), 'DELETE Monitor error. Invalid request. For input string: "gigo"');

    const again = await rest(sim, 'DELETE', `/ws/Monitor/${id}`);
    assert.equal(again.status, 404);
    assert.match(parseServerError(again.text) ?? '', /Error reading Monitor entity/);
    const json = await rest(sim, 'GET', `/ws/Monitor/${id}.json`);
    assert.equal(json.status, 404);
    assert.deepEqual(JSON.parse(json.text), { error: [`GET Monitor error. Error reading Monitor entity id='${id}'`] });
  });

  test('401 with WWW-Authenticate for missing or wrong credentials; API key headers work', async () => {
    for (const auth of [null, basicAuth('demo', 'wrong'), basicAuth('nobody', 'x'), 'Bearer abc']) {
      const r = await rest(sim, 'GET', '/ws/Monitor', { auth });
      assert.equal(r.status, 401);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    }
    const key = await rest(sim, 'GET', '/ws/Monitor/.json', {
      auth: null,
      headers: { 'X-API-KEY-ID': DEMO_API_KEY_ID, 'X-API-KEY-SECRET': DEMO_API_KEY_SECRET },
    });
    assert.equal(key.status, 200);
    const badKey = await rest(sim, 'GET', '/ws/Monitor', { auth: null, headers: { 'X-API-KEY-ID': DEMO_API_KEY_ID, 'X-API-KEY-SECRET': 'no' } });
    assert.equal(badKey.status, 401);
  });

  test("another account's monitors do not exist for you (REST 404, push 400)", async () => {
    const mine = await createMonitor(sim, { monTopic: 'DeviceCore' });
    const theirs = await createMonitor(sim, { monTopic: 'DeviceCore' }, otherAuth);
    assert.equal((await rest(sim, 'GET', `/ws/Monitor/${theirs}`)).status, 404);
    assert.equal((await rest(sim, 'DELETE', `/ws/Monitor/${theirs}`)).status, 404);
    assert.equal((await rest(sim, 'GET', `/ws/Monitor/${mine}`, { auth: otherAuth })).status, 404);
    const theirList = parseMonitorPage((await rest(sim, 'GET', '/ws/Monitor/.json', { auth: otherAuth })).text);
    assert.deepEqual(theirList.items.map((i) => i.id), [theirs]);
    assert.equal(theirList.items[0].customerId, 2002);

    const c = await RawPushClient.connect({ port: sim.pushPort });
    assert.equal((await c.handshake(theirs)).status, 400);
    await c.waitClosed();
    const d = await RawPushClient.connect({ port: sim.pushPort });
    assert.equal((await d.handshake(theirs, OTHER.username, OTHER.password)).status, 200);
    d.close();
  });
});
