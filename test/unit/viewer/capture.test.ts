import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAPTURE_TYPE, CaptureFormatError, captureHeader, normalizeItem, parseCapture, serializeCapture } from '../../../src/extension/viewer/capture';
import type { LiveSubscription } from '../../../src/extension/liveSource';
import { dp, gap } from './helpers';
import { deepNested, hostileEvents } from '../../fixtures/hostile-payloads';

const sub: LiveSubscription = {
  accountLabel: 'Local simulator', host: '127.0.0.1', monitorId: 42, topics: ['DataPoint', 'DeviceCore'],
  format: 'json', compression: 'zlib', batchSize: 100, batchDuration: 10, ackOption: 'explicit', autoReplayOnConnect: true,
};

test('capture round trip: header + events + gaps, in order', () => {
  const items = [dp(1), gap(1000), dp(2, { replay: true }), { ...dp(3), format: 'xml' as const, raw: '<DataPoint/>' }];
  const header = captureHeader({ source: { id: 'acc/42', label: 'Monitor 42' }, subscription: sub, items: items.length, dropped: 7, savedAt: new Date(Date.UTC(2026, 0, 2)) });
  const text = serializeCapture(header, items);
  const first = JSON.parse(text.split('\n')[0]);
  assert.equal(first.type, CAPTURE_TYPE);
  assert.equal(first.version, 1);
  assert.equal(first.savedAt, '2026-01-02T00:00:00.000Z');
  const back = parseCapture(text);
  assert.deepEqual(back.header, header);
  assert.deepEqual(back.items, items);
  assert.equal(back.skipped, 0);
});

test('capture of the hostile corpus (1 MB string, 10,000-deep JSON) reads back', () => {
  const items = hostileEvents();
  const text = serializeCapture(captureHeader({ source: { id: 'h', label: 'h' }, items: items.length, dropped: 0 }), items);
  const back = parseCapture(text);
  assert.equal(back.items.length, items.length);
  assert.equal(back.skipped, 0);
  const long = back.items.find((i) => i.kind === 'event' && i.topic.endsWith('/hostile/26'));
  assert.ok(long);
});

test('deep nesting survives (JSON.parse is iterative in V8; our writer too)', () => {
  const e = { ...dp(1), data: deepNested(10_000) };
  const back = parseCapture(serializeCapture(captureHeader({ source: { id: 'd', label: 'd' }, items: 1, dropped: 0 }), [e]));
  assert.equal(back.items.length, 1);
});

test('headerless NDJSON and push-client --output ndjson records are accepted', () => {
  const cli = { receivedAt: '2026-01-01T00:00:00.000Z', monitorId: 42, blockId: 3, type: 'DataPoint', operation: 'INSERTION', timestamp: 't', topic: '1/DataPoint/x', data: { v: 1 } };
  const cliGap = { kind: 'gap', monitorId: 42, disconnectedAt: '2026-01-01T00:00:00.000Z', reconnectedAt: '2026-01-01T00:00:05.000Z', reason: 'eof' };
  const back = parseCapture([cli, cliGap].map((o) => JSON.stringify(o)).join('\r\n') + '\r\n');
  assert.equal(back.header, undefined);
  assert.equal(back.items.length, 2);
  const ev = back.items[0];
  assert.equal(ev.kind, 'event');
  assert.equal(ev.kind === 'event' && ev.receivedAt, Date.UTC(2026, 0, 1));
  assert.equal(back.items[1].kind === 'gap' && back.items[1].reconnectedAt, Date.UTC(2026, 0, 1, 0, 0, 5));
});

test('bad lines are skipped and reported; non-captures and newer versions are refused', () => {
  const header = JSON.stringify(captureHeader({ source: { id: 'a', label: 'a' }, items: 3, dropped: 0 }));
  const back = parseCapture([header, JSON.stringify(dp(1)), '{oops', '42', '{"kind":"weird"}', JSON.stringify(dp(2))].join('\n'));
  assert.equal(back.items.length, 2);
  assert.equal(back.skipped, 3);
  assert.match(back.problems[0], /line 3: not JSON/);
  assert.throws(() => parseCapture('hello world'), CaptureFormatError);
  assert.throws(() => parseCapture(''), /empty/);
  assert.throws(() => parseCapture(JSON.stringify({ type: CAPTURE_TYPE, version: 99 })), /newer/);
});

test('normalizeItem coerces types and never trusts shapes', () => {
  const e = normalizeItem({ topic: '1/FileData/x', type: { x: 1 }, operation: 'update', receivedAt: 'nope', replay: 'true', format: 'html' });
  assert.ok(typeof e === 'object' && e.kind === 'event');
  assert.equal(e.kind === 'event' && e.operation, 'update', 'kept as written (filters ignore case)');
  assert.equal(e.kind === 'event' && e.format, 'json');
  assert.equal(e.kind === 'event' && e.type, 'FileData', 'a non-string type is taken from the topic');
  assert.equal(typeof normalizeItem(null), 'string');
  assert.equal(typeof normalizeItem({ kind: 'gap', disconnectedAt: 'x' }), 'string');
});
