// utf8Bytes (push-client's stdout encoding): the same bytes as Buffer.from(text, 'utf8'),
// which the stream used before, for ASCII, Latin-1, other BMP, astral and lone surrogates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8Bytes } from '../../src/cli/pushClient/utf8Bytes';
import { HOSTILE_STRINGS } from '../fixtures/hostile-payloads';

test('utf8Bytes gives exactly what Buffer.from(text, "utf8") gives', () => {
  const texts = ['', 'plain ascii\n', '°C é ü', '€ ✓ 中文', '😀 astral', 'lone \uD800 high', 'lone \uDC00 low', '\uDBFF\uDFFF', 'x'.repeat(70_000) + 'é', 'é'.repeat(30_000), ...HOSTILE_STRINGS.map((h) => h.value)];
  assert.ok(texts.length > 20);
  for (const text of texts) assert.ok(utf8Bytes(text).equals(Buffer.from(text, 'utf8')), JSON.stringify(text.slice(0, 40)));
  // A rope (how the CLI builds a batch) as well as a flat string.
  let rope = '';
  for (let i = 0; i < 200; i++) rope += `{"n":${i},"u":"°C"}\n`;
  assert.ok(utf8Bytes(rope).equals(Buffer.from(rope, 'utf8')));
});
