import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateMeter } from '../../../src/extension/rateMeter';

const T0 = 1_700_000_000_000; // on a second boundary

test('rate averages the last full seconds and forgets old ones', () => {
  const m = new RateMeter(5);
  for (let s = 0; s < 5; s++) m.add(T0 + s * 1000 + 10, 10);
  m.add(T0 + 5000, 1000); // current, partial second: left out
  assert.equal(m.rate(T0 + 5500), 10);
  assert.equal(m.rate(T0 + 11_000), 0);
});

test('a young meter divides by the seconds it has seen, not the whole window', () => {
  const m = new RateMeter(5);
  assert.equal(m.rate(T0), 0);
  m.add(T0 + 100, 3);
  assert.equal(m.rate(T0 + 900), 0, 'no full second yet');
  assert.equal(m.rate(T0 + 1500), 3);
  m.add(T0 + 1200, 1);
  assert.equal(m.rate(T0 + 2100), 2);
});

test('rate over the last second is the count of the last complete second', () => {
  const m = new RateMeter(60);
  m.add(T0 + 100, 4);
  m.add(T0 + 1100);
  m.add(T0 + 1900, 2);
  m.add(T0 + 2500, 50); // current second
  assert.equal(m.rate(T0 + 2600, 1), 3);
  assert.equal(m.rate(T0 + 2600, 2), 3.5);
  assert.equal(m.rate(T0 + 3000, 1), 50);
  assert.equal(m.rate(T0 + 4000, 1), 0);
});

test('history gives every full second of the window, oldest first, with 0 for quiet ones', () => {
  const m = new RateMeter(4);
  assert.deepEqual(m.history(T0), [0, 0, 0, 0]);
  m.add(T0 + 10, 1);
  m.add(T0 + 2010, 3);
  m.add(T0 + 4010, 9); // current second
  assert.deepEqual(m.history(T0 + 4500), [1, 0, 3, 0]);
  assert.deepEqual(m.history(T0 + 5500), [0, 3, 0, 9]);
  assert.deepEqual(m.history(T0 + 60_000), [0, 0, 0, 0], 'old seconds are forgotten, not wrapped around');
});

test('a clock that steps back counts in the latest second seen', () => {
  const m = new RateMeter(60);
  m.add(T0 + 5100, 2);
  m.add(T0 + 100, 5); // the clock stepped back five seconds
  assert.deepEqual(m.history(T0 + 6000).slice(-6), [0, 0, 0, 0, 0, 7]);
});
