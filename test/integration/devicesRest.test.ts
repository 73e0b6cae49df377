// DeviceCoreClient, DataStreamClient and DataPointClient against an in-test node:http server on
// loopback that records every request: paths, queries and bodies; paging edge cases (empty,
// exact multiples, a server that caps the size, cursors that repeat or never end, rows that
// never run out); status → error mapping and retries; range-delete refusal; the shared
// connection of PushClient; and that no secret ever shows up in an error or log line.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DataPointClient, DataStreamClient, DeviceCoreClient, RestConnection, type RestConnectionOptions } from '../../src/core/rest';
import { PushClient } from '../../src/core/pushClient';
import { AuthError, HttpError } from '../../src/core/errors';
import { parseXml } from '../../src/core/monitor';
import { encodeQueryValue } from '../../src/core/rest/urlEncoding';
import type { Logger } from '../../src/core/logger';
import type { CursorPage, RowPage } from '../../src/core/devices/types';
import { startFakeRest, type FakeRest, type RecordedRequest } from '../helpers/fakeRestServer';
import { errorRecorder, rejectsWith } from '../helpers/assertErrors';

const USER = 'dev-user';
/** A colon, a non-ASCII letter, a quote and a bang: each has a different URL-encoded form. */
const PASSWORD = "S3cret:pä'ss!word-7";
const BASIC = Buffer.from(`${USER}:${PASSWORD}`, 'utf8').toString('base64');
const KEY_SECRET = 'api-S3CRET-devices';
const SECRETS = [PASSWORD, BASIC, KEY_SECRET];
/** Every form a secret could be printed in: as is, URL-encoded, RFC 3986-encoded, and a long prefix of the Basic token (a value cut short). */
const SECRET_FORMS = [
  ...SECRETS.flatMap((s) => [s, encodeURIComponent(s), encodeQueryValue(s)]),
  BASIC.slice(0, 12),
];
const DEVICE_ID = '00000000-00000000-00409DFF-FF58175B';

type Handler = (req: RecordedRequest, res: http.ServerResponse, n: number) => void;

let handler: Handler;
let fake: FakeRest;
let baseUrl: string;
let requests: RecordedRequest[];

function reply(res: http.ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end(body);
}

const json = (res: http.ServerResponse, value: unknown, status = 200) => reply(res, status, JSON.stringify(value), { 'content-type': 'application/json' });

const query = (r: RecordedRequest) => new URL(r.url, 'http://x').searchParams;
const pathOf = (r: RecordedRequest) => r.url.split('?')[0];

before(async () => {
  fake = await startFakeRest((req, res) => handler(req, res, fake.requests.length));
  baseUrl = fake.url;
  requests = fake.requests;
});

after(() => fake.close());

beforeEach(() => {
  requests.length = 0;
  handler = (_req, res) => reply(res, 500, 'no handler');
});

const fastRetry = { maxRetries: 3, baseDelayMs: 5, factor: 1.5, maxDelayMs: 20 };

interface Clients {
  conn: RestConnection;
  devices: DeviceCoreClient;
  streams: DataStreamClient;
  points: DataPointClient;
}

/** Runs `fn` with clients on one fresh connection and always closes it. */
async function withClients<T>(opts: Partial<RestConnectionOptions> & { maxPages?: number }, fn: (c: Clients) => Promise<T>): Promise<T> {
  const { maxPages, ...connOpts } = opts;
  const conn = new RestConnection({ baseUrl, credentials: { username: USER, password: PASSWORD }, retry: fastRetry, timeoutMs: 2000, ...connOpts });
  const limits = maxPages === undefined ? {} : { maxPages };
  try {
    return await fn({ conn, devices: new DeviceCoreClient(conn, limits), streams: new DataStreamClient(conn, limits), points: new DataPointClient(conn, limits) });
  } finally {
    await conn.close();
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

// ---- fake resources -------------------------------------------------------------------

const device = (devId: number) => ({
  id: { devId: String(devId), devVersion: '0' },
  devConnectwareId: `00000000-00000000-00409DFF-FF${String(devId).padStart(6, '0')}`,
  cstId: '7603',
  grpPath: '',
  dpConnectionStatus: devId % 2 ? '1' : '0',
});

/** A DeviceCore server over `total` devices that answers at most `cap` rows a page. */
function deviceServer(total: number, cap = Infinity): Handler {
  const all = Array.from({ length: total }, (_, i) => device(i + 1));
  return (req, res) => {
    const q = query(req);
    const start = Number(q.get('start') ?? 0);
    const size = Math.min(Number(q.get('size') ?? 1000), cap);
    const items = all.slice(start, start + size);
    json(res, {
      resultTotalRows: String(total), requestedStartRow: String(start), resultSize: String(items.length),
      requestedSize: String(size), remainingSize: String(Math.max(0, total - start - items.length)), items,
    });
  };
}

const stream = (streamId: string, extra: Record<string, unknown> = {}) => ({ cstId: '7603', streamId, dataType: 'FLOAT', units: 'C', ...extra });

/** A cursor server over `items`: cursor = index of the next item, sent on every full page. */
function cursorServer(items: unknown[], opts: { cursorOnLastPage?: boolean } = {}): Handler {
  return (req, res) => {
    const q = query(req);
    const from = Number(q.get('pageCursor') ?? 0);
    const size = Number(q.get('size') ?? 1000);
    const page = items.slice(from, from + size);
    const full = page.length === size;
    json(res, {
      resultSize: String(page.length), requestedSize: String(size), items: page,
      ...(full || opts.cursorOnLastPage ? { pageCursor: String(from + page.length) } : {}),
    });
  };
}

const point = (i: number) => ({ id: `p${i}`, cstId: '7603', streamId: `${DEVICE_ID}/metrics/t`, timestamp: String(1_700_000_000_000 + i), data: String(i) });

// ---- DeviceCore -----------------------------------------------------------------------

describe('DeviceCoreClient', () => {
  test('listDevices asks for JSON, percent-encodes the condition and passes start/size', async () => {
    handler = deviceServer(3);
    const condition = "dpConnectionStatus=1 and grpPath like 'a/%'";
    const page = await withClients({}, (c) => c.devices.listDevices({ condition, start: 1, size: 2 }));
    assert.deepEqual(page.items.map((d) => d.devId), [2, 3]);
    assert.deepEqual([page.total, page.start, page.remaining], [3, 1, 0]);
    const r = requests[0];
    assert.equal(r.method, 'GET');
    assert.equal(pathOf(r), '/ws/DeviceCore');
    assert.doesNotMatch(r.url, /[ '()]/, 'spaces and quotes are percent-encoded');
    assert.equal(query(r).get('condition'), condition);
    assert.deepEqual([query(r).get('start'), query(r).get('size')], ['1', '2']);
    assert.equal(r.headers.accept, 'application/json');
    assert.equal(r.headers.authorization, `Basic ${BASIC}`);
  });

  test('pages: an empty inventory is one empty page', async () => {
    handler = deviceServer(0);
    const pages = await withClients({}, (c) => collect(c.devices.pages({ size: 2 })));
    assert.deepEqual(pages.map((p) => p.items.length), [0]);
    assert.equal(requests.length, 1);
  });

  test('pages: an exact multiple of the page size ends when nothing remains, without an extra request', async () => {
    handler = deviceServer(4);
    const pages = await withClients({}, (c) => collect(c.devices.pages({ size: 2 })));
    assert.deepEqual(pages.map((p) => p.items.map((d) => d.devId)), [[1, 2], [3, 4]]);
    assert.deepEqual(requests.map((r) => query(r).get('start')), ['0', '2']);
  });

  test('pages: a server that caps the size is followed by the rows that came back', async () => {
    handler = deviceServer(7, 3);
    const all = await withClients({}, (c) => c.devices.listAllDevices('dpConnectionStatus=1'));
    assert.deepEqual(all.map((d) => d.devId), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(requests.map((r) => [query(r).get('start'), query(r).get('size')]), [['0', '1000'], ['3', '1000'], ['6', '1000']]);
    assert.ok(requests.every((r) => query(r).get('condition') === 'dpConnectionStatus=1'));
  });

  test('pages: rows that never run out stop at the total, on an empty page, or with an error after maxPages', async () => {
    // Claims rows remain but the total is reached.
    handler = (req, res) => json(res, { resultTotalRows: '2', remainingSize: '9', requestedStartRow: query(req).get('start'), items: [device(1)] });
    assert.equal((await withClients({}, (c) => c.devices.listAllDevices())).length, 2);
    assert.equal(requests.length, 2);
    // Claims rows remain on an empty page.
    requests.length = 0;
    handler = (_req, res) => json(res, { remainingSize: '5', items: [] });
    assert.deepEqual(await withClients({}, (c) => c.devices.listAllDevices()), []);
    assert.equal(requests.length, 1);
    // Ignores start, always the same row, always more, no total: the page limit ends it.
    requests.length = 0;
    handler = (_req, res) => json(res, { remainingSize: '5', items: [device(1)] });
    const e = await withClients({ maxPages: 4 }, (c) => rejectsWith(c.devices.listAllDevices(), 'MALFORMED_RESPONSE'));
    assert.match(e.message, /still reports rows remaining after 4 pages/);
    assert.equal(requests.length, 4);
  });

  test('getDevice reads one record by devId; unknown ids and bad ids', async () => {
    handler = (req, res) => (pathOf(req) === '/ws/DeviceCore/12' ? json(res, { items: [device(12)] }) : reply(res, 404, '{"error":["not here"]}'));
    await withClients({}, async (c) => {
      const d = await c.devices.getDevice(12);
      assert.equal(d.devId, 12);
      assert.equal(d.connected, false);
      const e = await rejectsWith(c.devices.getDevice(13), 'NOT_FOUND');
      assert.match(e.message, /device 13 does not exist on 127\.0\.0\.1/);
      handler = (_req, res) => json(res, { items: [] });
      await rejectsWith(c.devices.getDevice(12), 'NOT_FOUND');
      handler = (_req, res) => json(res, { items: [device(99)] });
      await rejectsWith(c.devices.getDevice(12), 'NOT_FOUND');
      const before = requests.length;
      for (const bad of [0, -1, 1.5, Number.NaN]) await rejectsWith(c.devices.getDevice(bad), 'INVALID_ARGUMENT');
      assert.equal(requests.length, before, 'bad ids are refused before any request');
    });
  });

  test('findDevice asks with devConnectwareId, refuses a quote, and reads an XML answer too', async () => {
    const d = device(5);
    handler = (_req, res) =>
      reply(res, 200, `<?xml version="1.0"?><result><resultTotalRows>1</resultTotalRows><remainingSize>0</remainingSize><DeviceCore><id><devId>5</devId></id><devConnectwareId>${d.devConnectwareId}</devConnectwareId><dpConnectionStatus>1</dpConnectionStatus></DeviceCore></result>`, { 'content-type': 'text/xml' });
    await withClients({}, async (c) => {
      const found = await c.devices.findDevice(d.devConnectwareId.toLowerCase());
      assert.equal(found?.devId, 5);
      assert.equal(found?.connected, true);
      assert.equal(query(requests[0]).get('condition'), `devConnectwareId='${d.devConnectwareId.toLowerCase()}'`);
      handler = (_req, res) => json(res, { items: [] });
      assert.equal(await c.devices.findDevice(DEVICE_ID), undefined);
      const n = requests.length;
      const e = await rejectsWith(c.devices.findDevice("x' or '1'='1"), 'INVALID_ARGUMENT');
      assert.match(e.message, /single quote/);
      await rejectsWith(c.devices.findDevice(''), 'INVALID_ARGUMENT');
      assert.equal(requests.length, n);
    });
  });
});

// ---- DataStream -----------------------------------------------------------------------

describe('DataStreamClient', () => {
  test('listStreams with a device id asks for its path prefix and keeps only its streams; a 404 there is no streams', async () => {
    handler = (_req, res) =>
      json(res, { resultSize: '3', requestedSize: '50', items: [stream(`${DEVICE_ID}/metrics/t`), stream(`${DEVICE_ID.toLowerCase()}/gps`), stream('other/x')] });
    await withClients({}, async (c) => {
      const page = await c.streams.listStreams({ deviceId: DEVICE_ID, size: 50 });
      assert.deepEqual(page.items.map((s) => s.streamId), [`${DEVICE_ID}/metrics/t`, `${DEVICE_ID.toLowerCase()}/gps`]);
      assert.equal(requests[0].url, `/ws/DataStream/${DEVICE_ID}?size=50`);
      assert.equal(requests[0].headers.accept, 'application/json');
      handler = (_req, res) => reply(res, 404, '');
      assert.deepEqual(await c.streams.listStreams({ deviceId: DEVICE_ID }), { items: [] });
      await rejectsWith(c.streams.listStreams(), 'NOT_FOUND');
      const n = requests.length;
      await rejectsWith(c.streams.listStreams({ deviceId: 'a/b' }), 'INVALID_ARGUMENT');
      await rejectsWith(c.streams.listStreams({ size: 0 }), 'INVALID_ARGUMENT');
      assert.equal(requests.length, n);
    });
  });

  test('pages follow pageCursor; a short page is the last even with a cursor; an exact multiple ends on an empty page', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => stream(`d/s${i}`));
    handler = cursorServer(five, { cursorOnLastPage: true });
    const pages = await withClients({}, (c) => collect(c.streams.pages({ size: 2 })));
    assert.deepEqual(pages.map((p) => p.items.map((s) => s.streamId)), [['d/s1', 'd/s2'], ['d/s3', 'd/s4'], ['d/s5']]);
    assert.deepEqual(requests.map((r) => query(r).get('pageCursor')), [null, '2', '4']);
    assert.equal(pages[2].pageCursor, undefined, 'the last page has no cursor');
    requests.length = 0;
    handler = cursorServer(five.slice(0, 4));
    const exact = await withClients({}, (c) => collect(c.streams.pages({ size: 2 })));
    assert.deepEqual(exact.map((p) => p.items.length), [2, 2, 0]);
    requests.length = 0;
    handler = cursorServer([]);
    assert.deepEqual((await withClients({}, (c) => collect(c.streams.pages()))).map((p) => p.items.length), [0]);
    assert.equal(query(requests[0]).get('size'), '1000');
  });

  test('a cursor sent twice stops with a clear error; so do cursors that never end', async () => {
    handler = (_req, res) => json(res, { resultSize: '1', items: [stream('d/a')], pageCursor: 'same' });
    const e = await withClients({}, (c) => rejectsWith(collect(c.streams.pages({ size: 1 })), 'MALFORMED_RESPONSE'));
    assert.match(e.message, /page cursor "same" a second time after 2 pages/);
    assert.equal(requests.length, 2);
    requests.length = 0;
    handler = (_req, res, n) => json(res, { items: [stream('d/a')], pageCursor: `c${n}` });
    const e2 = await withClients({ maxPages: 5 }, (c) => rejectsWith(collect(c.streams.pages({ size: 1 })), 'MALFORMED_RESPONSE'));
    assert.match(e2.message, /GET \/ws\/DataStream from 127\.0\.0\.1:\d+: still had more after 5 pages/);
    assert.equal(requests.length, 5);
  });

  test('getStream keeps slashes as segments, encodes each, and picks the exact id', async () => {
    const id = `${DEVICE_ID}/metrics/temp 1#?%`;
    handler = (_req, res) => json(res, { items: [stream(`${id}/sub`), stream(id, { currentValue: { timestamp: '5', data: '21.5' } })] });
    await withClients({}, async (c) => {
      const s = await c.streams.getStream(id);
      assert.equal(s.streamId, id);
      assert.deepEqual(s.currentValue, { timestamp: 5, data: '21.5' });
      assert.equal(requests[0].url, `/ws/DataStream/${DEVICE_ID}/metrics/temp%201%23%3F%25`);
      handler = (_req, res) => json(res, { items: [stream(`${id}/sub`)] });
      const e = await rejectsWith(c.streams.getStream(id), 'NOT_FOUND');
      assert.match(e.message, /does not exist/);
      handler = (_req, res) => reply(res, 404, '');
      await rejectsWith(c.streams.getStream(id), 'NOT_FOUND');
      const n = requests.length;
      for (const bad of ['', 'a//b', '/a', 'a/..', 'a/./b']) await rejectsWith(c.streams.getStream(bad), 'INVALID_ARGUMENT');
      assert.equal(requests.length, n);
    });
  });

  test('createStream POSTs <DataStream> XML; a bad type never leaves; the server 400 is BAD_REQUEST with its words', async () => {
    handler = (_req, res) => reply(res, 201, '<result><location>DataStream/d/new</location></result>');
    await withClients({}, async (c) => {
      await c.streams.createStream({ streamId: 'd/new', dataType: 'INTEGER', units: 'count & <more>', description: 'made by a test' });
      const r = requests[0];
      assert.equal(`${r.method} ${r.url}`, 'POST /ws/DataStream');
      assert.match(String(r.headers['content-type']), /^text\/xml/);
      assert.deepEqual(parseXml(r.body)?.DataStream, { streamId: 'd/new', dataType: 'INTEGER', units: 'count & <more>', description: 'made by a test' });
      const bad = await rejectsWith(c.streams.createStream({ streamId: 'd/x', dataType: 'foobar' as never }), 'INVALID_ARGUMENT');
      assert.match(bad.message, /dataType "foobar" is not one of INTEGER, LONG, FLOAT, DOUBLE, STRING, BINARY, JSON, GEOJSON, UNKNOWN/);
      assert.equal(requests.length, 1);
      handler = (_req, res) => json(res, { error: 'POST DataStream error. Invalid dataType: GEOJSON' }, 400);
      const e = await rejectsWith(c.streams.createStream({ streamId: 'd/x', dataType: 'GEOJSON' }), 'BAD_REQUEST');
      assert.ok(e instanceof HttpError);
      assert.equal(e.serverMessage, 'POST DataStream error. Invalid dataType: GEOJSON');
      assert.match(e.message, /Invalid dataType: GEOJSON/);
    });
  });
});

// ---- DataPoint ------------------------------------------------------------------------

describe('DataPointClient', () => {
  test('write POSTs one <list> of <DataPoint>s and returns the locations', async () => {
    handler = (_req, res) =>
      reply(res, 201, `<?xml version="1.0"?><result><location>DataPoint/${DEVICE_ID}/metrics/t/p-1</location><location>DataPoint/d/log/p-2</location></result>`);
    const locations = await withClients({}, (c) =>
      c.points.write([
        { streamId: `${DEVICE_ID}/metrics/t`, data: 21.5, streamType: 'FLOAT', timestamp: Date.UTC(2026, 11, 2, 10) },
        { streamId: 'd/log', data: '</data><data>injected', quality: 3 },
      ]),
    );
    assert.deepEqual(locations, [`DataPoint/${DEVICE_ID}/metrics/t/p-1`, 'DataPoint/d/log/p-2']);
    const r = requests[0];
    assert.equal(`${r.method} ${r.url}`, 'POST /ws/DataPoint');
    assert.match(String(r.headers['content-type']), /^text\/xml/);
    assert.ok(r.body.startsWith('<list><DataPoint>'), r.body);
    assert.deepEqual((parseXml(r.body)?.list as { DataPoint: unknown[] }).DataPoint, [
      { streamId: `${DEVICE_ID}/metrics/t`, data: '21.5', timestamp: '2026-12-02T10:00:00.000Z', streamType: 'FLOAT' },
      { streamId: 'd/log', data: '</data><data>injected', quality: '3' },
    ]);
  });

  test('write: one point; the Location header when the body has none; nothing sent for bad or no points', async () => {
    handler = (_req, res) => reply(res, 201, '', { location: 'DataPoint/d/x/p-9' });
    await withClients({}, async (c) => {
      assert.deepEqual(await c.points.write({ streamId: 'd/x', data: 'on' }), ['DataPoint/d/x/p-9']);
      handler = (_req, res) => reply(res, 200, '<result/>');
      const e = await rejectsWith(c.points.write({ streamId: 'd/x', data: 'on' }), 'MALFORMED_RESPONSE');
      assert.match(e.message, /without a location/);
      const n = requests.length;
      assert.deepEqual(await c.points.write([]), []);
      const bad = await rejectsWith(c.points.write({ streamId: 'd/x', data: 'warm', streamType: 'DOUBLE' }), 'INVALID_ARGUMENT');
      assert.match(bad.message, /is not a number, which streamType DOUBLE needs/);
      await rejectsWith(c.points.write([{ streamId: 'd/ok', data: 1 }, { streamId: 'd/../x', data: 1 }]), 'INVALID_ARGUMENT');
      assert.equal(requests.length, n, 'nothing sent');
    });
  });

  test('history sends the filters, follows the cursor and stops at the limit, asking for no more than it', async () => {
    handler = cursorServer([0, 1, 2, 3, 4, 5, 6].map(point));
    const streamId = `${DEVICE_ID}/metrics/t`;
    const pages = await withClients({}, (c) =>
      collect(c.points.history(streamId, { size: 3, limit: 5, startTime: Date.UTC(2026, 0, 1), endTime: new Date(Date.UTC(2026, 1, 1)), order: 'descending', timeline: 'server' })),
    );
    assert.deepEqual(pages.map((p) => p.items.map((x) => x.data)), [['0', '1', '2'], ['3', '4']]);
    assert.equal(pages[0].items[0].timestamp, 1_700_000_000_000);
    assert.equal(pages[1].pageCursor, '5', 'stopping at the limit keeps the cursor to continue from');
    assert.deepEqual(requests.map((r) => pathOf(r)), [`/ws/DataPoint/${streamId}`, `/ws/DataPoint/${streamId}`]);
    const q = query(requests[0]);
    assert.deepEqual(
      [q.get('size'), q.get('startTime'), q.get('endTime'), q.get('order'), q.get('timeline'), q.get('pageCursor')],
      ['3', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'descending', 'server', null],
    );
    assert.deepEqual([query(requests[1]).get('size'), query(requests[1]).get('pageCursor')], ['2', '3']);
  });

  test('history: every point without a limit, from a given cursor; an unknown stream is NOT_FOUND; a repeating cursor is an error', async () => {
    handler = cursorServer([0, 1, 2, 3].map(point));
    await withClients({}, async (c) => {
      const pages = await collect(c.points.history('d/t', { size: 2, pageCursor: '1' }));
      assert.deepEqual(pages.map((p) => p.items.map((x) => x.id)), [['p1', 'p2'], ['p3']]);
      handler = (_req, res) => reply(res, 404, '');
      const e = await rejectsWith(collect(c.points.history('d/missing')), 'NOT_FOUND');
      assert.match(e.message, /stream "d\/missing" does not exist/);
      handler = (_req, res) => json(res, { items: [point(1)], pageCursor: 'again' });
      await rejectsWith(collect(c.points.history('d/t', { size: 1 })), 'MALFORMED_RESPONSE');
      const n = requests.length;
      await rejectsWith(collect(c.points.history('d/t', { order: 'newest' as never })), 'INVALID_ARGUMENT');
      await rejectsWith(collect(c.points.history('d/t', { limit: -1 })), 'INVALID_ARGUMENT');
      await rejectsWith(collect(c.points.history('d/t', { startTime: Number.NaN })), 'INVALID_ARGUMENT');
      assert.equal(requests.length, n);
      assert.deepEqual(await collect(c.points.history('d/t', { limit: 0 })), [], 'limit 0 asks for nothing');
      assert.equal(requests.length, n);
    });
  });

  test('deletePoint and deleteRange name exactly what they delete; a range without both ends is refused', async () => {
    handler = (_req, res) => reply(res, 200, '<result><message>1 items deleted</message></result>');
    await withClients({}, async (c) => {
      await c.points.deletePoint('d/metrics/t x', 'p-1');
      await c.points.deleteRange('d/metrics/t', { startTime: Date.UTC(2026, 0, 1), endTime: new Date(Date.UTC(2026, 0, 2)) });
      assert.deepEqual(requests.map((r) => `${r.method} ${r.url}`), [
        'DELETE /ws/DataPoint/d/metrics/t%20x/p-1',
        'DELETE /ws/DataPoint/d/metrics/t?startTime=2026-01-01T00%3A00%3A00.000Z&endTime=2026-01-02T00%3A00%3A00.000Z',
      ]);
      requests.length = 0;
      for (const range of [{}, { startTime: 1 }, { endTime: 1 }, undefined, { startTime: null, endTime: null }]) {
        const e = await rejectsWith(c.points.deleteRange('d/metrics/t', range as never), 'INVALID_ARGUMENT');
        assert.match(e.message, /needs both startTime and endTime.*every point of the stream/);
      }
      await rejectsWith(c.points.deleteRange('d/metrics/t', { startTime: 10, endTime: 5 }), 'INVALID_ARGUMENT');
      await rejectsWith(c.points.deletePoint('d/metrics/t', ''), 'INVALID_ARGUMENT');
      await rejectsWith(c.points.deletePoint('d/metrics/t', 'a/b'), 'INVALID_ARGUMENT');
      await rejectsWith(c.points.deletePoint('', 'p'), 'INVALID_ARGUMENT');
      assert.equal(requests.length, 0, 'no refused delete reached the server');
      handler = (_req, res) => reply(res, 404, '');
      await rejectsWith(c.points.deletePoint('d/t', 'p1'), 'NOT_FOUND');
    });
  });
});

// ---- status codes, retries, secrets, shared connection --------------------------------

describe('errors', () => {
  type Call = [string, (c: Clients) => Promise<unknown>];
  const calls: Call[] = [
    ['listDevices', (c) => c.devices.listDevices()],
    ['getDevice', (c) => c.devices.getDevice(1)],
    ['listStreams', (c) => c.streams.listStreams()],
    ['getStream', (c) => c.streams.getStream('d/s')],
    ['createStream', (c) => c.streams.createStream({ streamId: 'd/s', dataType: 'STRING' })],
    ['write', (c) => c.points.write({ streamId: 'd/s', data: 'x' })],
    ['history', (c) => collect(c.points.history('d/s'))],
    ['deletePoint', (c) => c.points.deletePoint('d/s', 'p')],
    ['deleteRange', (c) => c.points.deleteRange('d/s', { startTime: 0, endTime: 1 })],
  ];

  test('401 is AUTH, 403 FORBIDDEN, 500 SERVER without a retry, for every call', async () => {
    await withClients({}, async (c) => {
      for (const [name, call] of calls) {
        handler = (_req, res) => reply(res, 401, '');
        assert.ok((await rejectsWith(call(c), 'AUTH')) instanceof AuthError, name);
        handler = (_req, res) => reply(res, 403, '<result><error>no rights</error></result>');
        assert.match((await rejectsWith(call(c), 'FORBIDDEN')).message, /no rights/, name);
        requests.length = 0;
        handler = (_req, res) => json(res, { error: ['Internal failure'] }, 500);
        assert.match((await rejectsWith(call(c), 'SERVER')).message, /Internal failure/, name);
        assert.equal(requests.length, 1, `${name}: a 500 is not retried`);
      }
    });
  });

  test('429 is retried (Retry-After honoured, capped) and then succeeds', async () => {
    handler = (_req, res, n) => (n < 3 ? reply(res, 429, '', { 'retry-after': '1' }) : json(res, { items: [stream('d/s')] }));
    const t0 = performance.now();
    const s = await withClients({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 50 } }, (c) => c.streams.getStream('d/s'));
    const elapsed = performance.now() - t0;
    assert.equal(s.streamId, 'd/s');
    assert.equal(requests.length, 3);
    assert.ok(elapsed >= 90 && elapsed < 1500, `elapsed ${elapsed} ms`);
  });

  test('a malformed answer is MALFORMED_RESPONSE naming the call, the host and the field', async () => {
    handler = (_req, res) => json(res, { items: [{ id: { devId: 'one' }, devConnectwareId: 'x' }] });
    const e = await withClients({}, (c) => rejectsWith(c.devices.listDevices({ size: 5 }), 'MALFORMED_RESPONSE'));
    assert.match(e.message, /^GET \/ws\/DeviceCore\?size=5 from 127\.0\.0\.1:\d+: DeviceCore items\[0\]\.id: field "devId" is "one", not an integer$/);
    handler = (_req, res) => reply(res, 200, '<html>login</html>');
    await withClients({}, (c) => rejectsWith(collect(c.points.history('d/s')), 'MALFORMED_RESPONSE'));
  });

  test('no error, inspected error or log line contains a password, API secret or Authorization value', async () => {
    const lines: string[] = [];
    const at = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
    const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const { texts: seen, record } = errorRecorder();
    // A server that echoes the credentials it received into error texts, field values and cursors.
    const echoed = (req: RecordedRequest) => {
      const auth = req.headers.authorization ?? '';
      const password = auth ? Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':').slice(1).join(':') : '';
      return `${auth} ${password} ${String(req.headers['x-api-key-secret'] ?? '')}`;
    };
    for (const credentials of [{ username: USER, password: PASSWORD }, { apiKeyId: 'key-id', apiKeySecret: KEY_SECRET }]) {
      await withClients({ credentials, logger, retry: { maxRetries: 1, baseDelayMs: 1 } }, async (c) => {
        for (const status of [400, 401, 403, 404, 429, 500, 503]) {
          handler = (req, res) => reply(res, status, `<result><error>got ${echoed(req)}</error></result>`);
          for (const [, call] of calls) await record(call(c));
        }
        handler = (req, res) => json(res, { items: [{ id: { devId: echoed(req) }, devConnectwareId: 'x', streamId: 's', timestamp: echoed(req), data: '1' }] });
        for (const [, call] of calls) await record(call(c));
        handler = (req, res) => json(res, { items: [stream('d/s')], pageCursor: echoed(req) });
        await record(collect(c.streams.pages({ size: 1 })));
        await record(collect(c.streams.pages({ size: 1 })));
      });
    }
    // Three texts per failure: every call under each of the 7 statuses, for both kinds of credentials, and more.
    assert.ok(seen.length >= 3 * 2 * 7 * calls.length, `collected ${seen.length} error texts`);
    assert.ok(seen.some((t) => t.includes('***')), 'echoed secrets were redacted, not dropped silently');
    for (const t of [...seen, ...lines]) for (const s of SECRET_FORMS) assert.ok(!t.includes(s), `leaks a secret (${s}): ${t.slice(0, 300)}`);
    assert.ok(lines.some((l) => l.startsWith('debug GET /ws/DeviceCore')), 'requests are logged at debug');
  });
});

describe('PushClient', () => {
  test('devices, streams and dataPoints share the connection of rest: one keep-alive socket, one close', async () => {
    handler = (req, res) => {
      if (pathOf(req).startsWith('/ws/Monitor')) json(res, { resultTotalRows: '0', remainingSize: '0', items: [] });
      else if (pathOf(req).startsWith('/ws/DeviceCore')) json(res, { items: [device(1)] });
      else json(res, { items: [] });
    };
    const connectionsBefore = fake.connections();
    const client = new PushClient({ username: USER, password: PASSWORD }, { restUrl: baseUrl, secure: false, retry: fastRetry });
    try {
      assert.equal(client.devices.connection, client.rest.connection);
      assert.equal(client.streams.connection, client.rest.connection);
      assert.equal(client.dataPoints.connection, client.rest.connection);
      for (let i = 0; i < 3; i++) {
        await client.testConnection();
        const page: RowPage<unknown> = await client.devices.listDevices();
        const streams: CursorPage<unknown> = await client.streams.listStreams({ deviceId: DEVICE_ID });
        await collect(client.dataPoints.history('d/s'));
        assert.equal(page.items.length, 1);
        assert.equal(streams.items.length, 0);
      }
      assert.equal(requests.length, 12);
      // One keep-alive pool: its sockets are reused across the clients (undici may open a second one).
      const connections = fake.connections() - connectionsBefore;
      assert.ok(connections >= 1 && connections <= 2, `${connections} connections for 12 requests`);
    } finally {
      await client.close();
    }
    await rejectsWith(client.devices.listDevices(), 'CLOSED');
    await rejectsWith(client.dataPoints.write({ streamId: 'd/s', data: 1 }), 'CLOSED');
  });
});
