// The host side of a panel, driven through the same messages the webview sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewerController, type ViewerBinding, type ViewerServices, type SaveKind } from '../../../src/extension/viewer/controller';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import { parseCapture } from '../../../src/extension/viewer/capture';
import { parseCsv } from '../../helpers/csv';
import type { DetailDto, HostToWebview, RowDto, ViewStatus } from '../../../src/shared/viewerProtocol';
import { EMPTY_FILTER, VIEWER_PROTOCOL_VERSION } from '../../../src/shared/viewerProtocol';
import { dp, FakeTimers, fill, gap, range, requester } from './helpers';

function setup(opts: { mode?: 'live' | 'merged' | 'capture'; visible?: boolean; capacity?: number } = {}) {
  const timers = new FakeTimers();
  const store = new EventStore('acc/42', opts.capacity ?? 1000, timers.now);
  const posted: HostToWebview[] = [];
  const saved: { kind: SaveKind; name: string; text: string }[] = [];
  const copied: string[] = [];
  let cancelSave = false;
  const binding: ViewerBinding = {
    viewKey: 'source:acc/42',
    mode: opts.mode ?? 'live',
    store,
    info: () => ({ viewKey: 'source:acc/42', mode: opts.mode ?? 'live', title: 'Monitor 42', subscriptions: [], capacity: store.capacity }),
    states: () => [{ label: 'Monitor 42', state: { kind: 'live', since: 0 } }],
    captureSource: () => ({ id: 'acc/42', label: 'Monitor 42' }),
    fileBaseName: () => 'Monitor 42 / acc',
  };
  const services: ViewerServices = {
    post: (m) => posted.push(structuredClone(m)),
    saveFile: async (kind, name, content) => {
      if (cancelSave) return undefined;
      saved.push({ kind, name, text: content() });
      return `/tmp/${name}`;
    },
    copyText: async (t) => void copied.push(t),
    openCapture: async () => {},
  };
  const c = new ViewerController(binding, services, { timers, visible: opts.visible ?? true });
  const request = requester(c, posted);
  const statuses = () => posted.filter((m) => m.type === 'status').map((m) => (m as { status: ViewStatus }).status);
  return { timers, store, posted, saved, copied, c, request, statuses, cancel: (v: boolean) => (cancelSave = v) };
}

test('ready → init with info and status; rows are pulled by ordinal with cached display strings', async () => {
  const t = setup();
  fill(t.store, range(30).map((i) => dp(i)));
  await t.c.handle({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  const init = t.posted[0];
  assert.equal(init.type, 'init');
  assert.equal(init.type === 'init' && init.status.count, 30);
  const epoch = init.type === 'init' ? init.status.epoch : 0;
  const page = await t.request<{ epoch: number; rows: RowDto[] }>('rows', { epoch, start: 10, count: 5 });
  assert.deepEqual(page.rows.map((r) => r.ord), [10, 11, 12, 13, 14]);
  assert.equal(page.rows[0].type, 'DataPoint');
  assert.equal(page.rows[0].source, undefined, 'no source column outside the merged view');
  const first = t.store.find(10)!;
  assert.ok(first.row, 'row strings cached on the entry');
  const cached = first.row;
  await t.request('rows', { epoch, start: 10, count: 1 });
  assert.equal(t.store.find(10)!.row, cached, 'not recomputed');
  const stale = await t.request<{ epoch: number; rows: RowDto[] }>('rows', { epoch: epoch - 1, start: 0, count: 5 });
  assert.deepEqual(stale.rows, [], 'a page of an old epoch is refused');
  const big = await t.request<{ rows: RowDto[] }>('rows', { epoch, start: 0, count: 100_000 });
  assert.equal(big.rows.length, 30);
});

test('notifications: coalesced to ≤ 10/s, only while visible, never before ready, never rows', async () => {
  const t = setup({ capacity: 50_000 });
  fill(t.store, [dp(0)]);
  t.timers.advance(1000);
  assert.equal(t.statuses().length, 0, 'nothing before ready');
  await t.c.handle({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  for (let ms = 0; ms < 1000; ms++) {
    fill(t.store, range(10, 1 + ms * 10).map((i) => dp(i)));
    t.timers.advance(1);
  }
  t.timers.advance(100);
  const n = t.statuses().length;
  assert.ok(n >= 9 && n <= 11, `${n} status messages for 1 s of 10,000 events/s`);
  assert.equal(t.statuses().at(-1)!.count, 10_001);
  assert.ok(t.posted.every((m) => JSON.stringify(m).length < 10_000), 'no message carries the buffer');
  t.c.setVisible(false);
  const before = t.posted.length;
  fill(t.store, [dp(20_000)]);
  t.timers.advance(5000);
  assert.equal(t.posted.length, before, 'hidden: silent');
  t.c.setVisible(true);
  t.timers.advance(0);
  assert.equal(t.statuses().at(-1)!.count, 10_002, 'shown again: one catch-up status');
});

test('filter, pause/resume and clear through requests', async () => {
  const t = setup();
  fill(t.store, range(10).map((i) => dp(i, { device: i % 2 })));
  await t.c.handle({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  let s = await t.request<ViewStatus>('setFilter', { filter: { ...EMPTY_FILTER, device: '*FF000001' } });
  assert.equal(s.matched, 5);
  s = await t.request<ViewStatus>('pause');
  assert.equal(s.paused, true);
  fill(t.store, range(4, 10).map((i) => dp(i, { device: 1 })));
  t.timers.advance(200);
  s = t.statuses().at(-1)!;
  assert.deepEqual([s.count, s.held], [5, 4]);
  s = await t.request<ViewStatus>('resume');
  assert.deepEqual([s.count, s.held, s.paused], [9, 0, false]);
  s = await t.request<ViewStatus>('clear');
  assert.deepEqual([s.count, s.inBuffer], [0, 0]);
});

test('the filter survives a webview reload (restore), but only for the same view', async () => {
  const t = setup();
  fill(t.store, range(10).map((i) => dp(i, { device: i % 2 })));
  await t.c.handle({ type: 'ready', protocol: 1, restore: { v: 1, viewKey: 'merged', filter: { ...EMPTY_FILTER, text: 'zzz' }, follow: true, detailOpen: false } });
  assert.equal(t.c.view.counts().matched, 10, 'state of another view ignored');
  const t2 = setup();
  fill(t2.store, range(10).map((i) => dp(i, { device: i % 2 })));
  await t2.c.handle({ type: 'ready', protocol: 1, restore: { v: 1, viewKey: 'source:acc/42', filter: { ...EMPTY_FILTER, device: '*1' }, follow: true, detailOpen: false } });
  assert.equal(t2.c.view.counts().matched, 5);
  // A second ready (panel shown again without retainContextWhenHidden) keeps the host's state.
  await t2.request('setFilter', { filter: EMPTY_FILTER });
  await t2.c.handle({ type: 'ready', protocol: 1, restore: { v: 1, viewKey: 'source:acc/42', filter: { ...EMPTY_FILTER, device: '*1' }, follow: true, detailOpen: false } });
  assert.equal(t2.c.view.counts().matched, 10);
});

test('detail, locate and copy', async () => {
  const t = setup();
  fill(t.store, [dp(0), gap(5), dp(1)]);
  await t.c.handle({ type: 'ready', protocol: 1 });
  const d = await t.request<DetailDto>('detail', { seq: 2 });
  assert.equal(d.kind, 'event');
  assert.deepEqual(JSON.parse(d.json), dp(1).data);
  assert.match(d.pretty, /\n {2}"streamId"/);
  const g = await t.request<DetailDto>('detail', { seq: 1 });
  assert.equal(g.kind, 'gap');
  assert.equal(await t.request('detail', { seq: 99 }), null);
  assert.deepEqual(await t.request('locate', { seq: 2 }), { ord: 2 });
  assert.deepEqual(await t.request('copy', { seq: 2 }), { copied: true });
  assert.equal(JSON.parse(t.copied[0]).type, 'DataPoint');
});

test('export writes the filtered events; save capture writes everything; cancel writes nothing', async () => {
  const t = setup();
  fill(t.store, [...range(6).map((i) => dp(i, { device: i % 2 })), gap(1)]);
  await t.c.handle({ type: 'ready', protocol: 1 });
  await t.request('setFilter', { filter: { ...EMPTY_FILTER, device: '*FF000001' } });
  const csv = await t.request<{ saved: string; count: number }>('export', { format: 'csv' });
  assert.equal(csv.count, 3);
  assert.match(csv.saved, /^\/tmp\/Monitor-42-acc-events-\d{8}-\d{6}\.csv$/);
  assert.equal(parseCsv(t.saved[0].text).length, 4);
  const nd = await t.request<{ count: number }>('export', { format: 'ndjson' });
  assert.equal(nd.count, 3);
  const cap = await t.request<{ count: number; saved: string }>('saveCapture');
  assert.equal(cap.count, 7);
  assert.match(cap.saved, /\.dpmcapture$/);
  const back = parseCapture(t.saved[2].text);
  assert.equal(back.header?.source.id, 'acc/42');
  assert.equal(back.items.length, 7);
  t.cancel(true);
  const none = await t.request<{ saved?: string }>('export', { format: 'csv' });
  assert.equal(none.saved, undefined);
  assert.equal(t.saved.length, 3);
});

test('bad messages are ignored; failures come back as error responses', async () => {
  const t = setup();
  await t.c.handle({ type: 'request', id: 1, method: 'eval', params: { code: 'x' } });
  await t.c.handle('<script>');
  assert.equal(t.posted.length, 0);
  const t2 = setup();
  t2.store.find = () => {
    throw new Error('boom');
  };
  await assert.rejects(t2.request('copy', { seq: 1 }), /boom/);
});

test('merged view rows carry the session label', async () => {
  const t = setup({ mode: 'merged' });
  fill(t.store, [dp(0)], 'Monitor A');
  await t.c.handle({ type: 'ready', protocol: 1 });
  const epoch = t.c.view.epoch;
  const page = await t.request<{ rows: RowDto[] }>('rows', { epoch, start: 0, count: 5 });
  assert.equal(page.rows[0].source, 'Monitor A');
});

test('pulse: an idle live view still gets a status (rate decays); a capture does not', async () => {
  const t = setup();
  await t.c.handle({ type: 'ready', protocol: 1 });
  t.timers.advance(1000);
  const n = t.statuses().length;
  t.c.pulse();
  t.timers.advance(200);
  assert.equal(t.statuses().length, n + 1);
  const cap = setup({ mode: 'capture' });
  await cap.c.handle({ type: 'ready', protocol: 1 });
  cap.c.pulse();
  cap.timers.advance(200);
  assert.equal(cap.statuses().length, 0);
});

test('dispatch is typed per method from the shared protocol', async () => {
  const t = setup();
  fill(t.store, range(3).map((i) => dp(i)));
  await t.c.handle({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  const page = await t.c.dispatch('rows', { epoch: t.c.view.epoch, start: 0, count: 2 });
  assert.deepEqual(page.rows.map((r) => r.seq), [0, 1]);
  const at = await t.c.dispatch('locate', { seq: 2 });
  assert.equal(at?.ord, 2);
  assert.equal(await t.c.dispatch('detail', { seq: 99 }), null);
});
