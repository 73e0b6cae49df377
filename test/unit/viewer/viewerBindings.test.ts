// What each kind of panel shows, without vscode: a live session, the merged view, a capture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOnly } from '../../../src/extension/l10n';
import { panelTitle, ViewerBindings } from '../../../src/extension/viewer/viewerBindings';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { FakeSource } from './fakeSource';
import { dp, gap } from './helpers';

const setup = () => {
  const hub = new ViewerHub(1000);
  const a = new FakeSource('acc/1', 'Monitor 1');
  const b = new FakeSource('acc/2', 'Monitor 2', ['DeviceCore']);
  hub.addSource(a);
  hub.addSource(b);
  const sources = [a, b];
  const bindings = new ViewerBindings({ hub, sources: () => sources, capacity: () => 100, t: formatOnly, now: () => 0 });
  return { hub, a, b, bindings };
};

test('a live binding: its session store, header, state and file name; keyed source:<id>', () => {
  const { a, bindings } = setup();
  a.emit([dp(1)]);
  const live = bindings.live('acc/1');
  assert.equal(live.viewKey, 'source:acc/1');
  assert.equal(live.store.length, 1);
  const info = live.info();
  assert.equal(info.title, 'Monitor 1');
  assert.equal(info.subscriptions[0].subscription, a.subscription, 'the session subscription itself (no mapper)');
  assert.deepEqual(live.states(), [{ label: 'Monitor 1', state: { kind: 'live', since: 0 } }]);
  assert.equal(live.captureSource().subscription, a.subscription);
  assert.equal(panelTitle(live, formatOnly), 'Events: Monitor 1');
  assert.deepEqual(bindings.forKey({ kind: 'source', id: 'acc/1' }).info(), info);
});

test('a live binding of a session not seen yet shows it as absent', () => {
  const { bindings } = setup();
  const live = bindings.live('acc/9');
  assert.deepEqual(live.states(), [{ label: 'acc/9', state: { kind: 'absent' } }]);
  assert.deepEqual(live.info().subscriptions, []);
});

test('the merged binding lists every attached session', () => {
  const { a, b, bindings } = setup();
  a.emit([dp(1)]);
  b.emit([dp(2)]);
  const merged = bindings.forKey({ kind: 'merged' });
  assert.equal(merged.viewKey, 'merged');
  assert.equal(merged.store.length, 2);
  assert.deepEqual(merged.info().subscriptions.map((s) => s.label), ['Monitor 1', 'Monitor 2']);
  assert.equal(merged.states().length, 2);
  assert.equal(panelTitle(merged, formatOnly), 'Events: All sessions');
  assert.equal(merged.fileBaseName(), 'all-sessions');
});

test('a capture binding: its own store sized for all items, offline, keyed capture:<id>, the file shown as given', () => {
  const { bindings } = setup();
  const items = [dp(1), gap(5), ...Array.from({ length: 150 }, (_, i) => dp(i + 2))];
  const capture = bindings.capture({
    id: 'A'.repeat(22),
    name: 'run.dpmcapture',
    file: '/tmp/run.dpmcapture',
    parsed: { header: { type: 'digi-push-monitor-capture', version: 1, savedAt: '2026-01-01T00:00:00.000Z', source: { id: 'acc/1', label: 'Monitor 1' }, items: items.length, dropped: 0 }, items, skipped: 2, problems: ['line 3: not JSON', 'line 4: not JSON'], notLoaded: 0 },
  });
  assert.equal(capture.viewKey, `capture:${'A'.repeat(22)}`);
  assert.equal(capture.store.length, 152, 'capacity grows to hold the whole capture');
  assert.deepEqual(capture.states(), [{ label: 'Monitor 1', state: { kind: 'offline' } }]);
  const info = capture.info();
  assert.equal(info.capture?.file, '/tmp/run.dpmcapture');
  assert.equal(info.capture?.skipped, 2);
  assert.match(info.capture?.note ?? '', /2 line\(s\) skipped/);
  assert.equal(panelTitle(capture, formatOnly), 'Capture: run.dpmcapture');

  const unreadable = bindings.capture({ id: 'B'.repeat(22), name: 'gone.dpmcapture', file: '/tmp/gone.dpmcapture', error: 'Could not read the capture again' });
  assert.equal(unreadable.store.length, 0);
  assert.equal(unreadable.info().capture?.note, 'Could not read the capture again');
  assert.equal(unreadable.fileBaseName(), 'gone.dpmcapture');
});
