import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartPointsAfter, readChartHistory } from '../../../src/extension/viewer/chartSource';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import { parseWebviewMessage } from '../../../src/shared/viewerProtocol';
import { DEV, dp, fill, gap, range } from './helpers';

test('chartPointsAfter: the DataPoint rows after a seq, with their seq; other rows skipped; cut at max with more', () => {
  const store = new EventStore('s', 100);
  fill(store, [dp(0), dp(1, { type: 'DeviceCore' }), gap(5), dp(2), dp(3, { value: 'warm' })]);
  const all = chartPointsAfter(store, -1);
  assert.deepEqual(all.points.map((p) => p.seq), [0, 3, 4]);
  assert.equal(all.points[0].v, 20);
  assert.equal(all.points[2].v, null, 'a value that is not a number stays null');
  assert.equal(all.next, 4);
  assert.equal(all.more, false);
  assert.deepEqual(chartPointsAfter(store, 3).points.map((p) => p.seq), [4]);
  const cut = chartPointsAfter(store, -1, 1);
  assert.deepEqual([cut.points.length, cut.next, cut.more], [1, 0, true]);
});

test('readChartHistory: stored points as chart points of the same series as live ones; a failed stream is a note', async () => {
  const stream = `${DEV(1)}/metrics/temperature`;
  const reads: string[] = [];
  const r = await readChartHistory(async (account, id) => {
    reads.push(`${account}:${id}`);
    if (id !== stream) throw new Error('not found');
    return { points: range(3).map((i) => ({ id: `p${i}`, streamId: stream, timestamp: 1000 + i, data: String(20 + i) })), maxPoints: 1000, minutes: 60 };
  }, 'acct', [stream, 'x/y']);
  assert.deepEqual(reads, [`acct:${stream}`, 'acct:x/y']);
  assert.equal(r.available, true);
  assert.deepEqual(r.points.map((p) => [p.key, p.t, p.v, p.id]), range(3).map((i) => [`|${stream}`, 1000 + i, 20 + i, `p${i}`]));
  assert.deepEqual(r.notes, ['x/y: not found']);
  assert.equal((await readChartHistory(undefined, 'acct', [stream])).available, false);
  assert.equal((await readChartHistory(async () => ({ points: [], maxPoints: 1, minutes: 1 }), undefined, [stream])).available, false);
});

test('chart requests from the webview are checked', () => {
  assert.ok(parseWebviewMessage({ type: 'request', id: 1, method: 'chartPoints', params: { after: -1 } }));
  assert.equal(parseWebviewMessage({ type: 'request', id: 1, method: 'chartPoints', params: { after: 'x' } }), undefined);
  assert.ok(parseWebviewMessage({ type: 'request', id: 1, method: 'chartHistory', params: { streams: ['a/b'] } }));
  assert.equal(parseWebviewMessage({ type: 'request', id: 1, method: 'chartHistory', params: { streams: range(21).map(String) } }), undefined);
  assert.equal(parseWebviewMessage({ type: 'request', id: 1, method: 'chartHistory', params: { streams: [1] } }), undefined);
  assert.ok(parseWebviewMessage({ type: 'request', id: 1, method: 'exportChart', params: { csv: 'a', count: 1 } }));
  assert.equal(parseWebviewMessage({ type: 'request', id: 1, method: 'exportChart', params: { csv: 3, count: 1 } }), undefined);
});
