// What the Devices view shows: device and stream rows (labels, descriptions, icons, context
// values, tooltips with hostile server text escaped), counts, the tree's rows per state, and
// the Watch This Device topics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionText, countsText, deviceItem, deviceLabel, shortDeviceId, streamItem, streamPath, STREAM_CLICK_COMMAND } from '../../../src/extension/devices/deviceItems';
import { DeviceList } from '../../../src/extension/devices/deviceList';
import { StreamEntry } from '../../../src/extension/devices/streamList';
import { readWatchOptions, watchOptionItems, watchTopics } from '../../../src/extension/devices/watchTopics';
import { formatOnly as t } from '../../../src/extension/l10n';
import { device } from '../../helpers/devices';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');

test('a device row: description or type as label, short id and connection age as description, icon and context by state', () => {
  const d = device(0x58175b, { connected: true, description: 'Boiler room gateway', type: 'Digi IX15', lastConnectTime: NOW - 3 * 60_000 });
  const item = deviceItem('acc', d, NOW, t);
  assert.equal(item.label, 'Boiler room gateway');
  assert.equal(item.description, '00409DFF-FF58175B · connected 3 min ago');
  assert.deepEqual(item.icon, { id: 'vm-running', color: 'charts.green' });
  assert.equal(item.contextValue, 'device.connected');
  assert.equal(item.collapsible, 'collapsed', 'expands to its data streams');
  assert.equal(item.id, `device:acc/${0x58175b}`);
  const off = deviceItem('acc', device(2, { type: 'Digi IX15', lastDisconnectTime: NOW - 2 * 3600_000 }), NOW, t);
  assert.deepEqual([off.label, off.description, off.contextValue, off.icon?.id], ['Digi IX15', '00409DFF-FF000002 · disconnected 2 h ago', 'device.disconnected', 'vm-outline']);
  // Neither description nor type: the device id is the label, not repeated in the description.
  const bare = deviceItem('acc', device(3), NOW, t);
  assert.deepEqual([bare.label, bare.description], ['00000000-00000000-00409DFF-FF000003', 'disconnected']);
  assert.equal(shortDeviceId('ABC'), 'ABC');
  assert.equal(connectionText(device(4, { connected: true }), NOW, t), 'connected');
});

test('the tooltip lists id, type, firmware, IPs, group and times; hostile text is one escaped line', () => {
  const hostile = '**bold** [link](command:x) <img src=x> $(zap) `code`\n# heading \u202Eevil';
  const d = device(5, {
    connected: false, description: hostile, type: 'Digi IX15', firmwareLevelDesc: '24.3.1', firmwareLevel: 402849025, lastKnownIp: '10.0.0.5', globalIp: '203.0.113.9', groupPath: 'plant/boilers',
    lastConnectTime: NOW - 3600_000, lastDisconnectTime: NOW - 60_000, mac: '00:40:9D:58:17:5B',
  });
  const item = deviceItem('acc', d, NOW, t);
  const md = item.tooltip!;
  for (const want of ['Device ID: 00000000\\-00000000\\-00409DFF\\-FF000005', 'Type: Digi IX15', 'Firmware: 24\\.3\\.1 \\(402849025\\)', 'IP: 10\\.0\\.0\\.5 · global 203\\.0\\.113\\.9', 'Group: plant/boilers', 'Last disconnect: 2026-01-01T11:59:00.000Z (1 min ago)']) {
    assert.ok(md.includes(want), `${want} in ${md}`);
  }
  assert.ok(!md.includes('[link](command:x)'), 'no live link');
  assert.ok(md.includes('\\<img') && !/(^|[^\\])<img/.test(md), 'no HTML: the < is escaped');
  assert.ok(!md.includes('$(zap)'), 'no theme icon');
  assert.ok(!md.includes('\n# heading'), 'no new block');
  assert.ok(!md.includes('\u202E'), 'bidi override shown, not applied');
  // The label is one line with invisible characters shown.
  assert.ok(!item.label.includes('\n') && !item.label.includes('\u202E'));
  assert.ok(deviceLabel(device(6, { description: 'x'.repeat(500) })).length <= 81);
  // Root group.
  assert.ok(deviceItem('acc', device(7, { groupPath: '' }), NOW, t).tooltip!.includes('Group: (root)'));
});

test('a stream row: path after the device id, value with units and age, history on click, icon by type', () => {
  const d = device(1);
  const node = new StreamEntry('acc', d.deviceId, { streamId: `${d.deviceId}/metrics/temperature`, dataType: 'DOUBLE', units: 'C', description: 'Boiler temp', currentValue: { data: '21.5', timestamp: NOW - 5000, serverTimestamp: NOW - 4000 } });
  const item = streamItem(node, NOW, t);
  assert.deepEqual([item.label, item.description, item.contextValue, item.icon?.id], ['metrics/temperature', '21.5 C · 5 s ago', 'stream', 'symbol-number']);
  assert.equal(item.command?.command, STREAM_CLICK_COMMAND);
  assert.equal(STREAM_CLICK_COMMAND, 'digiPushMonitor.stream.openHistory');
  assert.deepEqual(item.command?.arguments, [node]);
  for (const want of ['Type: DOUBLE · units C', 'Description: Boiler temp', 'Current value: 21\\.5', `Stream: ${d.deviceId.replace(/-/g, '\\-')}/metrics/temperature`]) assert.ok(item.tooltip!.includes(want), want);
  const empty = streamItem(new StreamEntry('acc', d.deviceId, { streamId: 'other/stream', dataType: 'STRING' }), NOW, t);
  assert.deepEqual([empty.label, empty.description, empty.icon?.id], ['other/stream', 'no data yet', 'symbol-string']);
  const json = streamItem(new StreamEntry('acc', d.deviceId, { streamId: `${d.deviceId}/j`, dataType: 'JSON', currentValue: { data: '{"a":\n"<b>"}', timestamp: NOW } }), NOW, t);
  assert.equal(json.icon?.id, 'json');
  assert.ok(!json.description!.includes('\n'));
  assert.equal(streamPath(`${d.deviceId}/`, d.deviceId), `${d.deviceId}/`);
});

test('counts: all read "3/10 connected"; read in part "3 of 100 shown connected · 10,000 devices"', () => {
  assert.equal(countsText({ connected: 3, shown: 10, total: 10, complete: true }, t), '3/10 connected');
  assert.equal(countsText({ connected: 3, shown: 100, total: 10_000, complete: false }, t), '3 of 100 shown connected · 10,000 devices');
  const l = new DeviceList('a');
  const g = l.reset(undefined);
  l.addPage(g, { items: [device(1, { connected: true }), device(2)], start: 0, remaining: 0, total: 2 });
  assert.equal(countsText(l, t), '1/2 connected');
});

test('Watch This Device topics: DeviceCore by record id, DataPoint by device id, FileData under the storage root, AlarmStatus account-wide', () => {
  const d = { deviceId: '00000000-00000000-00409DFF-FF58175B', devId: 6283 };
  assert.deepEqual(watchTopics(d, { fileData: false, alarmStatus: false }), ['DeviceCore/6283', 'DataPoint/00000000-00000000-00409DFF-FF58175B']);
  assert.deepEqual(watchTopics(d, { fileData: true, alarmStatus: true }), ['DeviceCore/6283', 'DataPoint/00000000-00000000-00409DFF-FF58175B', 'FileData/~/00000000-00000000-00409DFF-FF58175B', 'AlarmStatus']);
  for (const bad of ['', 'a/b', 'x,DataPoint', '[operation=C]x', '*', 'a b']) assert.throws(() => watchTopics({ deviceId: bad, devId: 1 }, { fileData: false, alarmStatus: false }), /not a device id/, bad);
  assert.throws(() => watchTopics({ ...d, devId: -1 }, { fileData: false, alarmStatus: false }), /whole number/);
  assert.deepEqual(readWatchOptions(undefined), { fileData: false, alarmStatus: false });
  assert.deepEqual(readWatchOptions({ fileData: true, alarmStatus: 'yes' }), { fileData: true, alarmStatus: false });
  const items = watchOptionItems({ fileData: true, alarmStatus: false }, t);
  assert.deepEqual(items.map((i) => [i.option, i.picked]), [['fileData', true], ['alarmStatus', false]]);
  assert.match(items[1].description, /can't be scoped to one device/);
});
