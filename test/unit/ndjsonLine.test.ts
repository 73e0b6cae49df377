// push-client's ndjson writer (src/cli/pushClient/ndjsonLine.ts) against its definition,
// JSON.stringify(eventRecord(e)) + newline: for events that differ from the one before in one
// field at a time (the remembered prefix must follow), odd field values, the hostile corpus,
// and resources handed over as text (PushEvent.dataJson).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastNdjsonLine, writeNdjsonLines } from '../../src/cli/pushClient/ndjsonLine';
import { OutputBuffer } from '../../src/cli/pushClient/utf8Bytes';
import { formatEvent } from '../../src/cli/pushClient/formatEvents';
import { eventRecord } from '../../src/core/eventRecord';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import type { PushEvent } from '../../src/core/events';
import { hostileEvents } from '../fixtures/hostile-payloads';

const expected = (e: PushEvent) => JSON.stringify(eventRecord(e)) + '\n';

const base: PushEvent = {
  kind: 'event', topic: '57639/DataPoint/dev/temp', type: 'DataPoint', operation: 'INSERTION', timestamp: '2026-01-01T00:00:00.000Z', replay: false,
  data: { streamId: 'dev/temp', data: '21.5' }, format: 'json', blockId: 3, monitorId: 9, receivedAt: Date.UTC(2026, 0, 1, 12),
};

test('each envelope field changed on its own, back and forth: the line follows every change', () => {
  const changes: Partial<PushEvent>[] = [
    {}, { receivedAt: base.receivedAt + 1 }, { receivedAt: Number.NaN }, { receivedAt: Number.NaN }, { receivedAt: Infinity }, {},
    { monitorId: 10 }, { monitorId: Number.NaN }, { blockId: 4 }, { blockId: 0 }, { type: 'DeviceCore' }, { type: 'Device"Core\u001b' },
    { operation: 'UPDATE' }, { timestamp: '' }, { timestamp: 't\u2028' }, { topic: '1/DataPoint/é/😀' }, { group: '*' }, { group: '' },
    { group: '*' }, { replay: true }, { replay: true, group: '*' }, { format: 'xml' }, { data: undefined }, { data: null }, { data: [1, 'two', { three: 3 }] },
    { data: 'text' }, { data: new Date(0) }, { data: { toJSON: () => 'custom' } }, {},
  ];
  const lines = changes.map((c) => {
    const e = { ...base, ...c };
    const line = fastNdjsonLine(e);
    assert.equal(line, expected(e), JSON.stringify(c));
    return line;
  });
  assert.equal(lines.length, changes.length);
  assert.equal(lines[0], lines[lines.length - 1], 'the first event again gives the first line again');
});

test('fields of a type the decoder never gives are left to the general path, which gives the same line', () => {
  const odd: Partial<PushEvent>[] = [
    { type: 5 as unknown as string }, { operation: undefined as unknown as string }, { timestamp: { t: 1 } as unknown as string },
    { topic: null as unknown as string }, { group: 7 as unknown as string }, { monitorId: '9' as unknown as number }, { receivedAt: '1' as unknown as number },
  ];
  for (const c of odd) {
    const e = { ...base, ...c };
    assert.equal(fastNdjsonLine(e), undefined, JSON.stringify(c));
    assert.equal(formatEvent(e, 'ndjson'), expected(e));
  }
  // Too deep for JSON.stringify: the general path's writer.
  let deep: unknown = 'bottom';
  for (let i = 0; i < 20_000; i++) deep = { d: deep };
  assert.equal(fastNdjsonLine({ ...base, data: deep }), undefined);
  assert.ok(formatEvent({ ...base, data: deep }, 'ndjson').endsWith('"bottom"' + '}'.repeat(20_001) + '\n'));
  assert.throws(() => fastNdjsonLine({ ...base, data: { n: 1n } }), TypeError, 'what JSON.stringify throws, as before');
});

test('the hostile corpus: the same line as the record through JSON.stringify', () => {
  const events = hostileEvents();
  assert.ok(events.length > 20);
  for (const e of events) {
    let want: string;
    try {
      want = expected(e);
    } catch {
      continue; // the 10,000-deep one: the general path, checked above
    }
    assert.equal(formatEvent(e, 'ndjson'), want, e.topic);
  }
});

test('a resource handed over as its source text gives the same line as one serialised', () => {
  const text = JSON.stringify({ Document: { Msg: [0, 1, 2].map((i) => ({ timestamp: `2026-01-01T00:00:0${i}.000Z`, topic: '1/DataPoint/d/s', operation: 'INSERTION', group: '*', DataPoint: { data: i, units: '°C', note: 'é😀' } })) } });
  const payload = { blockId: 1, count: 3, compression: 0, format: 1, payload: Buffer.from(text) };
  const withText = decodePublishPayload(payload, { includeDataJson: true, receivedAt: 5, monitorId: 2 }).events;
  const without = decodePublishPayload(payload, { receivedAt: 5, monitorId: 2 }).events;
  assert.equal(withText.filter((e) => e.dataJson !== undefined).length, 3);
  assert.deepEqual(withText.map((e) => fastNdjsonLine(e)), without.map((e) => fastNdjsonLine(e)));
  assert.deepEqual(withText.map((e) => fastNdjsonLine(e)), without.map(expected));
});

test('writeNdjsonLines writes the UTF-8 of the same lines, through every path, for the count asked', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 20_000; i++) deep = { d: deep };
  const text = JSON.stringify({ Document: { Msg: [0, 1].map((i) => ({ topic: '1/DataPoint/é', operation: 'INSERTION', DataPoint: { data: i, units: '°C' } })) } });
  const decoded = decodePublishPayload({ blockId: 1, count: 2, compression: 0, format: 1, payload: Buffer.from(text) }, { includeDataJson: true, receivedAt: 5 }).events;
  assert.equal(decoded.length, 2);
  assert.ok(decoded.every((e) => e.dataJson !== undefined));
  const events: PushEvent[] = [
    ...decoded, base, { ...base, data: undefined }, { ...base, group: '*', replay: true }, { ...base, type: 5 as unknown as string }, { ...base, data: deep },
    { ...base, receivedAt: Number.NaN }, ...hostileEvents(), ...decoded,
  ];
  const out = new OutputBuffer();
  for (const count of [events.length, 3, 0]) {
    out.begin();
    writeNdjsonLines(events, count, out, (e) => formatEvent(e, 'ndjson'));
    const want = events.slice(0, count).map((e) => formatEvent(e, 'ndjson')).join('');
    assert.ok(out.end().equals(Buffer.from(want)), `count ${count}`);
    out.release();
  }
});
