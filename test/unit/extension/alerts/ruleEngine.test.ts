// Watch rules on a fake clock: devices that disconnect, streams that fall silent, values out
// of range (numbers and numeric text; other text ignored), alarms raised and reset, scope by
// account and monitor, and the notification gate: flapping gives one notice per interval
// with a count, de-duplication while a condition holds, muting that ends at its expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../../../src/core';
import { deviceFromEvent, pointFromEvent } from '../../../../src/extension/devices/eventRecords';
import { NotificationGate, type Notice } from '../../../../src/extension/alerts/notificationGate';
import { numericValue, RuleEngine, type Occurrence } from '../../../../src/extension/alerts/ruleEngine';
import { readRules, type AlertRule } from '../../../../src/extension/alerts/rules';
import { FakeClock } from '../../../helpers/fakeClock';

const DEV = '00000000-00000000-00409DFF-FF000001';
const DEV2 = '00000000-00000000-00409DFF-FF000002';

const event = (type: string, data: unknown): PushEvent => ({
  kind: 'event', topic: `42/${type}/x`, type, operation: 'UPDATE', timestamp: '2026-01-01T00:00:00.000Z', replay: false, format: 'json', blockId: 1, monitorId: 1, receivedAt: 0, data,
});
const deviceCore = (deviceId: string, connected: boolean) =>
  event('DeviceCore', { id: { devId: parseInt(deviceId.slice(-6), 16), devVersion: 0 }, devConnectwareId: deviceId, dpConnectionStatus: connected ? 1 : 0 });
// The real service sends every scalar as a string; the simulator's JSON pushes numbers.
const point = (streamId: string, data: string | number) => event('DataPoint', { id: 'u1', streamId, data, timestamp: '1767225600000', cstId: '42' });
const alarm = (status: number | string, source = `${DEV}/metrics/temperature`) =>
  event('AlarmStatus', { id: { almId: 41000, almsSourceEntityId: source }, almsStatus: status, almsTopic: 'Alarm.DataPointCondition' });

function rules(value: unknown[]): AlertRule[] {
  const read = readRules(value);
  assert.deepEqual(read.problems, []);
  return read.rules;
}

function setup(value: unknown[], intervalMs = 60_000) {
  const clock = new FakeClock(1_000_000);
  const fired: Occurrence[] = [];
  const notices: Notice[] = [];
  const gate = new NotificationGate({ clock, intervalMs, notify: (n) => notices.push(n), changed: () => undefined });
  const engine = new RuleEngine({
    clock, parseDevice: deviceFromEvent, parsePoint: pointFromEvent, accountLabel: (id) => (id === 'acc-1' ? 'Production' : 'Lab'),
    fired: (o) => (fired.push(o), gate.offer(o)), changed: () => undefined,
  });
  engine.setRules(rules(value));
  const feed = (...events: PushEvent[]) => engine.onEvents('acc-1', 7, events);
  return { clock, fired, notices, gate, engine, feed };
}

test('a disconnect fires once per device until it reconnects; the state says firing since', () => {
  const { clock, fired, engine, feed } = setup([{ name: 'gateways', kind: 'deviceDisconnected', device: '*-FF00000?' }]);
  feed(deviceCore(DEV, true));
  assert.equal(fired.length, 0);
  feed(deviceCore(DEV, false));
  clock.advance(5000);
  feed(deviceCore(DEV, false)); // another update of a disconnected device: no second fire
  assert.equal(fired.length, 1);
  assert.equal(fired[0].subject, DEV);
  assert.equal(fired[0].message, `device ${DEV} disconnected`);
  assert.deepEqual([fired[0].accountId, fired[0].monitorId], ['acc-1', 7]);
  assert.deepEqual(engine.state('gateways'), { firing: [{ subject: DEV, since: 1_000_000 }], lastFired: 1_000_000 });
  feed(deviceCore(DEV, true));
  assert.deepEqual(engine.state('gateways')?.firing, [], 'armed again once the device reconnects');
  feed(event('DeviceCore', { bogus: true }), deviceCore('00000000-00000000-00409DFF-FF100000', false)); // unparsable; not matching
  assert.equal(fired.length, 1);
});

test('flapping: 10 disconnects in a minute give one notice at once and one summary with the count at the interval', () => {
  const { clock, fired, notices, feed } = setup([{ name: 'flappy', kind: 'deviceDisconnected', device: DEV }]);
  for (let i = 0; i < 10; i++) {
    feed(deviceCore(DEV, false));
    clock.advance(2000);
    feed(deviceCore(DEV, true));
    clock.advance(3000);
  }
  assert.equal(fired.length, 10);
  assert.equal(notices.length, 1, 'one notice during the minute');
  assert.deepEqual([notices[0].count, notices[0].summary], [1, false]);
  clock.advance(10_000); // the minute since the first notice ends
  assert.equal(notices.length, 2);
  assert.deepEqual([notices[1].count, notices[1].summary, notices[1].latest.at], [9, true, 1_000_000 + 9 * 5000]);
  clock.advance(120_000);
  assert.equal(notices.length, 2, 'nothing more without new occurrences');
  feed(deviceCore(DEV, false));
  assert.equal(notices.length, 3, 'a quiet interval later the next fire notifies at once');
});

test('de-duplication: while the condition holds the rule does not fire again, another subject does', () => {
  const { notices, feed, clock } = setup([{ name: 'range', kind: 'valueOutOfRange', stream: 'metrics/temperature', max: 30 }]);
  feed(point(`${DEV}/metrics/temperature`, 31), point(`${DEV}/metrics/temperature`, 35), point(`${DEV}/metrics/temperature`, 40));
  assert.equal(notices.length, 1);
  feed(point(`${DEV2}/metrics/temperature`, 33));
  clock.advance(60_000);
  assert.equal(notices.length, 2);
  assert.equal(notices[1].count, 1);
  assert.equal(notices[1].latest.subject, `${DEV2}/metrics/temperature`);
});

test('value out of range: numeric text counts, text that is not a number is ignored, back in range re-arms', () => {
  const { fired, engine, feed } = setup([{ name: 'battery', kind: 'valueOutOfRange', stream: '*/battery', min: 3.3, max: 4.2 }]);
  const s = `${DEV}/battery`;
  feed(point(s, '3.9'), point(s, 'warm'), point(s, ''), point(s, 'NaN'), point(s, '0x10'), point(s, 'Infinity'));
  assert.equal(fired.length, 0, 'in range, or not a number');
  feed(point(s, '3.1'));
  assert.equal(fired.length, 1);
  assert.equal(fired[0].message, `${s} = 3.1 is below 3.3`);
  feed(point(s, 'offline'));
  assert.equal(engine.state('battery')?.firing.length, 1, 'a value that does not parse does not clear either');
  feed(point(s, ' 4.0 '));
  assert.equal(engine.state('battery')?.firing.length, 0);
  feed(point(s, '4.5e0'));
  assert.equal(fired.length, 2);
  assert.equal(fired[1].message, `${s} = 4.5 is above 4.2`);
  assert.deepEqual([numericValue('-1.5'), numericValue('1e3'), numericValue('.5'), numericValue('abc'), numericValue('1,5')], [-1.5, 1000, 0.5, undefined, undefined]);
});

test('silence: a stream seen once and then quiet for N seconds fires once; data re-arms it; a stopped session stops the watch', () => {
  const { clock, fired, engine, feed } = setup([{ name: 'quiet', kind: 'streamSilent', stream: '*/metrics/*', seconds: 30 }]);
  const s = `${DEV}/metrics/temperature`;
  clock.advance(100_000);
  assert.equal(fired.length, 0, 'a stream never seen is not silent');
  feed(point(s, 21));
  clock.advance(20_000);
  feed(point(s, 22)); // resets the deadline
  clock.advance(29_999);
  assert.equal(fired.length, 0);
  clock.advance(1);
  assert.equal(fired.length, 1);
  assert.equal(fired[0].message, `no data on ${s} for 30 s`);
  assert.equal(fired[0].at, 1_000_000 + 100_000 + 20_000 + 30_000);
  clock.advance(300_000);
  assert.equal(fired.length, 1, 'silent longer: still one');
  feed(point(s, 23));
  assert.deepEqual(engine.state('quiet')?.firing, []);
  engine.sessionEnded('acc-1', 7);
  clock.advance(300_000);
  assert.equal(fired.length, 1, 'not watched once its session stopped');
  assert.equal(clock.armed, 0, 'no timer left');
});

test('silence timers follow the earliest deadline across streams of different rules', () => {
  const { clock, fired, feed } = setup([
    { name: 'slow', kind: 'streamSilent', stream: '*/a', seconds: 60 },
    { name: 'fast', kind: 'streamSilent', stream: '*/b', seconds: 10 },
  ]);
  feed(point(`${DEV}/a`, 1));
  feed(point(`${DEV}/b`, 1));
  clock.advance(10_000);
  assert.deepEqual(fired.map((o) => o.rule), ['fast']);
  clock.advance(50_000);
  assert.deepEqual(fired.map((o) => o.rule), ['fast', 'slow']);
});

test('alarms: status 1 fires, acknowledged keeps it firing, reset re-arms; the source glob limits it', () => {
  const { fired, engine, feed } = setup([{ name: 'alarms', kind: 'alarmRaised', source: '*/metrics/temperature' }]);
  feed(alarm(0), alarm('1'), alarm(2));
  assert.equal(fired.length, 1);
  assert.match(fired[0].message, /^alarm 41000 on .*metrics\/temperature raised$/);
  assert.equal(engine.state('alarms')?.firing.length, 1);
  feed(alarm('0'));
  assert.equal(engine.state('alarms')?.firing.length, 0);
  feed(alarm(1, `${DEV}/other`));
  assert.equal(fired.length, 1, 'another source');
  feed(alarm(1));
  assert.equal(fired.length, 2);
});

test('muting: nothing is notified until the mute ends at its expiry; then the rule notifies again', () => {
  const { clock, notices, gate, feed } = setup([{ name: 'dc', kind: 'deviceDisconnected', device: '*' }]);
  gate.mute('dc', 3_600_000);
  assert.equal(gate.mutedUntil('dc'), 1_000_000 + 3_600_000);
  feed(deviceCore(DEV, false), deviceCore(DEV2, false));
  assert.equal(notices.length, 0);
  assert.equal(gate.mutedCount('dc'), 2);
  clock.advance(3_599_999);
  assert.notEqual(gate.mutedUntil('dc'), undefined);
  clock.advance(1);
  assert.equal(gate.mutedUntil('dc'), undefined, 'unmuted at expiry');
  feed(deviceCore(DEV, true), deviceCore(DEV, false));
  assert.equal(notices.length, 1);
  // Muting drops a pending summary; unmuting by hand works too.
  feed(deviceCore(DEV, true), deviceCore(DEV, false));
  gate.mute('dc', 60_000);
  gate.unmute('dc');
  clock.advance(120_000);
  assert.equal(notices.length, 1);
  assert.equal(clock.armed, 0);
});

test('scope: account (label or id, any case) and monitor limit a rule', () => {
  const { fired, engine } = setup([
    { name: 'prod', kind: 'deviceDisconnected', device: '*', account: 'production' },
    { name: 'lab', kind: 'deviceDisconnected', device: '*', account: 'Lab' },
    { name: 'byId', kind: 'deviceDisconnected', device: '*', account: 'acc-2' },
    { name: 'm8', kind: 'deviceDisconnected', device: '*', monitor: 8 },
    { name: 'off', kind: 'deviceDisconnected', device: '*', enabled: false },
  ]);
  engine.onEvents('acc-1', 7, [deviceCore(DEV, false)]);
  assert.deepEqual(fired.map((o) => o.rule), ['prod']);
  engine.onEvents('acc-2', 8, [deviceCore(DEV2, false)]);
  assert.deepEqual(fired.map((o) => o.rule), ['prod', 'lab', 'byId', 'm8']);
});

test('a changed rule starts afresh, an unchanged one keeps its state', () => {
  const { engine, feed } = setup([
    { name: 'a', kind: 'deviceDisconnected', device: '*' },
    { name: 'b', kind: 'deviceDisconnected', device: '*' },
  ]);
  feed(deviceCore(DEV, false));
  engine.setRules(rules([{ name: 'a', kind: 'deviceDisconnected', device: '*' }, { name: 'b', kind: 'deviceDisconnected', device: '*-FF*' }]));
  assert.equal(engine.state('a')?.firing.length, 1);
  assert.equal(engine.state('b')?.firing.length, 0);
});
