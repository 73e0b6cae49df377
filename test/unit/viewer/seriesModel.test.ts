import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartPointOf, numericValue, type ChartPoint } from '../../../src/shared/chart/chartPoint';
import { SeriesModel } from '../../../src/shared/chart/seriesModel';
import { chartCsv } from '../../../src/shared/chart/chartCsv';

const DEV = '00000000-00000000-00409DFF-FF000001';
const DEV2 = '00000000-00000000-00409DFF-FF000002';

/** A DataPoint event as pushed live (or as the host makes one of a stored point). */
function dpEvent(stream: string, value: unknown, ts: number, extra: Record<string, unknown> = {}) {
  return { type: 'DataPoint', timestamp: new Date(ts).toISOString(), receivedAt: ts + 5, data: { streamId: stream, data: value, timestamp: String(ts), ...extra } };
}
function point(stream: string, value: unknown, ts: number, extra: Record<string, unknown> = {}, seq?: number): ChartPoint {
  const p = chartPointOf(dpEvent(stream, value, ts, extra), { seq });
  assert.ok(p, 'a DataPoint event gives a point');
  return p;
}

test('numericValue: JSON numbers and decimal strings; nothing else', () => {
  assert.equal(numericValue(21.5), 21.5);
  assert.equal(numericValue('21.5'), 21.5);
  assert.equal(numericValue(' -3e2 '), -300);
  assert.equal(numericValue('+.5'), 0.5);
  for (const bad of ['', 'warm', '1,5', 'NaN', 'Infinity', '0x10', '1e999', null, true, {}, [], Number.NaN, Infinity]) {
    assert.equal(numericValue(bad), undefined, `${String(bad)} is not a number`);
  }
});

test('chartPointOf reads a live DataPoint: key, device, path, units, type, time, id, seq', () => {
  const p = chartPointOf(dpEvent(`${DEV}/metrics/temp`, '21.5', 1000, { streamUnits: 'C', streamType: 'double', id: 'abc' }), { seq: 7, account: 'acct' });
  assert.deepEqual(p, { key: `acct|${DEV}/metrics/temp`, stream: `${DEV}/metrics/temp`, device: DEV, path: 'metrics/temp', units: 'C', type: 'DOUBLE', t: 1000, v: 21.5, id: 'abc', seq: 7 });
  assert.equal(chartPointOf({ type: 'DeviceCore', data: {} }), undefined);
  assert.equal(chartPointOf({ type: 'DataPoint', data: { data: '1' } }), undefined, 'no stream id');
  // No point timestamp: the receive time.
  assert.equal(chartPointOf({ type: 'DataPoint', receivedAt: 42, data: { streamId: 's', data: 1 } })?.t, 42);
  // XML keeps text in #text.
  assert.equal(chartPointOf({ type: 'DataPoint', receivedAt: 1, data: { streamId: 's', data: { '#text': '4' } } })?.v, 4);
});

test('a value that is not a number is null with its text, never 0', () => {
  const p = point('s', 'warm\nish', 1);
  assert.equal(p.v, null);
  assert.equal(p.text, 'warm⏎ish');
  const m = new SeriesModel();
  m.add([point('s', '1', 1), point('s', 'warm', 2), point('s', '3', 3)]);
  const a = m.aligned();
  assert.deepEqual(a.ys[0], [1, null, 3], 'a gap (null) where the value did not parse');
  const info = m.info('|s');
  assert.equal(info?.unparsed, 1);
  assert.equal(info?.lastText, 'warm');
});

test('backfill seam: history then live, overlapping, gives one ordered line with no duplicate', () => {
  const m = new SeriesModel();
  // Live points arrive first (the session was running), ids as the service sends them.
  const live = [5, 6, 7, 8].map((i) => point('s', i, i * 1000, { id: `id${i}` }, 100 + i));
  m.add(live);
  // History read afterwards: newest N points, overlapping the live ones (5, 6) and older.
  const history = [1, 2, 3, 4, 5, 6].map((i) => point('s', i, i * 1000, { id: `id${i}` }));
  assert.equal(m.add(history), 4, 'only the 4 points not seen live are new');
  const pts = m.points('|s');
  assert.deepEqual(pts.map((p) => p.t), [1, 2, 3, 4, 5, 6, 7, 8].map((i) => i * 1000), 'in time order, no gap, no duplicate');
  assert.deepEqual(pts.map((p) => p.v), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(pts[4].seq, 105, 'the live point (with its row) is kept at the seam');
  assert.equal(m.aligned().xs.length, 8);
});

test('seam without ids: deduped by time and value; same time, other value is kept', () => {
  const m = new SeriesModel();
  m.add([point('s', '10', 1000), point('s', '11', 2000)]);
  m.add([point('s', '9', 500), point('s', '10', 1000), point('s', '12', 2000)]);
  assert.deepEqual(m.points('|s').map((p) => [p.t, p.v]), [[500, 9], [1000, 10], [2000, 11], [2000, 12]]);
  // An id-less copy of a point that had an id is a duplicate too (history has ids, a capture may not).
  m.add([point('s', '20', 3000, { id: 'x' })]);
  assert.equal(m.add([point('s', '20', 3000)]), 0);
  assert.equal(m.add([point('s', '20', 3000, { id: 'x' })]), 0);
});

test('history newer than the first live point is merged in order', () => {
  const m = new SeriesModel();
  m.add([point('s', 1, 1000, { id: 'a' }), point('s', 4, 4000, { id: 'd' })]);
  m.add([point('s', 2, 2000, { id: 'b' }), point('s', 3, 3000, { id: 'c' }), point('s', 5, 5000, { id: 'e' })]);
  assert.deepEqual(m.points('|s').map((p) => p.v), [1, 2, 3, 4, 5]);
});

test('bounded: at most maxPoints per series, the oldest dropped and counted', () => {
  const m = new SeriesModel({ maxPoints: 100 });
  const batch: ChartPoint[] = [];
  for (let i = 0; i < 250; i++) batch.push(point('s', i, i, { id: `p${i}` }));
  m.add(batch.slice(0, 120));
  m.add(batch.slice(120));
  const pts = m.points('|s');
  assert.equal(pts.length, 100);
  assert.equal(pts[0].v, 150, 'the newest 100 are kept');
  assert.equal(m.info('|s')?.dropped, 150);
  // A dropped point's id is forgotten with it: a re-read of it is new again (it is older, so it is dropped at once).
  m.add([point('s', 5, 5, { id: 'p5' })]);
  assert.equal(m.points('|s').length, 100);
  assert.equal(m.info('|s')?.dropped, 151);
});

test('bounded: at most maxPlotted series plotted; the others listed and pickable', () => {
  const m = new SeriesModel({ maxPlotted: 3 });
  m.add([1, 2, 3, 4, 5].map((i) => point(`${DEV}/s${i}`, i, i)));
  assert.equal(m.plottedKeys().length, 3);
  const list = m.list();
  assert.equal(list.length, 5);
  assert.equal(list.filter((s) => s.plotted).length, 3);
  assert.equal(m.toggle(`|${DEV}/s5`), false, 'the limit is reached');
  assert.equal(m.toggle(`|${DEV}/s1`), true);
  assert.equal(m.toggle(`|${DEV}/s5`), true);
  assert.deepEqual(m.plottedKeys(), [`|${DEV}/s2`, `|${DEV}/s3`, `|${DEV}/s5`]);
  // The user picked: a new stream is not plotted by itself.
  m.add([point(`${DEV}/s6`, 6, 6)]);
  assert.equal(m.plottedKeys().includes(`|${DEV}/s6`), false);
});

test('grouped by units: °C and % do not share an axis', () => {
  const m = new SeriesModel();
  m.add([
    point(`${DEV}/temp`, '21', 1, { streamUnits: '°C' }),
    point(`${DEV}/hum`, '40', 1, { streamUnits: '%' }),
    point(`${DEV2}/temp`, '19', 2, { streamUnits: '°C' }),
    point(`${DEV2}/count`, '3', 2),
  ]);
  const g = m.groups();
  assert.deepEqual(g.map((x) => x.units), ['°C', '%', '']);
  assert.deepEqual(g[0].keys, [`|${DEV}/temp`, `|${DEV2}/temp`]);
  assert.deepEqual(g[1].keys, [`|${DEV}/hum`]);
});

test('non-numeric streams are listed, not plotted; string numbers are plotted; a numeric type with bad values is plotted with gaps', () => {
  const m = new SeriesModel();
  m.add([
    point(`${DEV}/status`, 'ok', 1, { streamType: 'STRING' }),
    point(`${DEV}/status`, 'fault', 2, { streamType: 'STRING' }),
    point(`${DEV}/level`, '7.25', 1, { streamType: 'STRING' }),
    point(`${DEV}/rpm`, 'n/a', 1, { streamType: 'INTEGER' }),
  ]);
  const byPath = new Map(m.list().map((s) => [s.path, s]));
  assert.equal(byPath.get('status')?.numeric, false);
  assert.equal(byPath.get('status')?.plotted, false);
  assert.equal(byPath.get('level')?.plotted, true);
  assert.equal(byPath.get('rpm')?.plotted, true);
  assert.equal(byPath.get('rpm')?.unparsed, 1);
  assert.equal(m.toggle(`|${DEV}/status`), false, 'a non-numeric stream cannot be plotted');
  m.pick([`|${DEV}/status`, `|${DEV}/level`]);
  assert.deepEqual(m.plottedKeys(), [`|${DEV}/level`]);
});

test('aligned: a shared time axis; a series without a point at a time has undefined there (the line goes on), with the rows of drawn points', () => {
  const m = new SeriesModel();
  m.add([point('a', 1, 10, {}, 1), point('b', 2, 20, {}, 2), point('a', 3, 30, {}, 3)]);
  const a = m.aligned();
  assert.deepEqual(a.xs, [10, 20, 30]);
  assert.deepEqual(a.ys, [[1, undefined, 3], [undefined, 2, undefined]]);
  assert.deepEqual(a.seqs[0], [1, undefined, 3]);
  assert.ok(m.version > 0);
});

test('chartCsv: one formula-safe row per plotted point in time order; negative numbers stay numbers; a non-number has its text', () => {
  const m = new SeriesModel();
  m.add([point(`${DEV}/temp`, '-3.5', 2000, { streamUnits: '°C' }), point(`${DEV}/temp`, '=HYPERLINK("x")', 3000, { streamUnits: '°C' }), point(`${DEV}/hum`, '40', 1000, { streamUnits: '%' })]);
  const { csv, count } = chartCsv(m);
  assert.equal(count, 3);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'time,epochMs,device,stream,units,value,text');
  assert.equal(lines[1], `1970-01-01T00:00:01.000Z,1000,${DEV},${DEV}/hum,%,40,`);
  assert.equal(lines[2], `1970-01-01T00:00:02.000Z,2000,${DEV},${DEV}/temp,°C,-3.5,`);
  assert.equal(lines[3], `1970-01-01T00:00:03.000Z,3000,${DEV},${DEV}/temp,°C,,"'=HYPERLINK(""x"")"`);
});
