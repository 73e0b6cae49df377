// Issue 14 §1: monitors the extension creates are lossless (explicit acks + auto-replay)
// unless the user opts out — the `monitors.lossless` setting, the wizard's Delivery option,
// a workspace definition's own ackOption / autoReplayOnConnect — and every path that creates
// one (Create Monitor, ensureMonitor for Watch This Device / Watch Device Connections /
// workspace definitions) follows it.
import '../../helpers/vscodeQuickPickStub'; // before the wizard: it stubs vscode
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { MonitorInfo, MonitorSettings, PushClient } from '../../../src/core';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { fleetSettings, watchDeviceSettings } from '../../../src/extension/devices/watchTopics';
import { formatOnly as t } from '../../../src/extension/l10n';
import { BEST_EFFORT, deliveryFor, hasDelivery, isLossless, LOSSLESS, withDelivery } from '../../../src/extension/monitors/delivery';
import { ensureMonitor, type EnsureMonitorDeps } from '../../../src/extension/monitors/ensureMonitor';
import { readSettings, SETTING_SPECS } from '../../../src/extension/settings';
import type { Prompter } from '../../../src/extension/ui/prompter';
import { runCreateMonitorWizard } from '../../../src/extension/wizard/createMonitorWizard';
import { DEFAULT_DRAFT, defaultDraft, describeDelivery, draftFrom } from '../../../src/extension/wizard/monitorDraft';
import { parseDefinitions, resolveDefinitions } from '../../../src/extension/workspace/monitorDefinitions';

test('the setting: lossless by default, false opts out; an invalid value is the default', () => {
  assert.equal(SETTING_SPECS['monitors.lossless'].default, true);
  assert.equal(readSettings(() => undefined).monitorsLossless, true);
  assert.equal(readSettings((k) => (k === 'monitors.lossless' ? false : undefined)).monitorsLossless, false);
  assert.equal(readSettings((k) => (k === 'monitors.lossless' ? 'no' : undefined)).monitorsLossless, true);
  assert.deepEqual(deliveryFor(true), { ackOption: 'explicit', autoReplayOnConnect: true });
  assert.deepEqual(deliveryFor(false), { ackOption: 'off', autoReplayOnConnect: false });
});

test('wizard defaults and command arguments follow the setting; what the caller says wins', () => {
  assert.ok(isLossless(DEFAULT_DRAFT), 'the built-in defaults are lossless');
  assert.ok(isLossless(draftFrom({ topics: ['DataPoint'] })));
  const optedOut = defaultDraft(deliveryFor(false));
  assert.deepEqual([optedOut.ackOption, optedOut.autoReplayOnConnect], ['off', false]);
  assert.deepEqual({ ...optedOut, ackOption: DEFAULT_DRAFT.ackOption, autoReplayOnConnect: DEFAULT_DRAFT.autoReplayOnConnect }, { ...DEFAULT_DRAFT, topics: [...DEFAULT_DRAFT.topics] }, 'only the delivery differs');
  assert.equal(draftFrom({ ackOption: 'explicit' }, optedOut).ackOption, 'explicit');
  assert.equal(draftFrom({ autoReplayOnConnect: false }).autoReplayOnConnect, false);
});

test('the Delivery text says what is lost without acks and replay', () => {
  assert.match(describeDelivery(LOSSLESS, t), /^lossless: .*replayed/);
  assert.match(describeDelivery(BEST_EFFORT, t), /events published while disconnected are not replayed/);
  assert.match(describeDelivery({ ackOption: 'explicit', autoReplayOnConnect: false }, t), /not replayed/);
  assert.match(describeDelivery({ ackOption: 'off', autoReplayOnConnect: true }, t), /batch lost when the connection drops is not sent again/);
});

test('withDelivery fills only what the settings leave unset; hasDelivery reads the server\'s spelling', () => {
  const asked: MonitorSettings = { topics: ['DataPoint'], batchSize: 5 };
  assert.deepEqual(withDelivery(asked, LOSSLESS), { topics: ['DataPoint'], batchSize: 5, ackOption: 'explicit', autoReplayOnConnect: true });
  assert.deepEqual(withDelivery({ ackOption: 'off' as const }, LOSSLESS), { ackOption: 'off', autoReplayOnConnect: true });
  assert.equal(hasDelivery({ ackOption: 'Explicit', autoReplayOnConnect: true }, LOSSLESS), true);
  assert.equal(hasDelivery({}, LOSSLESS), false, 'unsaid means off');
  assert.equal(hasDelivery({}, BEST_EFFORT), true);
});

/** Answers in order: each entry picks the first item whose label matches (pick) or all matching (pickMany). */
function scripted(answers: (RegExp | RegExp[])[], seen: vscode.QuickPickItem[][]): Prompter {
  const next = () => {
    const a = answers.shift();
    assert.ok(a, 'an unscripted question');
    return a;
  };
  return {
    async pick(items) {
      seen.push([...items]);
      const a = next() as RegExp;
      return items.find((i) => i.kind !== -1 && a.test(i.label));
    },
    async pickMany(items) {
      seen.push([...items]);
      const a = next() as RegExp[];
      return items.filter((i) => a.some((m) => m.test(i.label)));
    },
    input: async () => undefined,
    confirm: async () => false,
  };
}

const account = simulatorAccount('Local simulator');
const wizardDeps = (prompter: Prompter) => ({ t, prompter, accounts: { list: () => [account] } });

test('the wizard starts lossless and its Delivery option can opt out, saying what is lost', async () => {
  const seen: vscode.QuickPickItem[][] = [];
  const r = await runCreateMonitorWizard(wizardDeps(scripted([[/^DataPoint$/], /^Delivery$/, /^Best effort$/, /Create Only/], seen)));
  assert.ok(r);
  assert.deepEqual([r.draft.ackOption, r.draft.autoReplayOnConnect, r.start], ['off', false, false]);
  const firstOptions = seen[1];
  assert.match(firstOptions.find((i) => i.label === 'Delivery')?.description ?? '', /^lossless/);
  const choices = seen[2];
  assert.deepEqual(choices.map((i) => i.label), ['Lossless', 'Best effort']);
  assert.match(choices[1].detail ?? '', /Events published while disconnected are not replayed/);
  const after = seen[3];
  assert.match(after.find((i) => i.label === 'Delivery')?.description ?? '', /events published while disconnected are not replayed/);
  assert.match(after[0].description ?? '', /no ack · auto-replay off/, 'the summary line says it too');
});

test('the wizard with the setting off starts best effort, and can choose lossless', async () => {
  const seen: vscode.QuickPickItem[][] = [];
  const r = await runCreateMonitorWizard(wizardDeps(scripted([[/^DeviceCore$/], /^Delivery$/, /^Lossless$/, /Create and Start/], seen)), undefined, defaultDraft(BEST_EFFORT));
  assert.ok(r);
  assert.match(seen[1].find((i) => i.label === 'Delivery')?.description ?? '', /not replayed/);
  assert.deepEqual([r.draft.ackOption, r.draft.autoReplayOnConnect, r.start], ['explicit', true, true]);
});

/** A client with a list of existing monitors; records what it creates. */
function fakeClient(existing: MonitorInfo[]) {
  const createdWith: { topics: string[]; options: Omit<MonitorSettings, 'topics'> }[] = [];
  const client = {
    findMonitors: async (topics: string[]) => existing.filter((m) => m.topics.join() === topics.join()),
    createMonitor: async (topics: string[], options: Omit<MonitorSettings, 'topics'>) => {
      createdWith.push({ topics, options });
      return 900 + createdWith.length;
    },
    getMonitor: async (id: number): Promise<MonitorInfo> => {
      const c = createdWith[id - 901];
      return { id, topics: c.topics, transport: 'tcp', ackOption: c.options.ackOption, autoReplayOnConnect: c.options.autoReplayOnConnect, fields: {} };
    },
  };
  return { client: client as unknown as PushClient, createdWith };
}

function ensureDeps(client: PushClient, delivery?: ReturnType<typeof deliveryFor>) {
  const warnings: string[] = [];
  const ours = new Set<number>();
  const d: EnsureMonitorDeps = {
    clientFor: async () => client,
    created: { add: async (m) => void ours.add(m.monitorId), has: (_a, id) => ours.has(id) },
    catalog: { put: () => undefined },
    log: { trace() {}, debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} },
    ...(delivery ? { delivery: () => delivery } : {}),
  };
  return { d, warnings };
}

const realAccount: AccountRecord = { ...account, id: 'acc-1', label: 'Acme', builtIn: undefined };

test('Watch This Device and Watch Device Connections create lossless monitors by default, best effort when opted out', async () => {
  for (const [settings, purpose] of [[watchDeviceSettings(['DeviceCore/5', 'DataPoint/dev']), 'watch dev'], [fleetSettings(), 'device connections']] as const) {
    assert.equal(settings.ackOption, undefined, 'the settings leave delivery to ensureMonitor');
    const lossless = fakeClient([]);
    await ensureMonitor(ensureDeps(lossless.client).d, realAccount, settings, purpose);
    assert.deepEqual([lossless.createdWith[0].options.ackOption, lossless.createdWith[0].options.autoReplayOnConnect], ['explicit', true], purpose);
    const optedOut = fakeClient([]);
    await ensureMonitor(ensureDeps(optedOut.client, deliveryFor(false)).d, realAccount, settings, purpose);
    assert.deepEqual([optedOut.createdWith[0].options.ackOption, optedOut.createdWith[0].options.autoReplayOnConnect], ['off', false], purpose);
  }
});

test('ensureMonitor prefers a monitor of ours that is lossless, and warns when it reuses one that is not', async () => {
  const tagged = 'Digi Push Monitor for VS Code: watch dev';
  const base = { topics: ['DataPoint/dev'], transport: 'tcp', description: tagged, fields: {} };
  const old: MonitorInfo = { ...base, id: 3, ackOption: 'off', autoReplayOnConnect: false };
  const good: MonitorInfo = { ...base, id: 8, ackOption: 'explicit', autoReplayOnConnect: true };
  const both = fakeClient([old, good]);
  const a = ensureDeps(both.client);
  assert.equal((await ensureMonitor(a.d, realAccount, { topics: ['DataPoint/dev'] }, 'watch dev')).monitor.id, 8, 'the lossless one, though its id is higher');
  assert.deepEqual(a.warnings, []);
  const onlyOld = fakeClient([old]);
  const b = ensureDeps(onlyOld.client);
  const r = await ensureMonitor(b.d, realAccount, { topics: ['DataPoint/dev'] }, 'watch dev');
  assert.deepEqual([r.monitor.id, r.created], [3, false]);
  assert.equal(b.warnings.length, 1);
  assert.match(b.warnings[0], /monitor 3 .*ack off and auto-replay off.*events published while disconnected are not replayed/);
});

test('workspace definitions: the setting decides unless the file says, and the file wins', () => {
  const file = JSON.stringify({
    monitors: [
      { account: 'Local simulator', topics: ['DeviceCore'] },
      { account: 'Local simulator', topics: ['DataPoint'], ackOption: 'explicit', autoReplayOnConnect: true },
      { account: 'Local simulator', topics: ['FileData'], autoReplayOnConnect: false },
    ],
  });
  const parsed = parseDefinitions(file, t);
  assert.deepEqual(parsed.problems, []);
  const settingsOf = (delivery?: ReturnType<typeof deliveryFor>) =>
    resolveDefinitions(parsed.definitions, [account], 'proj', t, delivery).resolved.map((r) => [r.settings.ackOption, r.settings.autoReplayOnConnect]);
  assert.deepEqual(settingsOf(), [['explicit', true], ['explicit', true], ['explicit', false]], 'default: lossless');
  assert.deepEqual(settingsOf(deliveryFor(false)), [['off', false], ['explicit', true], ['off', false]], 'opted out: what the file does not say is off');
});
