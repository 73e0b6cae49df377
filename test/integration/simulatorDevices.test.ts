// The simulator's /ws/DeviceCore inventory (rest-devices-streams §1–§2) over real HTTP on
// loopback, and device connects/disconnects through the control API: the record changes and
// the DeviceCore push event carries exactly that record.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { parseServerError } from '../../src/core/monitor';
import { DEMO_API_KEY_ID, DEMO_API_KEY_SECRET, sequenceOf, startSimulator, UnknownDeviceError, type SimulatorHandle } from '../../src/simulator';
import { FakeClock } from '../helpers/fakeClock';
import { basicAuth, createMonitor, rest, session, type RawPushClient } from './simulatorClient';

const OTHER = { username: 'other', password: 'other-password', customerId: 2002, company: 'Other_Inc' };
const DEMO = { username: 'demo', password: 'demo-password', apiKeyId: DEMO_API_KEY_ID, apiKeySecret: DEMO_API_KEY_SECRET, customerId: 1001 };
const DEVICES = 12;

type Item = Record<string, unknown> & { id: { devId: string; devVersion: string } };
interface RowEnvelope {
  resultTotalRows: string;
  requestedStartRow: string;
  resultSize: string;
  requestedSize: string;
  remainingSize: string;
  items: Item[];
}

/** Every scalar of a JSON answer is a string (nested objects included). */
function assertAllStrings(v: unknown, path = '$'): void {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) assertAllStrings(x, `${path}.${k}`);
  } else {
    assert.equal(typeof v, 'string', `${path} is a string`);
  }
}

/** A push event's resource object with every scalar as text: what REST shows for it. */
function asText(v: unknown): unknown {
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)]));
  return String(v);
}

async function page(sim: SimulatorHandle, query: string, auth?: string): Promise<RowEnvelope> {
  const r = await rest(sim, 'GET', `/ws/DeviceCore/.json${query}`, { auth });
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text) as RowEnvelope;
}

async function control(sim: SimulatorHandle, path: string, body: unknown = {}, token = sim.controlToken) {
  const r = await fetch(sim.restUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

describe('simulator /ws/DeviceCore', { timeout: 60_000 }, () => {
  let sim: SimulatorHandle;
  const clients: RawPushClient[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 13, devices: DEVICES, tls: false, accounts: [DEMO, OTHER] });
  });
  after(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  test('JSON list: documented counters and fields, every scalar a string, nested id, devId order', async () => {
    const env = await page(sim, '');
    assertAllStrings(env);
    assert.deepEqual(
      [env.resultTotalRows, env.requestedStartRow, env.resultSize, env.requestedSize, env.remainingSize],
      [String(DEVICES), '0', String(DEVICES), '1000', '0'],
    );
    assert.equal(env.items.length, DEVICES);
    const devIds = env.items.map((i) => Number(i.id.devId));
    assert.deepEqual(devIds, [...devIds].sort((a, b) => a - b));
    assert.equal(new Set(env.items.map((i) => i.devConnectwareId)).size, DEVICES);
    for (const i of env.items) {
      for (const k of ['devConnectwareId', 'devMac', 'cstId', 'grpId', 'grpPath', 'devRecordStartDate', 'devEffectiveStartDate', 'devTerminated',
        'dpDeviceType', 'dpFirmwareLevel', 'dpFirmwareLevelDesc', 'dpConnectionStatus', 'dpLastConnectTime', 'dpLastKnownIp', 'dpGlobalIp',
        'dpRestrictedStatus', 'dpCapabilities', 'dvVendorId']) {
        assert.ok(k in i, `${k} in ${String(i.devConnectwareId)}`);
      }
      assert.match(String(i.devConnectwareId), /^00000000-00000000-00409DFF-FF[0-9A-F]{6}$/);
      assert.equal(i.id.devVersion, '0');
      assert.equal(i.cstId, '1001');
      assert.match(String(i.dpConnectionStatus), /^[01]$/);
      assert.match(String(i.devRecordStartDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(i.devTerminated, 'false');
      for (const v of Object.values(i)) assert.notEqual(v, null, 'optional fields are left out, never null');
    }
    const described = env.items.filter((i) => typeof i.dpDescription === 'string' && i.dpDescription !== '');
    assert.ok(described.length > 0 && described.length < DEVICES, 'some devices have a description, some do not');
  });

  test('XML list: <result> with the counters, one <DeviceCore> per item, nested <id>, same values as JSON', async () => {
    const xml = await rest(sim, 'GET', '/ws/DeviceCore?size=5&start=2');
    assert.equal(xml.status, 200);
    assert.match(xml.headers.get('content-type') ?? '', /application\/xml/);
    assert.match(xml.text, /^<\?xml version="1\.0" encoding="ISO-8859-1"\?>\n<result>\n {2}<resultTotalRows>12<\/resultTotalRows>/);
    assert.match(xml.text, /<DeviceCore>\n {4}<id>\n {6}<devId>\d+<\/devId>\n {6}<devVersion>0<\/devVersion>\n {4}<\/id>/);
    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'DeviceCore' }).parse(xml.text) as { result: RowEnvelope & { DeviceCore: Item[] } };
    const r = parsed.result;
    assert.deepEqual([r.resultTotalRows, r.requestedStartRow, r.resultSize, r.requestedSize, r.remainingSize], ['12', '2', '5', '5', '5']);
    const json = await page(sim, '?size=5&start=2');
    assert.equal(r.DeviceCore.length, 5);
    // XML empty elements (grpPath of the root group) read back as '' either way.
    assert.deepEqual(r.DeviceCore, json.items);
  });

  test('paging: pages of an exact divisor, a short last page, past the end, bad numbers → 400', async () => {
    const seen: string[] = [];
    for (let start = 0; start < DEVICES; start += 4) {
      const p = await page(sim, `?start=${start}&size=4`);
      assert.equal(p.resultSize, '4');
      assert.equal(p.remainingSize, String(DEVICES - start - 4));
      seen.push(...p.items.map((i) => i.id.devId));
    }
    assert.deepEqual(seen, (await page(sim, '')).items.map((i) => i.id.devId));
    const short = await page(sim, '?start=10&size=5');
    assert.deepEqual([short.resultSize, short.remainingSize], ['2', '0']);
    const past = await page(sim, `?start=${DEVICES}&size=5`);
    assert.deepEqual([past.resultTotalRows, past.resultSize, past.remainingSize, past.items.length], [String(DEVICES), '0', '0', 0]);
    for (const bad of ['start=-1', 'size=abc', 'start=1e3']) {
      const r = await rest(sim, 'GET', `/ws/DeviceCore/.json?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match((JSON.parse(r.text) as { error: string[] }).error[0], /^GET DeviceCore error\. Invalid request\. For input string: /);
    }
  });

  test('condition: connection status, device id, grpPath like, and/or; unknown attribute → 400', async () => {
    const all = (await page(sim, '')).items;
    const ids = async (condition: string) => (await page(sim, `?condition=${encodeURIComponent(condition)}`)).items.map((i) => i.devConnectwareId);
    const connected = all.filter((i) => i.dpConnectionStatus === '1').map((i) => i.devConnectwareId);
    assert.ok(connected.length > 0);
    assert.deepEqual(await ids('dpConnectionStatus=1'), connected);
    assert.deepEqual(await ids("dpConnectionStatus='0'"), all.filter((i) => i.dpConnectionStatus === '0').map((i) => i.devConnectwareId));
    const one = all[3];
    assert.deepEqual(await ids(`devConnectwareId='${String(one.devConnectwareId)}'`), [one.devConnectwareId]);
    assert.deepEqual(await ids(`id.devId='${one.id.devId}' or devId='${all[5].id.devId}'`), [one.devConnectwareId, all[5].devConnectwareId]);
    const grouped = all.filter((i) => String(i.grpPath).startsWith('Plant'));
    assert.ok(grouped.length > 0, 'the seed puts some devices under Plant');
    assert.deepEqual(await ids("grpPath like 'Plant%'"), grouped.map((i) => i.devConnectwareId));
    assert.deepEqual(
      await ids("grpPath like 'Plant%' and dpConnectionStatus=1"),
      grouped.filter((i) => i.dpConnectionStatus === '1').map((i) => i.devConnectwareId),
    );
    const counted = await page(sim, `?condition=${encodeURIComponent('dpConnectionStatus=1')}&size=2`);
    assert.deepEqual([counted.resultTotalRows, counted.resultSize, counted.remainingSize], [String(connected.length), '2', String(connected.length - 2)]);
    const bad = await rest(sim, 'GET', `/ws/DeviceCore?condition=${encodeURIComponent("nosuch='1'")}`);
    assert.equal(bad.status, 400);
    assert.equal(parseServerError(bad.text), 'GET DeviceCore error. Invalid request. Invalid condition: unknown attribute "nosuch"');
  });

  test('one device by devId (suffix and Accept); unknown → 404, not a number → 400; 401 without credentials', async () => {
    const first = (await page(sim, '')).items[0];
    const one = JSON.parse((await rest(sim, 'GET', `/ws/DeviceCore/${first.id.devId}.json`)).text) as RowEnvelope;
    assert.deepEqual([one.resultTotalRows, one.resultSize, one.remainingSize], ['1', '1', '0']);
    assert.deepEqual(one.items[0], first);
    const accepted = await rest(sim, 'GET', `/ws/DeviceCore/${first.id.devId}`, { headers: { Accept: 'application/json' } });
    assert.deepEqual((JSON.parse(accepted.text) as RowEnvelope).items[0], first);

    const missing = await rest(sim, 'GET', '/ws/DeviceCore/1.json');
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.text), { error: ["GET DeviceCore error. Error reading DeviceCore entity id='1'"] });
    const missingXml = await rest(sim, 'GET', '/ws/DeviceCore/1');
    assert.equal(missingXml.status, 404);
    assert.match(missingXml.text, /^<\?xml [^>]*>\n<result>\n {2}<error>[^<]*<\/error>\n<\/result>\n$/);
    assert.equal(parseServerError(missingXml.text), "GET DeviceCore error. Error reading DeviceCore entity id='1'");
    const nan = await rest(sim, 'GET', '/ws/DeviceCore/abc.json');
    assert.equal(nan.status, 400);
    const put = await rest(sim, 'PUT', `/ws/DeviceCore/${first.id.devId}`, { body: '<DeviceCore/>' });
    assert.equal(put.status, 405);

    const anon = await rest(sim, 'GET', '/ws/DeviceCore/.json', { auth: null });
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    assert.deepEqual(JSON.parse(anon.text), { error: ['Invalid user name or password'] });
    const key = await rest(sim, 'GET', '/ws/DeviceCore/.json', { auth: null, headers: { 'X-API-KEY-ID': DEMO_API_KEY_ID, 'X-API-KEY-SECRET': DEMO_API_KEY_SECRET } });
    assert.equal((JSON.parse(key.text) as RowEnvelope).resultTotalRows, String(DEVICES));
  });

  test("another account's devices do not exist for you", async () => {
    const otherAuth = basicAuth(OTHER.username, OTHER.password);
    const mine = (await page(sim, '')).items;
    const theirs = (await page(sim, '', otherAuth)).items;
    assert.equal(theirs.length, DEVICES);
    assert.ok(theirs.every((i) => i.cstId === '2002'));
    const theirDevIds = new Set(theirs.map((i) => i.id.devId));
    const onlyMine = mine.find((i) => !theirDevIds.has(i.id.devId));
    assert.ok(onlyMine);
    assert.equal((await rest(sim, 'GET', `/ws/DeviceCore/${onlyMine.id.devId}.json`, { auth: otherAuth })).status, 404);
    const cond = await page(sim, `?condition=${encodeURIComponent(`devConnectwareId='${String(onlyMine.devConnectwareId)}'`)}`, otherAuth);
    assert.equal(cond.resultTotalRows, theirs.some((i) => i.devConnectwareId === onlyMine.devConnectwareId) ? '1' : '0');
  });

  test('control disconnect/connect: the record flips and the DeviceCore UPDATE pushed carries that record', async () => {
    const monitor = await createMonitor(sim, { monTopic: 'DeviceCore', monBatchSize: 1 });
    const c = await session(sim, monitor);
    clients.push(c);
    const target = (await page(sim, '?condition=dpConnectionStatus%3D1')).items[0];
    const deviceId = String(target.devConnectwareId);

    const down = await control(sim, `/_sim/devices/${deviceId}/disconnect`);
    assert.equal(down.status, 200, JSON.stringify(down.json));
    assert.equal(down.json.deviceId, deviceId);
    assert.equal(down.json.devId, Number(target.id.devId));
    assert.equal(down.json.connected, false);
    assert.equal(down.json.changed, true);
    const [event] = (await c.readEvents(1)).events;
    assert.equal(event.type, 'DeviceCore');
    assert.equal(event.operation, 'UPDATE');
    assert.equal(event.topic, `1001/DeviceCore/${target.id.devId}/0`);
    assert.equal(sequenceOf(event), down.json.sequence);
    const data = event.data as Record<string, unknown>;
    assert.equal(data.dpConnectionStatus, 0, 'the event keeps JSON types');
    const after = (await page(sim, `?condition=${encodeURIComponent(`devConnectwareId='${deviceId}'`)}`)).items[0];
    assert.equal(after.dpConnectionStatus, '0');
    assert.equal(after.dpLastDisconnectTime, event.timestamp);
    assert.equal(after.dpLastConnectTime, target.dpLastConnectTime);
    assert.deepEqual(asText(data), after, 'the event carries the record REST shows');

    const again = await control(sim, `/_sim/devices/${deviceId}/disconnect`);
    assert.deepEqual([again.status, again.json.changed, again.json.connected, 'sequence' in again.json], [200, false, false, false]);

    const up = await control(sim, `/_sim/devices/${deviceId.toLowerCase()}/connect`);
    assert.deepEqual([up.status, up.json.changed, up.json.connected], [200, true, true]);
    const [upEvent] = (await c.readEvents(1)).events;
    assert.equal(sequenceOf(upEvent), up.json.sequence, 'the repeated disconnect published nothing');
    const back = (await page(sim, `?condition=${encodeURIComponent(`devConnectwareId='${deviceId}'`)}`)).items[0];
    assert.equal(back.dpConnectionStatus, '1');
    assert.equal(back.dpLastConnectTime, upEvent.timestamp);
    assert.deepEqual(asText(upEvent.data), back);
  });

  test('control device routes: unknown device 404, bad token 401, other account by username; handle methods', async () => {
    const unknown = await control(sim, '/_sim/devices/00000000-00000000-00409DFF-FF000000/disconnect');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.json.error), /^no device "00000000-00000000-00409DFF-FF000000"/);
    assert.equal((await control(sim, '/_sim/devices/x/disconnect', {}, 'wrong-token')).status, 401);
    assert.equal((await control(sim, '/_sim/devices/x/reboot')).status, 404);

    const otherAuth = basicAuth(OTHER.username, OTHER.password);
    const theirs = (await page(sim, '?condition=dpConnectionStatus%3D1', otherAuth)).items[0];
    const r = await control(sim, `/_sim/devices/${String(theirs.devConnectwareId)}/disconnect`, { username: 'other' });
    assert.deepEqual([r.status, r.json.changed], [200, true]);
    assert.equal((await page(sim, `?condition=${encodeURIComponent(`devId='${theirs.id.devId}'`)}`, otherAuth)).items[0].dpConnectionStatus, '0');

    const mine = (await page(sim, '?condition=dpConnectionStatus%3D1')).items[0];
    const change = sim.disconnectDevice(String(mine.devConnectwareId));
    assert.deepEqual([change.changed, change.connected, change.devId], [true, false, Number(mine.id.devId)]);
    assert.equal(sim.connectDevice(String(mine.devConnectwareId)).connected, true);
    assert.throws(() => sim.connectDevice('nope'), UnknownDeviceError);
  });
});

describe('simulator device inventory: determinism and scale', { timeout: 120_000 }, () => {
  test('the same seed and clock give the same inventory; generated toggles show in it', async () => {
    const start = Date.parse('2026-03-01T12:00:00Z');
    const a = await startSimulator({ seed: 21, devices: 30, tls: false, clock: new FakeClock(start) });
    const b = await startSimulator({ seed: 21, devices: 30, tls: false, clock: new FakeClock(start) });
    try {
      const [ta, tb] = await Promise.all([a, b].map(async (s) => (await rest(s, 'GET', '/ws/DeviceCore/.json')).text));
      assert.equal(ta, tb);
      const before = JSON.parse(ta) as RowEnvelope;
      assert.ok(before.items.length > 0, 'the fleet is listed');
      assert.ok(before.items.every((i) => Date.parse(String(i.dpLastConnectTime)) <= start), 'times follow the simulator clock');
      const toggles = a.generate(400).filter((e) => e.type === 'DeviceCore');
      assert.ok(toggles.length > 0);
      const now = JSON.parse((await rest(a, 'GET', '/ws/DeviceCore/.json')).text) as RowEnvelope;
      const last = new Map(toggles.map((e) => [(e.data as { devConnectwareId: string }).devConnectwareId, e]));
      for (const [deviceId, e] of last) {
        assert.deepEqual(asText(e.data), now.items.find((i) => i.devConnectwareId === deviceId), `${deviceId} is as its last event says`);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('10,000 devices: the first page of 1000, the last page, and a condition over all of them', async () => {
    const sim = await startSimulator({ seed: 5, devices: 10_000, tls: false });
    try {
      const first = await page(sim, '?size=1000');
      assert.deepEqual([first.resultTotalRows, first.resultSize, first.requestedSize, first.remainingSize], ['10000', '1000', '1000', '9000']);
      const devIds = first.items.map((i) => Number(i.id.devId));
      assert.ok(devIds.every((d, k) => k === 0 || d > devIds[k - 1]), 'strictly ascending devIds');
      const last = await page(sim, '?size=1000&start=9000');
      assert.deepEqual([last.resultSize, last.remainingSize], ['1000', '0']);
      assert.ok(Number(last.items[0].id.devId) > devIds[999]);
      const up = await page(sim, '?size=1&condition=dpConnectionStatus%3D1');
      const down = await page(sim, '?size=1&condition=dpConnectionStatus%3D0');
      assert.equal(Number(up.resultTotalRows) + Number(down.resultTotalRows), 10_000);
      assert.ok(Number(down.resultTotalRows) > 0);
      const events = sim.generate(5000);
      assert.equal(events.length, 5000);
    } finally {
      await sim.close();
    }
  });
});
