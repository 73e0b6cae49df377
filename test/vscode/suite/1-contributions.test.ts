// Wiring: activation, every contributed command registered, views and status bar.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID, VIEWER_COMMANDS } from '../../../src/extension/commandIds';
import { api } from './helpers';

describe('Digi Push Monitor: contributions', () => {
  it('activates without network or simulator and exports the test API in test mode', async () => {
    const t = await api();
    assert.equal(t.simulator(), undefined, 'the simulator starts on first use, not at activation');
    assert.equal(t.services.manager.list().length, 0);
  });

  it('registers every command contributed in package.json', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [...Object.values(COMMANDS), ...Object.values(VIEWER_COMMANDS)].sort());
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is not registered`);
  });

  it('opens the Monitors and Live Sessions views; a new user sees the no-monitors welcome', async () => {
    await vscode.commands.executeCommand('digiPushMonitor.monitors.focus');
    await vscode.commands.executeCommand('digiPushMonitor.sessions.focus');
    const t = await api();
    const snap = t.treeSnapshot();
    assert.equal(snap.state, 'noMonitors', 'only the built-in simulator account, not started yet');
    assert.deepEqual(snap.roots, []);
    assert.deepEqual(snap.sessions, []);
    assert.equal(t.statusBar().visible, false, 'no status bar item while nothing runs');
  });

  it('output commands run without error', async () => {
    const t = await api();
    await vscode.commands.executeCommand(COMMANDS.showLog);
    await vscode.commands.executeCommand(COMMANDS.showEventsOutput);
    assert.deepEqual(t.services.reported, []);
  });
});
