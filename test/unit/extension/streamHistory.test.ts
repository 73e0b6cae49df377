// Reading a stream's history (pages, the point limit, "more"), the loader's checks, and
// what a panel restored after a reload gets; and which running sessions show a written point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushMonitorError } from '../../../src/core/errors';
import type { CursorPage, DataPointInfo, DataStreamInfo, HistoryOptions } from '../../../src/core/devices/types';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { formatOnly as t } from '../../../src/extension/l10n';
import { HistoryLoader, readHistory, type DeviceDataClient } from '../../../src/extension/devices/streamHistory';
import { sessionsReceiving, topicsReceiveStream } from '../../../src/extension/devices/streamWatchers';

const DEV = '00000000-00000000-00409DFF-FF58175B';
const STREAM = `${DEV}/metrics/temperature`;

/** A fake service holding `total` points (newest first), answering pages of at most `cap`. */
function fakeClient(total: number, opts: { cap?: number; stream?: DataStreamInfo; fail?: Error } = {}) {
  const asked: HistoryOptions[] = [];
  let pagesServed = 0;
  let gets = 0;
  const all = Array.from({ length: total }, (_, i): DataPointInfo => ({ id: `p${total - i}`, timestamp: 1000 * (total - i), data: String(total - i) }));
  const client: DeviceDataClient = {
    streams: {
      getStream: async (id) => {
        gets++;
        if (opts.fail) throw opts.fail;
        if (!opts.stream) throw new PushMonitorError('NOT_FOUND', `GET /ws/DataStream/${id} failed with HTTP 404`);
        return opts.stream;
      },
      listStreams: async () => ({ items: opts.stream ? [opts.stream] : [] }),
    },
    dataPoints: {
      async *history(_id, o = {}) {
        asked.push(o);
        if (opts.fail) throw opts.fail;
        const size = Math.min(o.size ?? 1000, opts.cap ?? 1000);
        let given = 0;
        for (let at = 0; at < all.length || at === 0; at += size) {
          const room = o.limit === undefined ? size : Math.min(size, o.limit - given);
          const items = all.slice(at, at + room);
          given += items.length;
          pagesServed++;
          const page: CursorPage<DataPointInfo> = { items };
          if (at + size < all.length) page.pageCursor = `c${at + size}`;
          yield page;
          if (!page.pageCursor || (o.limit !== undefined && given >= o.limit)) return;
        }
      },
      write: async () => ['DataPoint/x/1'],
    },
  };
  return { client, asked, pages: () => pagesServed, gets: () => gets };
}

test('readHistory asks newest first in pages of at most 1000 and stops at the limit', async () => {
  const f = fakeClient(2500);
  const r = await readHistory(f.client, STREAM, 1000);
  assert.equal(r.points.length, 1000);
  assert.equal(r.more, true);
  assert.deepEqual(f.asked, [{ order: 'descending', size: 1000, limit: 1000 }]);
  assert.equal(f.pages(), 1, 'no page past the limit is fetched');
  assert.equal(r.points[0].id, 'p2500', 'newest first, as the service answered');

  const all = fakeClient(2500);
  const r2 = await readHistory(all.client, STREAM, 5000);
  assert.equal(r2.points.length, 2500);
  assert.equal(r2.more, false);
  assert.equal(all.asked[0].size, 1000, 'the page size stays within the service cap');
  assert.equal(all.pages(), 3);
});

test('readHistory edge cases: empty stream, exact multiple, a server capping the page size, a small limit', async () => {
  assert.deepEqual(await readHistory(fakeClient(0).client, STREAM, 1000), { points: [], more: false });
  const exact = await readHistory(fakeClient(2000).client, STREAM, 2000);
  assert.equal(exact.points.length, 2000);
  assert.equal(exact.more, false);
  const capped = fakeClient(450, { cap: 100 });
  const r = await readHistory(capped.client, STREAM, 1000);
  assert.equal(r.points.length, 450);
  assert.equal(r.more, false);
  assert.equal(capped.pages(), 5);
  const small = fakeClient(30);
  const r3 = await readHistory(small.client, STREAM, 10);
  assert.deepEqual(small.asked, [{ order: 'descending', size: 10, limit: 10 }]);
  assert.equal(r3.points.length, 10);
  assert.equal(r3.more, true);
});

const account: AccountRecord = { id: 'acc-1', label: 'Test account', host: 'rm.example', restUrl: 'https://rm.example', pushHost: 'rm.example', pushPort: 3200, secure: true, kind: 'password', username: 'u' };

function loader(client: DeviceDataClient, opts: { simulatorRunning?: boolean; maxPoints?: number } = {}) {
  const sim = simulatorAccount('Local simulator');
  const made: string[] = [];
  const l = new HistoryLoader({
    t,
    accounts: { get: (id) => [account, sim].find((a) => a.id === id) },
    clientFor: async (a) => {
      made.push(a.id);
      return client;
    },
    simulatorRunning: () => opts.simulatorRunning ?? false,
    maxPoints: () => opts.maxPoints ?? 1000,
    describe: (e) => `described: ${(e as Error).message}`,
    now: () => 42,
  });
  return { l, made };
}

test('the loader reads the stream (its type and units) and the points into a view', async () => {
  const stream: DataStreamInfo = { streamId: STREAM, dataType: 'FLOAT', units: 'C', customerId: 1001 };
  const { l } = loader(fakeClient(3, { stream }).client, { maxPoints: 2 });
  const v = await l.load('acc-1', STREAM);
  assert.equal(v.accountLabel, 'Test account');
  assert.equal(v.host, 'rm.example');
  assert.deepEqual(v.stream, { streamId: STREAM, dataType: 'FLOAT', units: 'C', customerId: 1001 });
  assert.deepEqual(v.points.map((p) => p.id), ['p3', 'p2']);
  assert.equal(v.more, true);
  assert.equal(v.maxPoints, 2);
  assert.equal(v.fetchedAt, 42);
  // A stream known from its node (or a stream pick) is not read again.
  const f = fakeClient(1);
  const fromNode = await loader(f.client).l.load('acc-1', STREAM, stream);
  assert.equal(f.gets(), 0);
  assert.equal(fromNode.stream.units, 'C');
  assert.equal(fromNode.points.length, 1);
});

test('the loader refuses an unknown account or a bad stream id before any request', async () => {
  const { l, made } = loader(fakeClient(1).client);
  await assert.rejects(l.load('nope', STREAM), (e: PushMonitorError) => e.code === 'INVALID_ARGUMENT' && /unknown account nope/.test(e.message));
  await assert.rejects(l.load('acc-1', 'a//b'), (e: PushMonitorError) => e.code === 'INVALID_ARGUMENT' && /empty path segment/.test(e.message));
  assert.deepEqual(made, []);
  // A stream that does not exist is said so, by name; other failures are the server's.
  await assert.rejects(l.load('acc-1', STREAM), (e: PushMonitorError) => e.code === 'NOT_FOUND' && e.message === `Test account has no stream ${STREAM}`);
  const failing = loader(fakeClient(1, { fail: new PushMonitorError('FORBIDDEN', 'GET /ws/DataStream failed with HTTP 403') }).client);
  await assert.rejects(failing.l.load('acc-1', STREAM), /HTTP 403/);
});

test('restore after a reload: reads again; closes for a gone account, a bad key or an idle simulator; shows a failure in the panel', async () => {
  const stream: DataStreamInfo = { streamId: STREAM, dataType: 'INTEGER' };
  const ok = loader(fakeClient(2, { stream }).client);
  assert.equal((await ok.l.restore('acc-1', STREAM))?.points.length, 2);
  assert.equal(await ok.l.restore('gone', STREAM), undefined);
  assert.equal(await ok.l.restore('acc-1', '../../etc'), undefined);
  const idle = loader(fakeClient(2, { stream }).client, { simulatorRunning: false });
  assert.equal(await idle.l.restore('local-simulator', STREAM), undefined);
  assert.deepEqual(idle.made, [], 'the simulator is not started to restore a panel');
  const running = loader(fakeClient(2, { stream }).client, { simulatorRunning: true });
  assert.equal((await running.l.restore('local-simulator', STREAM))?.points.length, 2);
  const failing = loader(fakeClient(2, { fail: new PushMonitorError('SERVER', 'GET /ws/DataPoint failed with HTTP 500') }).client);
  const v = await failing.l.restore('acc-1', STREAM);
  assert.ok(v);
  assert.deepEqual(v.points, []);
  assert.equal(v.error, 'Could not read the history again: described: GET /ws/DataPoint failed with HTTP 500');
});

test('which monitor topics get the push of a point written to a stream', () => {
  const yes = ['DataPoint', `DataPoint/${DEV}`, `DataPoint/${DEV}/metrics`, `DataPoint/${STREAM}`, 'DataPoint/*/metrics/*', `DataPoint/${DEV.slice(0, 20)}*`,
    'DeviceCore,DataPoint', '[operation=C]DataPoint', 'DataPoint[I]', '[operation=INSERTION,U]DataPoint', `DataPoint/${DEV}%2Fmetrics`, '[group=*]DataPoint'];
  for (const topic of yes) assert.equal(topicsReceiveStream([topic], STREAM), true, topic);
  const no = ['DeviceCore', 'DataStream', `DataPoint/${DEV}/other`, 'DataPoint/00000000-00000000-00000000-00000001', `DataPoint/${STREAM}/deeper`,
    '[operation=U]DataPoint', 'DataPoint[D]', 'DataPointX', 'FileData/DataPoint'];
  for (const topic of no) assert.equal(topicsReceiveStream([topic], STREAM), false, topic);
  assert.equal(topicsReceiveStream([], STREAM), false);
});

test('only running sessions of the same account count as showing the point', () => {
  const s = (id: string, accountId: string, isActive: boolean, topics: string[]) => ({ id, accountId, isActive, subscription: { topics } });
  const sessions = [
    s('acc-1/1', 'acc-1', true, ['DeviceCore', 'DataPoint']),
    s('acc-1/2', 'acc-1', false, ['DataPoint']),
    s('acc-1/3', 'acc-1', true, ['DeviceCore']),
    s('acc-2/4', 'acc-2', true, ['DataPoint']),
  ];
  assert.deepEqual(sessionsReceiving(sessions, 'acc-1', STREAM).map((x) => x.id), ['acc-1/1']);
  assert.deepEqual(sessionsReceiving(sessions, 'acc-3', STREAM), []);
});

test("the chart's backfill (recent): newest first, of the last hour, at most the setting's points; 0 reads nothing; never starts the simulator", async () => {
  const f = fakeClient(50);
  const { l, made } = loader(f.client);
  const r = await l.recent('acc-1', STREAM, 20);
  assert.deepEqual(f.asked, [{ order: 'descending', size: 20, limit: 20, startTime: 42 - 60 * 60_000 }]);
  assert.deepEqual([r.points.length, r.points[0].id, r.maxPoints, r.minutes], [20, 'p50', 20, 60]);
  const none = await l.recent('acc-1', STREAM, 0);
  assert.deepEqual([none.points.length, none.maxPoints, f.asked.length], [0, 0, 1], 'no read for 0');
  await assert.rejects(l.recent('local-simulator', STREAM, 10), /not running/);
  assert.deepEqual(made, ['acc-1']);
  await assert.rejects(l.recent('acc-1', 'bad stream id with spaces\u0000', 10), PushMonitorError);
});
