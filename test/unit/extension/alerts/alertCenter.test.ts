// The AlertCenter fed by sessions through the adapter (as the extension wires it): a notice
// becomes an events output line and a shown notification, device text cannot become a
// notification link, rule states for the view, the status bar count, and a stopped session
// ends its silence watches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent, SessionItem } from '../../../../src/core';
import { AlertCenter, type RaisedNotice } from '../../../../src/extension/alerts/alertCenter';
import { readRules } from '../../../../src/extension/alerts/rules';
import { feedSessions } from '../../../../src/extension/alerts/sessionFeed';
import { deviceFromEvent, pointFromEvent } from '../../../../src/extension/devices/eventRecords';
import { formatOnly as t } from '../../../../src/extension/l10n';
import { Emitter } from '../../../../src/extension/lifecycle';
import type { LiveSession } from '../../../../src/extension/sessions/liveSession';
import type { SessionChange } from '../../../../src/extension/sessions/sessionManager';
import { statusModel } from '../../../../src/extension/statusBar/statusModel';
import { FakeClock } from '../../../helpers/fakeClock';

const DEV = '00000000-00000000-00409DFF-FF000001';
const ev = (type: string, data: unknown): PushEvent => ({
  kind: 'event', topic: `42/${type}/x`, type, operation: 'UPDATE', timestamp: '2026-01-01T00:00:00.000Z', replay: false, format: 'json', blockId: 1, monitorId: 3, receivedAt: 0, data,
});

function fakeSession(accountId: string, monitorId: number) {
  const items = new Emitter<readonly SessionItem[]>();
  const s = { id: `${accountId}/${monitorId}`, accountId, monitorId, state: { kind: 'live', since: 0 }, onItems: items.event } as unknown as LiveSession;
  return { s, items };
}

function setup(rules: unknown[]) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
  const lines: string[] = [];
  const shown: RaisedNotice[] = [];
  const center = new AlertCenter({ clock, parseDevice: deviceFromEvent, parsePoint: pointFromEvent, accountLabel: () => 'Local', writeLine: (l) => lines.push(l), show: (n) => shown.push(n) });
  center.setRules(readRules(rules).rules);
  const changes = new Emitter<SessionChange>();
  const session = fakeSession('sim', 3);
  const feed = feedSessions({ list: () => [session.s], onDidChange: changes.event }, center);
  return { clock, lines, shown, center, changes, session, feed };
}

test('a fired rule writes a ⚠ line, shows one notice with the session, and counts on the status bar until it clears', () => {
  const { lines, shown, center, session } = setup([{ name: 'dc', kind: 'deviceDisconnected', device: '*' }]);
  session.items.fire([ev('DeviceCore', { id: { devId: 1 }, devConnectwareId: DEV, dpConnectionStatus: '0' })]);
  assert.equal(shown.length, 1);
  assert.deepEqual([shown[0].rule, shown[0].message, shown[0].accountId, shown[0].monitorId, shown[0].count], ['dc', `device ${DEV} disconnected`, 'sim', 3, 1]);
  assert.equal(lines.length, 1);
  assert.match(lines[0], new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ⚠ rule dc: device ${DEV} disconnected  \\(#3\\)$`));
  const [status] = center.statuses();
  assert.deepEqual([status.state, status.firing, status.firingSince, status.lastFired], ['firing', 1, Date.UTC(2026, 0, 1, 12), Date.UTC(2026, 0, 1, 12)]);
  assert.equal(center.firingCount(), 1);
  assert.match(statusModel([], 0, t, 1).text, /^\$\(warning\) 1 rule\(s\) firing$/);
  assert.match(statusModel([{ label: 'a', state: { kind: 'live', since: 0 }, eventsPerSecond: 2 }], 0, t, 2).text, / · \$\(warning\) 2 rule\(s\) firing$/);
  session.items.fire([ev('DeviceCore', { id: { devId: 1 }, devConnectwareId: DEV, dpConnectionStatus: '1' })]);
  assert.equal(center.statuses()[0].state, 'armed');
  assert.equal(center.firingCount(), 0);
  assert.equal(statusModel([], 0, t, 0).visible, false);
});

test('the view and status bar are told of changes at most every 250 ms, however many happen', () => {
  const { center, session, clock } = setup([{ name: 'dc', kind: 'deviceDisconnected', device: '*' }]);
  clock.advance(1000);
  let told = 0;
  center.onDidChange(() => told++);
  for (let i = 0; i < 100; i++) session.items.fire([ev('DeviceCore', { id: { devId: 1 }, devConnectwareId: DEV, dpConnectionStatus: i % 2 })]);
  assert.equal(told, 0);
  clock.advance(250);
  assert.equal(told, 1);
  clock.advance(1000);
  assert.equal(told, 1);
  center.dispose();
  assert.equal(clock.armed, 0, 'no timer left once disposed');
});

test('muting shows in the state and in the output; a fire while muted is not shown', () => {
  const { lines, shown, center, session, clock } = setup([{ name: 'dc', kind: 'deviceDisconnected', device: '*' }]);
  assert.equal(center.mute('nope'), false);
  assert.equal(center.mute('dc'), true);
  assert.match(lines[0], /⚠ rule dc: muted until \d\d:\d\d:\d\d$/);
  session.items.fire([ev('DeviceCore', { id: { devId: 1 }, devConnectwareId: DEV, dpConnectionStatus: 0 })]);
  assert.equal(shown.length, 0);
  assert.deepEqual([center.statuses()[0].state, center.statuses()[0].mutedUntil], ['muted', clock.now() + 3_600_000]);
  assert.equal(center.firingCount(), 0, 'a muted rule is not counted');
  clock.advance(3_600_000);
  assert.equal(center.statuses()[0].state, 'firing');
});

test('device text in a notice cannot become a link and stays one line', () => {
  const { shown, session } = setup([{ name: 'hot', kind: 'valueOutOfRange', stream: '*', max: 1 }]);
  session.items.fire([ev('DataPoint', { id: 'u', streamId: 'x/[click](command:workbench.action.quit)\nnext', data: '5', timestamp: '1' })]);
  assert.equal(shown.length, 1);
  assert.ok(!shown[0].message.includes(']('), shown[0].message);
  assert.ok(!shown[0].message.includes('\n'));
});

test('a session that stops ends its silence watches; a removed session is no longer followed', () => {
  const { shown, session, changes, clock } = setup([{ name: 'quiet', kind: 'streamSilent', stream: '*', seconds: 10 }]);
  session.items.fire([ev('DataPoint', { id: 'u', streamId: `${DEV}/a`, data: '1', timestamp: '1' })]);
  (session.s as unknown as { state: { kind: string } }).state = { kind: 'stopped' };
  changes.fire({ kind: 'state', source: session.s });
  clock.advance(60_000);
  assert.equal(shown.length, 0);
  changes.fire({ kind: 'removed', source: session.s });
  session.items.fire([ev('DataPoint', { id: 'u', streamId: `${DEV}/a`, data: '1', timestamp: '1' })]);
  clock.advance(60_000);
  assert.equal(shown.length, 0);
  assert.equal(clock.armed, 0);
});
