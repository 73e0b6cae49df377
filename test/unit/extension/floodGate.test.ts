import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FloodGate } from '../../../src/extension/output/floodGate';

const T0 = 1_700_000_000_000; // on a second boundary

test('below the limit every event gets its line', () => {
  const g = new FloodGate(5);
  for (let i = 0; i < 5; i++) assert.deepEqual(g.offer(T0 + i * 100, 'DataPoint'), { write: true, before: [] });
  assert.equal(g.isFlooding, false);
  assert.deepEqual(g.tick(T0 + 1500), []);
});

test('above the limit lines stop and one summary per second is written', () => {
  const g = new FloodGate(3);
  const writes: boolean[] = [];
  for (let i = 0; i < 10; i++) writes.push(g.offer(T0 + i * 50, i % 2 ? 'DeviceCore' : 'DataPoint').write);
  assert.deepEqual(writes, [true, true, true, false, false, false, false, false, false, false]);
  assert.equal(g.isFlooding, true);
  assert.ok(g.needsTick);

  // Second 2 is flooded too: no event line at all, and the summary of second 1 comes first.
  const d = g.offer(T0 + 1000, 'DataPoint');
  assert.equal(d.write, false);
  assert.equal(d.before.length, 1);
  assert.match(d.before[0], /\[summary\] 10 events in 1 s, 7 not shown \(DeviceCore 4, DataPoint 3\); above 3 events\/s/);
  for (let i = 1; i < 20; i++) assert.equal(g.offer(T0 + 1000 + i * 10, 'DataPoint').write, false);
  const lines = g.tick(T0 + 2000);
  assert.equal(lines.length, 1, 'still flooding: summary only, no "back" line');
  assert.match(lines[0], /20 events in 1 s, 20 not shown \(DataPoint 20\)/);
});

test('a calm second ends flood mode; lines resume', () => {
  const g = new FloodGate(2);
  for (let i = 0; i < 5; i++) g.offer(T0 + i, 'DataPoint');
  // Second 1: only one event (calm), second 2: lines are back.
  const calm = g.offer(T0 + 1000, 'DataPoint');
  assert.equal(calm.write, false, 'the gate leaves flood mode only after a whole calm second');
  assert.equal(calm.before.length, 1);
  const back = g.offer(T0 + 2000, 'DataPoint');
  assert.equal(back.write, true);
  assert.equal(back.before.length, 2);
  assert.match(back.before[0], /1 events in 1 s, 1 not shown/);
  assert.match(back.before[1], /back at or below 2 events\/s/);
  assert.equal(g.isFlooding, false);
});

test('silence after a flood: tick flushes the summary and ends flood mode', () => {
  const g = new FloodGate(1);
  g.offer(T0, 'A');
  g.offer(T0 + 1, 'B');
  const lines = g.tick(T0 + 5000);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /2 events in 1 s, 1 not shown \(B 1\)/);
  assert.equal(g.isFlooding, false);
  assert.equal(g.needsTick, false);
});

test('50 000 events in one second produce at most limit + 1 lines', () => {
  const g = new FloodGate(50);
  let lines = 0;
  for (let i = 0; i < 50_000; i++) {
    const d = g.offer(T0 + Math.floor(i / 50), 'DataPoint');
    lines += d.before.length + (d.write ? 1 : 0);
  }
  lines += g.tick(T0 + 1000).length;
  assert.equal(lines, 51);
});

test('setLimit applies from the next event', () => {
  const g = new FloodGate(1);
  g.setLimit(3);
  assert.equal(g.offer(T0, 'A').write, true);
  assert.equal(g.offer(T0 + 1, 'A').write, true);
  assert.equal(g.offer(T0 + 2, 'A').write, true);
  assert.equal(g.offer(T0 + 3, 'A').write, false);
});
