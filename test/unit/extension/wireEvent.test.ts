// The session worker's batch format (issue 14 §4): columns out of the worker, WireEvents in
// the host whose payload is parsed from its text only when read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../../src/core/events';
import { fromWireBatch, isWireEvent, toWireBatch, WireBatchBuilder, WireEvent } from '../../../src/extension/sessions/worker/wireEvent';
import { entryBytes } from '../../../src/extension/viewer/entrySize';
import { entryDevice, entrySearchText, makeEntry } from '../../../src/extension/viewer/entry';
import { releasePayload } from '../../../src/extension/viewer/payloadPreview';

const ev = (i: number, over: Partial<PushEvent> = {}): PushEvent => ({
  kind: 'event', topic: `57639/DataPoint/00000000-00000000-00409DFF-FF00000${i}/temp`, type: 'DataPoint', operation: 'INSERTION',
  timestamp: '2026-12-02T15:00:00.000Z', replay: i % 2 === 1, data: { streamId: `00000000-00000000-00409DFF-FF00000${i}/temp`, data: String(20 + i), nested: [1, { a: 'ü\u202e' }] },
  format: 'json', blockId: 7, monitorId: 3, receivedAt: 1234, ...over,
});

test('a batch survives the columns: every field, the payload parsed from its text, the device found in the worker', () => {
  const events = [ev(1), ev(2, { group: 'g1', dataJson: '{"x":1}', data: { x: 1 } }), ev(3, { data: undefined, format: 'xml' })];
  const wire = toWireBatch(events, 3, 7, 1234);
  const back = fromWireBatch(structuredClone(wire));
  assert.equal(back.length, 3);
  for (let i = 0; i < back.length; i++) {
    const b = back[i];
    const e = events[i];
    assert.ok(isWireEvent(b));
    for (const k of ['kind', 'topic', 'type', 'operation', 'timestamp', 'group', 'replay', 'format', 'blockId', 'monitorId', 'receivedAt'] as const) assert.equal(b[k], e[k], `${k} of event ${i}`);
    assert.deepEqual(b.data, e.data === undefined ? null : e.data);
  }
  assert.equal(back[0].device, '00000000-00000000-00409DFF-FF000001');
  assert.equal(back[1].dataJson, '{"x":1}', 'the decoder\'s own text is passed, not re-serialised');
  // Each read is a fresh parse: the host does not keep a parsed tree per event.
  assert.notEqual(back[0].data, back[0].data);
  // JSON.stringify (exports, captures) writes the payload as for a plain event.
  assert.deepEqual(JSON.parse(JSON.stringify(back[0])).data, events[0].data);
});

test('blocks gathered into one message keep their own block ids and receive times, in order', () => {
  const b = new WireBatchBuilder(3);
  b.add([ev(1), ev(2)], 10, 1000);
  b.add([ev(3)], 11, 2000);
  const back = fromWireBatch(structuredClone(b.take()));
  assert.deepEqual(back.map((e) => [e.blockId, e.receivedAt, e.device.slice(-1)]), [[10, 1000, '1'], [10, 1000, '2'], [11, 2000, '3']]);
  assert.equal(b.length, 0, 'taken: the builder starts again empty');
  const wrong = toWireBatch([ev(1), ev(2)], 3, 7, 1);
  wrong.blocks[0].count = 1;
  assert.throws(() => fromWireBatch(wrong), /blocks do not count 2 events/);
});

test('short repeated strings are shared, not copied per event', () => {
  const back = fromWireBatch(structuredClone(toWireBatch([ev(1), ev(2)], 3, 7, 1)));
  assert.equal(back[0].type, 'DataPoint');
  assert.equal(back[0].operation, back[1].operation);
});

test('a malformed batch (columns of unequal length) is refused with a clear error', () => {
  const wire = toWireBatch([ev(1), ev(2)], 3, 7, 1);
  wire.json.pop();
  assert.throws(() => fromWireBatch(wire), /malformed batch from the session worker/);
});

test('the viewer charges the text, uses the worker\'s device, searches the text, and releases a WireEvent like any event', () => {
  const big = ev(1, { data: { fileData: 'x'.repeat(50_000) } });
  const [w] = fromWireBatch(toWireBatch([big], 3, 7, 1));
  const e = makeEntry(1, w, 'src');
  const bytes = entryBytes(e);
  assert.ok(bytes > 50_000 && bytes < 52_000, `charged ${bytes}`);
  assert.equal(entryDevice(makeEntry(2, fromWireBatch(toWireBatch([ev(4)], 3, 7, 1))[0], 'src')), '00000000-00000000-00409DFF-FF000004');
  assert.match(entrySearchText(e), /"filedata":"xxxx/);
  assert.equal(releasePayload(e, bytes), true);
  assert.equal(e.item.kind === 'event' && e.item.data, null);
  assert.ok(!(e.item instanceof WireEvent));
  assert.ok(e.released && e.released.preview.length > 1000 && e.released.preview.length <= 16_384);
});
