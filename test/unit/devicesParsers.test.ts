// Parsers of the device-data resources (rest-devices-streams §1–§4): DeviceCore, DataStream
// and DataPoint answers in JSON (every scalar a string) and XML, absent and empty fields,
// currentValue present or not, malformed answers naming the field, and hostile sizes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PushMonitorError } from '../../src/core/errors';
import { parseXml } from '../../src/core/monitor';
import { parseDevicePage } from '../../src/core/devices/deviceCore';
import { parseDataStreamPage, dataStreamCreateXml } from '../../src/core/devices/dataStream';
import { dataPointsXml, parseDataPointPage, parseWriteLocations } from '../../src/core/devices/dataPoint';
import { checkStreamId } from '../../src/core/devices/ids';
import { parseTime } from '../../src/core/devices/fields';
import type { NewDataPoint } from '../../src/core/devices/types';

const DEVICE_ID = '00000000-00000000-00409DFF-FF58175B';

/** A DeviceCore item as the real service writes it in JSON: every scalar a string. */
const deviceJson = {
  id: { devId: '1205', devVersion: '3' },
  devRecordStartDate: '2014-07-01T17:22:00.000Z',
  devMac: '00:40:9D:58:17:5B',
  devConnectwareId: DEVICE_ID,
  cstId: '7603',
  grpId: '7603',
  grpPath: '',
  devEffectiveStartDate: '2014-07-01T17:21:00.000Z',
  devTerminated: 'false',
  dvVendorId: '4261412864',
  dpDeviceType: 'ConnectPort X5 R',
  dpFirmwareLevel: '34537482',
  dpFirmwareLevelDesc: '2.15.0.10',
  dpRestrictedStatus: '0',
  dpLastKnownIp: '10.8.16.16',
  dpGlobalIp: '204.182.3.237',
  dpConnectionStatus: '1',
  dpLastConnectTime: '2014-07-09T22:44:45.573Z',
  dpContact: '',
  dpDescription: '',
  dpLocation: '',
  dpMapLat: '44.9',
  dpMapLong: '-93.4',
  dpServerId: '',
  dpZigbeeCapabilities: '0',
  dpCapabilities: '68178',
};

const rowEnvelope = (items: unknown[], counters: Record<string, string> = {}) =>
  JSON.stringify({ resultTotalRows: String(items.length), requestedStartRow: '0', resultSize: String(items.length), requestedSize: '1000', remainingSize: '0', ...counters, items });

/** Asserts `fn` throws a PushMonitorError of `code` whose message matches `pattern`. */
function assertThrowsCode(code: string, fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PushMonitorError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

const assertMalformed = (fn: () => unknown, pattern: RegExp) => assertThrowsCode('MALFORMED_RESPONSE', fn, pattern);
const assertInvalid = (fn: () => unknown, pattern: RegExp) => assertThrowsCode('INVALID_ARGUMENT', fn, pattern);

describe('DeviceCore', () => {
  test('a JSON item with every scalar a string comes out typed; "" optional text is absent, "" groupPath is the root', () => {
    const page = parseDevicePage(rowEnvelope([deviceJson], { resultTotalRows: '7', requestedStartRow: '5', remainingSize: '1' }));
    assert.deepEqual([page.total, page.start, page.remaining, page.items.length], [7, 5, 1, 1]);
    const d = page.items[0];
    assert.equal(d.devId, 1205);
    assert.equal(d.devVersion, 3);
    assert.equal(d.deviceId, DEVICE_ID);
    assert.equal(d.customerId, 7603);
    assert.equal(d.groupId, 7603);
    assert.equal(d.groupPath, '', 'root group');
    assert.equal(d.mac, '00:40:9D:58:17:5B');
    assert.equal(d.type, 'ConnectPort X5 R');
    assert.equal(d.firmwareLevel, 34537482);
    assert.equal(d.firmwareLevelDesc, '2.15.0.10');
    assert.equal(d.connected, true);
    assert.equal(d.terminated, false);
    assert.equal(d.lastConnectTime, Date.parse('2014-07-09T22:44:45.573Z'));
    assert.equal(d.lastKnownIp, '10.8.16.16');
    assert.equal(d.globalIp, '204.182.3.237');
    for (const k of ['description', 'contact', 'location', 'cellularModemId', 'lastDisconnectTime'] as const) {
      assert.ok(!(k in d), `${k} is absent, not ${String(d[k])}`);
    }
    assert.equal(d.raw['id.devId'], '1205', 'raw is flattened');
    assert.equal(d.raw.dpMapLat, '44.9');
    assert.equal(d.raw.dpContact, '');
  });

  test('the same record in XML parses to the same device', () => {
    const xmlFields = Object.entries(deviceJson)
      .filter(([k]) => k !== 'id')
      .map(([k, v]) => `<${k}>${v as string}</${k}>`)
      .join('');
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><result><resultTotalRows>1</resultTotalRows><requestedStartRow>0</requestedStartRow><resultSize>1</resultSize><requestedSize>1000</requestedSize><remainingSize>0</remainingSize><DeviceCore><id><devId>1205</devId><devVersion>3</devVersion></id>${xmlFields}</DeviceCore></result>`;
    const fromXml = parseDevicePage(xml);
    const fromJson = parseDevicePage(rowEnvelope([deviceJson]));
    assert.equal(fromXml.items.length, 1);
    assert.deepEqual(fromXml, fromJson);
  });

  test('several XML items, an empty <result/>, and an epoch-ms time', () => {
    const item = (id: number, status: string) =>
      `<DeviceCore><id><devId>${id}</devId></id><devConnectwareId>dev-${id}</devConnectwareId><dpConnectionStatus>${status}</dpConnectionStatus><dpLastDisconnectTime>1404945885573</dpLastDisconnectTime></DeviceCore>`;
    const page = parseDevicePage(`<result><remainingSize>3</remainingSize>${item(1, '0')}${item(2, '1')}</result>`);
    assert.deepEqual(page.items.map((d) => [d.devId, d.deviceId, d.connected]), [[1, 'dev-1', false], [2, 'dev-2', true]]);
    assert.equal(page.items[0].lastDisconnectTime, 1404945885573);
    assert.equal(page.remaining, 3);
    assert.ok(!('total' in page), 'no resultTotalRows: total absent');
    assert.deepEqual(parseDevicePage('<result/>').items, []);
    assert.deepEqual(parseDevicePage('{"resultSize":"0"}').items, [], 'JSON without items is an empty page');
  });

  test('malformed answers and fields are MALFORMED_RESPONSE naming the field', () => {
    const { id: _id, ...noId } = deviceJson;
    assertMalformed(() => parseDevicePage(rowEnvelope([noId])), /items\[0\]: field "id\.devId" is missing/);
    assertMalformed(() => parseDevicePage(rowEnvelope([{ ...deviceJson, devConnectwareId: '' }])), /"devConnectwareId" is empty/);
    assertMalformed(() => parseDevicePage(rowEnvelope([{ ...deviceJson, cstId: 'seven' }])), /"cstId" is "seven", not an integer/);
    assertMalformed(() => parseDevicePage(rowEnvelope([{ ...deviceJson, devTerminated: 'maybe' }])), /"devTerminated" is "maybe", not "true" or "false"/);
    assertMalformed(() => parseDevicePage(rowEnvelope([{ ...deviceJson, dpLastConnectTime: 'yesterday' }])), /"dpLastConnectTime" is "yesterday", not an ISO-8601 time/);
    assertMalformed(() => parseDevicePage(rowEnvelope([deviceJson, { ...deviceJson, id: '5' }])), /items\[1\]: field "id" is "5", not an object/);
    assertMalformed(() => parseDevicePage(rowEnvelope([{ ...deviceJson, dpDeviceType: { a: 1 } }])), /"dpDeviceType" is an object, not text/);
    assertMalformed(() => parseDevicePage(rowEnvelope(['x'])), /items\[0\] is not an object/);
    assertMalformed(() => parseDevicePage(rowEnvelope([], { remainingSize: 'lots' })), /DeviceCore list: field "remainingSize"/);
    assertMalformed(() => parseDevicePage('{"items": {}}'), /"items" is not a list/);
    assertMalformed(() => parseDevicePage('{"items": ['), /not valid JSON/);
    assertMalformed(() => parseDevicePage('<html><body>Sign in</body></html>'), /<result>/);
    assertMalformed(() => parseDevicePage(''), /empty/);
    assertMalformed(() => parseDevicePage('[]'), /not a JSON object/);
  });

  test('a long hostile value is quoted short in the error', () => {
    const long = 'x'.repeat(100_000);
    try {
      parseDevicePage(rowEnvelope([{ ...deviceJson, cstId: long }]));
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof PushMonitorError);
      assert.ok(e.message.length < 300, `message of ${e.message.length} characters`);
    }
  });

  test('a key named __proto__ is an ordinary raw field', () => {
    const d = parseDevicePage(`{"items":[{"id":{"devId":"1"},"devConnectwareId":"d","__proto__":{"polluted":"yes"}}]}`).items[0];
    assert.equal((d.raw as Record<string, string>)['__proto__.polluted'], 'yes');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(d.raw), Object.prototype);
  });

  test('50 000 devices parse in linear time', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ ...deviceJson, id: { devId: String(i + 1) } }));
    const t0 = performance.now();
    const page = parseDevicePage(rowEnvelope(items));
    const ms = performance.now() - t0;
    assert.equal(page.items.length, 50_000);
    assert.equal(page.items[49_999].devId, 50_000);
    assert.ok(ms < 10_000, `${ms} ms`);
  });
});

const currentValueJson = {
  id: '07d77854-0557-11e4-ab44-fa163e7ebc6b',
  timestamp: '1404683207981',
  timestampISO: '2014-07-06T21:46:47.981Z',
  serverTimestamp: '1404683207981',
  serverTimestampISO: '2014-07-06T21:46:47.981Z',
  data: '123.1',
  description: '',
  quality: '20',
  location: '1.0,2.0,3.0',
};

const streamJson = {
  cstId: '7603',
  streamId: `${DEVICE_ID}/metrics/temperature`,
  dataType: 'FLOAT',
  forwardTo: 'a/b, c/d',
  currentValue: currentValueJson,
  description: '',
  units: 'C',
  dataTtl: '172800',
  rollupTtl: '432000',
};

const cursorEnvelope = (items: unknown[], cursor?: string) =>
  JSON.stringify({ resultSize: String(items.length), requestedSize: '1000', ...(cursor === undefined ? {} : { pageCursor: cursor }), items });

describe('DataStream', () => {
  test('a JSON stream with currentValue, string-typed numbers and a forwardTo list', () => {
    const page = parseDataStreamPage(cursorEnvelope([streamJson], 'c-1'));
    assert.equal(page.pageCursor, 'c-1');
    assert.equal(page.items.length, 1);
    const s = page.items[0];
    assert.equal(s.streamId, `${DEVICE_ID}/metrics/temperature`);
    assert.equal(s.customerId, 7603);
    assert.equal(s.dataType, 'FLOAT');
    assert.equal(s.units, 'C');
    assert.ok(!('description' in s), '"" description is absent');
    assert.deepEqual(s.forwardTo, ['a/b', 'c/d']);
    assert.equal(s.dataTtl, 172800);
    assert.equal(s.rollupTtl, 432000);
    assert.deepEqual(s.currentValue, {
      id: '07d77854-0557-11e4-ab44-fa163e7ebc6b',
      timestamp: 1404683207981,
      serverTimestamp: 1404683207981,
      data: '123.1',
      quality: 20,
      location: '1.0,2.0,3.0',
    });
  });

  test('a stream with no data has no currentValue (absent, or an empty XML element); no cursor = last page', () => {
    const { currentValue: _cv, ...noData } = streamJson;
    const page = parseDataStreamPage(cursorEnvelope([noData]));
    assert.equal(page.items.length, 1);
    assert.ok(!('currentValue' in page.items[0]));
    assert.ok(!('pageCursor' in page));
    const xml = parseDataStreamPage(
      `<result><resultSize>2</resultSize><pageCursor></pageCursor><DataStream><streamId>a/b</streamId><dataType>INTEGER</dataType><currentValue/></DataStream><DataStream><streamId>a/c</streamId></DataStream></result>`,
    );
    assert.deepEqual(xml, { items: [{ streamId: 'a/b', dataType: 'INTEGER' }, { streamId: 'a/c', dataType: 'UNKNOWN' }] });
  });

  test('the same stream in XML, with a nested currentValue, parses as in JSON', () => {
    const el = (o: Record<string, unknown>): string =>
      Object.entries(o)
        .map(([k, v]) => `<${k}>${typeof v === 'object' ? el(v as Record<string, unknown>) : String(v)}</${k}>`)
        .join('');
    const xml = `<result><resultSize>1</resultSize><requestedSize>1000</requestedSize><pageCursor>c-1</pageCursor><DataStream>${el(streamJson)}</DataStream></result>`;
    const fromXml = parseDataStreamPage(xml);
    assert.equal(fromXml.items.length, 1);
    assert.deepEqual(fromXml, parseDataStreamPage(cursorEnvelope([streamJson], 'c-1')));
  });

  test('malformed streams name the field', () => {
    assertMalformed(() => parseDataStreamPage(cursorEnvelope([{ ...streamJson, streamId: undefined }])), /DataStream items\[0\]: field "streamId" is missing/);
    assertMalformed(() => parseDataStreamPage(cursorEnvelope([{ ...streamJson, dataTtl: '1.5' }])), /"dataTtl" is "1\.5", not an integer/);
    assertMalformed(() => parseDataStreamPage(cursorEnvelope([{ ...streamJson, currentValue: 'none' }])), /"currentValue" is "none", not an object/);
    assertMalformed(
      () => parseDataStreamPage(cursorEnvelope([{ ...streamJson, currentValue: { ...currentValueJson, timestamp: 'soon' } }])),
      /items\[0\]\.currentValue: field "timestamp" is "soon"/,
    );
    assertMalformed(() => parseDataStreamPage(cursorEnvelope([{ ...streamJson, currentValue: { timestamp: '1' } }])), /currentValue: field "data" is missing/);
  });

  test('the create document carries the fields, escaped; an unknown dataType is refused before any request', () => {
    const xml = dataStreamCreateXml({ streamId: 'dev/metrics/t', dataType: 'DOUBLE', units: '°C <&>', description: 'x' });
    assert.deepEqual(parseXml(xml)?.DataStream, { streamId: 'dev/metrics/t', dataType: 'DOUBLE', units: '°C <&>', description: 'x' });
    assertInvalid(() => dataStreamCreateXml({ streamId: 'a/b', dataType: 'foobar' as never }), /dataType "foobar" is not one of INTEGER, LONG, FLOAT/);
    assertInvalid(() => dataStreamCreateXml({ streamId: 'a//b', dataType: 'LONG' }), /empty path segment/);
  });
});

describe('DataPoint', () => {
  test('a JSON history page: times from epoch-ms strings, ISO when that is all there is', () => {
    const items = [
      { ...currentValueJson, cstId: '7603', streamId: 'a/b' },
      { id: 'p2', timestampISO: '2026-12-02T10:00:00.000Z', data: '', streamId: 'a/b' },
    ];
    const page = parseDataPointPage(JSON.stringify({ resultSize: '2', requestedSize: '2', pageCursor: 'next', requestedStartTime: '-1', requestedEndTime: '-1', items }));
    assert.equal(page.pageCursor, 'next');
    assert.equal(page.items.length, 2);
    assert.equal(page.items[0].customerId, 7603);
    assert.equal(page.items[0].timestamp, 1404683207981);
    assert.equal(page.items[0].data, '123.1', 'data is the stored text');
    assert.deepEqual(page.items[1], { id: 'p2', streamId: 'a/b', timestamp: Date.parse('2026-12-02T10:00:00.000Z'), data: '' });
  });

  test('an XML history page with one point', () => {
    const page = parseDataPointPage(
      '<result><resultSize>1</resultSize><DataPoint><id>p1</id><streamId>a/b</streamId><timestamp>1404683207981</timestamp><data>{"x":1}</data><quality>0</quality></DataPoint></result>',
    );
    assert.deepEqual(page, { items: [{ id: 'p1', streamId: 'a/b', timestamp: 1404683207981, data: '{"x":1}', quality: 0 }] });
  });

  test('a point without a time or with a bad quality is malformed', () => {
    assertMalformed(() => parseDataPointPage(cursorEnvelope([{ data: '1' }])), /DataPoint items\[0\]: field "timestamp" is missing/);
    assertMalformed(() => parseDataPointPage(cursorEnvelope([{ data: '1', timestamp: '1', quality: 'good' }])), /"quality" is "good"/);
  });

  test('times: ISO-8601 or epoch ms; other dates are not times', () => {
    assert.equal(parseTime('2026-12-02T10:00:00Z'), Date.parse('2026-12-02T10:00:00Z'));
    assert.equal(parseTime('2026-12-02T10:00:00.123+01:00'), Date.parse('2026-12-02T09:00:00.123Z'));
    assert.equal(parseTime('1404683207981'), 1404683207981);
    assert.equal(parseTime(' 5 '), 5);
    for (const bad of ['March 7', '2026-12-02', '', 'NaN', '2026-13-45T99:99:99Z']) assert.equal(parseTime(bad), undefined, bad);
  });

  test('the write body is a <list> of <DataPoint>s, every value escaped, times in ISO', () => {
    const points: NewDataPoint[] = [
      { streamId: `${DEVICE_ID}/metrics/temperature`, data: 21.5, timestamp: Date.parse('2026-12-02T10:00:00Z'), quality: 0, location: '1.0, 2.0, 3.0', streamType: 'FLOAT', streamUnits: 'C' },
      { streamId: 'dev/log', data: '<script>&"\'</script>', description: 'a <b> & c', timestamp: new Date('2026-12-02T10:00:01Z') },
      { streamId: 'dev/flag', data: true },
    ];
    const xml = dataPointsXml(points);
    assert.ok(xml.startsWith('<list><DataPoint><streamId>'), xml);
    assert.doesNotMatch(xml, /<script>|<b>/);
    const list = parseXml(xml)?.list as { DataPoint: Record<string, string>[] };
    assert.deepEqual(list.DataPoint, [
      { streamId: `${DEVICE_ID}/metrics/temperature`, data: '21.5', timestamp: '2026-12-02T10:00:00.000Z', quality: '0', location: '1.0,2.0,3.0', streamType: 'FLOAT', streamUnits: 'C' },
      { streamId: 'dev/log', data: '<script>&"\'</script>', description: 'a <b> & c', timestamp: '2026-12-02T10:00:01.000Z' },
      { streamId: 'dev/flag', data: 'true' },
    ]);
  });

  test('what the service would not store as written is refused with the reason', () => {
    const ok: NewDataPoint = { streamId: 'dev/a', data: '1' };
    const cases: [Partial<NewDataPoint>, RegExp][] = [
      [{ streamId: '' }, /point\.streamId is empty/],
      [{ streamId: '/dev/a' }, /empty path segment/],
      [{ streamId: 'dev/a/' }, /empty path segment/],
      [{ streamId: 'dev/../other' }, /"\.\." path segment/],
      [{ streamId: 'dev/a\nb' }, /control character/],
      [{ data: undefined }, /point\.data is missing/],
      [{ data: '' }, /point\.data is empty/],
      [{ data: Number.NaN }, /NaN, which no stream can store/],
      [{ data: 'nul\u0000' }, /U\+0000 at 3, which XML cannot carry/],
      [{ data: { a: 1 } as never }, /must be text, a number or a boolean/],
      [{ quality: 1.5 }, /quality must be an integer, got 1\.5/],
      [{ streamType: 'FLOAT', data: 'warm' }, /point\.data "warm" is not a number, which streamType FLOAT needs/],
      [{ streamType: 'INTEGER', data: 1.5 }, /"1\.5" is not an integer, which streamType INTEGER needs/],
      [{ streamType: 'LONG', data: true }, /is not an integer/],
      [{ streamType: 'TEXT' as never }, /streamType "TEXT" is not one of/],
      [{ location: '1,2' }, /location must be "latitude,longitude,elevation"/],
      [{ timestamp: new Date('nope') }, /timestamp must be a Date or epoch milliseconds, got an invalid Date/],
      [{ description: 'bad\uFFFF' }, /description contains U\+FFFF/],
    ];
    for (const [change, pattern] of cases) assertInvalid(() => dataPointsXml([{ ...ok, ...change } as NewDataPoint]), pattern);
    assertInvalid(() => dataPointsXml([ok, { ...ok, streamId: 'a//b' }]), /points\[1\]\.streamId/);
    // Numeric text is fine for numeric streams; an emoji (a surrogate pair) is fine for XML.
    assert.match(dataPointsXml([{ streamId: 'd/x', data: '-2.5e3', streamType: 'DOUBLE' }, { streamId: 'd/y', data: '😀' }]), /😀/);
  });

  test('stream ids: segments kept, bad ones refused', () => {
    assert.equal(checkStreamId('a/b.c/d e'), 'a/b.c/d e');
    assertInvalid(() => checkStreamId(5), /streamId must be text, got 5/);
    assertInvalid(() => checkStreamId('a/./b'), /"\." or "\.\."/);
  });

  test('write locations from XML or JSON', () => {
    assert.deepEqual(parseWriteLocations('<result><location>DataPoint/a/b/1</location></result>'), ['DataPoint/a/b/1']);
    assert.deepEqual(parseWriteLocations('<result><location>DataPoint/a/1</location><location>DataPoint/a/2</location></result>'), ['DataPoint/a/1', 'DataPoint/a/2']);
    assert.deepEqual(parseWriteLocations('{"location":["DataPoint/a/1"]}'), ['DataPoint/a/1']);
    assert.deepEqual(parseWriteLocations('<result/>'), []);
    assertMalformed(() => parseWriteLocations('{"location":[{}]}'), /location\[0\] is not text/);
  });
});
