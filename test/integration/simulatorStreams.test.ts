// The simulator's /ws/DataStream and /ws/DataPoint (rest-devices-streams §1, §3, §4) over real
// HTTP on loopback: paging by cursor, history queries, writes that arrive as push events on a
// live session, and a history that holds every generated point a monitor was sent.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { parseServerError } from '../../src/core/monitor';
import type { PushEvent } from '../../src/core/events';
import { DEMO_API_KEY_ID, DEMO_API_KEY_SECRET, sequenceOf, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { FakeClock } from '../helpers/fakeClock';
import { basicAuth, createMonitor, rest, session, type RawPushClient } from './simulatorClient';

const OTHER = { username: 'other', password: 'other-password', customerId: 2002, company: 'Other_Inc' };
const DEMO = { username: 'demo', password: 'demo-password', apiKeyId: DEMO_API_KEY_ID, apiKeySecret: DEMO_API_KEY_SECRET, customerId: 1001 };
const otherAuth = basicAuth(OTHER.username, OTHER.password);

type Point = Record<string, string>;
type Stream = Record<string, string> & { currentValue?: Point };
interface CursorEnvelope<T> {
  resultSize: string;
  requestedSize: string;
  pageCursor?: string;
  requestedStartTime?: string;
  requestedEndTime?: string;
  items: T[];
}

const enc = (id: string) => id.split('/').map(encodeURIComponent).join('/');

async function json<T>(sim: SimulatorHandle, path: string, auth?: string): Promise<CursorEnvelope<T>> {
  const r = await rest(sim, 'GET', path, { auth, headers: { Accept: 'application/json' } });
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  const env = JSON.parse(r.text) as CursorEnvelope<T>;
  for (const [k, v] of Object.entries(env)) if (k !== 'items') assert.equal(typeof v, 'string', `${k} is a string`);
  return env;
}

/** Follows pageCursor to the end; every page but the last is full, the last has no cursor. */
async function allPages<T>(sim: SimulatorHandle, path: string, size: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const env = await json<T>(sim, `${path}${sep}size=${size}${cursor ? `&pageCursor=${encodeURIComponent(cursor)}` : ''}`);
    pages += 1;
    assert.ok(pages < 1000, 'the cursor walk ends');
    if (env.pageCursor !== undefined) assert.equal(env.items.length, size, 'a page with a cursor is full');
    items.push(...env.items);
    cursor = env.pageCursor;
  } while (cursor);
  return { items, pages };
}

async function post(sim: SimulatorHandle, path: string, body: string, headers: Record<string, string> = {}) {
  return rest(sim, 'POST', path, { body, headers });
}

function pointsXml(points: Record<string, string | number>[]): string {
  const one = (p: Record<string, string | number>) => `<DataPoint>${Object.entries(p).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</DataPoint>`;
  return `<list>${points.map(one).join('')}</list>`;
}

describe('simulator /ws/DataStream and /ws/DataPoint', { timeout: 60_000 }, () => {
  let sim: SimulatorHandle;
  let deviceIds: string[];
  const clients: RawPushClient[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 17, devices: 4, tls: false, accounts: [DEMO, OTHER] });
    const devices = JSON.parse((await rest(sim, 'GET', '/ws/DeviceCore/.json')).text) as { items: { devConnectwareId: string }[] };
    deviceIds = devices.items.map((d) => d.devConnectwareId);
  });
  after(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  test('every generated DataPoint a monitor was sent is in its stream history with the same value; currentValue is the newest', async () => {
    const monitor = await createMonitor(sim, { monTopic: 'DataPoint', monBatchSize: 50, monBatchDuration: 0 });
    const c = await session(sim, monitor);
    clients.push(c);
    const published = sim.generate(400).filter((e) => e.type === 'DataPoint');
    assert.ok(published.length > 100);
    const { events } = await c.readEvents(published.length);
    assert.deepEqual(events.map(sequenceOf), published.map((e) => e.seq));

    const byStream = new Map<string, PushEvent[]>();
    for (const e of events) {
      const id = String((e.data as { streamId: string }).streamId);
      byStream.set(id, [...(byStream.get(id) ?? []), e]);
    }
    for (const [streamId, sent] of byStream) {
      const history = (await allPages<Point>(sim, `/ws/DataPoint/${enc(streamId)}`, 1000)).items;
      const byId = new Map(history.map((p) => [p.id, p]));
      for (const e of sent) {
        const d = e.data as { id: string; data: number; timestamp: number; serverTimestamp: number; streamType: string; streamUnits: string };
        const p = byId.get(d.id);
        assert.ok(p, `${streamId}: point ${d.id} is in the history`);
        assert.equal(p.data, String(d.data));
        assert.equal(p.timestamp, String(d.timestamp));
        assert.equal(p.serverTimestamp, String(d.serverTimestamp));
        assert.equal(p.timestampISO, new Date(d.timestamp).toISOString());
        assert.equal(p.streamId, streamId);
        assert.equal(p.cstId, '1001');
      }
      const stream = (await json<Stream>(sim, `/ws/DataStream/${enc(streamId)}`)).items[0];
      const last = sent[sent.length - 1].data as { id: string; data: number; streamType: string; streamUnits: string };
      assert.equal(stream.dataType, last.streamType);
      assert.equal(stream.units, last.streamUnits);
      assert.equal(stream.currentValue?.id, last.id);
      assert.equal(stream.currentValue?.data, String(last.data));
      assert.equal(stream.currentValue && 'streamId' in stream.currentValue, false, 'a currentValue has no streamId');
    }
  });

  test('DataStream list in JSON and XML, sorted, each stream once; one stream by id; a device prefix lists its streams', async () => {
    const all = await json<Stream>(sim, '/ws/DataStream');
    assert.ok(all.items.length > 5);
    assert.equal(all.pageCursor, undefined);
    const ids = all.items.map((s) => s.streamId);
    assert.deepEqual(ids, [...ids].sort());
    for (const s of all.items) assertStrings(s);

    const xml = await rest(sim, 'GET', '/ws/DataStream');
    assert.match(xml.headers.get('content-type') ?? '', /xml/);
    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'DataStream' }).parse(xml.text) as { result: { resultSize: string; DataStream: Stream[] } };
    assert.equal(parsed.result.resultSize, String(all.items.length));
    assert.deepEqual(parsed.result.DataStream, all.items);
    assert.match(xml.text, /<DataStream>\n {4}<cstId>1001<\/cstId>\n {4}<streamId>[^<]+<\/streamId>/);
    assert.match(xml.text, /<currentValue>\n {6}<id>/);

    const one = await json<Stream>(sim, `/ws/DataStream/${enc(ids[0])}.json`);
    assert.deepEqual([one.resultSize, one.items.length, one.pageCursor], ['1', 1, undefined]);
    assert.deepEqual(one.items[0], all.items[0]);

    const device = ids[0].split('/')[0];
    const mine = await json<Stream>(sim, `/ws/DataStream/${device}`);
    assert.ok(mine.items.length > 0);
    assert.deepEqual(mine.items.map((s) => s.streamId), ids.filter((id) => id.startsWith(`${device}/`)));
    const metrics = await json<Stream>(sim, `/ws/DataStream/${device}/metrics`);
    assert.deepEqual(metrics.items.map((s) => s.streamId), mine.items.map((s) => s.streamId));
  });

  test('cursor paging: short last page, exact multiple, empty list, size cap, bad size or cursor → 400, unknown → 404', async () => {
    const full = (await json<Stream>(sim, '/ws/DataStream')).items.map((s) => s.streamId);
    const walked = await allPages<Stream>(sim, '/ws/DataStream', 3);
    assert.deepEqual(walked.items.map((s) => s.streamId), full);
    assert.equal(walked.pages, Math.ceil(full.length / 3));

    for (const n of [1, 2, 3, 4]) {
      const r = await post(sim, '/ws/DataStream', `<DataStream><streamId>pager/s${n}</streamId><dataType>INTEGER</dataType></DataStream>`);
      assert.equal(r.status, 201, r.text);
    }
    const first = await json<Stream>(sim, '/ws/DataStream/pager?size=2');
    assert.deepEqual([first.resultSize, first.items.map((s) => s.streamId)], ['2', ['pager/s1', 'pager/s2']]);
    assert.ok(first.pageCursor);
    const second = await json<Stream>(sim, `/ws/DataStream/pager?size=2&pageCursor=${encodeURIComponent(first.pageCursor)}`);
    assert.deepEqual(second.items.map((s) => s.streamId), ['pager/s3', 'pager/s4']);
    assert.equal(second.pageCursor, undefined, 'a full page with nothing after it has no cursor');
    assert.equal((await allPages<Stream>(sim, '/ws/DataStream/pager', 4)).pages, 1);

    const empty = await json<Stream>(sim, '/ws/DataStream', otherAuth);
    assert.deepEqual([empty.resultSize, empty.items, empty.pageCursor], ['0', [], undefined]);
    const otherDevice = (JSON.parse((await rest(sim, 'GET', '/ws/DeviceCore/.json', { auth: otherAuth })).text) as { items: { devConnectwareId: string }[] }).items[0];
    const none = await json<Stream>(sim, `/ws/DataStream/${otherDevice.devConnectwareId}`, otherAuth);
    assert.equal(none.resultSize, '0', "a device of yours without streams lists none (200)");

    assert.equal((await json<Stream>(sim, '/ws/DataStream?size=5000')).requestedSize, '1000');
    for (const q of ['size=0', 'size=abc', 'pageCursor=not-a-cursor!', 'pageCursor=e30']) {
      const r = await rest(sim, 'GET', `/ws/DataStream/.json?${q}`);
      assert.equal(r.status, 400, q);
      assert.match((JSON.parse(r.text) as { error: string[] }).error[0], /^GET DataStream error\. Invalid request\. Invalid (size|pageCursor): /);
    }
    const unknown = await rest(sim, 'GET', '/ws/DataStream/no/such/stream');
    assert.equal(unknown.status, 404);
    assert.equal(parseServerError(unknown.text), 'GET DataStream error. Error reading DataStream entity id="no/such/stream"');
  });

  test('POST DataStream (XML and JSON): no currentValue until data; invalid dataType → the documented JSON 400; duplicate 409; DELETE', async () => {
    const created = await post(sim, '/ws/DataStream', '<DataStream><streamId>plant/boiler/pressure</streamId><dataType>float</dataType><units>bar</units><description>Boiler pressure</description><dataTtl>3600</dataTtl></DataStream>');
    assert.equal(created.status, 201);
    assert.match(created.text, /<result>\s*<location>DataStream\/plant\/boiler\/pressure<\/location>\s*<\/result>/);
    const s = (await json<Stream>(sim, '/ws/DataStream/plant/boiler/pressure')).items[0];
    assert.deepEqual(s, {
      cstId: '1001', streamId: 'plant/boiler/pressure', dataType: 'FLOAT', units: 'bar', description: 'Boiler pressure',
      forwardTo: '', dataTtl: '3600', rollupTtl: '432000',
    });
    assert.equal('currentValue' in s, false);

    const viaJson = await post(sim, '/ws/DataStream.json', JSON.stringify({ DataStream: { streamId: 'plant/boiler/state', dataType: 'STRING' } }), { 'Content-Type': 'application/json' });
    assert.deepEqual([viaJson.status, JSON.parse(viaJson.text)], [201, { location: 'DataStream/plant/boiler/state' }]);

    for (const [path, headers] of [['/ws/DataStream', {}], ['/ws/DataStream/.json', {}]] as const) {
      const bad = await post(sim, path, '<DataStream><streamId>x/bad</streamId><dataType>foobar</dataType></DataStream>', headers);
      assert.equal(bad.status, 400);
      assert.match(bad.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(JSON.parse(bad.text), { error: 'POST DataStream error. Invalid dataType: foobar' });
    }
    const dup = await post(sim, '/ws/DataStream', '<DataStream><streamId>plant/boiler/state</streamId><dataType>STRING</dataType></DataStream>');
    assert.equal(dup.status, 409);
    const badId = await post(sim, '/ws/DataStream', '<DataStream><streamId>a//b</streamId></DataStream>');
    assert.equal(badId.status, 400);
    assert.match(parseServerError(badId.text) ?? '', /streamId "a\/\/b" must be segments/);

    const del = await rest(sim, 'DELETE', '/ws/DataStream/plant/boiler/state');
    assert.equal(del.status, 200);
    assert.equal(parseServerError(del.text), undefined);
    assert.equal((await rest(sim, 'GET', '/ws/DataStream/plant/boiler/state')).status, 404);
    assert.equal((await rest(sim, 'DELETE', '/ws/DataStream/plant/boiler/state')).status, 404);
  });

  test('POST DataPoint: 201 with a location per point, stored, and pushed to a live monitor on DataPoint/<deviceId> only', async () => {
    const [mine, someoneElse] = deviceIds;
    const monitor = await createMonitor(sim, { monTopic: `DataPoint/${mine}`, monBatchSize: 1 });
    const c = await session(sim, monitor);
    clients.push(c);

    const elsewhere = await post(sim, '/ws/DataPoint', pointsXml([{ streamId: `${someoneElse}/app/level`, data: 7, streamType: 'INTEGER' }]));
    assert.equal(elsewhere.status, 201);
    const stream = `${mine}/app/level`;
    const r = await post(sim, '/ws/DataPoint', pointsXml([
      { streamId: stream, data: '21.5', streamType: 'FLOAT', streamUnits: 'C', description: 'first' },
      { streamId: stream, data: 22, quality: 3, location: '44.9,-93.2,250', timestamp: '2026-01-02T03:04:05.678Z' },
    ]));
    assert.equal(r.status, 201, r.text);
    const locations = [...r.text.matchAll(/<location>([^<]+)<\/location>/g)].map((m) => m[1]);
    assert.equal(locations.length, 2);
    const ids = locations.map((l) => {
      assert.ok(l.startsWith(`DataPoint/${stream}/`), l);
      return l.slice(`DataPoint/${stream}/`.length);
    });

    const { events } = await c.readEvents(2);
    assert.deepEqual(events.map((e) => e.topic), [`1001/DataPoint/${stream}`, `1001/DataPoint/${stream}`], 'the other device\'s point is not on this monitor');
    assert.deepEqual(events.map((e) => e.operation), ['INSERTION', 'INSERTION']);
    const [a, b] = events.map((e) => e.data as Record<string, unknown>);
    assert.deepEqual([a.id, a.data, a.streamType, a.streamUnits, a.description], [ids[0], 21.5, 'FLOAT', 'C', 'first']);
    assert.deepEqual([b.id, b.data, b.quality, b.location, b.timestamp], [ids[1], 22, 3, '44.9,-93.2,250', Date.parse('2026-01-02T03:04:05.678Z')]);
    assert.equal(typeof sequenceOf(events[0]), 'number', 'a written point carries a sequence number too');

    const history = (await json<Point>(sim, `/ws/DataPoint/${enc(stream)}?order=descending`)).items;
    assert.deepEqual(history.map((p) => p.id), [ids[0], ids[1]], 'descending by client time: the back-dated point is older');
    assert.deepEqual([history[0].data, history[0].description, history[1].quality, history[1].location], ['21.5', 'first', '3', '44.9,-93.2,250']);
    const s = (await json<Stream>(sim, `/ws/DataStream/${enc(stream)}`)).items[0];
    assert.deepEqual([s.dataType, s.units, s.currentValue?.id], ['FLOAT', 'C', ids[1]], 'currentValue is the last written');
  });

  test('POST DataPoint forms: single <DataPoint> on /ws/DataPoint/<stream>, JSON list, stream path with encoded segments', async () => {
    const single = await post(sim, '/ws/DataPoint/json%20ish/one', '<DataPoint><data>hello</data></DataPoint>');
    assert.equal(single.status, 201, single.text);
    assert.match(single.text, /<location>DataPoint\/json ish\/one\/[0-9a-f-]{36}<\/location>/);
    const s = (await json<Stream>(sim, '/ws/DataStream/json%20ish/one')).items[0];
    assert.deepEqual([s.dataType, s.currentValue?.data], ['UNKNOWN', 'hello'], 'a stream made by a point without streamType is UNKNOWN');

    const body = JSON.stringify({ list: { DataPoint: [{ streamId: 'json/two', data: 5, streamType: 'LONG' }, { streamId: 'json/two', data: '6' }] } });
    const list = await post(sim, '/ws/DataPoint.json', body, { 'Content-Type': 'application/json' });
    assert.equal(list.status, 201, list.text);
    const loc = (JSON.parse(list.text) as { location: string[] }).location;
    assert.equal(loc.length, 2);
    assert.deepEqual((await json<Point>(sim, '/ws/DataPoint/json/two')).items.map((p) => p.data), ['5', '6']);
    const bare = await post(sim, '/ws/DataPoint/json/two', JSON.stringify([{ data: 7 }]), { Accept: 'application/json' });
    assert.deepEqual([bare.status, typeof (JSON.parse(bare.text) as { location: unknown }).location], [201, 'string']);
  });

  test('POST DataPoint validation: numeric stream + text, missing streamId or data, bad type/time; all or nothing', async () => {
    const stream = 'valid/temp';
    assert.equal((await post(sim, '/ws/DataPoint', pointsXml([{ streamId: stream, data: 1, streamType: 'INTEGER' }]))).status, 201);
    const count = async () => (await json<Point>(sim, `/ws/DataPoint/${stream}`)).items.length;
    const cases: [string, string, RegExp][] = [
      ['text in an INTEGER stream', pointsXml([{ streamId: stream, data: 'warm' }]), /Invalid data "warm" for stream "valid\/temp" of type INTEGER: not a 32-bit integer/],
      ['a float in an INTEGER stream, second of two', pointsXml([{ streamId: stream, data: 2 }, { streamId: stream, data: 2.5 }]), /Invalid data "2\.5" .* of type INTEGER.*\(DataPoint 2\)$/],
      ['text in a new DOUBLE stream', pointsXml([{ streamId: 'valid/new', data: 'x', streamType: 'DOUBLE' }]), /Invalid data "x" for stream "valid\/new" of type DOUBLE: not a number/],
      ['no streamId', '<DataPoint><data>1</data></DataPoint>', /missing streamId$/],
      ['no data', pointsXml([{ streamId: stream }]), /missing data$/],
      ['bad streamType', pointsXml([{ streamId: 'valid/t', data: 1, streamType: 'REAL' }]), /Invalid streamType: "REAL"/],
      ['bad timestamp', pointsXml([{ streamId: stream, data: 3, timestamp: 'yesterday' }]), /Invalid timestamp "yesterday"/],
      ['bad quality', pointsXml([{ streamId: stream, data: 3, quality: 'good' }]), /Invalid quality "good"/],
      ['not a DataPoint', '<Monitor/>', /request body must be a <DataPoint> element/],
      ['path and body disagree', '<DataPoint><streamId>other</streamId><data>1</data></DataPoint>', /streamId "other" differs from the stream in the path/],
    ];
    for (const [what, body, message] of cases) {
      const r = await post(sim, what === 'path and body disagree' ? `/ws/DataPoint/${stream}` : '/ws/DataPoint', body);
      assert.equal(r.status, 400, what);
      const error = parseServerError(r.text) ?? '';
      assert.match(error, /^POST DataPoint error\. Invalid request\. /, what);
      assert.match(error, message, what);
    }
    assert.equal(await count(), 1, 'no point of a refused request was stored');
    assert.equal((await rest(sim, 'GET', '/ws/DataStream/valid/new')).status, 404, 'nor its stream created');
    const jsonError = await post(sim, '/ws/DataPoint/.json', pointsXml([{ streamId: stream, data: 'warm' }]));
    assert.match((JSON.parse(jsonError.text) as { error: string[] }).error[0], /^POST DataPoint error\. Invalid request\. Invalid data "warm"/);
  });

  test('history: size + cursor both ways, [startTime, endTime) in ISO or epoch ms, timeline, XML form, cap and bad parameters', async () => {
    const base = Date.parse('2026-05-01T00:00:00.000Z');
    const order = [3, 0, 7, 1, 9, 4, 2, 8, 6, 5]; // arrival order ≠ time order
    const r = await post(sim, '/ws/DataPoint', pointsXml(order.map((k) => ({ streamId: 'hist/a', data: k, streamType: 'INTEGER', timestamp: base + k * 1000 }))));
    assert.equal(r.status, 201);
    const path = '/ws/DataPoint/hist/a';

    const asc = await allPages<Point>(sim, path, 3);
    assert.deepEqual(asc.items.map((p) => p.data), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.equal(asc.pages, 4);
    const desc = await allPages<Point>(sim, `${path}?order=descending`, 3);
    assert.deepEqual(desc.items.map((p) => p.data), ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const exact = await allPages<Point>(sim, path, 5);
    assert.deepEqual([exact.pages, exact.items.length], [2, 10], 'an exact multiple ends without an empty page');
    const server = await json<Point>(sim, `${path}?timeline=server`);
    assert.deepEqual(server.items.map((p) => p.data), order.map(String), 'server time = arrival order');

    const start = new Date(base + 2000).toISOString();
    const range = await json<Point>(sim, `${path}?startTime=${start}&endTime=${base + 5000}`);
    assert.deepEqual(range.items.map((p) => p.data), ['2', '3', '4']);
    assert.deepEqual([range.requestedStartTime, range.requestedEndTime], [String(base + 2000), String(base + 5000)]);
    const open = await json<Point>(sim, path);
    assert.deepEqual([open.requestedStartTime, open.requestedEndTime, open.requestedSize], ['-1', '-1', '1000']);
    const rangeDesc = await allPages<Point>(sim, `${path}?startTime=${base + 1000}&endTime=${base + 8000}&order=descending`, 2);
    assert.deepEqual(rangeDesc.items.map((p) => p.data), ['7', '6', '5', '4', '3', '2', '1']);

    const capped = await json<Point>(sim, `${path}?size=100000`);
    assert.equal(capped.requestedSize, '1000');
    const xml = await rest(sim, 'GET', `${path}?size=2`);
    const parsed = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'DataPoint' }).parse(xml.text) as { result: CursorEnvelope<Point> & { DataPoint: Point[] } };
    assert.deepEqual([parsed.result.resultSize, parsed.result.requestedSize, parsed.result.requestedStartTime], ['2', '2', '-1']);
    assert.ok(parsed.result.pageCursor);
    assert.deepEqual(parsed.result.DataPoint.map((p) => p.data), ['0', '1']);
    for (const k of ['id', 'cstId', 'streamId', 'timestamp', 'timestampISO', 'serverTimestamp', 'serverTimestampISO', 'data', 'description', 'quality']) {
      assert.ok(k in parsed.result.DataPoint[0], k);
    }

    for (const q of ['size=0', 'order=sideways', 'timeline=wall', 'startTime=soon', 'pageCursor=zz', 'rollupInterval=hour']) {
      const bad = await rest(sim, 'GET', `${path}?${q}`);
      assert.equal(bad.status, 400, q);
      assert.match(parseServerError(bad.text) ?? '', /^GET DataPoint error\. Invalid request\. /);
    }
    assert.equal((await rest(sim, 'GET', '/ws/DataPoint/hist/none')).status, 404);
    assert.equal((await rest(sim, 'GET', '/ws/DataPoint')).status, 400);
  });

  test('DELETE one point by id and a time range; unknown point or stream → 404', async () => {
    const base = Date.parse('2026-06-01T00:00:00.000Z');
    const r = await post(sim, '/ws/DataPoint', pointsXml([0, 1, 2, 3, 4].map((k) => ({ streamId: 'del/a', data: k, streamType: 'INTEGER', timestamp: base + k }))));
    const ids = [...r.text.matchAll(/<location>DataPoint\/del\/a\/([^<]+)<\/location>/g)].map((m) => m[1]);
    assert.equal(ids.length, 5);
    const one = await rest(sim, 'DELETE', `/ws/DataPoint/del/a/${ids[1]}`);
    assert.equal(one.status, 200);
    assert.match(one.text, /<message>1 items deleted<\/message>/);
    assert.deepEqual((await json<Point>(sim, '/ws/DataPoint/del/a')).items.map((p) => p.data), ['0', '2', '3', '4']);
    assert.equal((await rest(sim, 'DELETE', `/ws/DataPoint/del/a/${ids[1]}`)).status, 404, 'already gone');
    const range = await rest(sim, 'DELETE', `/ws/DataPoint/del/a?startTime=${new Date(base + 2).toISOString()}&endTime=${base + 4}`);
    assert.match(range.text, /<message>2 items deleted<\/message>/);
    const left = (await json<Stream>(sim, '/ws/DataStream/del/a')).items[0];
    assert.deepEqual((await json<Point>(sim, '/ws/DataPoint/del/a')).items.map((p) => p.data), ['0', '4']);
    assert.equal(left.currentValue?.id, ids[4]);
    assert.equal((await rest(sim, 'DELETE', '/ws/DataPoint/del/nothing')).status, 404);
  });

  test("another account's streams and points do not exist for you; 401 without credentials", async () => {
    const stream = (await json<Stream>(sim, '/ws/DataStream')).items[0].streamId;
    assert.equal((await rest(sim, 'GET', `/ws/DataStream/${enc(stream)}`, { auth: otherAuth })).status, 404);
    assert.equal((await rest(sim, 'GET', `/ws/DataPoint/${enc(stream)}`, { auth: otherAuth })).status, 404);
    assert.equal((await rest(sim, 'DELETE', `/ws/DataStream/${enc(stream)}`, { auth: otherAuth })).status, 404);
    for (const path of ['/ws/DataStream', '/ws/DataPoint/x.json']) {
      const anon = await rest(sim, 'GET', path, { auth: null });
      assert.equal(anon.status, 401);
      assert.equal(parseServerError(anon.text), 'Invalid user name or password');
    }
  });
});

function assertStrings(v: unknown, path = '$'): void {
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) assertStrings(x, `${path}.${k}`);
  else assert.equal(typeof v, 'string', `${path} is a string`);
}

describe('simulator stream history bounds and clock', { timeout: 30_000 }, () => {
  test('per-stream and total bounds drop the oldest points and count them', async () => {
    const sim = await startSimulator({ seed: 2, tls: false, maxPointsPerStream: 5, maxStoredPoints: 12 });
    try {
      const write = (stream: string, values: number[]) => post(sim, '/ws/DataPoint', pointsXml(values.map((v) => ({ streamId: stream, data: v, streamType: 'INTEGER' }))));
      assert.equal((await write('b/a', [1, 2, 3, 4, 5, 6, 7, 8])).status, 201);
      const data = async (stream: string) => (await json<Point>(sim, `/ws/DataPoint/${stream}`)).items.map((p) => p.data);
      assert.deepEqual(await data('b/a'), ['4', '5', '6', '7', '8']);
      assert.deepEqual(sim.stats().dataPoints, { streams: 1, points: 5, dropped: 3 });
      await write('b/b', [1, 2, 3, 4, 5]);
      await write('b/c', [1, 2, 3]);
      assert.deepEqual(sim.stats().dataPoints, { streams: 3, points: 12, dropped: 4 }, 'the 13th point pushed the oldest arrival out');
      assert.deepEqual(await data('b/a'), ['5', '6', '7', '8']);
      assert.equal((await json<Stream>(sim, '/ws/DataStream/b/a')).items[0].currentValue?.data, '8');
    } finally {
      await sim.close();
    }
  });

  test('generated and written points take their times from the simulator clock', async () => {
    const at = Date.parse('2026-02-03T04:05:06.007Z');
    const clock = new FakeClock(at);
    const sim = await startSimulator({ seed: 9, tls: false, clock });
    try {
      const points = sim.generate(50).filter((e) => e.type === 'DataPoint');
      assert.ok(points.length > 0);
      const streamId = (points[0].data as { streamId: string }).streamId;
      const history = (await json<Point>(sim, `/ws/DataPoint/${enc(streamId)}`)).items;
      assert.ok(history.length > 0);
      for (const p of history) assert.deepEqual([p.timestamp, p.serverTimestampISO], [String(at), '2026-02-03T04:05:06.007Z']);
      await clock.advanceAsync(1500);
      await post(sim, '/ws/DataPoint', '<DataPoint><streamId>clock/x</streamId><data>1</data></DataPoint>');
      assert.equal((await json<Point>(sim, '/ws/DataPoint/clock/x')).items[0].serverTimestamp, String(at + 1500));
    } finally {
      await sim.close();
    }
  });
});
