import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../../src/extension/viewer/ringBuffer';
import { range } from './helpers';

test('ring buffer keeps the newest items and counts every eviction', () => {
  const rb = new RingBuffer<number>(5);
  for (const i of range(3)) assert.equal(rb.push(i), undefined);
  assert.deepEqual(rb.toArray(), [0, 1, 2]);
  assert.equal(rb.evicted, 0);
  for (const i of range(9, 3)) rb.push(i);
  assert.deepEqual(rb.toArray(), [7, 8, 9, 10, 11]);
  assert.equal(rb.length, 5);
  assert.equal(rb.evicted, 7, '12 pushed into 5 slots: 7 evicted');
  assert.equal(rb.push(12), 7, 'push returns the evicted item');
  assert.equal(rb.evicted, 8);
  assert.equal(rb.at(0), 8);
  assert.equal(rb.at(4), 12);
  assert.equal(rb.at(5), undefined);
  assert.equal(rb.at(-1), undefined);
  assert.equal(rb.first(), 8);
  assert.equal(rb.last(), 12);
});

test('accounting: kept + evicted = pushed, for many sizes', () => {
  for (const cap of [1, 2, 7, 100]) {
    const rb = new RingBuffer<number>(cap);
    for (let n = 0; n < 1000; n++) {
      rb.push(n);
      assert.equal(rb.length + rb.evicted, n + 1);
    }
    assert.deepEqual(rb.toArray(), range(cap, 1000 - cap));
  }
});

test('lowerBound binary-searches across the wrap point', () => {
  const rb = new RingBuffer<number>(8);
  for (const i of range(13)) rb.push(i * 10); // holds 50..120, wrapped
  assert.equal(rb.lowerBound((v) => v < 50), 0);
  assert.equal(rb.lowerBound((v) => v < 85), 4);
  assert.equal(rb.lowerBound((v) => v < 90), 4);
  assert.equal(rb.lowerBound((v) => v < 1000), 8);
});

test('shrinking the capacity evicts (and counts) the oldest; growing keeps everything', () => {
  const rb = new RingBuffer<number>(6);
  for (const i of range(9)) rb.push(i);
  assert.equal(rb.setCapacity(4), 2);
  assert.deepEqual(rb.toArray(), [5, 6, 7, 8]);
  assert.equal(rb.evicted, 5);
  rb.setCapacity(10);
  for (const i of range(6, 9)) rb.push(i);
  assert.deepEqual(rb.toArray(), range(10, 5));
  assert.equal(rb.evicted, 5);
  rb.push(15);
  assert.equal(rb.evicted, 6);
});

test('capacity must be a positive integer', () => {
  assert.throws(() => new RingBuffer(0), RangeError);
  assert.throws(() => new RingBuffer(2.5), RangeError);
});

test('shift evicts the oldest (counted), interleaves with push while growing and when full, and empties cleanly', () => {
  for (const cap of [1, 3, 8]) {
    const rb = new RingBuffer<number>(cap);
    const model: number[] = [];
    let pushed = 0;
    for (let step = 0; step < 200; step++) {
      if (step % 3 === 2) {
        assert.equal(rb.shift(), model.shift());
      } else {
        rb.push(pushed);
        model.push(pushed++);
        if (model.length > cap) model.shift();
      }
      assert.deepEqual(rb.toArray(), model, `cap ${cap} step ${step}`);
      assert.equal(rb.length + rb.evicted, pushed);
    }
    while (rb.length) rb.shift();
    assert.equal(rb.shift(), undefined);
    assert.equal(rb.evicted, pushed);
    rb.push(-1);
    assert.deepEqual(rb.toArray(), [-1]);
  }
});
