// What the memory budget lets go of, seen through a panel: a large event's payload (a
// bounded preview stays, the full payload only while retained), the text filter's cache,
// and the store of a session that ended with no panel showing it (issue 14 §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../../src/core/events';
import { formatOnly } from '../../../src/extension/l10n';
import { ViewerController, type ViewerServices } from '../../../src/extension/viewer/controller';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import { FilteredView } from '../../../src/extension/viewer/filteredView';
import { MemoryBudget, MIB } from '../../../src/extension/viewer/memoryBudget';
import { PREVIEW_CHARS } from '../../../src/extension/viewer/payloadPreview';
import { SearchTextCache } from '../../../src/extension/viewer/searchCache';
import { ViewerBindings } from '../../../src/extension/viewer/viewerBindings';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { entrySearchText } from '../../../src/extension/viewer/entry';
import type { DetailDto, HostToWebview, RowDto } from '../../../src/shared/viewerProtocol';
import { EMPTY_FILTER, VIEWER_PROTOCOL_VERSION } from '../../../src/shared/viewerProtocol';
import { FakeSource } from './fakeSource';
import { dp, fill, range, requester } from './helpers';

const KB = 1000;

function upload(i: number, bytes = 160 * KB): PushEvent {
  const tail = `<end of ${i}>`;
  return {
    kind: 'event',
    topic: `1001/FileData/db/1001_Acme/dev/uploads/f${i}.bin`,
    type: 'FileData',
    operation: 'INSERTION',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    replay: false,
    data: { id: { fdPath: '/db/1001_Acme/dev/uploads/', fdName: `f${i}.bin` }, fdSize: bytes, fdData: `start of ${i}:`.padEnd(bytes - tail.length, 'B') + tail },
    format: 'json',
    blockId: i,
    monitorId: 42,
    receivedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
  };
}

/** A hub with one session, and a panel (controller) on that session's store. */
function panelOn(budgetMiB: number) {
  const hub = new ViewerHub(50_000, () => 0, undefined, budgetMiB * MIB);
  const src = new FakeSource('acc/1', 'Files');
  hub.addSource(src);
  const bindings = new ViewerBindings({ hub, sources: () => [src], capacity: () => 50_000, t: formatOnly, now: () => 0 });
  const posted: HostToWebview[] = [];
  const saved: string[] = [];
  const copied: string[] = [];
  const services: ViewerServices = {
    post: (m) => posted.push(m),
    saveFile: async (_kind, _name, content) => {
      saved.push(content());
      return '/tmp/out';
    },
    copyText: async (t) => void copied.push(t),
    openCapture: async () => {},
  };
  const c = new ViewerController(bindings.live('acc/1'), services);
  const request = requester(c, posted);
  return { hub, src, c, request, saved, copied, posted };
}

test('a large event: whole in the detail pane, Copy and Export while retained; later a bounded preview with its size and a clear note', async () => {
  const p = panelOn(8);
  await p.c.handle({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  p.src.emit([upload(0)]);
  const first = (await p.request<DetailDto>('detail', { seq: 0 }));
  assert.ok(first.pretty.includes('<end of 0>'), 'the whole payload while it is retained');
  assert.ok(first.json.includes('<end of 0>'));
  assert.equal(first.note, undefined);
  const row = p.c.shownRows()[0];
  await p.request('copy', { seq: 0 });
  assert.ok(p.copied[0].includes('<end of 0>') && !p.copied[0].includes('payloadReleased'));

  for (const b of range(10)) p.src.emit(range(10, 1 + b * 10).map((i) => upload(i)));
  const store = p.hub.store('acc/1');
  assert.equal(store.find(0)?.released?.fullBytes !== undefined, true, 'the oldest payload was released');
  const later = await p.request<DetailDto>('detail', { seq: 0 });
  assert.ok(later.pretty.startsWith('{"id":'), 'the preview is the start of the payload text');
  assert.ok(later.pretty.length <= PREVIEW_CHARS, `bounded preview (${later.pretty.length})`);
  assert.ok(!later.pretty.includes('<end of 0>'), 'the rest is gone');
  assert.equal(later.json, '', 'no tree of a cut document');
  assert.match(later.note ?? '', /Preview only: .*memory budget .*digiPushMonitor\.viewer\.memoryBudgetMiB.*full event is gone/);
  assert.ok(later.meta.some(([k, v]) => k === 'Payload' && /about 16\d,\d{3} bytes; only the first 16,384 characters kept/.test(v)), JSON.stringify(later.meta));
  assert.deepEqual(p.c.shownRows()[0], row, 'the row reads as before');

  await p.request('copy', { seq: 0 });
  const copiedLater = JSON.parse(p.copied[1]) as { data: unknown; payloadReleased: { approxBytes: number; preview: string; truncated: boolean; note: string } };
  assert.equal(copiedLater.data, null);
  assert.equal(copiedLater.payloadReleased.truncated, true);
  assert.ok(copiedLater.payloadReleased.approxBytes > 160 * KB);
  assert.equal(copiedLater.payloadReleased.preview.length, PREVIEW_CHARS);

  await p.request('export', { format: 'ndjson' });
  const lines = p.saved[0].trim().split('\n').map((l) => JSON.parse(l) as { blockId: number; data: { fdData?: string } | null; payloadReleased?: unknown });
  assert.equal(lines.length, 101);
  const newest = lines[lines.length - 1];
  assert.ok(newest.data?.fdData?.endsWith('<end of 100>'), 'the newest exports whole');
  assert.equal(newest.payloadReleased, undefined);
  assert.equal(lines[0].data, null);
  assert.ok(lines[0].payloadReleased, 'a released one says so');

  const status = p.c.status();
  assert.ok(status.memory.previews > 0 && status.memory.used <= status.memory.budget && status.memory.budget === 8 * MIB);
  p.c.dispose();
});

test("the text filter's cache is bounded, keeps what it admitted, and forgets entries that leave the stores", () => {
  const cache = new SearchTextCache(20_000);
  const store = new EventStore('s', 1000, () => 0, undefined, new MemoryBudget(64 * MIB));
  const entries = fill(store, range(200).map((i) => dp(i, { value: `reading ${i} ${'x'.repeat(300)}` })));
  for (const e of entries) assert.equal(cache.get(e), entrySearchText(e), 'the same text, cached or not');
  assert.ok(cache.bytes <= 20_000 && cache.size > 10 && cache.size < 200, `${cache.size} texts, ${cache.bytes} bytes`);
  const admitted = cache.size;
  for (const e of entries) cache.get(e);
  assert.equal(cache.size, admitted, 'a second scan keeps the admitted ones (no churn)');
  cache.forget(entries[0]);
  assert.equal(cache.size, admitted - 1);
  cache.setLimit(5_000);
  assert.ok(cache.bytes <= 5_000);

  // Through a view: the store's budget gives the cache a quarter of itself.
  const budget = new MemoryBudget(8 * MIB);
  const big = new EventStore('big', 50_000, () => 0, undefined, budget);
  fill(big, range(3000).map((i) => dp(i, { value: `${i}:${'y'.repeat(1000)}` })));
  const view = new FilteredView(big, { ...EMPTY_FILTER, text: '2999:' });
  assert.equal(view.counts().matched, 1);
  assert.ok(budget.search.bytes > 0 && budget.search.bytes <= (8 * MIB) / 4, `${budget.search.bytes} bytes cached`);
  const cached = budget.search.size;
  big.setCapacity(100);
  assert.ok(budget.search.size < cached && budget.search.size <= 100, 'evicted entries leave the cache');
});

test('the store of a session that ended is freed when no panel shows it, and kept while one does', () => {
  const hub = new ViewerHub(1000);
  const a = new FakeSource('acc/1', 'A');
  const b = new FakeSource('acc/2', 'B');
  hub.addSource(a);
  hub.addSource(b);
  a.emit(range(5).map((i) => dp(i)));
  b.emit(range(3).map((i) => dp(i)));
  const panelB = hub.show('acc/2');

  a.setState({ kind: 'stopped' });
  const sa = hub.store('acc/1');
  assert.equal(sa.length, 0, 'stopped and not shown: freed');
  assert.equal(sa.evicted, 5, 'counted');
  assert.equal(sa.length + sa.evicted, sa.received);
  assert.equal(hub.merged.length, 8, 'the merged view keeps what it holds');

  b.setState({ kind: 'error', message: 'gone' });
  assert.equal(hub.store('acc/2').length, 3, 'a panel shows it: kept');
  panelB.dispose();
  assert.equal(hub.store('acc/2').length, 0, 'freed when its last panel closes');

  // Started again: the same store fills again.
  a.setState({ kind: 'live', since: 1 });
  a.emit([dp(9)]);
  assert.equal(sa.length, 1);
  assert.equal(sa.received, 6);

  // A removed session no panel shows is forgotten altogether; one restored for a panel goes with the panel.
  hub.removeSource('acc/1');
  assert.equal(hub.has('acc/1'), false);
  const restored = hub.show('acc/9');
  assert.equal(hub.has('acc/9'), true);
  restored.dispose();
  restored.dispose();
  assert.equal(hub.has('acc/9'), false);
  assert.ok(hub.budget.usedBytes > 0 && hub.budget.usedBytes === [...hub.merged.entries()].reduce((n, e) => n + (e.bytes ?? 0), 0), 'only what the merged store still holds is charged');
});

test('a panel counts as showing its store from creation to dispose; a hidden panel does not keep evicted rows alive', () => {
  const hub = new ViewerHub(10);
  const a = new FakeSource('acc/1', 'A');
  hub.addSource(a);
  const bindings = new ViewerBindings({ hub, sources: () => [a], capacity: () => 10, t: formatOnly, now: () => 0 });
  const posted: HostToWebview[] = [];
  const c = new ViewerController(bindings.live('acc/1'), { post: (m) => posted.push(m), saveFile: async () => undefined, copyText: async () => {}, openCapture: async () => {} }, { visible: false });
  a.emit(range(8).map((i) => dp(i)));
  c.view.sync();
  a.emit(range(20, 8).map((i) => dp(i)));
  assert.deepEqual([c.view.counts().first, c.view.counts().count], [8, 0], 'the 8 evicted rows left the hidden view without a sync');
  const rows: RowDto[] = c.shownRows();
  assert.deepEqual(rows.map((r) => r.seq), range(10, 18));
  a.setState({ kind: 'stopped' });
  assert.equal(hub.store('acc/1').length, 10, 'kept: a panel shows it');
  c.dispose();
  assert.equal(hub.store('acc/1').length, 0, 'freed once the panel is gone');
});

test('capture and history panels have budgets of their own, freed with the panel', () => {
  const hub = new ViewerHub(1000, () => 0, undefined, 8 * MIB);
  const bindings = new ViewerBindings({ hub, sources: () => [], capacity: () => 1000, t: formatOnly, now: () => 0 });
  const items = range(100).map((i) => upload(i));
  const binding = bindings.capture({ id: 'x', name: 'x.dpmcapture', file: '/x.dpmcapture', parsed: { items, skipped: 0, problems: [], notLoaded: 0 } });
  const store = binding.store;
  assert.notEqual(store.budget, hub.budget);
  assert.equal(store.budget.limitBytes, 8 * MIB);
  assert.ok(store.budget.usedBytes <= 8 * MIB && store.length > 0 && store.length + store.evicted === 100);
  assert.equal(hub.budget.usedBytes, 0, 'live budget untouched');
  const shown = binding.show?.();
  assert.ok(shown);
  shown.dispose();
  assert.equal(store.length, 0);
  assert.equal(store.budget.usedBytes, 0);
});
