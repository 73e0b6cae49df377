// prettyXml on hostile text (issue 11 §6): an unclosed `<` or `<!--` used to make the
// tokenizer rescan to the end of the input from every position (quadratic: a 1 MB event
// hung the extension host when selected). The scanner is now a single pass; these tests
// check it stays fast on such input, keeps every character, and renders well-formed
// XML exactly as the old tokenizer did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyXml } from '../../src/shared/xmlText';

const MB = 1024 * 1024;

/** The tokenizer before the fix (a regex), as the reference for input where every `<` has a later `>`. */
function prettyXmlReference(src: string): string {
  const pad = (depth: number) => '  '.repeat(Math.min(depth, 40));
  const tokens = src.match(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.startsWith('<')) {
      const text = t.trim();
      if (text) lines.push(pad(depth) + text);
      continue;
    }
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push(pad(depth) + t);
      continue;
    }
    if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
      lines.push(pad(depth) + t);
      continue;
    }
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (next !== undefined && !next.startsWith('<') && after !== undefined && after.startsWith('</')) {
      lines.push(pad(depth) + t + next.trim() + after);
      i += 2;
      continue;
    }
    if (next !== undefined && next.startsWith('</')) {
      lines.push(pad(depth) + t + next);
      i += 1;
      continue;
    }
    lines.push(pad(depth) + t);
    depth++;
  }
  return lines.join('\n');
}

/** Runs prettyXml and fails if it takes longer than `maxMs` (a linear pass over 1 MB takes milliseconds; the old scan took minutes). */
function timed(src: string, maxMs = 5000): string {
  const t0 = performance.now();
  const out = prettyXml(src);
  const ms = performance.now() - t0;
  assert.ok(ms < maxMs, `prettyXml on ${src.length} chars took ${ms.toFixed(0)} ms`);
  return out;
}

test('well-formed XML renders as before', () => {
  const xml =
    '<?xml version="1.0"?><!-- head --><Document><Msg topic="1/DataPoint/x" operation="INSERTION">' +
    '<DataPoint><id>1</id><streamId> dev/temp </streamId><data><![CDATA[<b>21.5</b>]]></data><empty/><e></e>' +
    '<mixed>a<b>c</b>d</mixed></DataPoint></Msg></Document>';
  assert.equal(prettyXml(xml), prettyXmlReference(xml));
  assert.equal(
    prettyXml('<a><b>1</b><c/></a>'),
    ['<a>', '  <b>1</b>', '  <c/>', '</a>'].join('\n'),
  );
  assert.equal(prettyXml(''), '');
});

test('same output as the old tokenizer whenever every < has a later >', () => {
  // Random soup of markup fragments, closed by a final '>': the regex never hit its slow
  // path there, so the two must agree exactly (comments, CDATA, unclosed comments falling
  // back to the next '>', stray '>' in text, whitespace).
  const parts = ['<', '>', '<!--', '-->', '<![CDATA[', ']]>', '</', '/>', '<?', 'a', 'bc', ' ', '\n', '<a>', '</a>', '<x/>', '-', ']'];
  let seed = 12345;
  const rnd = (n: number) => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const len = 1 + rnd(30);
    for (let j = 0; j < len; j++) s += parts[rnd(parts.length)];
    s += '>';
    assert.equal(prettyXml(s), prettyXmlReference(s), JSON.stringify(s));
  }
});

test('1 MB of "<" is linear and kept as text (was quadratic)', () => {
  const src = '<'.repeat(MB);
  assert.equal(timed(src), src);
});

test('1 MB of "<!--" (unclosed comments) is linear and kept as text', () => {
  const src = '<!--'.repeat(MB / 4);
  assert.equal(timed(src), src);
});

test('unclosed comments with ">" between them, unclosed CDATA, and a tag before a stray "<"', () => {
  // Every '<!--' used to look for a '-->' to the end of the input, then fell back to the next '>'.
  const n = Math.floor(MB / 6);
  const out = timed('<!--a>'.repeat(n));
  assert.equal(out.split('\n').length, n);
  assert.ok(out.split('\n').every((l) => l === '<!--a>'));

  const m = Math.floor(MB / 11);
  assert.equal(timed('<![CDATA[x>'.repeat(m)).split('\n').length, m);

  const mixed = '<a>' + '<!--<![CDATA[<'.repeat(Math.floor(MB / 14)) + 'tail';
  const outMixed = timed(mixed);
  assert.equal(outMixed, '<a>\n  ' + mixed.slice(3), 'the unclosed remainder is one text line, nothing dropped');
});

test('text after an unclosed "<" is kept, not dropped', () => {
  assert.equal(prettyXml('<a>x < y'), '<a>\n  x\n  < y');
  assert.equal(prettyXml('<a>1</a><!-- no end'), '<a>1</a>\n<!-- no end');
  assert.equal(prettyXml('<a>1</a><![CDATA[ no end'), '<a>1</a>\n<![CDATA[ no end');
});
