// The hostile corpus through everything the host derives for display (rows, detail,
// copy), without a DOM: bounded sizes, no stack overflow, invisible/bidi characters made
// visible, and the text kept literal (the webview sets it with textContent only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, entryRow, entrySearchText } from '../../../src/extension/viewer/entry';
import { buildDetail, copyText } from '../../../src/extension/viewer/eventDetail';
import { SUMMARY_MAX } from '../../../src/shared/eventText';
import { displayLine, tokenizeXml } from '../../../src/shared/displayText';
import { hostileEvents, hostileGap, HOSTILE_STRINGS, LONG_STRING_LENGTH } from '../../fixtures/hostile-payloads';

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/; // eslint-disable-line no-control-regex
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const entries = () => [...hostileEvents(), hostileGap()].map((e, i) => makeEntry(i, e, 'hostile <b>session</b>'));

test('row strings: one line, bounded, no bidi/control/lone-surrogate characters', () => {
  for (const e of entries()) {
    const r = entryRow(e);
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'string') continue;
      assert.ok(v.length <= SUMMARY_MAX + 1 + 40, `${k} too long (${v.length}) in row ${e.seq}`);
      assert.ok(!/[\r\n\u2028\u2029]/.test(v), `${k} of row ${e.seq} has a line break`);
      assert.ok(!BIDI.test(v), `${k} of row ${e.seq} keeps a bidi control: ${JSON.stringify(v)}`);
      assert.ok(!CONTROL.test(v), `${k} of row ${e.seq} keeps a control character`);
      assert.ok(!LONE.test(v), `${k} of row ${e.seq} keeps a lone surrogate`);
    }
  }
});

test('markup stays literal text in rows (nothing stripped or decoded)', () => {
  const rows = entries().map((e) => entryRow(e));
  const all = rows.map((r) => `${r.type} ${r.op} ${r.summary}`).join('\n');
  assert.ok(all.includes("<script>window.__pwned='script'</script>"));
  assert.ok(all.includes('<img src=x onerror='));
  assert.ok(all.includes('&lt;script&gt;'), 'entities are not decoded');
  assert.ok(all.includes('⟨U+202E⟩'), 'the RTL override is shown as a mark');
});

test('the 1 MB string is cut in the row but searchable', () => {
  const e = entries().find((x) => x.item.kind === 'event' && x.item.topic.endsWith('/hostile/26'));
  assert.ok(e);
  const r = entryRow(e);
  assert.ok(r.summary.length <= SUMMARY_MAX + 1);
  assert.ok(entrySearchText(e).includes('<end/>'));
  assert.ok(entrySearchText(e).length > LONG_STRING_LENGTH - 10);
});

test('detail of every hostile event builds without throwing, with exact JSON that parses', () => {
  for (const e of entries()) {
    const d = buildDetail(e);
    assert.equal(d.seq, e.seq);
    assert.ok(!BIDI.test(d.pretty), `pretty text of ${e.seq} keeps a bidi control`);
    assert.ok(!BIDI.test(d.raw), `raw text of ${e.seq} keeps a bidi control`);
    for (const [, v] of d.meta) assert.ok(!BIDI.test(v) && !CONTROL.test(v), `meta of ${e.seq}`);
    if (d.prettyLanguage === 'json' && d.kind === 'event') {
      assert.doesNotThrow(() => JSON.parse(d.pretty), `pretty JSON of ${e.seq} parses`);
      if (d.json) assert.doesNotThrow(() => JSON.parse(d.json));
    }
    assert.doesNotThrow(() => JSON.parse(copyText(e)), `copy text of ${e.seq} is JSON`);
  }
});

test('10,000-deep JSON: detail text stays linear (indent capped) and parses', () => {
  const e = entries().find((x) => x.item.kind === 'event' && x.item.topic.endsWith('/hostile/27'));
  assert.ok(e);
  const d = buildDetail(e);
  assert.ok(d.pretty.length < 2_000_000, `pretty ${d.pretty.length}`);
  assert.doesNotThrow(() => JSON.parse(d.json));
});

test('XML events: pretty XML keeps the markup as text; CDATA and comments are tokens, not executed', () => {
  const xml = entries().filter((x) => x.item.kind === 'event' && x.item.format === 'xml');
  assert.equal(xml.length, 2);
  const withRaw = buildDetail(xml[0]);
  assert.equal(withRaw.prettyLanguage, 'xml');
  assert.ok(withRaw.pretty.includes("<![CDATA[<script>window.__pwned='cdata'</script>]]>"));
  const tokens = tokenizeXml(withRaw.pretty);
  assert.equal(tokens.map((t) => t.text).join(''), withRaw.pretty, 'tokens rebuild the text exactly');
  const rebuilt = buildDetail(xml[1]);
  assert.match(rebuilt.note ?? '', /not kept/);
  assert.ok(rebuilt.pretty.includes('&lt;img src=x onerror='), 'text content escaped in rebuilt XML');
  assert.ok(rebuilt.pretty.includes('units="&quot;&gt;&lt;script&gt;"'));
});

test('displayLine makes every corpus string safe and single-line', () => {
  for (const h of HOSTILE_STRINGS) {
    const s = displayLine(h.value, 10_000);
    assert.ok(!BIDI.test(s) && !CONTROL.test(s) && !LONE.test(s) && !/[\r\n\u2028\u2029]/.test(s), h.name);
  }
  assert.equal(displayLine('ab\u202Ecd'), 'ab⟨U+202E⟩cd');
  assert.equal(displayLine('x'.repeat(10), 4), 'xxxx…');
  assert.equal(displayLine('😀😀', 3), '😀…', 'not cut inside a surrogate pair');
});
