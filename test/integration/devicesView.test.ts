// The Devices view's model against the in-process simulator, end to end without VS Code:
// the fleet read from /ws/DeviceCore, a device disconnected through the simulator's control
// flips its row within a second through a live DeviceCore session (no re-read), the filter
// goes to the server, a device's streams are listed, and the Watch This Device topics carry
// only that device's events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../src/core/events';
import type { Logger } from '../../src/core/logger';
import type { PushClient } from '../../src/core/pushClient';
import type { SimulatorHandle } from '../../src/simulator';
import { simulatorAccount } from '../../src/extension/accounts/accountModel';
import { DevicesController } from '../../src/extension/devices/devicesController';
import { deviceFromEvent, pointFromEvent } from '../../src/extension/devices/eventRecords';
import { fleetSettings, watchDeviceSettings, watchTopics } from '../../src/extension/devices/watchTopics';
import { SessionManager } from '../../src/extension/sessions/sessionManager';
import { waitFor } from '../helpers/scriptedPushServer';
import { simClient, startSim } from '../helpers/simClient';

const log: Logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
const account = simulatorAccount('Local simulator');
let sim: SimulatorHandle;
let client: PushClient;
let manager: SessionManager;
let restReads = 0;

before(async () => {
  sim = await startSim({ devices: 12, rate: 0 });
  client = simClient(sim);
  manager = new SessionManager({ clientFor: async () => client, log, autoReconnect: () => false });
});

after(async () => {
  await manager.stopAll();
  manager.dispose();
  await client.close();
  await sim.close();
});

function controller(pageSize = 100) {
  const c = new DevicesController(
    {
      accounts: { list: () => [account], get: (id) => (id === account.id ? account : undefined), onDidChange: () => ({ dispose() {} }) },
      clientsFor: async () => {
        restReads++;
        return client;
      },
      manager,
      simulatorRunning: () => true,
      parseDevice: deviceFromEvent,
      parsePoint: pointFromEvent,
      progress: (task) => task(),
      redact: (s) => s,
      log,
    },
    { pageSize, redrawMs: 250 },
  );
  c.start();
  return c;
}

test('the fleet is read page by page; a disconnect through the simulator flips the row within a second, without a re-read', async () => {
  const c = controller(5);
  c.viewShown();
  await waitFor(() => c.list(account.id).status === 'loaded', 'the first page');
  assert.deepEqual([c.list(account.id).shown, c.list(account.id).total], [5, 12]);
  while (c.list(account.id).remaining > 0) await c.loadMore(account.id);
  const list = c.list(account.id);
  assert.equal(list.shown, 12);
  assert.equal(new Set(list.devices.map((e) => e.device.devId)).size, 12, 'no device twice');

  const monitorId = await client.createMonitor(fleetSettings().topics, { ...fleetSettings() });
  await manager.start(account, await client.getMonitor(monitorId));
  await waitFor(() => c.isLive(account.id), 'the DeviceCore session to be live');

  const target = list.devices.find((e) => e.device.connected) ?? list.devices[0];
  if (!target.device.connected) sim.connectDevice(target.device.deviceId);
  await waitFor(() => target.device.connected, 'the connect to arrive');
  const fired: unknown[] = [];
  const sub = c.onDidChange((ch) => fired.push(ch));
  // The redraw of the session going live may still be pending: it would show the flip too.
  const reads = restReads;
  const t0 = Date.now();
  const change = sim.disconnectDevice(target.device.deviceId);
  assert.equal(change.changed, true);
  await waitFor(() => !target.device.connected && fired.some((f) => f === undefined || (Array.isArray(f) && f.includes(target))), 'the row to flip and be redrawn', 1000);
  const ms = Date.now() - t0;
  assert.ok(ms < 1000, `flipped in ${ms} ms`);
  assert.equal(restReads, reads, 'no REST read: the push event did it');
  assert.ok(target.device.lastDisconnectTime !== undefined && target.device.lastDisconnectTime >= t0 - 1000);
  sub.dispose();
  await manager.stop(`${account.id}/${monitorId}`);
  c.dispose();
});

test('the filter is a server condition on the device id or description', async () => {
  const c = controller();
  c.viewShown();
  await waitFor(() => c.list(account.id).status === 'loaded', 'the list');
  const one = c.list(account.id).devices[3].device.deviceId;
  await c.setFilter(one.slice(-6).toLowerCase());
  assert.deepEqual(c.list(account.id).devices.map((e) => e.device.deviceId), [one]);
  await c.setFilter(undefined);
  assert.equal(c.list(account.id).shown, 12);
  c.dispose();
});

test("a device's data streams are listed with their current values", async () => {
  const c = controller();
  c.viewShown();
  await waitFor(() => c.list(account.id).status === 'loaded', 'the list');
  const entry = c.list(account.id).devices[0];
  const streamId = `${entry.device.deviceId}/metrics/e1test`;
  await client.dataPoints.write({ streamId, data: 21.5, streamType: 'DOUBLE', streamUnits: 'C' });
  await c.streamsOf(entry);
  const streams = c.streams.get(account.id, entry.device.devId)!;
  assert.equal(streams.status, 'loaded');
  const row = streams.streams.find((s) => s.stream.streamId === streamId);
  assert.ok(row, `the written stream among ${streams.streams.map((s) => s.stream.streamId).join(', ')}`);
  assert.equal(row.stream.currentValue?.data, '21.5');
  assert.ok(streams.streams.every((s) => s.stream.streamId.startsWith(`${entry.device.deviceId}/`)), "only this device's streams");
  c.dispose();
});

test('Watch This Device topics carry only that device\'s DeviceCore and DataPoint events', async () => {
  const c = controller();
  c.viewShown();
  await waitFor(() => c.list(account.id).status === 'loaded', 'the list');
  const [mine, other] = c.list(account.id).devices.map((e) => e.device);
  const settings = watchDeviceSettings(watchTopics(mine, { fileData: true, alarmStatus: false }));
  const monitorId = await client.createMonitor(settings.topics, settings);
  const src = await manager.start(account, await client.getMonitor(monitorId));
  const events: PushEvent[] = [];
  src.onItems((items) => events.push(...items.filter((i): i is PushEvent => i.kind === 'event')));
  await waitFor(() => src.state.kind === 'live', 'live');
  for (const d of [other, mine]) {
    sim.connectDevice(d.deviceId);
    sim.disconnectDevice(d.deviceId);
    await client.dataPoints.write({ streamId: `${d.deviceId}/metrics/e1watch`, data: 1, streamType: 'INTEGER' });
  }
  await waitFor(() => events.filter((e) => e.type === 'DataPoint').length >= 1 && events.filter((e) => e.type === 'DeviceCore').length >= 2, 'the device\'s events');
  // Let anything for the other device arrive too, if it were going to.
  sim.generate(200);
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(events.length >= 3);
  for (const e of events) {
    const text = JSON.stringify(e.data);
    assert.ok(!text.includes(other.deviceId), `an event of the other device: ${e.topic}`);
    if (e.type === 'DeviceCore') assert.match(e.topic, new RegExp(`/DeviceCore/${mine.devId}/`));
    else if (e.type === 'DataPoint' || e.type === 'FileData') assert.ok(e.topic.includes(mine.deviceId), e.topic);
    else assert.fail(`unexpected ${e.type} event`);
  }
  await manager.stop(src.id);
  c.dispose();
});
