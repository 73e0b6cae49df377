// Sign in through the quick-input flow (scripted), against the in-process simulator as a
// "custom URL" host: the secret lands in SecretStorage only — not in settings, not in
// global state, not in any reported message — and Sign Out deletes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { secretKey } from '../../../src/extension/accounts/accountModel';
import { COMMANDS } from '../../../src/extension/commandIds';
import { api, ScriptedPrompter, signInCustomToSimulator, waitFor } from './helpers';

const KEY_ID = 'demo-key-id';
const KEY_SECRET = 'demo-key-secret';

async function settingsText(): Promise<string> {
  const all = vscode.workspace.getConfiguration();
  const ours = vscode.workspace.getConfiguration('digiPushMonitor');
  const inspected = ['createdMonitors.onExit', 'eventsOutput.maxLinesPerSecond', 'session.autoReconnect', 'simulator.eventsPerSecond'].map((k) => ours.inspect(k));
  return JSON.stringify([ours, inspected, all.get('digiPushMonitor')]);
}

describe('Digi Push Monitor: accounts', () => {
  let accountId: string | undefined;

  afterEach(async () => (await api()).setPrompter(undefined));

  it('refuses wrong credentials after the connection test and saves nothing', async () => {
    const t = await api();
    const sim = await t.services.simulator.ensure();
    const before = t.services.accounts.list().length;
    // A bad URL is refused by the input box's validation (the script then cancels).
    const p = new ScriptedPrompter().pick(/Custom URL/).type('ftp://nope', /https:\/\/ or http:\/\//);
    t.setPrompter(p.asPrompter);
    await vscode.commands.executeCommand(COMMANDS.signIn);
    assert.deepEqual(p.unexpected, []);
    assert.equal(p.pending, 0);
    assert.equal(t.services.accounts.list().length, before);

    const q = new ScriptedPrompter()
      .pick(/Custom URL/)
      .type(sim.restUrl)
      .type(`127.0.0.1:${t.simulator()?.pushPort}`)
      .pick(/^Username and password$/)
      .type('demo')
      .type('not-the-password');
    t.setPrompter(q.asPrompter);
    const reportedBefore = t.services.reported.length;
    const result = await vscode.commands.executeCommand(COMMANDS.signIn);
    assert.equal(result, undefined);
    assert.deepEqual(q.unexpected, []);
    assert.equal(t.services.accounts.list().length, before, 'nothing saved');
    const report = t.services.reported.slice(reportedBefore);
    assert.equal(report.length, 1);
    assert.equal(report[0].code, 'AUTH');
    assert.ok(!report[0].message.includes('not-the-password'));
    assert.ok(!JSON.stringify(t.globalState()).includes('not-the-password'));
  });

  it('signs in with an API key: secret only in SecretStorage, password boxes, listed as an account', async () => {
    const t = await api();
    const { account, prompter: p } = await signInCustomToSimulator(t, KEY_ID, KEY_SECRET);
    assert.deepEqual(p.unexpected, []);
    assert.ok(account, 'signed in');
    accountId = account.id;
    assert.equal(account.kind, 'apiKey');
    assert.equal(account.username, KEY_ID);

    const secretBox = p.asked.find((a) => a.kind === 'input' && /API key secret/.test(a.prompt ?? ''));
    assert.equal(secretBox?.password, true, 'the secret is typed into a password box');
    assert.equal(await t.services.context.secrets.get(secretKey(account.id)), KEY_SECRET, 'secret in SecretStorage');
    const state = JSON.stringify(t.globalState());
    assert.ok(state.includes(KEY_ID), 'the account (key id) is in global state');
    assert.ok(!state.includes(KEY_SECRET), 'but never the secret');
    assert.ok(!(await settingsText()).includes(KEY_SECRET), 'nor in settings');
    assert.ok(!t.services.reported.some((r) => r.message.includes(KEY_SECRET)));
    assert.ok(!t.eventLines().some((l) => l.includes(KEY_SECRET)));
    assert.ok(t.services.accounts.list().some((a) => a.id === account.id));
  });

  it('the new account lists its monitors and runs a plain-TCP session with the API key', async () => {
    const t = await api();
    assert.ok(accountId);
    const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor, {
      accountId,
      topics: ['DataPoint'],
      batchSize: 1,
      batchDuration: 0,
      start: true,
    })) as { monitorId: number } | undefined;
    assert.ok(created, `created (${JSON.stringify(t.services.reported.at(-1))})`);
    const id = `${accountId}/${created.monitorId}`;
    await waitFor('the API-key session to be live', () => t.services.manager.get(id)?.state.kind === 'live');
    t.simulator()?.publish({ type: 'DataPoint', data: { streamId: 'apikey/check', data: 7 } });
    await waitFor('the event line', () => t.eventLines().some((l) => l.includes('check=7') && l.includes(`#${created.monitorId}`)));
  });

  it('refused push credentials: error item with "Sign in again", which re-asks only the secret and restarts the session', async () => {
    const t = await api();
    assert.ok(accountId);
    const src = t.services.manager.list().find((x) => x.accountId === accountId);
    assert.ok(src && src.state.kind === 'live');
    const sim = t.simulator();
    assert.ok(sim);
    sim.faults.set({ connectStatus: 403, monitorId: src.monitorId });
    sim.disconnect(src.monitorId);
    await waitFor('the session to fail with AUTH', () => src.state.kind === 'error' && src.error?.code === 'AUTH');
    sim.faults.clear();
    const node = await waitFor('the error item', () => {
      const account = t.treeSnapshot().roots.find((r) => r.accountId === accountId);
      return account?.children.find((m) => m.monitorId === src.monitorId)?.children[0];
    });
    assert.equal(node.kind, 'error');
    assert.ok(node.command);
    const p = new ScriptedPrompter().type(KEY_ID).type(KEY_SECRET);
    t.setPrompter(p.asPrompter);
    await vscode.commands.executeCommand(node.command.command, ...(node.command.arguments ?? []));
    assert.deepEqual(p.unexpected, []);
    assert.equal(p.asked.length, 2, 'only the key id (prefilled) and the secret are asked');
    await waitFor('the session to be live again', () => src.state.kind === 'live');
  });

  it('signs out: sessions stop, the secret is deleted, the account is gone', async () => {
    const t = await api();
    assert.ok(accountId);
    await vscode.commands.executeCommand(COMMANDS.signOut, { accountId });
    assert.equal(await t.services.context.secrets.get(secretKey(accountId)), undefined);
    assert.ok(!t.services.accounts.list().some((a) => a.id === accountId));
    assert.ok(!JSON.stringify(t.globalState()).includes(accountId));
    assert.ok(!t.services.manager.list().some((s) => s.accountId === accountId));
  });

  it('signing out of the Local simulator hides it (sign-in welcome); Sign In → Local simulator brings it back', async () => {
    const t = await api();
    await vscode.commands.executeCommand(COMMANDS.signOut, { accountId: 'local-simulator' });
    assert.equal(t.simulator(), undefined, 'the simulator was closed');
    assert.equal(t.treeSnapshot().state, 'noAccount');
    const p = new ScriptedPrompter().pick(/Local simulator/);
    t.setPrompter(p.asPrompter);
    await vscode.commands.executeCommand(COMMANDS.signIn);
    assert.deepEqual(p.unexpected, []);
    assert.equal(t.treeSnapshot().state, 'noMonitors');
    assert.ok(t.services.accounts.get('local-simulator'));
  });
});
