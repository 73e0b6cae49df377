import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { clampCapacity, DEFAULT_CAPACITY } from '../../../src/extension/viewer/eventStore';
import { FakeSource } from './fakeSource';
import { dp, gap, range } from './helpers';

test('one store per session plus a merged store, seqs increasing across sessions', () => {
  const hub = new ViewerHub(1000);
  const a = new FakeSource('acc/1', 'Monitor 1');
  const b = new FakeSource('acc/2', 'Monitor 2');
  hub.addSource(a);
  hub.addSource(b);
  a.emit([dp(1), dp(2)]);
  b.emit([dp(3)]);
  a.emit([gap(0)]);
  assert.equal(hub.store('acc/1').length, 3);
  assert.equal(hub.store('acc/2').length, 1);
  assert.equal(hub.merged.length, 4);
  assert.deepEqual([...hub.merged.entries()].map((e) => [e.seq, e.source]), [[0, 'Monitor 1'], [1, 'Monitor 1'], [2, 'Monitor 2'], [3, 'Monitor 1']]);
});

test('buffers are bounded by the capacity setting and count what they evict', () => {
  const hub = new ViewerHub(100);
  const a = new FakeSource('a', 'A');
  hub.addSource(a);
  for (const b of range(25)) a.emit(range(10, b * 10).map((i) => dp(i)));
  const s = hub.store('a');
  assert.equal(s.length, 100);
  assert.equal(s.evicted, 150);
  assert.equal(s.received, 250);
  hub.setCapacity(40);
  assert.equal(s.length, 40);
  assert.equal(s.evicted, 210);
});

test('state changes and removal: listeners detached, buffer kept while a panel shows it, re-adding resumes', () => {
  const hub = new ViewerHub(100);
  const a = new FakeSource('a', 'A');
  hub.addSource(a);
  const panel = hub.show('a');
  let changes = 0;
  hub.store('a').onChange(() => changes++);
  a.setState({ kind: 'reconnecting', retryAt: 5, reason: 'eof' });
  assert.equal(changes, 1);
  assert.equal(hub.state('a').kind, 'reconnecting');
  a.emit([dp(1)]);
  hub.removeSource('a');
  assert.equal(a.listenerCount, 0);
  assert.equal(hub.state('a').kind, 'stopped');
  assert.equal(hub.store('a').length, 1);
  const a2 = new FakeSource('a', 'A again');
  hub.addSource(a2);
  a2.emit([dp(2)]);
  assert.equal(hub.store('a').length, 2);
  assert.deepEqual(hub.liveIds(), ['a']);
  panel.dispose();
});

test('a panel restored before its session exists gets an empty store that fills later', () => {
  const hub = new ViewerHub(100);
  const s = hub.store('later');
  assert.equal(hub.state('later').kind, 'absent');
  const src = new FakeSource('later', 'Later');
  hub.addSource(src);
  src.emit([dp(1)]);
  assert.equal(s.length, 1, 'same store object');
});

test('a throwing store never throws into the session', () => {
  const logged: string[] = [];
  const hub = new ViewerHub(100, Date.now, { trace() {}, debug() {}, info() {}, warn() {}, error: (m) => logged.push(m) });
  const a = new FakeSource('a', 'A');
  hub.addSource(a);
  hub.store('a').onChange(() => {
    throw new Error('listener bug');
  });
  assert.doesNotThrow(() => a.emit([dp(1)]));
  assert.match(logged[0], /listener bug/);
  assert.equal(hub.merged.length, 1, 'the merged store still got the event');
});

test('capacity setting is clamped to 100..500,000 (a hand-edited settings.json can hold anything)', () => {
  assert.equal(clampCapacity(undefined), DEFAULT_CAPACITY);
  assert.equal(clampCapacity('1000'), DEFAULT_CAPACITY);
  assert.equal(clampCapacity(NaN), DEFAULT_CAPACITY);
  assert.equal(clampCapacity(5), 100);
  assert.equal(clampCapacity(1e9), 500_000);
  assert.equal(clampCapacity(1234.7), 1234);
});
