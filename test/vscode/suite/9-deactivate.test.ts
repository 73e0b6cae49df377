// Runs last: what deactivate() does stops every session and the simulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_ACCOUNT_ID } from '../../../src/extension/accounts/accountModel';
import { COMMANDS } from '../../../src/extension/commandIds';
import { api, signInCustomToSimulator, waitFor } from './helpers';

describe('Digi Push Monitor: deactivate', () => {
  it('stops every session, closes their sockets and the simulator', async () => {
    const t = await api();
    const a = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: SIMULATOR_ACCOUNT_ID, topics: ['DataPoint'] })) as { monitorId: number };
    const b = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: SIMULATOR_ACCOUNT_ID, topics: ['DeviceCore'] })) as { monitorId: number };
    await waitFor('two live sessions', () => t.services.manager.active().filter((s) => s.state.kind === 'live').length === 2);
    const sim = t.simulator();
    assert.ok(sim);
    const ended = new Set<number>();
    sim.on('sessionEnd', (e) => ended.add(e.monitorId));

    // A monitor created here on a stored account, with the policy "delete on exit".
    const { account } = await signInCustomToSimulator(t);
    assert.ok(account);
    const c = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: account.id, topics: ['AlarmStatus'], start: false })) as { monitorId: number };
    const deleted = new Set<number>();
    sim.on('monitor', (e) => e.action === 'deleted' && deleted.add(e.monitorId));
    await vscode.workspace.getConfiguration('digiPushMonitor').update('createdMonitors.onExit', 'delete', vscode.ConfigurationTarget.Global);

    await t.shutdown();

    assert.ok(deleted.has(c.monitorId), 'the created monitor was deleted on exit');
    assert.ok(!deleted.has(a.monitorId), 'simulator-account monitors simply end with the simulator');

    assert.deepEqual(t.services.manager.active(), []);
    for (const s of t.services.manager.list()) assert.equal(s.state.kind, 'stopped', s.id);
    assert.ok(ended.has(a.monitorId) && ended.has(b.monitorId), 'the server saw both sessions end');
    assert.equal(t.simulator(), undefined, 'the simulator is closed');
    assert.equal(t.statusBar().visible, false);
    assert.deepEqual(t.services.created.all(), [], 'simulator monitors are not remembered past the simulator');
  });
});
