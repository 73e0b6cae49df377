// The Devices view's per-account model: pages (first, more, stale, empty), the filter as a
// server condition and as a client-side test, counts, and DeviceCore events applied on top
// (flips, times, unknown devices, CREATE/DELETE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceInfo, RowPage } from '../../../src/core';
import { DeviceList, filterCondition, filterMatcher, filterProblem } from '../../../src/extension/devices/deviceList';
import { device } from '../../helpers/devices';

const page = (start: number, items: DeviceInfo[], remaining: number, total?: number): RowPage<DeviceInfo> => ({ start, items, remaining, total });

test('the first page and "load more" pages fill the list in order; remaining and total come from the server', () => {
  const l = new DeviceList('a');
  const gen = l.reset(undefined);
  assert.equal(l.status, 'loading');
  assert.ok(l.addPage(gen, page(0, [device(1, { connected: true }), device(2)], 3, 5)));
  assert.deepEqual([l.status, l.shown, l.connected, l.total, l.remaining, l.nextStart, l.complete], ['loaded', 2, 1, 5, 3, 2, false]);
  const more = l.beginMore();
  assert.equal(more, gen);
  assert.equal(l.beginMore(), undefined, 'one "load more" at a time');
  // Rows shifted on the server: device 2 comes again; it keeps one row and takes the newer record.
  assert.ok(l.addPage(more!, page(2, [device(2, { connected: true }), device(3), device(4)], 0, 5)));
  assert.deepEqual(l.devices.map((e) => e.device.devId), [1, 2, 3, 4]);
  assert.equal(l.connected, 2);
  assert.equal(l.complete, true);
  assert.equal(l.beginMore(), undefined, 'nothing more to read');
});

test('a page read before a reset (refresh, new filter) is dropped', () => {
  const l = new DeviceList('a');
  const old = l.reset(undefined);
  const now = l.reset('boiler');
  assert.equal(l.addPage(old, page(0, [device(1)], 0, 1)), false);
  assert.equal(l.shown, 0);
  assert.equal(l.fail(old, { message: 'late' }), false);
  assert.equal(l.status, 'loading');
  assert.ok(l.addPage(now, page(0, [], 0, 0)));
  assert.equal(l.filter, 'boiler');
});

test('an empty page ends the list even when the server says rows remain (no endless "Load more")', () => {
  const l = new DeviceList('a');
  const gen = l.reset(undefined);
  l.addPage(gen, page(0, [], 10));
  assert.equal(l.remaining, 0);
  assert.equal(l.complete, true);
});

test('a failed first read is the list\'s error; a failed "load more" keeps the rows and records the error', () => {
  const l = new DeviceList('a');
  const gen = l.reset(undefined);
  l.fail(gen, { message: 'HTTP 500', code: 'HTTP' });
  assert.deepEqual([l.status, l.error?.message], ['error', 'HTTP 500']);
  const g2 = l.reset(undefined);
  l.addPage(g2, page(0, [device(1)], 1, 2));
  l.beginMore();
  l.fail(g2, { message: 'timeout' });
  assert.deepEqual([l.status, l.shown, l.loadingMore, l.error?.message], ['loaded', 1, false, 'timeout']);
  l.clearError();
  assert.equal(l.error, undefined);
  assert.equal(l.beginMore(), g2, 'the page can be tried again');
});

test('events flip a known device and stamp the change with the event time when the record has none', () => {
  const l = new DeviceList('a');
  const gen = l.reset(undefined);
  l.addPage(gen, page(0, [device(7, { connected: true, lastConnectTime: 1000, description: 'Boiler', firmwareLevelDesc: '1.0' })], 0, 1));
  const entry = l.entry(7)!;
  // A disconnect event whose record lacks dpLastDisconnectTime (the simulator's).
  const r = l.applyEvent(device(7, { connected: false, lastConnectTime: 1000 }), 'UPDATE', 5000);
  assert.equal(r.kind, 'updated');
  assert.equal(r.kind === 'updated' && r.entry, entry, 'the same row object: the view refreshes just that row');
  assert.deepEqual([entry.device.connected, entry.device.lastDisconnectTime, entry.device.description, entry.device.firmwareLevelDesc], [false, 5000, 'Boiler', '1.0']);
  assert.equal(l.connected, 0);
  // A connect that carries its own time keeps it.
  l.applyEvent(device(7, { connected: true, lastConnectTime: 9000 }), 'update', 9500);
  assert.deepEqual([entry.device.connected, entry.device.lastConnectTime], [true, 9000]);
  // A connect whose record repeats the old connect time gets the event's.
  l.applyEvent(device(7, { connected: false }), 'UPDATE', 10_000);
  l.applyEvent(device(7, { connected: true, lastConnectTime: 9000 }), 'UPDATE', 12_000);
  assert.equal(entry.device.lastConnectTime, 12_000);
});

test('unknown devices: added when the list is complete or on CREATE, and only when they match the filter', () => {
  const partial = new DeviceList('a');
  const g = partial.reset(undefined);
  partial.addPage(g, page(0, [device(1)], 9_999, 10_000));
  // On a page not read yet: an UPDATE does not grow a partial list (it would become the whole fleet).
  assert.equal(partial.applyEvent(device(500), 'UPDATE', 1).kind, 'ignored');
  assert.equal(partial.shown, 1);
  // A new device (CREATE) is shown at once, and counted.
  assert.equal(partial.applyEvent(device(20_000), 'CREATE', 1).kind, 'added');
  assert.deepEqual([partial.shown, partial.total], [2, 10_001]);

  const complete = new DeviceList('a');
  const g2 = complete.reset('boiler');
  complete.addPage(g2, page(0, [device(1, { description: 'Boiler room' })], 0, 1));
  assert.equal(complete.applyEvent(device(2, { description: 'Pump' }), 'UPDATE', 1).kind, 'ignored', 'does not match the filter');
  assert.equal(complete.applyEvent(device(3, { description: 'second BOILER' }), 'UPDATE', 1).kind, 'added');
  assert.deepEqual([complete.shown, complete.total], [2, 2]);
  // DELETE removes a known device.
  assert.equal(complete.applyEvent(device(3), 'DELETE', 1).kind, 'removed');
  assert.equal(complete.applyEvent(device(99), 'DELETE', 1).kind, 'ignored');
  assert.deepEqual([complete.shown, complete.total], [1, 1]);
});

test('events before the first page arrives are ignored (the page has the newer state)', () => {
  const l = new DeviceList('a');
  assert.equal(l.applyEvent(device(1), 'UPDATE', 1).kind, 'ignored');
  l.reset(undefined);
  assert.equal(l.applyEvent(device(1), 'CREATE', 1).kind, 'ignored');
});

test('the filter becomes a condition on the device id (upper-cased) or description; quotes and control characters are refused', () => {
  assert.equal(filterCondition(' ff58 '), "devConnectwareId like '%FF58%' or dpDescription like '%ff58%'");
  assert.match(filterProblem("O'Brien") ?? '', /cannot contain '/);
  assert.throws(() => filterCondition("x' or '1'='1"), /cannot contain '/);
  assert.match(filterProblem('   ') ?? '', /empty/);
  assert.match(filterProblem('a\u0000b') ?? '', /control character/);
  assert.match(filterProblem('x'.repeat(101)) ?? '', /longer than 100/);
  assert.equal(filterProblem('boiler%room_1'), undefined);
});

test('the client-side filter matches like the server (LIKE wildcards), ignoring case, on id or description', () => {
  const m = filterMatcher('boil%room');
  assert.ok(m(device(1, { description: 'Boiler ROOM gateway' })));
  assert.ok(!m(device(1, { description: 'Pump' })));
  assert.ok(filterMatcher('ff000001')(device(1)), 'device id, any case');
  assert.ok(filterMatcher('a.c')(device(1, { description: 'a.c' })));
  assert.ok(!filterMatcher('a.c')(device(1, { description: 'abc' })), 'regex characters are literal');
  assert.ok(filterMatcher(undefined)(device(1)));
});
