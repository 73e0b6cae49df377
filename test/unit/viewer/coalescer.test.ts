import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer } from '../../../src/extension/viewer/coalescer';
import { FakeTimers } from './helpers';

test('a burst of changes gives one flush; at most one flush per 100 ms', () => {
  const timers = new FakeTimers();
  let flushes = 0;
  const c = new Coalescer(() => flushes++, 100, timers);
  for (let i = 0; i < 1000; i++) c.request();
  assert.equal(timers.armed, 1, 'one timer for the whole burst');
  timers.advance(0);
  assert.equal(flushes, 1, 'the first change flushes at once');
  // 10,000 events/s for 2 s, one change per event: ≤ 10 flushes per second.
  for (let ms = 0; ms < 2000; ms++) {
    for (let k = 0; k < 10; k++) c.request();
    timers.advance(1);
  }
  timers.advance(200);
  assert.ok(flushes >= 20 && flushes <= 22, `${flushes} flushes in ~2.2 s`);
});

test('nothing is flushed while hidden; the pending change flushes when shown', () => {
  const timers = new FakeTimers();
  let flushes = 0;
  const c = new Coalescer(() => flushes++, 100, timers, false);
  c.request();
  c.request();
  timers.advance(1000);
  assert.equal(flushes, 0);
  assert.equal(c.pending, true);
  c.setVisible(true);
  timers.advance(0);
  assert.equal(flushes, 1);
  c.setVisible(false);
  c.request();
  timers.advance(1000);
  assert.equal(flushes, 1);
  assert.equal(timers.armed, 0, 'no timer runs for a hidden panel');
});

test('hiding cancels an armed flush; dispose stops everything', () => {
  const timers = new FakeTimers();
  let flushes = 0;
  const c = new Coalescer(() => flushes++, 100, timers);
  c.request();
  timers.advance(0);
  c.request();
  assert.equal(timers.armed, 1);
  c.setVisible(false);
  assert.equal(timers.armed, 0);
  c.setVisible(true);
  c.dispose();
  timers.advance(500);
  assert.equal(flushes, 1);
  c.request();
  assert.equal(timers.armed, 0);
});

