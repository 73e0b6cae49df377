// The main path on the built-in Local simulator account: create a monitor (wizard) → the
// tree shows it → start a session → events reach the output channel → the connection
// drops and the tree shows "reconnecting" → live again with a gap → stop → delete.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_ACCOUNT_ID } from '../../../src/extension/accounts/accountModel';
import { COMMANDS } from '../../../src/extension/commandIds';
import { api, find, ScriptedPrompter, waitFor } from './helpers';

describe('Digi Push Monitor: monitor and session lifecycle on the Local simulator', () => {
  let monitorId = 0;
  const nodeId = () => `monitor:${SIMULATOR_ACCOUNT_ID}/${monitorId}`;
  const ref = () => ({ accountId: SIMULATOR_ACCOUNT_ID, monitorId });

  afterEach(async () => (await api()).setPrompter(undefined));

  it('creates a monitor through the wizard (topics validated) and the tree shows it stopped', async () => {
    const t = await api();
    const p = new ScriptedPrompter();
    // The account question is only asked when there is more than one account.
    if (t.services.accounts.list().length > 1) p.pick(/Local simulator/);
    p.pickMany([/^DeviceCore$/, /^DataPoint$/])
      .pick(/^Topics$/)
      .type('DeviceCor, DataPoint', /unknown topic resource "DeviceCor"/)
      .pick(/^Batch size$/)
      .type('0', /whole number between 1 and 10000/)
      .pick(/^Batch size$/)
      .type('1')
      .pick(/^Batch duration$/)
      .type('0')
      .pick(/Create Only/);
    t.setPrompter(p.asPrompter);
    const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor)) as { accountId: string; monitorId: number } | undefined;
    assert.deepEqual(p.unexpected, []);
    assert.ok(created, `created (${JSON.stringify(t.services.reported.at(-1))})`);
    assert.equal(created.accountId, SIMULATOR_ACCOUNT_ID);
    monitorId = created.monitorId;
    assert.ok(t.simulator(), 'the simulator started on first use');
    const onServer = t.simulator()?.monitors().find((m) => m.id === monitorId);
    assert.equal(onServer?.topics, 'DeviceCore,DataPoint');
    assert.equal(onServer?.batchSize, 1);

    const snap = t.treeSnapshot();
    assert.equal(snap.state, 'ready');
    const node = find(snap.roots, nodeId());
    assert.ok(node, 'the monitor is in the tree');
    assert.equal(node.contextValue, 'monitor:stopped');
    assert.equal(node.label, 'DeviceCore, DataPoint');
    assert.match(node.tooltip ?? '', /created by this extension/);
  });

  it('starts a session: live in the tree, events in the output channel, status bar counts it', async () => {
    const t = await api();
    await vscode.commands.executeCommand(COMMANDS.startSession, ref());
    await waitFor('the tree to show the session live', () => find(t.treeSnapshot().roots, nodeId())?.contextValue === 'monitor:live');
    assert.equal(t.treeSnapshot().sessions.length, 1, 'the Live Sessions view lists it');
    t.simulator()?.generate(20);
    // One greppable line per event: time, [type], device id, operation, summary, #monitor.
    const shape = /^\d\d:\d\d:\d\d\.\d{3} \[(DataPoint|DeviceCore)\] 00000000-00000000-00409DFF-FF[0-9A-F]{6} (INSERTION|UPDATE) \S.* {2}#(\d+)$/;
    await waitFor('generated event lines for the monitor', () => t.eventLines().some((l) => shape.exec(l)?.[3] === String(monitorId)));
    const desc = await waitFor('the event count in the description', () => {
      const d = find(t.treeSnapshot().roots, nodeId())?.description;
      return d && /\d+ events? · /.test(d) ? d : undefined;
    });
    assert.match(desc, /^#\d+ · live · \d+ events? · /);
    const bar = t.statusBar();
    assert.equal(bar.visible, true);
    assert.match(bar.text, /1 live · [\d.]+ ev\/s/);
  });

  it('a burst above the line limit becomes per-second summary lines, not thousands of lines', async () => {
    const t = await api();
    const config = vscode.workspace.getConfiguration('digiPushMonitor');
    await config.update('eventsOutput.maxLinesPerSecond', 20, vscode.ConfigurationTarget.Global);
    try {
      const linesBefore = t.services.eventsOutput.linesWritten;
      const received = t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId)?.eventCount ?? 0;
      await t.simulator()?.burst(monitorId, 5000, { batchSize: 100 });
      await waitFor('all 5000 events received', () => (t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId)?.eventCount ?? 0) >= received + 5000);
      await waitFor('a summary line', () => t.eventLines().some((l) => /\[summary\] \d+ events in 1 s, \d+ not shown \(DataPoint \d+/.test(l)), 5000);
      const written = t.services.eventsOutput.linesWritten - linesBefore;
      assert.ok(written <= 20 * 4, `at most the limit per second was written as event lines (${written})`);
    } finally {
      await config.update('eventsOutput.maxLinesPerSecond', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows "reconnecting" in the tree when the connection drops, then live again with a gap line', async () => {
    const t = await api();
    const seen = new Set<string>();
    const watcher = setInterval(() => {
      const n = find(t.treeSnapshot().roots, nodeId());
      if (n) seen.add(`${n.contextValue}|${n.description}`);
    }, 10);
    try {
      assert.ok((t.simulator()?.disconnect(monitorId) ?? 0) >= 1, 'the simulator dropped the socket');
      await waitFor('a reconnecting state in the tree', () => [...seen].find((s) => s.startsWith('monitor:reconnecting|') && /reconnecting/.test(s)));
      await waitFor('live again', () => find(t.treeSnapshot().roots, nodeId())?.contextValue === 'monitor:live');
    } finally {
      clearInterval(watcher);
    }
    await waitFor('the gap line', () => t.eventLines().some((l) => l.includes('[gap]') && l.endsWith(`#${monitorId}`)));
  });

  it('stops the session: stopped in the tree, Live Sessions empty, status bar hidden', async () => {
    const t = await api();
    await vscode.commands.executeCommand(COMMANDS.stopSession, ref());
    await waitFor('stopped', () => find(t.treeSnapshot().roots, nodeId())?.contextValue === 'monitor:stopped');
    assert.deepEqual(t.treeSnapshot().sessions, []);
    assert.equal(t.statusBar().visible, false);
    await waitFor('the server to see the socket closed', () => t.simulator()?.monitors().find((m) => m.id === monitorId)?.connected === false);
  });

  it('the status bar\'s session list offers Stop for a running session', async () => {
    const t = await api();
    await vscode.commands.executeCommand(COMMANDS.startSession, ref());
    await waitFor('live', () => t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId)?.state.kind === 'live');
    const p = new ScriptedPrompter().pick(new RegExp(`^#${monitorId} `)).pick(/Stop Session/);
    t.setPrompter(p.asPrompter);
    await vscode.commands.executeCommand(COMMANDS.showSessions);
    assert.deepEqual(p.unexpected, []);
    await waitFor('stopped', () => t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId)?.state.kind === 'stopped');
  });

  it('refreshes, copies the monitor id and resets the monitor', async () => {
    const t = await api();
    const reported = t.services.reported.length;
    await vscode.commands.executeCommand(COMMANDS.refresh);
    assert.equal(t.services.catalog.list(SIMULATOR_ACCOUNT_ID).status, 'loaded');
    assert.equal(t.services.reported.length, reported);
    const copied = await vscode.commands.executeCommand(COMMANDS.copyMonitorId, ref());
    assert.equal(copied, String(monitorId));
    assert.equal(await vscode.env.clipboard.readText(), String(monitorId));
    const resets = new Promise<void>((resolve) => t.simulator()?.on('monitor', (e) => e.action === 'reset' && e.monitorId === monitorId && resolve()));
    await vscode.commands.executeCommand(COMMANDS.resetMonitor, ref());
    await resets;
  });

  it('deletes through the palette quick pick after confirmation (a "no" keeps it)', async () => {
    const t = await api();
    const label = new RegExp(`^#${monitorId} `);
    const no = new ScriptedPrompter().pick(label).confirm(false);
    t.setPrompter(no.asPrompter);
    await vscode.commands.executeCommand(COMMANDS.deleteMonitor);
    assert.deepEqual(no.unexpected, []);
    assert.ok(find(t.treeSnapshot().roots, nodeId()), 'still there');

    const yes = new ScriptedPrompter().pick(label).confirm(true);
    t.setPrompter(yes.asPrompter);
    const deleted = await vscode.commands.executeCommand(COMMANDS.deleteMonitor);
    assert.deepEqual(yes.unexpected, []);
    assert.equal(deleted, true);
    const confirm = yes.asked.find((a) => a.kind === 'confirm');
    assert.match(confirm?.title ?? '', new RegExp(`Delete monitor ${monitorId}`));
    assert.equal(find(t.treeSnapshot().roots, nodeId()), undefined);
    assert.equal(t.simulator()?.monitors().find((m) => m.id === monitorId), undefined, 'gone on the server');
  });

  it('an auth failure on the push socket becomes an error item with "Sign in again"', async () => {
    const t = await api();
    const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: SIMULATOR_ACCOUNT_ID, topics: ['DataPoint'], start: false })) as { monitorId: number };
    const sim = t.simulator();
    assert.ok(sim);
    sim.faults.set({ connectStatus: 403, monitorId: created.monitorId });
    try {
      await vscode.commands.executeCommand(COMMANDS.startSession, { accountId: SIMULATOR_ACCOUNT_ID, monitorId: created.monitorId });
      const id = `monitor:${SIMULATOR_ACCOUNT_ID}/${created.monitorId}`;
      const node = await waitFor('the error state', () => {
        const n = find(t.treeSnapshot().roots, id);
        return n?.contextValue === 'monitor:error' ? n : undefined;
      });
      assert.equal(node.children[0]?.kind, 'error');
      assert.equal(node.children[0]?.command?.command, COMMANDS.signIn);
      assert.ok(t.services.reported.some((r) => r.code === 'AUTH' && r.command === 'session'), 'one notification with an action');
    } finally {
      sim.faults.clear();
      await vscode.commands.executeCommand(COMMANDS.stopSession, { accountId: SIMULATOR_ACCOUNT_ID, monitorId: created.monitorId });
    }
  });
});
