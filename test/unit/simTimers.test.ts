// The simulator's timer registry on the core Clock (one time source for library, extension
// and simulator): timeouts and intervals run on a fake clock, clear() and clearAll() leave
// nothing armed, and nothing starts after close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timers } from '../../src/simulator/timers';
import { FakeClock } from '../helpers/fakeClock';

test('timeout fires once at its time; clear() before that cancels it', () => {
  const clock = new FakeClock();
  const timers = new Timers(clock);
  const fired: number[] = [];
  timers.timeout(() => fired.push(clock.now()), 50);
  const cancelled = timers.timeout(() => fired.push(-1), 60);
  timers.clear(cancelled);
  clock.advance(1000);
  assert.deepEqual(fired, [50]);
  assert.equal(clock.armed, 0);
});

test('interval runs every period until cleared, also when cleared from its own callback', () => {
  const clock = new FakeClock();
  const timers = new Timers(clock);
  const runs: number[] = [];
  const t = timers.interval(() => {
    runs.push(clock.now());
    if (runs.length === 3) timers.clear(t);
  }, 100);
  clock.advance(1000);
  assert.deepEqual(runs, [100, 200, 300]);
  assert.equal(clock.armed, 0);
});

test('an interval whose callback throws is still re-armed (as a Node interval is)', () => {
  const clock = new FakeClock();
  const timers = new Timers(clock);
  let runs = 0;
  timers.interval(() => {
    runs += 1;
    throw new Error('tick failed');
  }, 10);
  assert.throws(() => clock.advance(10), /tick failed/);
  assert.equal(runs, 1);
  assert.equal(clock.armed, 1);
  assert.throws(() => clock.advance(10), /tick failed/);
  assert.equal(runs, 2);
});

test('clearAll() clears every timer and refuses new ones', () => {
  const clock = new FakeClock();
  const timers = new Timers(clock);
  timers.timeout(() => assert.fail('cleared'), 10);
  timers.interval(() => assert.fail('cleared'), 10);
  timers.clearAll();
  assert.equal(clock.armed, 0);
  assert.equal(timers.timeout(() => {}, 1), undefined);
  assert.equal(timers.interval(() => {}, 1), undefined);
  clock.advance(100);
});
