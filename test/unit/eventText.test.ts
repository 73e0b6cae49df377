// Golden tests of how an event reads (src/shared/eventText.ts): one row per resource type and
// per hostile case with the exact device id and summary, and the check that push-client's
// pretty header, the events output line and the viewer row all show that same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../src/core/events';
import { clock, eventDeviceId, eventSummary, lineField, SUMMARY_MAX } from '../../src/shared/eventText';
import { formatEvent } from '../../src/cli/pushClient/formatEvents';
import { formatEventLine } from '../../src/extension/output/eventLine';
import { itemDevice, rowStrings } from '../../src/extension/viewer/rowSummary';

const DEVICE = '00000000-00000000-00409DFF-FF458726';
/** 10:20:30.045 local time: the golden clock of every row. */
const TIMESTAMP = new Date(2024, 4, 1, 10, 20, 30, 45).toISOString();
const RECEIVED = new Date(2024, 4, 1, 10, 20, 31, 7).getTime();
const TO_STRING = JSON.parse('{"toString":1,"valueOf":2}') as unknown;

interface Golden {
  name: string;
  type: string;
  topic: string;
  data: unknown;
  device: string | undefined;
  summary: string;
}

const GOLDEN: Golden[] = [
  {
    name: 'DeviceCore connect',
    type: 'DeviceCore',
    topic: '1001/DeviceCore/5678/0',
    data: { devConnectwareId: DEVICE, dpConnectionStatus: '1', dpLastKnownIp: '10.0.0.5', dpDeviceType: 'XBee Gateway', dpFirmwareLevelDesc: '2.0.1' },
    device: DEVICE,
    summary: 'connected ip=10.0.0.5 type=XBee Gateway firmware=2.0.1',
  },
  { name: 'DeviceCore disconnect', type: 'DeviceCore', topic: '1001/DeviceCore/5678/0', data: { devConnectwareId: DEVICE, dpConnectionStatus: 0 }, device: DEVICE, summary: 'disconnected' },
  { name: 'DeviceCore without a status', type: 'DeviceCore', topic: '1001/DeviceCore/5678/0', data: { devConnectwareId: DEVICE, dpTags: 'a,b' }, device: DEVICE, summary: `devConnectwareId=${DEVICE} dpTags=a,b` },
  {
    name: 'DataPoint with units',
    type: 'DataPoint',
    topic: `1001/DataPoint/${DEVICE}/metrics/temperature`,
    data: { streamId: `${DEVICE}/metrics/temperature`, data: 21.5, streamUnits: 'C' },
    device: DEVICE,
    summary: 'metrics/temperature=21.5 C',
  },
  { name: 'DataPoint without units', type: 'DataPoint', topic: '1001/DataPoint/dia/channel/x/DIO/0', data: { streamId: 'dia/channel/x/DIO/0', data: '1' }, device: undefined, summary: 'dia/channel/x/DIO/0=1' },
  { name: 'DataPoint from XML (#text next to attributes)', type: 'DataPoint', topic: `1/DataPoint/${DEVICE}/x`, data: { streamId: `${DEVICE}/x`, data: { '#text': '7', '@_type': 'int' } }, device: DEVICE, summary: 'x=7' },
  {
    name: 'FileData',
    type: 'FileData',
    topic: `1001/FileData/db/1001_Demo/${DEVICE}/a.json`,
    data: { id: { fdPath: `/db/1001_Demo/${DEVICE}/`, fdName: 'a.json' }, fdSize: 12345, fdContentType: 'application/json' },
    device: DEVICE,
    summary: `/db/1001_Demo/${DEVICE}/a.json 12,345 bytes application/json`,
  },
  { name: 'FileDataCore, size as XML text', type: 'FileDataCore', topic: '1001/FileDataCore/db/x/b.bin', data: { id: { fdPath: '/db/x/', fdName: 'b.bin' }, fdSize: '13' }, device: undefined, summary: '/db/x/b.bin 13 bytes' },
  {
    name: 'AlarmStatus',
    type: 'AlarmStatus',
    topic: `1001/AlarmStatus/41826/${DEVICE}%2Fmetrics%2Ftemperature`,
    data: { id: { almId: 41826, almsSourceEntityId: `${DEVICE}/metrics/temperature` }, almsStatus: 1, almsTopic: 'Alarm.DataPointCondition' },
    device: DEVICE,
    summary: `alarm=41826 triggered topic=Alarm.DataPointCondition source=${DEVICE}/metrics/temperature`,
  },
  { name: 'AlarmStatus, unknown status', type: 'AlarmStatus', topic: '1001/AlarmStatus/7', data: { id: { almId: 7 }, almsStatus: '9' }, device: undefined, summary: 'alarm=7 status=9' },
  { name: 'DataStream', type: 'DataStream', topic: '1/DataStream/plant/flow', data: { streamId: 'plant/flow', currentValue: { data: 3 } }, device: undefined, summary: 'plant/flow current=3' },
  { name: 'unknown type: its members', type: 'XbeeCore', topic: '3/XbeeCore/00:13:A2:00:40:01:60:45/1/0', data: { xpNetAddr: '0x1234', xpNodeId: 'A', xpExt: { a: 1 } }, device: undefined, summary: 'xpNetAddr=0x1234 xpNodeId=A xpExt={"a":1}' },
  { name: 'unknown type, empty data: the topic path', type: 'XbeeCore', topic: '3/XbeeCore/00:13:A2:00:40:01:60:45/1/0', data: {}, device: undefined, summary: '00:13:A2:00:40:01:60:45/1/0' },
  { name: 'data that is not an object', type: 'DataPoint', topic: `1/DataPoint/${DEVICE}/s`, data: null, device: DEVICE, summary: `${DEVICE}/s` },
  // Hostile strings: one line, marks for controls and bidi characters, caps, objects as JSON.
  {
    name: 'hostile: newlines, controls and bidi in a DataPoint',
    type: 'DataPoint',
    topic: `1/DataPoint/${DEVICE}/s`,
    data: { streamId: `${DEVICE}/a\u202Eb`, data: 'x\r\n12:00:00.000 [DataPoint] forged\u2028y\u0000', streamUnits: '\u001b[31mC' },
    device: DEVICE,
    summary: 'a⟨U+202E⟩b=x 12:00:00.000 [DataPoint] forged y⟨U+0000⟩ ⟨U+001B⟩[31mC',
  },
  { name: 'hostile: a long value is cut', type: 'DataPoint', topic: '1/DataPoint/s', data: { streamId: 's', data: 'x'.repeat(500) }, device: undefined, summary: `s=${'x'.repeat(100)}…` },
  { name: 'hostile: the whole summary is capped, never inside a mark', type: 'DataPoint', topic: '1/DataPoint/s', data: { streamId: 's', data: '\u202E'.repeat(100) }, device: undefined, summary: `s=${'⟨U+202E⟩'.repeat(29)}…` },
  { name: 'hostile: {"toString":1} as a connection status', type: 'DeviceCore', topic: '1/DeviceCore/1', data: { dpConnectionStatus: TO_STRING }, device: undefined, summary: 'disconnected' },
  { name: 'hostile: {"toString":1} as an alarm status', type: 'AlarmStatus', topic: '1/AlarmStatus/1', data: { id: { almId: 1 }, almsStatus: TO_STRING }, device: undefined, summary: 'alarm=1 status={"toString":1,"valueOf":2}' },
  { name: 'hostile: a type named like an Object member', type: 'constructor', topic: '1/constructor/x', data: { a: 1 }, device: undefined, summary: 'a=1' },
  {
    name: 'hostile: device id with a bidi override',
    type: 'DeviceCore',
    topic: '1/DeviceCore/1',
    data: { devConnectwareId: `${DEVICE}\u202Egnp.exe`, dpConnectionStatus: 1 },
    device: `${DEVICE}\u202Egnp.exe`,
    summary: 'connected',
  },
];

function event(g: Golden): PushEvent {
  return {
    kind: 'event', topic: g.topic, type: g.type, operation: 'UPDATE', timestamp: TIMESTAMP, replay: false, data: g.data,
    format: 'json', blockId: 1, monitorId: 12, receivedAt: RECEIVED,
  };
}

test('clock: local HH:MM:SS.mmm, HH:MM:SS on request, dashes for no time', () => {
  const t = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
  assert.equal(clock(t), '03:04:05.006');
  assert.equal(clock(t, 's'), '03:04:05');
  assert.equal(clock(new Date(2024, 0, 2, 23, 59, 59, 999).getTime()), '23:59:59.999');
  assert.equal(clock(NaN), '--:--:--.---');
  assert.equal(clock(Infinity, 's'), '--:--:--');
});

for (const g of GOLDEN) {
  test(`golden: ${g.name}`, () => {
    const e = event(g);
    assert.equal(eventDeviceId(e), g.device, 'device id');
    assert.equal(eventSummary(e), g.summary, 'summary');
    assert.ok(g.summary.length <= SUMMARY_MAX + 1);

    // The events output: event time, [type], device (cut and shown safely), operation, summary, monitor.
    const device = lineField(g.device ?? '-', 64);
    assert.equal(formatEventLine(e), `10:20:30.045 [${g.type}] ${device} UPDATE ${g.summary}  #12`, 'events output line');
    // push-client's pretty header: receive time, [type], operation, topic, summary.
    const head = formatEvent(e, 'pretty').split('\n')[0];
    assert.ok(head.startsWith(`${clock(RECEIVED)} [${g.type}] UPDATE `), head);
    assert.ok(head.endsWith(` ${g.summary}`), `push-client header: ${head}`);
    // The viewer's row.
    const row = rowStrings(1, e, itemDevice(e));
    assert.equal(row.summary, g.summary, 'viewer summary');
    assert.equal(row.recv, clock(RECEIVED));
    assert.equal(row.server, '10:20:30.045');
  });
}

test('the viewer row shows the device id safely; the filter keeps the raw one', () => {
  const e = event(GOLDEN[GOLDEN.length - 1]);
  assert.equal(itemDevice(e), `${DEVICE}\u202Egnp.exe`);
  assert.equal(rowStrings(1, e, itemDevice(e)).device, `${DEVICE}⟨U+202E⟩gnp.exe`);
});

test('summaries of very hostile events stay one capped line without control or bidi characters', () => {
  const big = `x\r\n\u202E\u0000\t${'A'.repeat(200_000)}`;
  const data = {
    devConnectwareId: big, streamId: big, data: big, streamUnits: big, dpConnectionStatus: big, dpLastKnownIp: big, dpDeviceType: big, dpFirmwareLevelDesc: big,
    id: { fdPath: big, fdName: big, almId: big }, fdSize: big, fdContentType: big, almsStatus: big, almsTopic: big, almsSourceEntityId: big, currentValue: { data: big },
    [big]: big,
  };
  for (const type of ['DataPoint', 'DeviceCore', 'FileData', 'AlarmStatus', 'DataStream', 'Unknown']) {
    const s = eventSummary({ type, topic: `1/${type}/${big}`, data });
    assert.ok(s.length <= SUMMARY_MAX + 1, `${type}: ${s.length}`);
    assert.ok(!/[\r\n\u2028\u2029\u0000-\u001F\u202E]/.test(s), `${type}: ${s.slice(0, 80)}`); // eslint-disable-line no-control-regex
  }
});

test('lineField cuts with an ellipsis, never inside a surrogate pair, and makes one line', () => {
  assert.equal(lineField('abc', 3), 'abc');
  assert.equal(lineField('abcd', 3), 'abc…');
  assert.equal(lineField('ab😀', 3), 'ab…');
  assert.equal(lineField('a\n\n b\tc', 10), 'a b c');
});
