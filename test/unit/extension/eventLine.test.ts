import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GapMarker, PushEvent } from '../../../src/core/events';
import { formatEventLine, formatGapLine, LINE_FIELD_MAX } from '../../../src/extension/output/eventLine';
import { clock } from '../../../src/shared/eventText';

const DEVICE = '00000000-00000000-00409DFF-FF458726';
const at = (iso: string) => Date.parse(iso);

function event(type: string, data: unknown, extra: Partial<PushEvent> = {}): PushEvent {
  return {
    kind: 'event',
    topic: `1001/${type}/${DEVICE}/x`,
    type,
    operation: type === 'DataPoint' || type === 'FileData' ? 'INSERTION' : 'UPDATE',
    timestamp: '2024-05-01T10:20:30.045Z',
    replay: false,
    data,
    format: 'json',
    blockId: 1,
    monitorId: 12,
    receivedAt: at('2024-05-01T10:20:31.000Z'),
    ...extra,
  };
}

test('DataPoint line: time, type, device, operation, stream=value units, monitor', () => {
  const e = event('DataPoint', { streamId: `${DEVICE}/metrics/temperature`, data: 21.5, streamUnits: 'C' });
  assert.equal(formatEventLine(e), `${clock(at(e.timestamp))} [DataPoint] ${DEVICE} INSERTION metrics/temperature=21.5 C  #12`);
  assert.match(formatEventLine(e), /^\d\d:\d\d:\d\d\.\d{3} \[DataPoint\] /);
});

test('replay is flagged; long values are cut', () => {
  const r = event('DataPoint', { streamId: 's', data: 'x'.repeat(200) }, { replay: true });
  const line = formatEventLine(r);
  assert.ok(line.includes('(replay)'));
  assert.ok(line.length < 200, line);
  assert.ok(!line.includes('\n'));
});

test('an event with an unparsable timestamp uses the receive time; no device shows -', () => {
  const e = event('DataStream', { streamId: 'plant/flow', currentValue: { data: 3 } }, { timestamp: 'garbage', topic: '1/DataStream/plant/flow' });
  assert.equal(formatEventLine(e), `${clock(e.receivedAt)} [DataStream] - UPDATE plant/flow current=3  #12`);
});

test('gap line gives the outage and reason', () => {
  const g: GapMarker = { kind: 'gap', monitorId: 7, disconnectedAt: 1_000_000, reconnectedAt: 1_004_200, reason: 'push server closed the connection' };
  assert.equal(formatGapLine(g), `${clock(1_004_200)} [gap] disconnected at ${clock(1_000_000)} for 4.2 s: push server closed the connection  #7`);
});

// ---- hostile fields: every field of a line is one line, shown safely and capped

const BIG = 'A'.repeat(200_000);
const NASTY = `x\r\n12:00:00.000 [DataPoint] forged line\u2028\u202Eevil\u0000\t${BIG}`;
const TO_STRING = JSON.parse('{"toString":1,"valueOf":2}') as unknown;
const BIDI_OR_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/; // eslint-disable-line no-control-regex
// clock + brackets + spaces + (replay) + #monitor; each field may grow by its ellipsis and
// by the ⟨U+XXXX⟩ marks of its invisible characters (NASTY has two: 7 more characters each).
const FIXED = 12 + 4 + 3 + 10 + 4 + 16;
const MARKS = 2 * 7;
const MAX_LINE = LINE_FIELD_MAX.type + LINE_FIELD_MAX.device + LINE_FIELD_MAX.operation + LINE_FIELD_MAX.summary + 4 * (1 + MARKS) + FIXED;

test('every field of an event line is capped, on one line, with no control or bidi characters', () => {
  const data = {
    devConnectwareId: NASTY, streamId: NASTY, data: NASTY, streamUnits: NASTY, dpConnectionStatus: TO_STRING, dpLastKnownIp: NASTY, dpDeviceType: NASTY,
    id: { fdPath: NASTY, fdName: NASTY, almId: NASTY }, fdSize: NASTY, fdContentType: NASTY, almsStatus: TO_STRING, almsTopic: NASTY, currentValue: { data: NASTY },
  };
  for (const type of ['DataPoint', 'DeviceCore', 'FileData', 'FileDataCore', 'AlarmStatus', 'DataStream', 'Unknown', NASTY]) {
    const e = event(type, data, { operation: NASTY, topic: `1/${type}/${NASTY}`, replay: true, monitorId: 123456789 });
    const line = formatEventLine(e);
    assert.ok(line.length <= MAX_LINE, `${type.slice(0, 20)}: ${line.length} > ${MAX_LINE}`);
    assert.ok(!/[\r\n\u2028\u2029]/.test(line), `${type.slice(0, 20)}: one line`);
    assert.ok(!BIDI_OR_CONTROL.test(line), `${type.slice(0, 20)}: no control or bidi characters`);
    assert.ok(line.endsWith(' (replay)  #123456789'));
  }
  const g = formatGapLine({ kind: 'gap', monitorId: 7, disconnectedAt: 0, reconnectedAt: 1000, reason: NASTY });
  assert.ok(g.length <= LINE_FIELD_MAX.reason + 1 + MARKS + 70 && !/[\r\n]/.test(g), g.slice(0, 100));
  assert.ok(g.includes('x 12:00:00.000 [DataPoint] forged line ⟨U+202E⟩evil⟨U+0000⟩ AAA'), 'injected text stays inside its field');
});
