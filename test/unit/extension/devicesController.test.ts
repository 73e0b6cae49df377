// The Devices view's controller on a fake clock with fake clients and sessions: reads start
// when the view is shown (not the idle simulator), DeviceCore events from a live session
// update rows and are coalesced into one redraw per ~250 ms (1,000 events/s stay cheap),
// DataPoint events update expanded streams, "live" follows the sessions' topics, load more
// and the filter go to the server, and nothing is re-read by itself except when an account goes
// live (the rows read before may be stale; events received during that read win over it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CursorPage, DataStreamInfo, DeviceInfo, ListDevicesOptions, ListStreamsOptions, PushEvent, RowPage, SessionItem } from '../../../src/core';
import type { AccountRecord } from '../../../src/extension/accounts/accountModel';
import { simulatorAccount } from '../../../src/extension/accounts/accountModel';
import { carriesFleetDeviceCore, DevicesController, type DevicesChange } from '../../../src/extension/devices/devicesController';
import { DevicesTree } from '../../../src/extension/devices/devicesTree';
import { deviceFromEvent, pointFromEvent } from '../../../src/extension/devices/eventRecords';
import { formatOnly as t } from '../../../src/extension/l10n';
import { Emitter } from '../../../src/extension/lifecycle';
import type { LiveSession } from '../../../src/extension/sessions/liveSession';
import type { SessionChange } from '../../../src/extension/sessions/sessionManager';
import { FakeClock, settle } from '../../helpers/fakeClock';
import { device } from '../../helpers/devices';

const account = (id: string): AccountRecord => ({ id, label: `Account ${id}`, host: 'h', restUrl: 'https://h', pushHost: 'h', pushPort: 3201, secure: true, kind: 'password', username: 'u' });

/** The DeviceCore record as a push event carries it (JSON types kept: numbers bare). */
function deviceCoreEvent(devId: number, connected: boolean, operation = 'UPDATE', extra: Record<string, unknown> = {}): PushEvent {
  const hex = devId.toString(16).toUpperCase().padStart(6, '0');
  return {
    kind: 'event', topic: `42/DeviceCore/${devId}/0`, type: 'DeviceCore', operation, timestamp: '2026-01-01T00:00:10.000Z', replay: false, format: 'json', blockId: 1, monitorId: 1, receivedAt: 0,
    data: { id: { devId, devVersion: 0 }, devConnectwareId: `00000000-00000000-00409DFF-FF${hex}`, dpConnectionStatus: connected ? 1 : 0, ...extra },
  };
}

function dataPointEvent(streamId: string, data: string, timestamp: number): PushEvent {
  return {
    kind: 'event', topic: `42/DataPoint/${streamId}`, type: 'DataPoint', operation: 'INSERTION', timestamp: new Date(timestamp).toISOString(), replay: false, format: 'json', blockId: 1, monitorId: 1, receivedAt: 0,
    data: { streamId, data, timestamp, id: 'p1' },
  };
}

class FakeSession {
  readonly items = new Emitter<readonly SessionItem[]>();
  readonly onItems = this.items.event;
  state: LiveSession['state'] = { kind: 'live', since: 0 };
  constructor(
    readonly accountId: string,
    readonly monitorId: number,
    topics: string[],
  ) {
    this.subscription = { topics } as LiveSession['subscription'];
  }
  readonly subscription: LiveSession['subscription'];
  get id() {
    return `${this.accountId}/${this.monitorId}`;
  }
  deliver(...events: PushEvent[]) {
    this.items.fire(events);
  }
}

function setup(o: { accounts?: AccountRecord[]; fleet?: DeviceInfo[]; pageSize?: number; simulatorRunning?: () => boolean; streams?: DataStreamInfo[] } = {}) {
  /** While set, device reads take the fleet as it is when asked and answer when released (an answer older than later events). */
  let held: (() => void)[] | undefined;
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00.000Z'));
  const accounts = o.accounts ?? [account('a')];
  const fleet = o.fleet ?? [device(1, { connected: true }), device(2), device(3)];
  const deviceCalls: ListDevicesOptions[] = [];
  const streamCalls: ListStreamsOptions[] = [];
  let failNext: Error | undefined;
  const sessions: FakeSession[] = [];
  const managerChanges = new Emitter<SessionChange>();
  const accountChanges = new Emitter<void>();
  const fires: DevicesChange[] = [];
  let progressCount = 0;
  const clients = {
    devices: {
      async listDevices(opts: ListDevicesOptions): Promise<RowPage<DeviceInfo>> {
        deviceCalls.push(opts);
        if (failNext) {
          const e = failNext;
          failNext = undefined;
          throw e;
        }
        const start = opts.start ?? 0;
        const items = fleet.slice(start, start + (opts.size ?? 1000));
        const page = { items, start, total: fleet.length, remaining: Math.max(0, fleet.length - start - items.length) };
        if (held) await new Promise<void>((resolve) => held!.push(resolve));
        return page;
      },
    },
    streams: {
      async listStreams(opts: ListStreamsOptions): Promise<CursorPage<DataStreamInfo>> {
        streamCalls.push(opts);
        return { items: o.streams ?? [] };
      },
    },
  };
  const c = new DevicesController(
    {
      accounts: { list: () => accounts, get: (id) => accounts.find((a) => a.id === id), onDidChange: accountChanges.event },
      clientsFor: async () => clients,
      manager: { list: () => sessions as unknown as LiveSession[], onDidChange: managerChanges.event },
      simulatorRunning: o.simulatorRunning ?? (() => false),
      parseDevice: deviceFromEvent,
      parsePoint: pointFromEvent,
      progress: (task) => {
        progressCount++;
        return task();
      },
      redact: (s) => s.replace('hunter2', '***'),
      log: { info() {}, warn() {}, error() {}, debug() {} } as never,
    },
    { clock, pageSize: o.pageSize ?? 100 },
  );
  c.onDidChange((ch) => fires.push(ch));
  c.start();
  const addSession = (s: FakeSession) => {
    sessions.push(s);
    managerChanges.fire({ kind: 'added', source: s as unknown as LiveSession });
    return s;
  };
  return {
    c, clock, fires, deviceCalls, streamCalls, addSession, managerChanges, accountChanges, accounts,
    failNextWith: (e: Error) => (failNext = e),
    holdReads: () => (held = []),
    /** Answers the reads held so far (each read of several pages asks again: release until none waits). */
    releaseReads: async () => {
      while (held && held.length > 0) {
        for (const r of held.splice(0)) r();
        await settle();
      }
      held = undefined;
    },
    progress: () => progressCount,
  };
}

test('nothing is read until the view is shown; then the first page once per account, with progress', async () => {
  const h = setup({ accounts: [account('a'), account('b')] });
  await settle();
  assert.equal(h.deviceCalls.length, 0, 'no network at activation');
  h.c.viewShown();
  h.c.viewShown(); // a second getChildren does not read again
  await settle();
  assert.deepEqual(h.deviceCalls, [{ condition: undefined, start: 0, size: 100 }, { condition: undefined, start: 0, size: 100 }]);
  assert.equal(h.progress(), 2);
  assert.deepEqual(h.c.snapshot().map((s) => [s.accountId, s.status, s.shown, s.connected]), [['a', 'loaded', 3, 1], ['b', 'loaded', 3, 1]]);
  h.clock.advance(60 * 60_000);
  await settle();
  assert.equal(h.deviceCalls.length, 2, 'never re-read by itself (no polling)');
  h.c.dispose();
});

test('the Local simulator is not started by showing the view; it is read once it runs, or when asked by name', async () => {
  const sim = simulatorAccount('Local simulator');
  const h = setup({ accounts: [sim] });
  h.c.viewShown();
  await settle();
  assert.equal(h.deviceCalls.length, 0);
  assert.equal(h.c.state(), 'simulatorIdle');
  await h.c.refresh(sim.id);
  assert.equal(h.deviceCalls.length, 1);
  assert.equal(h.c.state(), 'ready');
  h.c.dispose();
});

test('a session on the simulator (it started) makes the shown view read the simulator\'s devices', async () => {
  const sim = simulatorAccount('Local simulator');
  let running = false;
  const h = setup({ accounts: [sim], simulatorRunning: () => running });
  h.c.viewShown();
  await settle();
  assert.equal(h.deviceCalls.length, 0);
  running = true;
  const s = h.addSession(new FakeSession(sim.id, 1, ['DataPoint']));
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  await settle();
  assert.equal(h.deviceCalls.length, 1);
  h.c.dispose();
});

test('DeviceCore events of a live session flip the rows; redraws are coalesced to one per 250 ms with only the changed rows', async () => {
  const fleet = Array.from({ length: 100 }, (_, i) => device(i + 1));
  const h = setup({ fleet });
  h.c.viewShown();
  await settle();
  h.clock.advance(1000);
  h.fires.length = 0;
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  await settle(); // going live reads the shown rows again
  h.clock.advance(1000);
  h.fires.length = 0;
  // 1,000 events in one second, in batches of 10 every 10 ms, over devices 1..50.
  for (let i = 0; i < 100; i++) {
    s.deliver(...Array.from({ length: 10 }, (_, j) => deviceCoreEvent(((i * 10 + j) % 50) + 1, (i + j) % 2 === 0)));
    h.clock.advance(10);
  }
  assert.ok(h.fires.length >= 3 && h.fires.length <= 5, `about one redraw per 250 ms, got ${h.fires.length}`);
  for (const f of h.fires) {
    assert.ok(f !== undefined, 'row updates, not full redraws');
    assert.ok(f.length > 0 && f.length <= 50);
    assert.ok(f.every((row) => row.kind === 'device'));
  }
  assert.equal(h.c.eventsApplied, 1000);
  assert.equal(h.deviceCalls.length, 2, 'read again once when the account went live; events never cause a re-read');
  // The last state of device 1 wins.
  const snap = h.c.snapshot()[0];
  assert.equal(snap.shown, 100, 'no device added: every event was for a known device');
  h.c.dispose();
});

test('a record with numbers instead of strings parses; a record that does not parse is skipped, not thrown', async () => {
  const h = setup();
  h.c.viewShown();
  await settle();
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  s.deliver(
    { ...deviceCoreEvent(2, true), data: { id: { devId: 2 } } }, // no devConnectwareId: malformed
    { ...deviceCoreEvent(3, true), data: 'not an object' },
    deviceCoreEvent(2, true, 'UPDATE', { dpLastConnectTime: '2026-01-01T00:00:05.000Z', dpDescription: 'Boiler room' }),
  );
  h.clock.advance(300);
  const d2 = h.c.snapshot()[0].devices.find((d) => d.devId === 2)!;
  assert.deepEqual([d2.connected, d2.label], [true, 'Boiler room']);
  assert.equal(h.c.list('a').entry(2)!.device.lastConnectTime, Date.parse('2026-01-01T00:00:05.000Z'));
  h.c.dispose();
});

test('"live" means a live session of the account whose topics carry every device\'s DeviceCore events', async () => {
  assert.ok(carriesFleetDeviceCore('DeviceCore'));
  assert.ok(carriesFleetDeviceCore('[operation=U]DeviceCore'));
  assert.ok(carriesFleetDeviceCore('DeviceCore[U]'));
  assert.ok(!carriesFleetDeviceCore('DeviceCore/1234'));
  assert.ok(!carriesFleetDeviceCore('DataPoint'));
  const h = setup({ accounts: [account('a'), account('b')] });
  assert.equal(h.c.isLive('a'), false);
  const scoped = h.addSession(new FakeSession('a', 1, ['DeviceCore/1', 'DataPoint/x']));
  assert.equal(h.c.isLive('a'), false, 'one device only');
  const fleet = h.addSession(new FakeSession('a', 2, ['DataPoint', 'DeviceCore']));
  fleet.state = { kind: 'reconnecting', retryAt: 0, reason: 'x' };
  assert.equal(h.c.isLive('a'), false, 'not live while reconnecting');
  fleet.state = { kind: 'live', since: 0 };
  assert.equal(h.c.isLive('a'), true);
  assert.equal(h.c.isLive('b'), false, 'per account');
  // A state change redraws (the "not live" description).
  h.fires.length = 0;
  h.managerChanges.fire({ kind: 'state', source: fleet as unknown as LiveSession });
  h.clock.advance(300);
  assert.deepEqual(h.fires, [undefined]);
  void scoped;
  h.c.dispose();
});

test('load more reads the next page from where the last ended; unknown UPDATEs do not grow a partial list', async () => {
  const fleet = Array.from({ length: 250 }, (_, i) => device(i + 1));
  const h = setup({ fleet, pageSize: 100 });
  h.c.viewShown();
  await settle();
  assert.deepEqual([h.c.list('a').shown, h.c.list('a').total, h.c.list('a').remaining], [100, 250, 150]);
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  await settle(); // going live reads the shown page again
  s.deliver(deviceCoreEvent(200, true));
  assert.equal(h.c.list('a').shown, 100);
  await h.c.loadMore('a');
  await h.c.loadMore('a');
  await h.c.loadMore('a'); // nothing left: no request
  assert.deepEqual(h.deviceCalls.map((c) => c.start), [0, 0, 100, 200]);
  assert.equal(h.c.list('a').complete, true);
  // Complete now: a new device is added by its event.
  s.deliver(deviceCoreEvent(999, true));
  assert.deepEqual([h.c.list('a').shown, h.c.list('a').total], [251, 251]);
  h.c.dispose();
});

test('the filter goes to the server with every read (refresh keeps it) and clears; errors are shown redacted and retried', async () => {
  const h = setup();
  h.c.viewShown();
  await settle();
  await h.c.setFilter('  boiler ');
  assert.equal(h.c.filter, 'boiler');
  assert.equal(h.deviceCalls.at(-1)?.condition, "devConnectwareId like '%BOILER%' or dpDescription like '%boiler%'");
  await h.c.refresh();
  assert.equal(h.deviceCalls.at(-1)?.condition, "devConnectwareId like '%BOILER%' or dpDescription like '%boiler%'");
  await assert.rejects(h.c.setFilter("it's"), /cannot contain '/);
  assert.equal(h.c.filter, 'boiler', 'a refused filter changes nothing');
  await h.c.setFilter(undefined);
  assert.equal(h.deviceCalls.at(-1)?.condition, undefined);
  h.failNextWith(new Error('HTTP 500 for user:hunter2'));
  await h.c.refresh('a');
  assert.deepEqual([h.c.list('a').status, h.c.list('a').error?.message], ['error', 'HTTP 500 for user:***']);
  await h.c.refresh('a');
  assert.equal(h.c.list('a').status, 'loaded');
  h.c.dispose();
});

test('a device\'s streams are read on its first expansion; DataPoint events update the current value of a stream shown', async () => {
  const dev = device(1, { connected: true });
  const streamId = `${dev.deviceId}/metrics/temperature`;
  const h = setup({ fleet: [dev], streams: [{ streamId, dataType: 'DOUBLE', units: 'C', currentValue: { data: '20.5', timestamp: 1000 } }] });
  h.c.viewShown();
  await settle();
  const entry = h.c.list('a').entry(1)!;
  await h.c.streamsOf(entry);
  await h.c.streamsOf(entry);
  assert.deepEqual(h.streamCalls, [{ deviceId: dev.deviceId, size: 100, pageCursor: undefined }], 'read once');
  const row = h.c.streams.get('a', 1)!.streams[0];
  const s = h.addSession(new FakeSession('a', 1, ['DataPoint']));
  h.clock.advance(1000); // the redraw of the read
  h.fires.length = 0;
  s.deliver(dataPointEvent(streamId, '21.25', 5000), dataPointEvent(`${dev.deviceId}/other`, '1', 5000));
  s.deliver(dataPointEvent(streamId, '19', 2000)); // older than the current value: kept out
  h.clock.advance(300);
  assert.equal(row.stream.currentValue?.data, '21.25');
  assert.deepEqual(h.fires, [[row]]);
  // Refresh forgets the streams: the next expansion reads them again.
  await h.c.refresh('a');
  assert.equal(h.c.streams.get('a', 1), undefined);
  h.c.dispose();
});

test('a signed-out account\'s list is forgotten', async () => {
  const h = setup({ accounts: [account('a'), account('b')] });
  h.c.viewShown();
  await settle();
  h.accounts.splice(1, 1);
  h.accountChanges.fire();
  assert.deepEqual(h.c.snapshot().map((s) => s.accountId), ['a']);
  h.c.dispose();
});

test('the tree: rows per state, "Load more…", retrying errors, empty filter results, the view description and message', async () => {
  const fleet = Array.from({ length: 150 }, (_, i) => device(i + 1, { connected: i < 3 }));
  const h = setup({ fleet, pageSize: 100 });
  const tree = new DevicesTree(h.c, t, h.clock.now);
  assert.deepEqual(tree.roots().map((r) => tree.item(r).label), ['Loading devices…'], 'one account: its rows at the top');
  assert.equal(tree.description(), 'loading…');
  await settle();
  const rows = tree.roots();
  assert.equal(rows.length, 101);
  const more = tree.item(rows[100]);
  assert.deepEqual([more.label, more.description, more.command?.command, more.command?.arguments], ['Load more…', '100 of 150 shown', 'digiPushMonitor.devices.loadMore', [{ accountId: 'a' }]]);
  assert.equal(tree.description(), '3 of 100 shown connected · 150 devices · not live');
  assert.ok(tree.anyNotLive());
  h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  assert.equal(tree.description(), '3 of 100 shown connected · 150 devices');
  await h.c.setFilter('nothing-matches');
  assert.equal(tree.message(), 'Filter: devices whose id or description contains "nothing-matches"');
  h.failNextWith(new Error('HTTP 503'));
  await h.c.refresh('a');
  const err = tree.item(tree.roots()[0]);
  assert.deepEqual([err.label, err.command?.command, err.command?.arguments], ['Could not list devices: HTTP 503', 'digiPushMonitor.devices.refresh', [{ accountId: 'a' }]]);
  h.c.dispose();
});

test('the tree with several accounts: account rows with counts and "not live"; welcome states when there is nothing to list', async () => {
  const sim = simulatorAccount('Local simulator');
  const h = setup({ accounts: [account('a'), sim] });
  const tree = new DevicesTree(h.c, t, h.clock.now);
  tree.roots();
  await settle();
  const roots = tree.roots();
  assert.deepEqual(roots.map((r) => tree.item(r).label), ['Account a', 'Local simulator']);
  assert.deepEqual([tree.item(roots[0]).description, tree.item(roots[0]).contextValue], ['1/3 connected · not live', 'deviceAccount.notLive']);
  const simRows = await tree.children(roots[1]);
  assert.deepEqual(simRows.map((r) => [tree.item(r).label, tree.item(r).command?.arguments]), [['Start the Local simulator and list its devices', [{ accountId: sim.id }]]]);
  h.accounts.splice(0, 1);
  h.accountChanges.fire();
  assert.equal(h.c.state(), 'simulatorIdle');
  assert.deepEqual(tree.roots(), [], 'the welcome shows instead');
  h.accounts.splice(0, 1);
  h.accountChanges.fire();
  assert.equal(h.c.state(), 'noAccount');
  h.c.dispose();
});

test('many rows changed at once are still told row by row, never as a full redraw of every row read', async () => {
  const fleet = Array.from({ length: 2000 }, (_, i) => device(i + 1));
  const h = setup({ fleet, pageSize: 2000 });
  h.c.viewShown();
  await settle();
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  await settle();
  h.clock.advance(1000);
  h.fires.length = 0;
  s.deliver(...Array.from({ length: 1000 }, (_, i) => deviceCoreEvent(i + 1, true)));
  h.clock.advance(250);
  assert.equal(h.fires.length, 1);
  assert.equal(h.fires[0]?.length, 1000);
  assert.equal(h.c.list('a').connected, 1000);
  h.c.dispose();
});

test('going live re-reads the pages shown with the filter; the rows read while not live were stale', async () => {
  const fleet = Array.from({ length: 250 }, (_, i) => device(i + 1, { description: `unit ${i + 1}` }));
  const h = setup({ fleet, pageSize: 100 });
  h.c.viewShown();
  await settle();
  await h.c.setFilter('unit');
  await h.c.loadMore('a');
  assert.equal(h.c.list('a').shown, 200);
  const row5 = h.c.list('a').entry(5)!;
  // Nothing carries DeviceCore events yet: the server's changes do not reach the rows.
  fleet[4] = device(5, { description: 'unit 5', connected: true });
  fleet.splice(9, 1); // device 10 deleted
  const scoped = h.addSession(new FakeSession('a', 1, ['DeviceCore/5']));
  await settle();
  assert.equal(h.deviceCalls.length, 3, 'a session of one device does not make the account live');
  const calls = h.deviceCalls.length;
  const s = new FakeSession('a', 2, ['DeviceCore']);
  s.state = { kind: 'connecting' } as LiveSession['state'];
  h.addSession(s);
  await settle();
  assert.equal(h.deviceCalls.length, calls, 'not live yet: nothing read');
  s.state = { kind: 'live', since: 0 };
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  await settle();
  const condition = "devConnectwareId like '%UNIT%' or dpDescription like '%unit%'";
  assert.deepEqual(h.deviceCalls.slice(calls), [{ condition, start: 0, size: 100 }, { condition, start: 100, size: 100 }], 'the two pages shown, with the filter');
  const list = h.c.list('a');
  assert.equal(list.shown, 200);
  assert.equal(list.entry(5), row5, 'a row keeps its object');
  assert.equal(row5.device.connected, true);
  assert.equal(list.entry(10), undefined, 'a device deleted meanwhile is gone');
  assert.deepEqual([list.total, list.remaining, list.nextStart], [249, 49, 200]);
  // Still live (another state change, another live session): no more reads.
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  h.addSession(new FakeSession('a', 3, ['[operation=U]DeviceCore']));
  await settle();
  assert.equal(h.deviceCalls.length, calls + 2, 'live already: not read again');
  void scoped;
  h.c.dispose();
});

test('events received while the re-read runs win over its answer, applied in order; a Refresh meanwhile wins over both', async () => {
  const fleet = [device(1, { connected: true }), device(2), device(3), device(4)];
  const h = setup({ fleet });
  h.c.viewShown();
  await settle();
  h.holdReads();
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  await settle();
  assert.equal(h.c.list('a').rereading, true, 'the re-read asked the server');
  // Meanwhile (the server's answer was taken before these): device 2 connects then disconnects
  // then connects, device 3 connects, device 4 is deleted, device 9 is created.
  s.deliver(deviceCoreEvent(2, true), deviceCoreEvent(2, false), deviceCoreEvent(3, true));
  s.deliver(deviceCoreEvent(2, true), deviceCoreEvent(4, false, 'DELETE'), deviceCoreEvent(9, true, 'CREATE'));
  assert.equal(h.c.list('a').entry(3)!.device.connected, true, 'the rows shown follow the events meanwhile');
  h.fires.length = 0;
  await h.releaseReads();
  const list = h.c.list('a');
  assert.equal(list.rereading, false);
  assert.deepEqual(
    list.devices.map((e): [number, boolean] => [e.device.devId, e.device.connected]).sort((a, b) => a[0] - b[0]),
    [[1, true], [2, true], [3, true], [9, true]],
    'the answer (2 and 3 disconnected, 4 present, no 9) is older than the events: they win',
  );
  assert.equal(list.total, 4);
  h.clock.advance(300);
  assert.ok(h.fires.includes(undefined), 'the view redrawn');

  // A Refresh that starts while a re-read runs: the re-read's answer is dropped.
  s.state = { kind: 'reconnecting', retryAt: 0, reason: 'x' };
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  h.holdReads();
  s.state = { kind: 'live', since: 0 };
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  await settle();
  const reads = h.deviceCalls.length;
  fleet[0] = device(1, { connected: false });
  const refreshed = h.c.refresh('a');
  await settle();
  assert.equal(h.deviceCalls.length, reads + 1);
  await h.releaseReads();
  await refreshed;
  assert.equal(h.c.list('a').entry(1)!.device.connected, false, 'the Refresh (asked last) shows');
  assert.equal(h.c.list('a').status, 'loaded');
  h.c.dispose();
});

test('a first read running when the account goes live is read again; a failed re-read shows as the list\'s error', async () => {
  const fleet = [device(1), device(2)];
  const h = setup({ fleet });
  h.holdReads();
  h.c.viewShown();
  await settle();
  assert.equal(h.c.list('a').status, 'loading');
  fleet[0] = device(1, { connected: true }); // after the server answered, before any session carried it
  const s = h.addSession(new FakeSession('a', 1, ['DeviceCore']));
  await settle();
  s.deliver(deviceCoreEvent(2, true)); // during the second read: held, then applied on its answer
  await h.releaseReads();
  assert.deepEqual(h.c.list('a').devices.map((e) => e.device.connected), [true, true]);
  assert.equal(h.deviceCalls.length, 2);

  s.state = { kind: 'reconnecting', retryAt: 0, reason: 'x' };
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  h.failNextWith(new Error('HTTP 500 for user:hunter2'));
  s.state = { kind: 'live', since: 0 };
  h.managerChanges.fire({ kind: 'state', source: s as unknown as LiveSession });
  await settle();
  assert.deepEqual([h.c.list('a').status, h.c.list('a').error?.message], ['error', 'HTTP 500 for user:***']);
  s.deliver(deviceCoreEvent(1, false));
  assert.equal(h.c.list('a').rereading, false);
  await h.c.refresh('a');
  assert.equal(h.c.list('a').status, 'loaded');
  h.c.dispose();
});
