// The simulator's pure parts: condition parser, topic filter, batching rule, sequence
// numbers and the seeded generator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionError, parseCondition } from '../../src/simulator/conditions';
import { compileTopicFilter, splitTopicList } from '../../src/simulator/topicFilter';
import { nextBatch } from '../../src/simulator/batcher';
import { EventGenerator } from '../../src/simulator/generator';
import { eventFromInput, type SimEvent } from '../../src/simulator/simEvent';
import { eventUuid, sequenceFromText, sequenceOfData } from '../../src/simulator/sequence';
import { DEMO_ACCOUNT } from '../../src/simulator';

test('conditions: comparisons, like, not, and/or precedence, parentheses, quotes', () => {
  const fields: Record<string, string> = { monId: '12', monTopic: "DeviceCore,Data'Point", monStatus: 'ACTIVE' };
  const known = (n: string) => n in fields;
  const ev = (c: string) => parseCondition(c, known)((n) => fields[n]);
  assert.equal(ev("monTopic='DeviceCore,Data''Point'"), true);
  assert.equal(ev("monId>'9'"), true, 'numeric when both are numbers');
  assert.equal(ev("monId<='11'"), false);
  assert.equal(ev("monId<>'12'"), false);
  assert.equal(ev("monTopic LIKE 'Device%'"), true);
  assert.equal(ev("monTopic like 'Device_ore%'"), true);
  assert.equal(ev("monTopic not like '%Core'"), true);
  assert.equal(ev("NOT monStatus='ACTIVE'"), false);
  assert.equal(ev("monStatus='X' and monId='1' or monId='12'"), true);
  assert.equal(ev("monStatus='X' and (monId='1' or monId='12')"), false);
  assert.equal(ev(''), true);
  for (const bad of ["monId='1", "monId='1' or", "(monId='1'", "monId '1'", "x='1'", "monId='1' monId='2'", 'monId=#']) {
    assert.throws(() => parseCondition(bad, known), ConditionError, bad);
  }
});

function ev(type: string, path: string, operation?: string): SimEvent {
  return eventFromInput({ type, topicPath: path, data: {}, operation }, 1001, 0);
}

test('topic filter: resource, path prefix, *, globs, %2F, ~ root, operation scopes', () => {
  const root = 'db/1001_Demo_Company';
  const m = (spec: string, e: SimEvent) => compileTopicFilter(spec, root)(e);
  const dp = ev('DataPoint', '00000000-00000000-00409DFF-FF000001/metrics/temperature');
  assert.equal(m('DataPoint', dp), true);
  assert.equal(m('DeviceCore', dp), false);
  assert.equal(m('DataPoint/00000000-00000000-00409DFF-FF000001', dp), true);
  assert.equal(m('DataPoint/00000000-00000000-00409DFF-FF000002', dp), false);
  assert.equal(m('DataPoint/*/metrics/temperature', dp), true);
  assert.equal(m('DataPoint/*/metrics/humidity', dp), false);
  assert.equal(m('DataPoint/*/metrics/temp*', dp), true);
  assert.equal(m('DeviceCore,DataPoint/*/metrics', dp), true);
  const fd = ev('FileData', `${root}/00000000-00000000-00409DFF-FF000001/trace.log`);
  assert.equal(m('FileData/~%2F00000000-00000000-00409DFF-FF000001/trace.log', fd), true);
  assert.equal(m('FileData/~/00000000-00000000-00409DFF-FF000001/*.*', fd), true);
  assert.equal(m('FileData/~/00000000-00000000-00409DFF-FF000001/*.json', fd), false);
  const al = ev('AlarmStatus', `41826/${encodeURIComponent('aggregate-throttle/00000000-00000000-00409DFF-FF000001')}`);
  assert.equal(m('AlarmStatus/41826/aggregate-throttle%2F00000000-00000000-00409DFF-FF000001', al), true);
  const upd = ev('DeviceCore', '6283/0', 'UPDATE');
  const del = ev('DeviceCore', '6283/0', 'DELETE');
  assert.equal(m('[operation=U]DeviceCore', upd), true);
  assert.equal(m('[operation=U]DeviceCore', del), false);
  assert.equal(m('DeviceCore[U]', upd), true);
  assert.equal(m('DeviceCore[C,D]', del), true);
  assert.equal(m('[operation=C]DataPoint', dp), true, 'C covers INSERTION');
  assert.equal(m('[group=Staging]DeviceCore', upd), true, 'group scope is ignored');
});

test('batching rule: full batch now, partial after the duration from its first event, replay at once', () => {
  assert.deepEqual(nextBatch({ length: 250, headAt: 0, headReplay: false }, 100, 10_000, 5), { send: 100 });
  assert.deepEqual(nextBatch({ length: 3, headAt: 1000, headReplay: false }, 100, 10_000, 5000), { waitUntil: 11_000 });
  assert.deepEqual(nextBatch({ length: 3, headAt: 1000, headReplay: false }, 100, 10_000, 11_000), { send: 3 });
  assert.deepEqual(nextBatch({ length: 3, headAt: 1000, headReplay: false }, 100, 0, 1000), { send: 3 });
  assert.deepEqual(nextBatch({ length: 3, headAt: 1000, headReplay: true }, 100, 10_000, 1000), { send: 3 });
});

test('sequence numbers live in a v1-shaped event UUID', () => {
  const u = eventUuid(0x2a, Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-8d5e-00000000002a$/);
  assert.equal(sequenceFromText(u), 42);
  assert.equal(sequenceFromText('684572e0-12c4-11e5-8507-fa163ed4cf14'), undefined, 'a real DataPoint id carries none');
  assert.equal(sequenceOfData('DataPoint', { id: u }), 42);
  assert.equal(sequenceOfData('DeviceCore', { dpUserMetaData: u }), 42);
  assert.equal(sequenceOfData('FileData', { id: { fdName: `${u}.json` } }), 42);
  assert.equal(sequenceOfData('AlarmStatus', { almsPayload: `<DataPoint><id>${u}</id></DataPoint>` }), 42);
  assert.equal(sequenceOfData('DataPoint', { id: 'x' }), undefined);
});

test('generator: same seed, same stream; sequence numbers increase by one', () => {
  const make = () => {
    let seq = 0;
    let t = Date.UTC(2025, 5, 1);
    return new EventGenerator({ account: DEMO_ACCOUNT, devices: 4, seed: 99, clock: () => (t += 10), nextSeq: () => ++seq });
  };
  const a = make();
  const b = make();
  const ea = Array.from({ length: 200 }, () => a.next());
  const eb = Array.from({ length: 200 }, () => b.next());
  assert.deepEqual(ea.map((e) => JSON.stringify(e)), eb.map((e) => JSON.stringify(e)));
  assert.deepEqual(ea.map((e) => sequenceOfData(e.type, e.data)), Array.from({ length: 200 }, (_, i) => i + 1));
  assert.deepEqual(new Set(ea.map((e) => e.type)), new Set(['DataPoint', 'DeviceCore', 'FileData', 'AlarmStatus']));
  assert.equal(a.fleet.length, 4);
  for (const d of a.fleet) assert.match(d.deviceId, /^00000000-00000000-00409DFF-FF[0-9A-F]{6}$/);
  const fd = ea.find((e) => e.type === 'FileData') as SimEvent;
  const data = fd.data as { fdData: string; fdSize: number };
  assert.equal(Buffer.from(data.fdData, 'base64').length, data.fdSize);
});

test('topic lists split at commas outside brackets', () => {
  assert.deepEqual(splitTopicList('[operation=C,U]DeviceCore, DataPoint/x ,FileData[U,D]'), ['[operation=C,U]DeviceCore', 'DataPoint/x', 'FileData[U,D]']);
});
