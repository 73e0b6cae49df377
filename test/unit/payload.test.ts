import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { decodePublishMessage } from '../../src/core/protocol/frames';
import { PayloadError } from '../../src/core/errors';
import { eventDeviceId } from '../../src/shared/eventText';
import { hex, JSON_PAYLOAD, VECTORS, XML_BATCH } from '../helpers/vectors';

const msg = (payload: string | Buffer, format: number, compression = 0, count = 1) => ({
  blockId: 5,
  count,
  compression,
  format,
  payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
});

test('single-Msg JSON document becomes one normalised event', () => {
  const { events, countMismatch } = decodePublishPayload(msg(JSON_PAYLOAD, 1), { monitorId: 9, receivedAt: 1000 });
  assert.equal(countMismatch, false);
  assert.equal(events.length, 1);
  const e = events[0];
  assert.equal(e.type, 'DeviceCore');
  assert.equal(e.topic, '1234/DeviceCore/5678/0');
  assert.equal(e.operation, 'UPDATE');
  assert.equal(e.timestamp, '2012-06-12T03:18:45.381Z');
  assert.equal(e.group, '*');
  assert.equal(e.replay, false);
  assert.equal(e.monitorId, 9);
  assert.equal(e.receivedAt, 1000);
  assert.deepEqual(e.data, { devConnectwareId: '00000000-00000000-00409DFF-FF000000', dpConnectionStatus: 0 });
  assert.equal(eventDeviceId(e), '00000000-00000000-00409DFF-FF000000');
  assert.equal(e.raw, undefined);
});

test('the zlib vector decodes to the same event', () => {
  const m = decodePublishMessage(hex(VECTORS.publishZlibBlock2).subarray(6));
  const { events } = decodePublishPayload(m, { includeRaw: true });
  assert.equal(events[0].type, 'DeviceCore');
  assert.deepEqual(JSON.parse(events[0].raw ?? ''), JSON.parse(JSON_PAYLOAD).Document.Msg);
});

test('Msg array JSON keeps order, types and replay flags', () => {
  const doc = {
    Document: {
      Msg: [
        { timestamp: 't1', topic: '7603/DataPoint/test', operation: 'INSERTION', group: '*', replay: true, DataPoint: { streamId: 'test', data: 0.41 } },
        { timestamp: 't2', topic: '7603/FileData/db/x/a.json', operation: 'INSERTION', FileData: { id: { fdName: 'a.json' } } },
      ],
    },
  };
  const { events, countMismatch } = decodePublishPayload(msg(deflateSync(JSON.stringify(doc)), 1, 1, 2));
  assert.equal(countMismatch, false);
  assert.deepEqual(events.map((e) => [e.type, e.timestamp, e.replay]), [['DataPoint', 't1', true], ['FileData', 't2', false]]);
  assert.equal((events[0].data as { data: number }).data, 0.41);
});

test('XML batch: attributes become envelope, lower-case operations are upper-cased', () => {
  const xml = XML_BATCH.replace('operation="UPDATE"', 'operation="update" replay="true"');
  const { events } = decodePublishPayload(msg(xml, 0, 0, 2), { includeRaw: true });
  assert.equal(events.length, 2);
  assert.deepEqual(events.map((e) => [e.type, e.operation, e.replay, e.format]), [
    ['DeviceCore', 'UPDATE', true, 'xml'],
    ['DataPoint', 'INSERTION', false, 'xml'],
  ]);
  assert.deepEqual(events[1].data, { streamId: '00000000-00000000-00409DFF-FF000000/temp', data: 21.5 });
  assert.equal((events[0].data as Record<string, unknown>).devConnectwareId, '00000000-00000000-00409DFF-FF000000');
  assert.match(events[0].raw ?? '', /^<Msg topic="1234\/DeviceCore\/5678\/0"/);
});

test('a single XML Msg still yields an array of one', () => {
  const one = '<?xml version="1.0" encoding="UTF-8"?><Document><Msg topic="3/DeviceCore/882/7" operation="update" timestamp="x"><DeviceCore><devId>0013</devId></DeviceCore></Msg></Document>';
  const { events } = decodePublishPayload(msg(one, 0));
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].data, { devId: '0013' });
});

test('count mismatch is reported, not fatal', () => {
  assert.equal(decodePublishPayload(msg(JSON_PAYLOAD, 1, 0, 3)).countMismatch, true);
});

test('an empty Document is a keep-alive with no events', () => {
  assert.deepEqual(decodePublishPayload(msg('{"Document":{}}', 1, 0, 0)).events, []);
  assert.deepEqual(decodePublishPayload(msg('<Document/>', 0, 0, 0)).events, []);
});

test('bad payloads give PayloadError naming the block and the cause', () => {
  const cases: [ReturnType<typeof msg>, RegExp][] = [
    [msg('{"Document":', 1), /block 5: JSON payload does not parse/],
    [msg('{"Doc":{}}', 1), /no "Document" member/],
    [msg('<Nope/>', 0), /no <Document> element/],
    [msg('<Document><Msg', 0), /XML payload does not parse/],
    [msg(Buffer.from('not zlib'), 1, 1), /could not be inflated/],
    [msg(gzipSync(JSON_PAYLOAD), 1, 1), /could not be inflated/],
    [msg(JSON_PAYLOAD, 1, 7), /unknown compression code 7/],
    [msg(JSON_PAYLOAD, 4), /unknown format code 4/],
    [msg('{"Document":{"Msg":[1]}}', 1), /Msg 0 is not an object/],
  ];
  for (const [m, re] of cases) {
    assert.throws(() => decodePublishPayload(m), (e: unknown) => e instanceof PayloadError && re.test(e.message), String(re));
  }
});

test('a zip bomb is stopped at maxInflatedLength', () => {
  const bomb = deflateSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
  assert.ok(bomb.length < 20000);
  assert.throws(() => decodePublishPayload(msg(bomb, 1, 1), { maxInflatedLength: 1024 * 1024 }), /exceeds 1048576 bytes/);
});

test('hostile text stays data: __proto__ keys do not pollute prototypes', () => {
  const evil = '{"Document":{"Msg":{"topic":"1/DataPoint/x","operation":"INSERTION","__proto__":{"polluted":1},"DataPoint":{"data":"<script>alert(1)</script>"}}}}';
  const { events } = decodePublishPayload(msg(evil, 1));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((events[0].data as { data: string }).data, '<script>alert(1)</script>');
});
