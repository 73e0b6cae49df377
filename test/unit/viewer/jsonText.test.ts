import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewJson, stringifySafe } from '../../../src/shared/jsonText';
import { deepNested } from '../../fixtures/hostile-payloads';

const samples: unknown[] = [
  null, true, 0, -1.5e-7, 'x"\\\n\u2028', [], {}, [[]], { a: {} }, [1, 'two', null, { three: [3] }],
  { a: 1, b: undefined, c: () => 1, d: [undefined, () => 2], e: NaN, f: Infinity, g: new Date(0), h: { i: { j: [true, false] } } },
  JSON.parse('{"__proto__":{"x":1},"k":"\\ud800"}'),
];

test('same text as JSON.stringify, compact and indented', () => {
  for (const s of samples) {
    assert.equal(stringifySafe(s).text, JSON.stringify(s), `compact ${JSON.stringify(s)}`);
    assert.equal(stringifySafe(s, { indent: 2 }).text, JSON.stringify(s, null, 2), `indented ${JSON.stringify(s)}`);
  }
  assert.equal(stringifySafe(undefined).text, 'null');
  assert.equal(stringifySafe(10n).text, '"10"');
});

test('10,000 levels deep: no stack overflow, and the text parses back to the same shape', () => {
  const v = deepNested(10_000);
  assert.throws(() => JSON.stringify(v), RangeError, 'JSON.stringify itself overflows (why this module exists)');
  const { text, truncated } = stringifySafe(v);
  assert.equal(truncated, false);
  let back: unknown = JSON.parse(text);
  let depth = 0;
  while (Array.isArray(back) || (back && typeof back === 'object' && 'a' in back)) {
    back = Array.isArray(back) ? back[0] : (back as { a: unknown }).a;
    depth++;
  }
  assert.equal(depth, 10_000);
});

test('indentation stops growing past maxIndentDepth (deep documents stay linear in size)', () => {
  const v = deepNested(5_000);
  const t = stringifySafe(v, { indent: 2, maxIndentDepth: 10 }).text;
  // 10,000 lines of at most 10 levels of indent: linear, not 5,000²
  assert.ok(t.length < 5_000 * 60, `length ${t.length}`);
  assert.doesNotThrow(() => JSON.parse(t));
});

test('limit cuts the text and says so; previews are bounded', () => {
  const r = stringifySafe({ big: 'x'.repeat(10_000), more: [1, 2, 3] }, { limit: 100 });
  assert.equal(r.truncated, true);
  assert.equal(r.text.length, 100);
  assert.equal(previewJson({ a: 'y'.repeat(1000) }, 20).length, 21);
});

test('cycles do not hang', () => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = a;
  assert.equal(stringifySafe(a).text, '{"x":1,"self":"[Circular]"}');
});
