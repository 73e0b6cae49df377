// Utf8Encoder (push-client's stdout encoding): the same bytes as Buffer.from(text, 'utf8'),
// which the stream used before, for ASCII, Latin-1, other BMP, astral and lone surrogates; and
// its buffer reused only once released (bytes still held by the stream are never overwritten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Utf8Encoder } from '../../src/cli/pushClient/utf8Bytes';
import { HOSTILE_STRINGS } from '../fixtures/hostile-payloads';

const texts = ['', 'plain ascii\n', '°C é ü', '€ ✓ 中文', '😀 astral', 'lone \uD800 high', 'lone \uDC00 low', '\uDBFF\uDFFF', 'x'.repeat(70_000) + 'é', 'é'.repeat(30_000), 'y'.repeat(2_000_000), ...HOSTILE_STRINGS.map((h) => h.value)];

test('the same bytes as Buffer.from(text, "utf8"), released after each write or not', () => {
  assert.ok(texts.length > 20);
  for (const release of [true, false]) {
    const encoder = new Utf8Encoder();
    for (const text of [...texts, ...texts.reverse()]) {
      assert.ok(encoder.encode(text).equals(Buffer.from(text, 'utf8')), JSON.stringify(text.slice(0, 40)));
      if (release) encoder.release();
    }
  }
  // A rope (how the CLI builds a batch) as well as a flat string.
  let rope = '';
  for (let i = 0; i < 200; i++) rope += `{"n":${i},"u":"°C"}\n`;
  assert.ok(new Utf8Encoder().encode(rope).equals(Buffer.from(rope, 'utf8')));
});

test('bytes not released are never written over; released ones share the buffer with the next', () => {
  const encoder = new Utf8Encoder();
  const held = encoder.encode('first batch é');
  const next = encoder.encode('second batch ü');
  assert.equal(held.toString(), 'first batch é', 'held bytes unchanged');
  assert.notEqual(held.buffer, next.buffer);
  encoder.release();
  const reused = encoder.encode('third');
  assert.equal(reused.buffer, next.buffer, 'the released buffer serves again');
  assert.equal(reused.toString(), 'third');
  // A buffer over the size kept is never reused.
  encoder.release();
  const big = encoder.encode('z'.repeat(3_000_000));
  encoder.release();
  assert.notEqual(encoder.encode('small').buffer, big.buffer);
});
