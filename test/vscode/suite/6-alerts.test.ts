// Watch rules in the real VS Code (issue 15 §2–3), on the Local simulator: a deviceDisconnected
// rule in digiPushMonitor.alerts fires a notification, a ⚠ line in the events output and a
// count on the status bar when the simulator's control disconnects a device that a live
// DeviceCore session carries; Mute for 1 Hour silences it (a second disconnect while muted
// is counted as muted, not notified), Unmute brings it back. Sessions started here are
// stopped at the end (9-deactivate counts the live ones).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_ACCOUNT_ID } from '../../../src/extension/accounts/accountModel';
import { COMMANDS } from '../../../src/extension/commandIds';
import type { DigiPushMonitorTestApi } from '../../../src/extension/testApi';
import { api, quietSimulator, ScriptedPrompter, waitFor } from './helpers';

type Ref = { accountId: string; monitorId: number };
const RULE = 'e2e device disconnect';

const rule = (t: DigiPushMonitorTestApi) => t.alerts().rules.find((r) => r.name === RULE);
const notices = (t: DigiPushMonitorTestApi) => t.alerts().notices.filter((n) => n.rule === RULE);

/** A connected device of the simulator, as its own REST API lists it. */
async function connectedDevice(t: DigiPushMonitorTestApi): Promise<string> {
  const ep = t.services.simulator.endpoint;
  assert.ok(ep, 'the simulator runs');
  const auth = Buffer.from(`${ep.username}:${ep.password}`).toString('base64');
  const res = await fetch(`${ep.restUrl}/ws/DeviceCore/.json?size=1000`, { headers: { authorization: `Basic ${auth}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { items: { devConnectwareId: string; dpConnectionStatus: string }[] };
  const device = body.items.find((i) => i.dpConnectionStatus === '1');
  assert.ok(device, 'a connected device');
  return device.devConnectwareId;
}

describe('Digi Push Monitor: watch rules on the Local simulator', () => {
  const started: Ref[] = [];
  let deviceId: string | undefined;
  let restoreRate: (() => Promise<void>) | undefined;
  const config = () => vscode.workspace.getConfiguration('digiPushMonitor');

  let ref: Ref | undefined;

  // No background events: a random connect or disconnect must not fire or clear the rule. The
  // DeviceCore session runs before the rule exists: what it replays on connecting (the lossless
  // monitor's events published while it was stopped) must not fire the rule and start its interval.
  before(async () => {
    const t = await api();
    restoreRate = await quietSimulator(t);
    ref = (await vscode.commands.executeCommand(COMMANDS.watchDeviceConnections, { accountId: SIMULATOR_ACCOUNT_ID })) as Ref | undefined;
    assert.ok(ref, `watching connections (${JSON.stringify(t.services.reported.at(-1))})`);
    started.push(ref);
    const live = ref;
    const session = await waitFor('the DeviceCore session live', () => {
      const s = t.services.manager.find(live.accountId, live.monitorId);
      return s?.state.kind === 'live' ? s : undefined;
    });
    let count = -1;
    await waitFor('the replay settled', async () => {
      if (session.eventCount === count) return true;
      count = session.eventCount;
      await new Promise((r) => setTimeout(r, 500));
      return false;
    });
    deviceId = await connectedDevice(t);
  });

  after(async () => {
    const t = await api();
    if (deviceId) t.simulator()?.connectDevice(deviceId);
    for (const ref of started) await vscode.commands.executeCommand(COMMANDS.stopSession, ref);
    t.setPrompter(undefined);
    await config().update('alerts', undefined, vscode.ConfigurationTarget.Global);
    await restoreRate?.();
  });

  it('a bad rule is one problem naming it and its field; the good rule is read and armed', async () => {
    const t = await api();
    // Scoped by the simulator account's label, as a user would write it.
    const label = t.services.accounts.get(SIMULATOR_ACCOUNT_ID)?.label;
    assert.ok(label, 'the Local simulator account');
    assert.ok(deviceId, 'a connected device picked');
    await config().update('alerts', [
      { name: RULE, kind: 'deviceDisconnected', device: deviceId, account: label },
      { name: 'e2e broken', kind: 'streamSilent', stream: '*' },
    ], vscode.ConfigurationTarget.Global);
    const read = await waitFor('the rules read', () => (rule(t) ? t.alerts() : undefined));
    assert.equal(rule(t)?.state, 'armed');
    assert.deepEqual(read.problems, ['watch rule "e2e broken": seconds must be a number above 0 and at most 604800']);
    assert.equal(read.rules.some((r) => r.name === 'e2e broken'), false);
  });

  it('fires a notification, an output line and a status bar count when the simulator disconnects a device', async () => {
    const t = await api();
    const sim = t.simulator();
    assert.ok(sim && ref && deviceId);
    assert.equal(t.services.manager.find(ref.accountId, ref.monitorId)?.state.kind, 'live');
    const before = notices(t).length;
    assert.equal(before, 0, 'nothing fired before the disconnect');

    const t0 = Date.now();
    assert.equal(sim.disconnectDevice(deviceId).changed, true);
    const notice = await waitFor('the rule to notify', () => notices(t).at(before), 10_000);
    console.log(`disconnect → notification: ${Date.now() - t0} ms`);
    assert.equal(notice.message, `device ${deviceId} disconnected`);
    assert.deepEqual([notice.accountId, notice.monitorId, notice.count], [ref.accountId, ref.monitorId, 1]);
    const state = rule(t);
    assert.equal(state?.state, 'firing');
    assert.equal(state?.firing, 1);
    assert.ok(state?.firingSince !== undefined && state.firingSince >= t0 - 1000);
    const line = await waitFor('the ⚠ line in the events output', () => t.eventLines().find((l) => l.includes(`⚠ rule ${RULE}: device ${deviceId} disconnected`)));
    assert.ok(line.endsWith(`(#${ref.monitorId})`), line);
    assert.match(t.statusBar().text, /\$\(warning\) 1 rule\(s\) firing/);

    // Back to armed once the device reconnects.
    assert.equal(sim.connectDevice(deviceId).changed, true);
    await waitFor('the rule armed again', () => rule(t)?.state === 'armed', 10_000);
    assert.doesNotMatch(t.statusBar().text, /rule\(s\) firing/);
  });

  it('Mute for 1 Hour silences it: a disconnect while muted notifies nothing; Unmute brings it back', async () => {
    const t = await api();
    const sim = t.simulator();
    assert.ok(sim && deviceId);
    assert.equal(await vscode.commands.executeCommand(COMMANDS.muteAlertRule, RULE), true);
    const muted = rule(t);
    assert.equal(muted?.state, 'muted');
    assert.ok(muted?.mutedUntil !== undefined && Math.abs(muted.mutedUntil - (Date.now() + 3_600_000)) < 60_000, 'muted for an hour');
    const before = notices(t).length;
    const lastFired = muted?.lastFired;

    assert.equal(sim.disconnectDevice(deviceId).changed, true);
    // The rule did see the disconnect: it fired into the mute.
    await waitFor('the disconnect seen while muted', () => rule(t)?.mutedFires === 1, 10_000);
    assert.ok((rule(t)?.lastFired ?? 0) > (lastFired ?? 0));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(notices(t).length, before, 'no notification while muted');
    assert.equal(rule(t)?.state, 'muted');
    assert.doesNotMatch(t.statusBar().text, /rule\(s\) firing/, 'a muted rule is not counted');

    assert.equal(await vscode.commands.executeCommand(COMMANDS.unmuteAlertRule, RULE), true);
    assert.equal(rule(t)?.state, 'firing', 'unmuted: the device is still disconnected');
    assert.equal(sim.connectDevice(deviceId).changed, true);
    await waitFor('the rule armed again', () => rule(t)?.state === 'armed', 10_000);
    assert.equal(notices(t).length, before, 'what happened while muted is not told afterwards');
  });

  it('Add Watch Rule asks for a rule and appends it to the setting; the view lists it armed', async () => {
    const t = await api();
    const p = new ScriptedPrompter().pick(/Value out of range/).type('e2e range').type('*/metrics/temperature').type('').type('1000');
    t.setPrompter(p.asPrompter);
    const name = await vscode.commands.executeCommand(COMMANDS.addAlertRule);
    t.setPrompter(undefined);
    assert.deepEqual(p.unexpected, []);
    assert.equal(name, 'e2e range');
    const added = (config().get('alerts') as { name: string }[]).find((r) => r.name === 'e2e range');
    assert.deepEqual(added, { kind: 'valueOutOfRange', name: 'e2e range', stream: '*/metrics/temperature', max: 1000 });
    const state = await waitFor('the added rule read', () => t.alerts().rules.find((r) => r.name === 'e2e range'));
    assert.equal(state.state, 'armed');
    assert.ok(rule(t), 'the rules before it are kept');
  });
});
