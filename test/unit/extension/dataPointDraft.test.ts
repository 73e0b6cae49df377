// Send Data Point's checks: every field's reason, the hostile and edge inputs, the point
// that is written, and the command's argument object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOnly as t } from '../../../src/extension/l10n';
import {
  describePoint,
  draftError,
  draftForArgs,
  parseSendArgs,
  parseTimestamp,
  streamIdError,
  streamTypeOf,
  toNewDataPoint,
  unitsError,
  valueError,
  type DataPointDraft,
} from '../../../src/extension/devices/dataPointDraft';
import { DATA_STREAM_TYPES } from '../../../src/core/devices/types';

const DEV = '00000000-00000000-00409DFF-FF58175B';

test('stream ids: non-empty, no empty, dot or padded segments, no invisible characters', () => {
  for (const ok of [`${DEV}/metrics/temperature`, 'test', 'a/b c/d', 'plant/flow?rate#1', 'ünïcödé/ストリーム']) assert.equal(streamIdError(ok, t), undefined, ok);
  const bad: [string, RegExp][] = [
    ['', /Enter a stream id/],
    ['   ', /Enter a stream id/],
    ['/a', /empty path segment/],
    ['a/', /empty path segment/],
    ['a//b', /empty path segment/],
    [' a/b', /starts or ends with a space/],
    ['a /b', /path segment .* space/],
    ['a/../b', /"\." or "\.\."/],
    ['./a', /"\." or "\.\."/],
    ['a\u0000b', /control character \(U\+0000\)/],
    ['a\nb', /control character \(U\+000A\)/],
    ['a\u202Eb', /U\+202E/],
    ['a\u200Bb', /U\+200B/],
  ];
  for (const [id, why] of bad) assert.match(streamIdError(id, t) ?? '', why, JSON.stringify(id));
});

test('a non-number for a numeric stream is refused with the reason', () => {
  for (const type of ['INTEGER', 'LONG', 'FLOAT', 'DOUBLE'] as const) {
    for (const v of ['abc', '12abc', '0x10', 'NaN', 'Infinity', '-', '1,5', '1e', '--1']) {
      assert.match(valueError(v, type, t) ?? '', new RegExp(`A ${type} stream takes a (whole )?number.*this is not a number`), `${type} ${v}`);
    }
  }
  assert.match(valueError('', 'FLOAT', t) ?? '', /Enter a value/);
  assert.match(valueError('   ', 'STRING', t) ?? '', /Enter a value/);
});

test('INTEGER and LONG: whole numbers within their range', () => {
  for (const v of ['0', '-7', '+42', ' 12 ', '2147483647', '-2147483648']) assert.equal(valueError(v, 'INTEGER', t), undefined, v);
  assert.match(valueError('2147483648', 'INTEGER', t) ?? '', /from -2147483648 to 2147483647/);
  assert.match(valueError('-2147483649', 'INTEGER', t) ?? '', /from -2147483648 to 2147483647/);
  assert.match(valueError('2.5', 'INTEGER', t) ?? '', /without a fraction or exponent/);
  assert.match(valueError('1e3', 'INTEGER', t) ?? '', /without a fraction or exponent/);
  for (const v of ['9223372036854775807', '-9223372036854775808', '2147483648']) assert.equal(valueError(v, 'LONG', t), undefined, v);
  assert.match(valueError('9223372036854775808', 'LONG', t) ?? '', /from -9223372036854775808 to 9223372036854775807/);
  // A huge digit string is a range problem, checked exactly (BigInt), not a float rounding.
  assert.match(valueError('9'.repeat(400), 'LONG', t) ?? '', /from/);
});

test('FLOAT and DOUBLE: finite decimal numbers within their range', () => {
  for (const v of ['21.5', '-3e2', '.5', '5.', '+1E-7', '0']) {
    assert.equal(valueError(v, 'FLOAT', t), undefined, v);
    assert.equal(valueError(v, 'DOUBLE', t), undefined, v);
  }
  assert.match(valueError('1e39', 'FLOAT', t) ?? '', /too large for a FLOAT/);
  assert.equal(valueError('1e39', 'DOUBLE', t), undefined);
  assert.match(valueError('1e309', 'DOUBLE', t) ?? '', /too large for a DOUBLE/);
});

test('JSON must parse; GEOJSON must be an object with a type; BINARY must be base64', () => {
  assert.equal(valueError('{"on":true}', 'JSON', t), undefined);
  assert.equal(valueError('[1,2]', 'JSON', t), undefined);
  assert.equal(valueError('"text"', 'JSON', t), undefined);
  assert.match(valueError('{on:true}', 'JSON', t) ?? '', /A JSON stream takes JSON text: /);
  // The parser's message is cut: a long bad document is not repeated whole.
  assert.ok((valueError(`{${'x'.repeat(10_000)}`, 'JSON', t) ?? '').length < 300);
  assert.equal(valueError('{"type":"Point","coordinates":[8.5,47.4]}', 'GEOJSON', t), undefined);
  for (const v of ['[1]', '{"coordinates":[1,2]}', 'null', '{"type":3}']) assert.match(valueError(v, 'GEOJSON', t) ?? '', /GeoJSON object/, v);
  for (const v of ['AQID', 'AQI=', 'AQ==', 'SGVsbG8gd29ybGQ=']) assert.equal(valueError(v, 'BINARY', t), undefined, v);
  for (const v of ['AQI', 'A===', 'not base64!', 'AQ=I']) assert.match(valueError(v, 'BINARY', t) ?? '', /base64/, v);
});

test('STRING, UNKNOWN and an unknown type take any text an XML body can carry', () => {
  for (const type of ['STRING', 'UNKNOWN', undefined] as const) {
    assert.equal(valueError('hello\tworld\nline <b>&amp;</b> "quoted"', type, t), undefined);
    assert.equal(valueError('emoji 🌡️ and \u202E bidi', type, t), undefined);
    assert.match(valueError('a\u0000b', type, t) ?? '', /cannot carry \(U\+0000\)/);
    assert.match(valueError('a\u0007b', type, t) ?? '', /U\+0007/);
    assert.match(valueError('a\uFFFEb', type, t) ?? '', /U\+FFFE/);
    // An unpaired surrogate cannot be encoded as UTF-8.
    assert.match(valueError('a\uD800b', type, t) ?? '', /U\+D800/);
    assert.match(valueError('a\uDC00', type, t) ?? '', /U\+DC00/);
  }
});

test('timestamps: ISO-8601 with a zone, real dates and times only; empty is now', () => {
  assert.deepEqual(parseTimestamp('', t), {});
  assert.deepEqual(parseTimestamp('   ', t), {});
  assert.equal(parseTimestamp('2026-03-01T12:30:00Z', t).ms, Date.UTC(2026, 2, 1, 12, 30, 0));
  assert.equal(parseTimestamp('2026-03-01T12:30Z', t).ms, Date.UTC(2026, 2, 1, 12, 30, 0));
  assert.equal(parseTimestamp('2026-03-01T12:30:00.123456789Z', t).ms, Date.UTC(2026, 2, 1, 12, 30, 0, 123));
  assert.equal(parseTimestamp('2026-03-01 12:30:00+01:00', t).ms, Date.UTC(2026, 2, 1, 11, 30, 0));
  assert.equal(parseTimestamp('2026-03-01T12:30:00+0130', t).ms, Date.UTC(2026, 2, 1, 11, 0, 0));
  assert.equal(parseTimestamp('2026-03-01T12:30:00-05', t).ms, Date.UTC(2026, 2, 1, 17, 30, 0));
  assert.equal(parseTimestamp('2024-02-29T00:00:00Z', t).ms, Date.UTC(2024, 1, 29));
  const bad: [string, RegExp][] = [
    ['yesterday', /ISO-8601/],
    ['1772368200000', /ISO-8601/],
    ['2026-03-01', /ISO-8601/],
    ['2026-03-01T12:30:00', /Add a time zone/],
    ['2026-02-30T00:00:00Z', /no such date/],
    ['2026-02-29T00:00:00Z', /no such date/],
    ['2026-13-01T00:00:00Z', /no such date/],
    ['2026-00-10T00:00:00Z', /no such date/],
    ['2026-03-01T24:00:00Z', /no such time of day/],
    ['2026-03-01T12:60:00Z', /no such time of day/],
    ['2026-03-01T12:00:60Z', /no such time of day/],
    ['2026-03-01T12:00:00+25:00', /no such time zone offset/],
    ['2026-03-01T12:00:00Z<script>', /ISO-8601/],
  ];
  for (const [v, why] of bad) assert.match(parseTimestamp(v, t).error ?? '', why, v);
});

test('units: free text without invisible characters', () => {
  assert.equal(unitsError('', t), undefined);
  assert.equal(unitsError('°C', t), undefined);
  assert.match(unitsError('C\u202E', t) ?? '', /U\+202E/);
});

test('stream types are read in any case; anything else is no type', () => {
  assert.equal(streamTypeOf('float'), 'FLOAT');
  assert.equal(streamTypeOf(' Integer '), 'INTEGER');
  for (const ty of DATA_STREAM_TYPES) assert.equal(streamTypeOf(ty), ty);
  for (const v of ['FLOAT64', '', undefined, 3, { toString: () => 'FLOAT' }]) assert.equal(streamTypeOf(v), undefined);
});

test('the draft becomes the point: numbers as typed (trimmed), type and units only for a new stream', () => {
  const base: DataPointDraft = { streamId: `${DEV}/metrics/count`, value: ' 9223372036854775807 ', type: 'LONG', newStream: false, units: 'n' };
  assert.deepEqual(toNewDataPoint(base, t), { streamId: base.streamId, data: '9223372036854775807' });
  const fresh: DataPointDraft = { streamId: `${DEV}/metrics/new`, value: '21.5', type: 'FLOAT', newStream: true, units: ' C ', timestamp: '2026-03-01T12:30:00Z' };
  assert.deepEqual(toNewDataPoint(fresh, t), { streamId: fresh.streamId, data: '21.5', timestamp: Date.UTC(2026, 2, 1, 12, 30), streamType: 'FLOAT', streamUnits: 'C' });
  // A string keeps its spaces; an empty timestamp means "now" (the service stamps it).
  assert.deepEqual(toNewDataPoint({ streamId: 'x/y', value: '  padded  ', type: 'STRING', newStream: false, timestamp: '' }, t), { streamId: 'x/y', data: '  padded  ' });
  assert.throws(() => toNewDataPoint({ ...base, value: 'abc' }, t), /LONG stream takes a whole number/);
});

test('draftError reports the first problem of any field', () => {
  const ok: DataPointDraft = { streamId: 'a/b', value: '1', type: 'INTEGER', newStream: true, units: 'C', timestamp: '' };
  assert.equal(draftError(ok, t), undefined);
  assert.match(draftError({ ...ok, streamId: 'a//b' }, t) ?? '', /empty path segment/);
  assert.match(draftError({ ...ok, value: '1.5' }, t) ?? '', /whole number/);
  assert.match(draftError({ ...ok, units: '\u0000' }, t) ?? '', /units/);
  assert.match(draftError({ ...ok, timestamp: 'now' }, t) ?? '', /ISO-8601/);
});

test('describePoint names the stream and value on one cut line', () => {
  assert.equal(describePoint({ streamId: 'a/b', value: '21.5', units: 'C' }), 'a/b = 21.5 C');
  const line = describePoint({ streamId: 'a/b', value: `x\n${'y'.repeat(500)}` });
  assert.ok(!line.includes('\n'));
  assert.ok(line.length < 260, String(line.length));
});

test('the command argument object is checked for shape', () => {
  assert.deepEqual(parseSendArgs({ accountId: 'acc', streamId: 'a/b', value: 21.5, type: 'float', units: 'C', timestamp: '2026-03-01T00:00:00Z' }, t), {
    accountId: 'acc', streamId: 'a/b', value: '21.5', type: 'FLOAT', units: 'C', timestamp: '2026-03-01T00:00:00Z',
  });
  assert.deepEqual(parseSendArgs({ accountId: 'acc', streamId: 'a/b', value: true }, t), { accountId: 'acc', streamId: 'a/b', value: 'true' });
  const bad: [unknown, RegExp][] = [
    [undefined, /expected an object/],
    [[1], /expected an object/],
    ['acc', /expected an object/],
    [{ streamId: 'a', value: '1' }, /accountId/],
    [{ accountId: 'acc', value: '1' }, /streamId/],
    [{ accountId: 'acc', streamId: 'a' }, /value/],
    [{ accountId: 'acc', streamId: 'a', value: NaN }, /value/],
    [{ accountId: 'acc', streamId: 'a', value: { toString: () => '1' } }, /value/],
    [{ accountId: 'acc', streamId: 'a', value: '1', type: 'FLOAT64' }, /type must be one of INTEGER, LONG/],
    [{ accountId: 'acc', streamId: 'a', value: '1', units: 5 }, /units must be a string/],
    [{ accountId: 'acc', streamId: 'a', value: '1', timestamp: 1772368200000 }, /timestamp must be a string/],
  ];
  for (const [arg, why] of bad) assert.match(String(parseSendArgs(arg, t)), why, JSON.stringify(arg) ?? 'undefined');
});

test("an argument object: the existing stream's type and units win, a contradicting type is refused", () => {
  const args = { accountId: 'acc', streamId: 'a/b', value: '2.5' };
  const floatStream = { streamId: 'a/b', dataType: 'float', units: 'C' };
  assert.deepEqual(draftForArgs(args, floatStream, t), { streamId: 'a/b', value: '2.5', newStream: false, type: 'FLOAT', units: 'C' });
  assert.deepEqual(draftForArgs({ ...args, type: 'FLOAT', units: 'K' }, floatStream, t), { streamId: 'a/b', value: '2.5', newStream: false, type: 'FLOAT', units: 'C' });
  assert.equal(draftForArgs({ ...args, type: 'INTEGER' }, floatStream, t), 'a/b is a FLOAT stream; a INTEGER point cannot be written to it.');
  // A new stream takes the given type and units; without a type only the generic checks apply.
  assert.deepEqual(draftForArgs({ ...args, type: 'INTEGER', units: 'n', timestamp: '' }, undefined, t), { streamId: 'a/b', value: '2.5', newStream: true, type: 'INTEGER', units: 'n', timestamp: '' });
  const fresh = draftForArgs({ ...args, type: 'INTEGER' }, undefined, t);
  assert.ok(typeof fresh !== 'string');
  assert.match(draftError(fresh, t) ?? '', /INTEGER stream takes a whole number/);
  assert.deepEqual(draftForArgs(args, undefined, t), { streamId: 'a/b', value: '2.5', newStream: true });
  // A stream of a type this version does not know: no type check, nothing refused for it.
  assert.deepEqual(draftForArgs({ ...args, type: 'FLOAT' }, { streamId: 'a/b', dataType: 'TIMESERIES' }, t), { streamId: 'a/b', value: '2.5', newStream: false });
});
