import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GapMarker, PushEvent } from '../../../src/core/events';
import { clock, formatEventLine, formatGapLine, streamName, summarizeEvent } from '../../../src/extension/output/eventLine';

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

test('clock is local HH:MM:SS.mmm', () => {
  const d = new Date(2024, 0, 2, 3, 4, 5, 6);
  assert.equal(clock(d.getTime()), '03:04:05.006');
});

test('DataPoint line: time, type, device, operation, stream=value units, monitor', () => {
  const e = event('DataPoint', { streamId: `${DEVICE}/metrics/temperature`, data: 21.5, streamUnits: 'C' });
  assert.equal(formatEventLine(e), `${clock(at(e.timestamp))} [DataPoint] ${DEVICE} INSERTION temperature=21.5 C  #12`);
  assert.match(formatEventLine(e), /^\d\d:\d\d:\d\d\.\d{3} \[DataPoint\] /);
});

test('stream names drop the device id and keep an index with its parent', () => {
  assert.equal(streamName(`${DEVICE}/metrics/sys/temperature`), 'temperature');
  assert.equal(streamName('dia/channel/x/DIO/0'), 'DIO/0');
  assert.equal(streamName('test'), 'test');
});

test('DeviceCore says connected or disconnected', () => {
  assert.equal(summarizeEvent(event('DeviceCore', { devConnectwareId: DEVICE, dpConnectionStatus: 0 })), 'disconnected');
  assert.equal(summarizeEvent(event('DeviceCore', { dpConnectionStatus: '1', dpLastKnownIp: '10.0.0.5' })), 'connected ip=10.0.0.5');
});

test('FileData shows path, size and content type; AlarmStatus its state', () => {
  const f = event('FileData', { id: { fdPath: `/db/1001_Demo/${DEVICE}/`, fdName: 'a.json' }, fdSize: 13, fdContentType: 'application/json' });
  assert.equal(summarizeEvent(f), `/db/1001_Demo/${DEVICE}/a.json 13 bytes application/json`);
  const a = event('AlarmStatus', { id: { almId: 41826 }, almsStatus: 1 });
  assert.equal(summarizeEvent(a), 'alarm=41826 triggered');
});

test('unknown resources show the topic path; replay is flagged; long values are cut', () => {
  const x = event('XbeeCore', {}, { topic: '3/XbeeCore/00:13:A2:00:40:01:60:45/1/0' });
  assert.equal(summarizeEvent(x), '00:13:A2:00:40:01:60:45/1/0');
  const r = event('DataPoint', { streamId: 's', data: 'x'.repeat(200) }, { replay: true });
  const line = formatEventLine(r);
  assert.ok(line.includes('(replay)'));
  assert.ok(line.length < 200, line);
  assert.ok(!line.includes('\n'));
});

test('an event with an unparsable timestamp uses the receive time; no device shows -', () => {
  const e = event('DataStream', { streamId: 'plant/flow', currentValue: { data: 3 } }, { timestamp: 'garbage', topic: '1/DataStream/plant/flow' });
  assert.equal(formatEventLine(e), `${clock(e.receivedAt)} [DataStream] - UPDATE flow current=3  #12`);
});

test('gap line gives the outage and reason', () => {
  const g: GapMarker = { kind: 'gap', monitorId: 7, disconnectedAt: 1_000_000, reconnectedAt: 1_004_200, reason: 'push server closed the connection' };
  assert.equal(formatGapLine(g), `${clock(1_004_200)} [gap] disconnected at ${clock(1_000_000)} for 4.2 s: push server closed the connection  #7`);
});
