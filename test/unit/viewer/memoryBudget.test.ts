// The viewer's memory budget (issue 14 §4): stores bounded in bytes as well as count, large
// payloads released to a preview, and shown + evicted = published throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../../src/core/events';
import { ViewerHub } from '../../../src/extension/viewer/viewerHub';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import { MemoryBudget, MIB } from '../../../src/extension/viewer/memoryBudget';
import { entryBytes, valueBytes } from '../../../src/extension/viewer/entrySize';
import { LARGE_EVENT_BYTES, PREVIEW_CHARS } from '../../../src/extension/viewer/payloadPreview';
import { entryRow, makeEntry } from '../../../src/extension/viewer/entry';
import { FakeSource } from './fakeSource';
import { dp, fill, range } from './helpers';

const KB = 1000;

/** A FileData upload whose fdData is `bytes` characters, distinct per `i` and ending in a marker. */
function fileData(i: number, bytes = 160 * KB): PushEvent {
  const name = `upload-${i}.bin`;
  const tail = `<end of ${i}>`;
  return {
    kind: 'event',
    topic: `1001/FileData/db/1001_Acme/00000000-00000000-00409DFF-FF000001/uploads/${name}`,
    type: 'FileData',
    operation: 'INSERTION',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    replay: false,
    data: { id: { fdPath: '/db/1001_Acme/00000000-00000000-00409DFF-FF000001/uploads/', fdName: name }, fdSize: bytes, fdData: String(i).padEnd(bytes - tail.length, 'A') + tail },
    format: 'json',
    blockId: i,
    monitorId: 42,
    receivedAt: Date.UTC(2026, 0, 1, 0, 0, 1, i),
  };
}

function balanced(store: EventStore, what: string): void {
  assert.equal(store.length + store.evicted, store.received, `${what}: shown + evicted = published`);
}

test('1,000 FileData events of 160 KB stay within an 8 MiB budget: old payloads become previews, the oldest events are evicted and counted', () => {
  const budget = 8 * MIB;
  const hub = new ViewerHub(50_000, Date.now, undefined, budget);
  const a = new FakeSource('acc/1', 'Files');
  hub.addSource(a);
  const session = hub.store('acc/1');
  let peak = 0;
  for (const b of range(100)) {
    a.emit(range(10, b * 10).map((i) => fileData(i)));
    peak = Math.max(peak, hub.budget.usedBytes);
    assert.ok(hub.budget.usedBytes <= budget, `after batch ${b}: ${hub.budget.usedBytes} bytes accounted, budget ${budget}`);
  }
  assert.ok(peak > budget / 2, 'the budget was actually used');
  for (const s of [session, hub.merged]) {
    assert.equal(s.received, 1000);
    assert.ok(s.evicted > 0, 'some events were evicted');
    assert.ok(s.length > 100, `more events kept than whole payloads would allow (${s.length})`);
    balanced(s, s.key);
  }
  const held = [...hub.merged.entries()];
  assert.ok(held.length > 0);
  assert.equal(held[held.length - 1].seq, 999, 'the newest event is kept');
  assert.equal(held[0].seq, hub.merged.evicted, 'the evicted ones are the oldest');
  const whole = held.filter((e) => !e.released);
  const previews = held.filter((e) => e.released);
  assert.ok(whole.length > 0 && previews.length > 0);
  assert.ok(Math.min(...whole.map((e) => e.seq)) > Math.max(...previews.map((e) => e.seq)), 'the newest keep their whole payload, older ones a preview');
  const wholeBytes = whole.reduce((n, e) => n + (e.bytes ?? 0), 0);
  assert.ok(wholeBytes >= budget / 4 - 200 * KB, `about a quarter of the budget stays whole (${wholeBytes})`);
  const released = hub.budget.stats().released;
  assert.ok(released >= previews.length && released <= 1000 - whole.length, `${released} payloads released, ${previews.length} previews held`);
});

test('the budget is shared oldest first across sessions, and each store counts its own evictions', () => {
  const hub = new ViewerHub(50_000, Date.now, undefined, 8 * MIB);
  const quiet = new FakeSource('acc/1', 'Quiet');
  const busy = new FakeSource('acc/2', 'Busy');
  hub.addSource(quiet);
  hub.addSource(busy);
  quiet.emit([dp(0), dp(1)]);
  for (const b of range(60)) busy.emit(range(10, b * 10).map((i) => fileData(i)));
  const q = hub.store('acc/1');
  const bz = hub.store('acc/2');
  assert.equal(q.received, 2);
  assert.equal(q.length, 0, "the quiet session's older events went first");
  assert.equal(q.evicted, 2);
  assert.ok(bz.evicted > 0 && bz.length > 0);
  for (const s of [q, bz, hub.merged]) balanced(s, s.key);
  assert.equal(hub.merged.received, 602);
  assert.ok(hub.budget.usedBytes <= 8 * MIB);
});

test('a budget change at runtime shrinks the stores at once and tells their panels', () => {
  const hub = new ViewerHub(50_000, Date.now, undefined, 64 * MIB);
  const a = new FakeSource('acc/1', 'Files');
  hub.addSource(a);
  for (const b of range(41)) a.emit(range(10, b * 10).map((i) => fileData(i)));
  const store = hub.store('acc/1');
  assert.equal(store.evicted, 0, 'everything fits 64 MiB');
  assert.equal(hub.budget.stats().released, 0, 'nothing is released while there is room');
  const before = hub.budget.usedBytes;
  let changes = 0;
  store.onChange(() => changes++);
  hub.setMemoryBudget(8 * MIB);
  assert.ok(hub.budget.usedBytes <= 8 * MIB, `${hub.budget.usedBytes} after shrinking from ${before}`);
  assert.ok(hub.budget.stats().released > 0, 'old payloads were released first');
  assert.ok(store.evicted > 0, 'then the oldest events were evicted');
  assert.ok(changes > 0, 'the store said it changed');
  balanced(store, 'session');
  balanced(hub.merged, 'merged');
  hub.setMemoryBudget(16 * MIB);
  a.emit(range(60, 1000).map((i) => fileData(i)));
  assert.ok(hub.budget.usedBytes > 8 * MIB && hub.budget.usedBytes <= 16 * MIB, 'a larger budget is used again');
  assert.throws(() => hub.setMemoryBudget(0), /positive number of bytes, got 0/);
});

test('count and bytes together: the count capacity still evicts, and a smaller capacity releases what it drops', () => {
  const store = new EventStore('s', 10, Date.now, undefined, new MemoryBudget(64 * MIB));
  fill(store, range(15).map((i) => fileData(i, 40 * KB)));
  assert.equal(store.length, 10);
  assert.equal(store.evicted, 5);
  const held = store.budget.usedBytes;
  assert.equal(held, [...store.entries()].reduce((n, e) => n + (e.bytes ?? 0), 0), 'only held entries are charged');
  store.setCapacity(4);
  assert.equal(store.length, 4);
  assert.ok(store.budget.usedBytes < held);
  assert.equal(store.budget.usedBytes, [...store.entries()].reduce((n, e) => n + (e.bytes ?? 0), 0));
  balanced(store, 'store');
});

test('entry sizes are estimated from the parsed payload once, and a document nested 100,000 deep does not overflow the walk', () => {
  const small = makeEntry(0, dp(1), 's');
  const big = makeEntry(1, fileData(1), 's');
  assert.ok(entryBytes(small) > 500 && entryBytes(small) < 2000, `small event ${entryBytes(small)}`);
  assert.ok(entryBytes(big) > 160 * KB && entryBytes(big) < 162 * KB, `160 KB event ${entryBytes(big)}`);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.ok(valueBytes(deep) > 100_000 * 32);
  assert.ok(entryBytes(big) > LARGE_EVENT_BYTES && entryBytes(small) < LARGE_EVENT_BYTES);
  assert.equal(PREVIEW_CHARS, 16 * 1024);
  entryRow(small);
  assert.ok(small.row, 'the row cache exists and is part of the fixed estimate');
});
