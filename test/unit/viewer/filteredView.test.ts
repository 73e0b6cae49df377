import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import { FilteredView } from '../../../src/extension/viewer/filteredView';
import { EMPTY_FILTER } from '../../../src/shared/viewerProtocol';
import { dp, fill, gap, range } from './helpers';

const seqs = (v: FilteredView, start: number, count: number) => v.rows(start, count).map((r) => r.entry.seq);

test('paging by ordinal: rows(start, count) is clipped to what exists', () => {
  const store = new EventStore('s', 1000);
  fill(store, range(25).map((i) => dp(i)));
  const v = new FilteredView(store);
  assert.equal(v.counts().count, 25);
  assert.deepEqual(seqs(v, 0, 10), range(10));
  assert.deepEqual(seqs(v, 20, 10), range(5, 20));
  assert.deepEqual(seqs(v, 30, 10), []);
  assert.deepEqual(v.rows(3, 2).map((r) => r.ord), [3, 4]);
});

test('new events appear after sync(); eviction raises `first`, ordinals of the rest stay put', () => {
  const store = new EventStore('s', 10);
  fill(store, range(8).map((i) => dp(i)));
  const v = new FilteredView(store);
  assert.deepEqual(v.counts().first, 0);
  fill(store, range(6, 8).map((i) => dp(i)));
  assert.equal(v.counts().count, 8, 'not folded in before sync');
  v.sync();
  const c = v.counts();
  assert.equal(c.first, 4, '14 into 10 slots: 4 evicted');
  assert.equal(c.count, 10);
  assert.equal(c.dropped, 4);
  assert.equal(c.received, 14);
  assert.deepEqual(v.rows(4, 1).map((r) => [r.ord, r.entry.seq]), [[4, 4]], 'ordinal 4 is still seq 4');
  assert.deepEqual(seqs(v, 0, 4), [], 'evicted ordinals are gone');
  assert.equal(c.dropped + c.inBuffer, c.received, 'every received event accounted for');
});

test('filter applies to the whole buffer and counts matches; gaps shown but not counted', () => {
  const store = new EventStore('s', 1000);
  fill(store, [...range(10).map((i) => dp(i, { device: i % 2 })), gap(5), ...range(10, 10).map((i) => dp(i, { device: i % 2 }))]);
  const v = new FilteredView(store);
  const e0 = v.epoch;
  v.setFilter({ ...EMPTY_FILTER, device: '*FF000001' });
  assert.notEqual(v.epoch, e0, 'a new filter starts a new epoch');
  const c = v.counts();
  assert.equal(c.matched, 10);
  assert.equal(c.count, 11, 'plus the gap marker');
  assert.equal(c.inBuffer, 20);
  assert.ok(v.rows(0, 100).every((r) => r.entry.item.kind === 'gap' || r.entry.seq % 2 === 1 || r.entry.seq > 10));
  fill(store, [dp(100, { device: 1 }), dp(101, { device: 0 })]);
  v.sync();
  assert.equal(v.counts().matched, 11, 'new rows are filtered as they arrive');
});

test('pause holds new rows (counted), resume catches up', () => {
  const store = new EventStore('s', 1000);
  fill(store, range(5).map((i) => dp(i)));
  const v = new FilteredView(store);
  v.pause();
  fill(store, range(7, 5).map((i) => dp(i)));
  v.sync();
  let c = v.counts();
  assert.equal(c.paused, true);
  assert.equal(c.count, 5);
  assert.equal(c.held, 7);
  assert.deepEqual(seqs(v, 0, 100), range(5), 'held rows are not served');
  assert.equal(v.locate(8), undefined);
  v.setFilter({ ...EMPTY_FILTER, text: 'temperature' });
  assert.equal(v.counts().count, 5, 'still paused after a filter change');
  v.resume();
  v.sync();
  c = v.counts();
  assert.equal(c.count, 12);
  assert.equal(c.held, 0);
  assert.equal(v.locate(8), 8);
});

test('clear empties the view; later events show; counters restart', () => {
  const store = new EventStore('s', 10);
  fill(store, range(12).map((i) => dp(i)));
  const v = new FilteredView(store);
  assert.equal(v.counts().dropped, 2);
  v.clear();
  let c = v.counts();
  assert.deepEqual([c.count, c.matched, c.inBuffer, c.dropped, c.received], [0, 0, 0, 0, 0]);
  fill(store, range(3, 12).map((i) => dp(i)));
  v.sync();
  c = v.counts();
  assert.deepEqual(seqs(v, 0, 100), [12, 13, 14]);
  assert.equal(c.dropped, 0, 'evicting pre-clear rows is not reported as dropped');
  fill(store, range(9, 15).map((i) => dp(i)));
  v.sync();
  c = v.counts();
  assert.equal(c.received, 12);
  assert.equal(c.count, 10);
  assert.equal(c.dropped, 2);
  assert.equal(c.dropped + c.inBuffer, c.received);
});

test('entries just evicted can still be fetched until the next sync', () => {
  const store = new EventStore('s', 3);
  fill(store, range(3).map((i) => dp(i)));
  const v = new FilteredView(store);
  fill(store, range(3, 3).map((i) => dp(i)));
  assert.equal(v.entry(0)?.seq, 0);
  assert.deepEqual(seqs(v, 0, 3), [0, 1, 2]);
  v.sync();
  assert.equal(v.entry(0), undefined);
});

test('export sees what the view shows; capture sees everything since clear', () => {
  const store = new EventStore('s', 100);
  fill(store, range(6).map((i) => dp(i, { device: i % 2 })));
  const v = new FilteredView(store);
  v.setFilter({ ...EMPTY_FILTER, device: '*1' });
  assert.deepEqual([...v.visible()].map((e) => e.seq), [1, 3, 5]);
  assert.deepEqual([...v.unfiltered()].map((e) => e.seq), range(6));
});

test('large buffer: compaction keeps ordinals right', () => {
  const store = new EventStore('s', 1000);
  const v = new FilteredView(store);
  for (let b = 0; b < 30; b++) {
    fill(store, range(500, b * 500).map((i) => dp(i)));
    v.sync();
  }
  const c = v.counts();
  assert.equal(c.first, 14_000);
  assert.equal(c.count, 1000);
  assert.deepEqual(v.rows(14_500, 2).map((r) => r.entry.seq), [14_500, 14_501]);
});
