// OutputBuffer (push-client's stdout bytes): the same bytes as Buffer.from(text, 'utf8'), which
// the stream used before, for ASCII, Latin-1, other BMP, astral and lone surrogates, written in
// one piece or many and growing past its first size; and its buffer reused only once released
// (bytes still held by the stream are never overwritten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputBuffer } from '../../src/cli/pushClient/utf8Bytes';
import { HOSTILE_STRINGS } from '../fixtures/hostile-payloads';

const texts = ['', 'plain ascii\n', '°C é ü', '€ ✓ 中文', '😀 astral', 'lone \uD800 high', 'lone \uDC00 low', '\uDBFF\uDFFF', 'x'.repeat(70_000) + 'é', 'é'.repeat(30_000), '😀'.repeat(40_000), 'y'.repeat(2_000_000), ...HOSTILE_STRINGS.map((h) => h.value)];

test('the same bytes as Buffer.from(text, "utf8"), released after each write or not', () => {
  assert.ok(texts.length > 20);
  for (const release of [true, false]) {
    const out = new OutputBuffer();
    for (const text of [...texts, ...[...texts].reverse()]) {
      assert.ok(out.encode(text).equals(Buffer.from(text, 'utf8')), JSON.stringify(text.slice(0, 40)));
      if (release) out.release();
    }
  }
  // A rope (how the CLI builds a batch) as well as a flat string.
  let rope = '';
  for (let i = 0; i < 200; i++) rope += `{"n":${i},"u":"°C"}\n`;
  assert.ok(new OutputBuffer().encode(rope).equals(Buffer.from(rope, 'utf8')));
});

test('many pieces, text and bytes, past the first buffer size: the bytes of the pieces in order', () => {
  const out = new OutputBuffer();
  out.begin();
  const expected: Buffer[] = [];
  for (let i = 0; i < 5000; i++) {
    const text = texts[i % 12].slice(0, 100) + i;
    out.writeText(text);
    expected.push(Buffer.from(text));
    const bytes = Buffer.from(`|${i}é|`);
    out.writeBytes(bytes);
    expected.push(bytes);
  }
  const all = Buffer.concat(expected);
  assert.ok(all.length > 64 * 1024, 'past the first buffer');
  assert.ok(out.end().equals(all));
});

test('bytes not released are never written over; released ones share the buffer with the next', () => {
  const out = new OutputBuffer();
  const held = out.encode('first batch é');
  const next = out.encode('second batch ü');
  assert.equal(held.toString(), 'first batch é', 'held bytes unchanged');
  assert.notEqual(held.buffer, next.buffer);
  out.release();
  const reused = out.encode('third');
  assert.equal(reused.buffer, next.buffer, 'the released buffer serves again');
  assert.equal(reused.toString(), 'third');
  // A buffer over the size kept is never reused.
  out.release();
  const big = out.encode('z'.repeat(3_000_000));
  out.release();
  assert.notEqual(out.encode('small').buffer, big.buffer);
});
