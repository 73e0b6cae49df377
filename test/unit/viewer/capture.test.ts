import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CAPTURE_MAX_ITEMS, CAPTURE_TYPE, CaptureFormatError, captureHeader, captureNotice, CaptureParser, normalizeItem, parseCapture, serializeCapture,
} from '../../../src/extension/viewer/capture';
import { checkCaptureSize, describeCaptureError, readCaptureBytes, readCaptureFile } from '../../../src/extension/viewer/captureFile';
import { MAX_CAPACITY } from '../../../src/extension/viewer/eventStore';
import { formatOnly } from '../../../src/extension/l10n';
import type { LiveSubscription } from '../../../src/shared/sessionModel';
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

// ---- hostile files: a bad line is skipped and counted, never the whole file; bounded reading

const header = () => JSON.stringify(captureHeader({ source: { id: 'a', label: 'a' }, items: 0, dropped: 0 }));

test('{"toString":1} and other objects where text is expected do not reject the file', () => {
  const lines = [
    header(),
    JSON.stringify(dp(1)),
    '{"toString":1}',
    '{"kind":{"toString":1}}',
    '{"kind":"event","topic":"1/DataPoint/x","operation":{"toString":1},"group":{"toString":1,"valueOf":2},"timestamp":["a"]}',
    '{"kind":"gap","disconnectedAt":1,"reconnectedAt":2,"reason":{"toString":1}}',
    JSON.stringify(dp(2)),
  ];
  const back = parseCapture(lines.join('\n'));
  assert.equal(back.items.length, 4, 'the events with odd field types are kept, their fields as JSON text');
  assert.equal(back.skipped, 2);
  const odd = back.items[1];
  assert.ok(odd.kind === 'event');
  assert.equal(odd.operation, '{"toString":1}');
  assert.equal(odd.group, '{"toString":1,"valueOf":2}');
  assert.equal(back.items[2].kind === 'gap' && back.items[2].reason, '{"toString":1}');
  // The header is untrusted too.
  const h = parseCapture(`{"type":"${CAPTURE_TYPE}","version":1,"savedAt":{"toString":1},"source":{"id":{"toString":1},"label":{"toString":1}},` +
    `"subscription":{"topics":[{"toString":1}],"compression":{"toString":1},"host":{"toString":1}}}\n${JSON.stringify(dp(1))}`);
  assert.equal(h.items.length, 1);
  assert.equal(h.header?.source.label, '{"toString":1}');
  assert.deepEqual(h.header?.subscription?.topics, ['{"toString":1}']);
});

test('problems name the line and what was wrong, never the line text', () => {
  const back = parseCapture([header(), '{"secret":"hunter2"', '{"kind":"hunter3"}', JSON.stringify(dp(1))].join('\n'));
  assert.deepEqual(back.problems, ['line 2: not JSON', 'line 3: unknown kind']);
  assert.throws(() => parseCapture('hunter4 is not JSON\n'), (e: Error) => e instanceof CaptureFormatError && /line 1 is not JSON/.test(e.message) && !e.message.includes('hunter4'));
  assert.throws(() => parseCapture('["hunter5"]\n'), (e: Error) => !e.message.includes('hunter5'));
  const many = parseCapture([header(), ...Array.from({ length: 9 }, () => '{'), JSON.stringify(dp(1))].join('\n'));
  assert.equal(many.skipped, 9);
  assert.equal(many.problems.length, 5, 'only the first few are listed');
});

test('a line over the line limit is skipped without being kept, also when it arrives in pieces', () => {
  const long = JSON.stringify({ ...dp(5), data: 'x'.repeat(2000) });
  const text = [header(), JSON.stringify(dp(1)), long, JSON.stringify(dp(2))].join('\n') + '\n';
  for (const size of [1, 7, 64, 100_000]) {
    const p = new CaptureParser({ maxLineChars: 1000 });
    for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
    const back = p.end();
    assert.deepEqual(back.items.map((i) => i.kind === 'event' && i.blockId), [1, 2], `chunks of ${size}`);
    assert.equal(back.skipped, 1);
    assert.match(back.problems[0], /^line 3: longer than 1,000 characters$/);
  }
  // The same line fits under the default limit.
  assert.equal(parseCapture(text).items.length, 3);
  // A last line without a newline that is too long.
  assert.equal(parseCapture(`${header()}\n${JSON.stringify(dp(1))}\n${long}`, { maxLineChars: 1000 }).skipped, 1);
});

test('a file whose first line is over the limit (binary, no line breaks) fails at once', () => {
  const p = new CaptureParser({ maxLineChars: 1000 });
  assert.throws(() => {
    for (let i = 0; i < 100; i++) p.push('\u0000binary'.repeat(50));
  }, /not a capture or NDJSON file: line 1 is longer than 1,000 characters/);
});

test('over the item cap: the first items are loaded, the rest counted; the notice says so', () => {
  assert.equal(CAPTURE_MAX_ITEMS, MAX_CAPACITY, 'the cap is the largest viewer buffer');
  const text = [header(), ...Array.from({ length: 10 }, (_, i) => JSON.stringify(dp(i))), '', '{bad'].join('\n');
  const back = parseCapture(text, { maxItems: 3 });
  assert.equal(back.items.length, 3);
  assert.equal(back.notLoaded, 8, '7 events and the bad line after the cap (blank lines are not counted)');
  assert.equal(back.skipped, 0);
  assert.equal(captureNotice('big.ndjson', back, formatOnly, 3),
    'big.ndjson: only the first 3 items were loaded (the most one viewer holds); 8 more line(s) not loaded');
  const bad = parseCapture([header(), '{', JSON.stringify(dp(1)), '7'].join('\n'));
  assert.equal(captureNotice('x.dpmcapture', bad, formatOnly), 'x.dpmcapture: 2 line(s) skipped (line 2: not JSON; line 4: not an object)');
  assert.equal(captureNotice('x', parseCapture(JSON.stringify(dp(1))), formatOnly), undefined);
});

test('reading in chunks gives what reading the whole text gives', () => {
  const items = [dp(1), gap(1000), dp(2, { value: 'žluťoučký kůň 🐎' })];
  const text = serializeCapture(captureHeader({ source: { id: 's', label: 's' }, items: 3, dropped: 0 }), items);
  const whole = parseCapture(text);
  const bytes = new TextEncoder().encode(text);
  for (const chunkBytes of [1, 3, 4096]) assert.deepEqual(readCaptureBytes(bytes, { chunkBytes }), whole, `chunks of ${chunkBytes} bytes`);
});

test('capture files: streamed from disk, size checked first, errors name the limit and no content', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dpm-capture-'));
  try {
    const items = [dp(1), dp(2, { value: 'ünïcødé ✓' }), gap(5)];
    const text = serializeCapture(captureHeader({ source: { id: 's', label: 's' }, items: 3, dropped: 0 }), items) + '{"toString":1}\n';
    const file = path.join(dir, 'ok.dpmcapture');
    writeFileSync(file, text);
    const back = await readCaptureFile(file, { chunkBytes: 5 });
    assert.deepEqual(back.items, items);
    assert.equal(back.skipped, 1);

    await assert.rejects(readCaptureFile(file, { maxBytes: 100 }), (e: Error) => e instanceof CaptureFormatError && /captures up to 100 bytes are opened/.test(e.message));
    assert.throws(() => checkCaptureSize(300 * 1024 * 1024), /the file is 300 MiB; captures up to 256 MiB are opened/);
    assert.throws(() => readCaptureBytes(new Uint8Array(101), { maxBytes: 100 }), /captures up to 100 bytes/);

    const binary = path.join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.alloc(4096, 0x41));
    await assert.rejects(readCaptureFile(binary, { maxLineChars: 1000, chunkBytes: 256 }), /line 1 is longer than 1,000 characters/);
    const notJson = path.join(dir, 'notes.txt');
    writeFileSync(notJson, 'hunter2 said hello\n');
    await assert.rejects(readCaptureFile(notJson), (e: Error) => !e.message.includes('hunter2'));

    const missing = await readCaptureFile(path.join(dir, 'nope')).then(() => undefined, (e: unknown) => e);
    assert.equal(describeCaptureError(missing), 'the file does not exist');
    assert.equal(describeCaptureError(await readCaptureFile(dir).then(() => undefined, (e: unknown) => e)), 'not a regular file');
    assert.equal(describeCaptureError(new Error(`EIO reading ${dir}`)), 'the file could not be read');
    assert.equal(describeCaptureError(Object.assign(new Error('x'), { code: 'NoPermissions' })), 'permission denied');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
