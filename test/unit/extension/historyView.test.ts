// A stream's history in the viewer: stored points become the rows live DataPoint events
// give (marked history), the panel is static (no live state, no rate), its view key
// round-trips and is restored as a history, and hostile point text stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataPointInfo } from '../../../src/core/devices/types';
import { formatOnly } from '../../../src/extension/l10n';
import { restoreTarget, CaptureRegistry } from '../../../src/extension/viewer/captureRegistry';
import { ViewerController, type ViewerServices } from '../../../src/extension/viewer/controller';
import { entryRow, makeEntry } from '../../../src/extension/viewer/entry';
import { buildDetail } from '../../../src/extension/viewer/eventDetail';
import { historyEntries, historyEvent, shortStreamName, type HistoryView } from '../../../src/extension/viewer/historyView';
import { rowStrings } from '../../../src/extension/viewer/rowSummary';
import { panelTitle, ViewerBindings } from '../../../src/extension/viewer/viewerBindings';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { decodeViewKey, encodeViewKey, type ViewKey } from '../../../src/extension/viewer/viewKey';
import { clock } from '../../../src/shared/eventText';
import type { HostToWebview } from '../../../src/shared/viewerProtocol';
import { dp, FakeTimers } from '../viewer/helpers';

const DEV = '00000000-00000000-00409DFF-FF58175B';
const STREAM = `${DEV}/metrics/temperature`;
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

const point = (i: number, extra: Partial<DataPointInfo> = {}): DataPointInfo => ({
  id: `id-${i}`,
  streamId: STREAM,
  customerId: 1001,
  timestamp: T0 + i * 1000,
  serverTimestamp: T0 + i * 1000 + 250,
  data: String(20 + i / 10),
  ...extra,
});

const view = (points: DataPointInfo[], extra: Partial<HistoryView> = {}): HistoryView => ({
  accountId: 'acc-1',
  accountLabel: 'Test account',
  host: 'remotemanager.example',
  stream: { streamId: STREAM, dataType: 'FLOAT', units: 'C', customerId: 1001 },
  points,
  fetchedAt: T0 + 60_000,
  maxPoints: 1000,
  more: false,
  ...extra,
});

test('a stored point becomes the DataPoint event a live push of it is', () => {
  const e = historyEvent(point(1), { streamId: STREAM, dataType: 'FLOAT', units: 'C' });
  assert.deepEqual(e, {
    kind: 'event',
    topic: `1001/DataPoint/${STREAM}`,
    type: 'DataPoint',
    operation: 'INSERTION',
    timestamp: new Date(T0 + 1250).toISOString(),
    replay: false,
    data: { id: 'id-1', cstId: 1001, streamId: STREAM, streamType: 'FLOAT', streamUnits: 'C', data: '20.1', timestamp: T0 + 1000, serverTimestamp: T0 + 1250 },
    format: 'json',
    blockId: 0,
    monitorId: 0,
    receivedAt: T0 + 1000,
  });
  // The same row strings a live DataPoint of that stream gets: type, device, operation, summary.
  const live = dp(1);
  (live.data as Record<string, unknown>).streamId = STREAM;
  (live.data as Record<string, unknown>).data = '20.1';
  const liveRow = rowStrings(0, { ...live, topic: `1001/DataPoint/${STREAM}` }, DEV);
  const histRow = entryRow(makeEntry(0, e, 'History', 'history'));
  for (const k of ['type', 'device', 'op', 'summary'] as const) assert.equal(histRow[k], liveRow[k], k);
  assert.equal(histRow.summary, 'metrics/temperature=20.1 C');
  assert.equal(histRow.history, true);
  assert.equal(liveRow.history, undefined, 'live rows carry no history mark');
});

test('string-typed numbers are read as numbers; absent fields stay absent', () => {
  const raw = { streamId: STREAM, customerId: '1001', timestamp: String(T0), serverTimestamp: `${T0 + 5}`, quality: '2', data: '7' } as unknown as DataPointInfo;
  const e = historyEvent(raw, { streamId: STREAM });
  assert.equal(e.topic, `1001/DataPoint/${STREAM}`);
  assert.equal(e.receivedAt, T0);
  assert.equal(e.timestamp, new Date(T0 + 5).toISOString());
  assert.deepEqual(e.data, { cstId: 1001, streamId: STREAM, data: '7', quality: 2, timestamp: T0, serverTimestamp: T0 + 5 });

  // Nothing but a value: no id, customer, stream id, times or units.
  const bare = historyEvent({ data: '1' } as unknown as DataPointInfo, { streamId: 'plant/flow' });
  assert.deepEqual(bare.data, { streamId: 'plant/flow', data: '1' });
  assert.equal(bare.topic, '/DataPoint/plant/flow');
  assert.equal(bare.timestamp, '');
  assert.ok(Number.isNaN(bare.receivedAt));
  const row = entryRow(makeEntry(0, bare, 'History', 'history'));
  assert.equal(row.recv, '--:--:--.---');
  assert.equal(row.server, '');
  assert.equal(row.summary, 'plant/flow=1');

  // Only the server time: it stands in for the point's time.
  assert.equal(historyEvent({ serverTimestamp: T0, data: 'x' } as DataPointInfo, { streamId: 'a' }).receivedAt, T0);
  // Times no Date can hold, or that are not numbers, are dropped rather than thrown on.
  const odd = historyEvent({ timestamp: 1e300, serverTimestamp: 'soon', data: 'x' } as unknown as DataPointInfo, { streamId: 'a' });
  assert.equal(odd.timestamp, '');
  assert.ok(Number.isNaN(odd.receivedAt));
  assert.equal((odd.data as Record<string, unknown>).timestamp, undefined);
});

test('hostile point text stays text: markup, controls and bidi are shown, objects are JSON', () => {
  const e = historyEvent(point(1, { data: '<img src=x onerror=alert(1)>\u202E\u0000', description: '<script>x</script>' }), { streamId: STREAM, units: '<b>C</b>' });
  const row = entryRow(makeEntry(0, e, 'History', 'history'));
  assert.ok(row.summary.includes('<img src=x onerror=alert(1)>'), 'kept as text (the webview sets textContent)');
  assert.ok(row.summary.includes('⟨U+202E⟩') && row.summary.includes('⟨U+0000⟩'), row.summary);
  const obj = historyEvent({ data: { toString: 1 }, timestamp: T0 } as unknown as DataPointInfo, { streamId: 'a' });
  assert.equal((obj.data as Record<string, unknown>).data, '{"toString":1}');
  const detail = buildDetail(makeEntry(0, e, 'History of x', 'history'));
  assert.ok(detail.meta.some(([k, v]) => k === 'Origin' && /not pushed live/.test(v)));
  assert.ok(detail.meta.some(([k]) => k === 'Point time'));
  assert.ok(!detail.meta.some(([k]) => k === 'Monitor' || k === 'Received'), 'no monitor or receive time for a stored point');
});

test('entries run oldest first (the service answered newest first), each marked history', () => {
  const entries = historyEntries(view([point(3), point(2), point(1)]));
  assert.equal(entries.length, 3);
  assert.deepEqual(entries.map((e) => e.seq), [0, 1, 2]);
  assert.deepEqual(entries.map((e) => (e.item.kind === 'event' ? (e.item.data as { id: string }).id : '')), ['id-1', 'id-2', 'id-3']);
  for (const e of entries) {
    assert.equal(e.history, true);
    assert.equal(e.source, `History of ${STREAM}`);
    assert.equal(entryRow(e).history, true);
    assert.equal(entryRow(e).recv, clock((e.item as { receivedAt: number }).receivedAt));
  }
  // Junk in the list is skipped, not thrown on.
  assert.equal(historyEntries(view([point(1), null as unknown as DataPointInfo, 'x' as unknown as DataPointInfo])).length, 1);
});

const bindings = () => new ViewerBindings({ hub: new ViewerHub(100), sources: () => [], capacity: () => 100, t: formatOnly, now: () => T0 });

test('a history binding: static, keyed history:<account>/<stream>, no live state, titled History of', () => {
  const points = Array.from({ length: 250 }, (_, i) => point(250 - i));
  const b = bindings().history(view(points, { more: true }));
  assert.equal(b.viewKey, `history:acc-1/${STREAM}`);
  assert.equal(b.mode, 'history');
  assert.equal(b.store.length, 250, 'its own store holds every point read, whatever the buffer setting');
  assert.deepEqual(b.states(), []);
  const info = b.info();
  assert.equal(info.mode, 'history');
  assert.equal(info.title, STREAM);
  assert.deepEqual(info.subscriptions, []);
  assert.deepEqual(info.history, {
    streamId: STREAM, accountLabel: 'Test account', host: 'remotemanager.example', dataType: 'FLOAT', units: 'C', fetchedAt: T0 + 60_000, points: 250, maxPoints: 1000, more: true,
  });
  assert.equal(panelTitle(b, formatOnly), 'History of metrics/temperature');
  assert.equal(b.fileBaseName(), 'history-metrics/temperature');
  assert.equal(b.captureSource().label, `History of ${STREAM}`);
  const failed = bindings().history(view([], { error: 'Could not read the history again: HTTP 500' }));
  assert.equal(failed.store.length, 0);
  assert.equal(failed.info().history?.note, 'Could not read the history again: HTTP 500');
});

test('the panel of a history shows its rows marked history, no rate and no pulse', async () => {
  const timers = new FakeTimers();
  const b = bindings().history(view([point(2), point(1)]));
  const posted: HostToWebview[] = [];
  const services: ViewerServices = { post: (m) => posted.push(m), saveFile: async () => undefined, copyText: async () => {}, openCapture: async () => {} };
  const c = new ViewerController(b, services, { timers });
  await c.handle({ type: 'ready', protocol: 1 });
  const init = posted[0];
  assert.equal(init.type, 'init');
  if (init.type !== 'init') return;
  assert.equal(init.info.mode, 'history');
  assert.equal(init.status.rate, 0);
  assert.deepEqual(init.status.spark, []);
  assert.deepEqual(init.status.states, []);
  const rows = c.shownRows();
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.equal(r.history, true);
    assert.equal(r.type, 'DataPoint');
    assert.equal(r.device, DEV);
    assert.equal(r.op, 'INSERTION');
  }
  assert.deepEqual(rows.map((r) => r.summary), ['metrics/temperature=20.1 C', 'metrics/temperature=20.2 C']);
  posted.length = 0;
  c.pulse();
  timers.advance(1000);
  assert.deepEqual(posted, [], 'a static view sends no idle status');
  c.dispose();
});

test('history view keys round-trip; the account id is encoded, the stream id keeps its slashes', () => {
  const keys: ViewKey[] = [
    { kind: 'history', accountId: 'acc-1', streamId: STREAM },
    { kind: 'history', accountId: 'local-simulator', streamId: 'a/b/c' },
    { kind: 'history', accountId: 'weird/id%with:chars', streamId: 'x' },
    { kind: 'history', accountId: 'ünï', streamId: 'plant/flow?rate#1' },
    { kind: 'source', id: 'acc/42' },
    { kind: 'merged' },
    { kind: 'capture', id: 'A'.repeat(22) },
  ];
  for (const key of keys) assert.deepEqual(decodeViewKey(encodeViewKey(key)), key);
  assert.equal(encodeViewKey(keys[0]), `history:acc-1/${STREAM}`);
  assert.equal(encodeViewKey(keys[2]), 'history:weird%2Fid%25with%3Achars/x');
  for (const bad of ['history:', 'history:acc', 'history:acc/', 'history:/stream', 'history:%E0%A4%A/x']) assert.equal(decodeViewKey(bad), undefined, bad);
});

test('a restored history key asks for the history again (the host checks account and stream)', () => {
  const registry = new CaptureRegistry({ get: () => undefined, update: async () => {} });
  assert.deepEqual(restoreTarget(`history:acc-1/${STREAM}`, registry), { kind: 'history', accountId: 'acc-1', streamId: STREAM });
  assert.deepEqual(restoreTarget('history:broken', registry), { kind: 'merged' });
});

test('short stream names drop the device id only', () => {
  assert.equal(shortStreamName(STREAM), 'metrics/temperature');
  assert.equal(shortStreamName('plant/flow'), 'plant/flow');
  assert.equal(shortStreamName(DEV), DEV);
});
