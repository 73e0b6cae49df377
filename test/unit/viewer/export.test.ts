import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv, toNdjson, CSV_COLUMNS } from '../../../src/extension/viewer/exportFormats';
import { parseCsv } from '../../helpers/csv';
import { makeEntry } from '../../../src/extension/viewer/entry';
import { parseCapture } from '../../../src/extension/viewer/capture';
import { dp, gap } from './helpers';
import { stringifySafe } from '../../../src/shared/jsonText';

const size = (v: unknown) => stringifySafe(v ?? null).text.length;
const tooDeep = (v: unknown) => {
  try {
    JSON.stringify(v);
    return false;
  } catch {
    return true;
  }
};
import { hostileEvents, HOSTILE_STRINGS } from '../../fixtures/hostile-payloads';

test('csv cells: RFC 4180 quoting', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  assert.equal(csvCell(''), '');
});

test('csv cells: formula injection prefixed with an apostrophe', () => {
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvCell('+1+1'), "'+1+1");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  assert.equal(csvCell('a=1'), 'a=1', 'only a leading trigger counts');
});

test('csv export: header, one row per event (gaps left out), parses back', () => {
  const hostile = { ...dp(2), data: { data: '=cmd|"/c calc"!A1', note: 'x,"y"\nz' }, topic: '@topic' };
  const entries = [makeEntry(1, dp(1), 'S1'), makeEntry(2, gap(0), 'S1'), makeEntry(3, hostile, 'S1')];
  const { text, count } = toCsv(entries);
  assert.equal(count, 2);
  assert.ok(text.startsWith('\uFEFF'), 'BOM for spreadsheets');
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 3);
  const col = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)];
  assert.equal(col(rows[1], 'type'), 'DataPoint');
  assert.equal(col(rows[1], 'device'), '00000000-00000000-00409DFF-FF000001');
  assert.equal(col(rows[1], 'receivedAt'), new Date(dp(1).receivedAt).toISOString());
  assert.equal(col(rows[2], 'topic'), "'@topic");
  assert.deepEqual(JSON.parse(col(rows[2], 'data')), hostile.data, 'JSON data column survives quoting');
  for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
});

test('csv export of the hostile corpus: every cell is either quoted-safe or has no formula start', () => {
  const entries = hostileEvents().filter((e) => size(e.data) < 100_000).map((e, i) => makeEntry(i, e, 'hostile'));
  const rows = parseCsv(toCsv(entries).text);
  for (const r of rows.slice(1)) for (const c of r) assert.ok(!/^[=+\-@\t\r]/.test(c), `formula start in ${c.slice(0, 40)}`);
});

test('ndjson export round-trips events exactly and is readable by Open capture', () => {
  const events = [dp(1), dp(2, { replay: true }), { ...dp(3), group: '*', raw: '{"x":1}' }, ...hostileEvents()];
  const entries = [...events.map((e, i) => makeEntry(i, e, 'S')), makeEntry(999, gap(0), 'S')];
  const { text, count } = toNdjson(entries);
  assert.equal(count, events.length);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, events.length, 'one line per event; no newline inside a line');
  assert.deepEqual(JSON.parse(lines[0]), events[0]);
  assert.deepEqual(JSON.parse(lines[2]), events[2]);
  const back = parseCapture(text);
  assert.equal(back.header, undefined);
  assert.equal(back.skipped, 0);
  assert.equal(back.items.length, events.length);
  // Everything except the 10,000-deep one compares with deepEqual (which recurses itself).
  const idx = events.findIndex((e) => tooDeep(e.data));
  assert.ok(idx >= 0);
  for (let i = 0; i < events.length; i++) if (i !== idx) assert.deepEqual(back.items[i], JSON.parse(JSON.stringify(events[i])), `event ${i}`);
  assert.ok(HOSTILE_STRINGS.every((h) => text.includes(JSON.stringify(h.value).slice(1, -1)) || /[\ud800-\udfff]/.test(h.value)));
});
