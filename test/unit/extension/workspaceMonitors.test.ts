// The vscode side of workspace monitor definitions (issue 13 §3), against a fake `vscode`
// (test/helpers/vscodeWorkspaceStub.ts) and a fake Remote Manager: nothing is read on the
// activation path; Restricted Mode never creates or starts and trust applies the file; a bad
// file's problems land on their values while the good definitions apply; saving an unchanged
// file does not apply again; multi-root folders each have their file; a sign-in applies the
// definitions waiting for that account.
import { fake, Uri } from '../../helpers/vscodeWorkspaceStub';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitorInfo, PushClient } from '../../../src/core';
import { silentLogger } from '../../../src/core/logger';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { formatOnly } from '../../../src/extension/l10n';
import { Emitter } from '../../../src/extension/lifecycle';
import type { LiveSession } from '../../../src/extension/sessions/liveSession';
import type { Prompter } from '../../../src/extension/ui/prompter';
import { DEFINITIONS_PATH } from '../../../src/extension/workspace/monitorDefinitions';
import { WorkspaceMonitors, type WorkspaceMonitorsDeps } from '../../../src/extension/workspace/workspaceMonitors';

const sim = simulatorAccount('Local simulator');
const prod: AccountRecord = {
  id: 'acct-prod', label: 'ops @ remotemanager.digi.com', host: 'remotemanager.digi.com', restUrl: 'https://remotemanager.digi.com',
  pushHost: 'edp.remotemanager.digi.com', pushPort: 3201, secure: true, kind: 'password', username: 'ops',
};

/** A Remote Manager that keeps monitors in a list, counting the REST calls. */
function fakeServer() {
  const s = { monitors: [] as MonitorInfo[], nextId: 100, calls: 0 };
  const client = {
    findMonitors: async (topics: string[]) => (s.calls++, s.monitors.filter((m) => m.topics.join() === topics.join())),
    createMonitor: async (topics: string[], opts: Partial<MonitorInfo>) => {
      s.calls++;
      const id = s.nextId++;
      s.monitors.push({ ...opts, id, topics, transport: 'tcp', fields: {} });
      return id;
    },
    getMonitor: async (id: number) => s.monitors.find((m) => m.id === id) ?? Promise.reject(new Error(`no monitor ${id}`)),
  };
  return { s, client: client as unknown as PushClient };
}

let server: ReturnType<typeof fakeServer>;
let started: number[];
let accounts: AccountRecord[];
let accountsChanged: Emitter<void>;
let ws: WorkspaceMonitors;

function make(): WorkspaceMonitors {
  const deps: WorkspaceMonitorsDeps = {
    t: formatOnly,
    log: silentLogger,
    accounts: { list: () => accounts, onDidChange: accountsChanged.event },
    manager: { start: async (_a, m) => (started.push(m.id), {} as LiveSession), find: () => undefined },
    prompter: {} as Prompter,
    extensionUri: Uri.file('/ext') as never,
    clientFor: async () => server.client,
    created: { add: async () => undefined, has: () => false },
    catalog: { put: () => undefined },
    redact: (s) => s,
  };
  ws = new WorkspaceMonitors(deps);
  return ws;
}

const fileOf = (folder: { uri: Uri }) => Uri.joinPath(folder.uri, DEFINITIONS_PATH);
const json = (monitors: unknown[]) => JSON.stringify({ monitors }, null, 2);
const problemsOf = (folder: { uri: Uri }) => fake.diagnostics.get(fileOf(folder).toString());

beforeEach(() => {
  fake.reset();
  server = fakeServer();
  started = [];
  accounts = [sim, prod];
  accountsChanged = new Emitter<void>();
});
afterEach(() => ws?.dispose());

test('activation does no file work: the file is read once start()\'s timer has run, then applied', async () => {
  const folder = fake.folder('fw');
  fake.write(fileOf(folder), json([{ name: 'events', account: 'Local simulator', topics: ['DeviceCore'], autoStart: true }]));
  make();
  ws.start();
  assert.equal(fake.reads, 0, 'nothing read during activate()');
  assert.equal(server.s.calls, 0);
  await ws.idle();
  assert.equal(fake.reads, 1);
  const snap = ws.snapshot();
  assert.equal(snap.trusted, true);
  const [d] = snap.folders[0].definitions;
  assert.deepEqual([d.account, d.monitorId, d.created, d.started, d.autoStart], ['Local simulator', 100, true, true, true]);
  assert.deepEqual(started, [100]);
  assert.equal(server.s.monitors[0].description, 'Digi Push Monitor for VS Code: workspace fw: events');
  assert.deepEqual(problemsOf(folder), []);
  assert.deepEqual(fake.messages, [], 'a monitor on the simulator is not announced');
});

test('Restricted Mode: the file is checked but nothing is created or started; granting trust applies it', async () => {
  fake.trusted = false;
  const folder = fake.folder('fw');
  fake.write(fileOf(folder), json([{ account: 'Local simulator', topics: ['DeviceCore'], autoStart: true }]));
  make().start();
  await ws.idle();
  assert.equal(server.s.calls, 0, 'no request at all');
  assert.deepEqual(started, []);
  const diags = problemsOf(folder) ?? [];
  assert.equal(diags.length, 1);
  assert.equal(diags[0].severity, 2, 'information');
  assert.match(diags[0].message, /Restricted Mode.*until you trust this workspace/);
  assert.equal(ws.snapshot().trusted, false);
  assert.equal(ws.snapshot().folders[0].definitions[0].monitorId, undefined);

  fake.trusted = true;
  fake.grantTrust.fire();
  await ws.idle();
  assert.deepEqual(started, [100]);
  assert.deepEqual(problemsOf(folder), []);
});

test('a bad file: each problem on its value, one notification at open, the good definition applied; fixing the file clears them', async () => {
  const folder = fake.folder('fw');
  const text = json([
    { account: 'Production', topics: ['DeviceCore'] },
    { account: 'Local simulator', topics: ['DataPoint'], batchSize: 0 },
    { account: 'Local simulator', topics: ['FileData'] },
  ]);
  fake.write(fileOf(folder), text);
  make().start();
  await ws.idle();
  const diags = problemsOf(folder) ?? [];
  assert.deepEqual(diags.map((d) => [d.severity, d.range.start.line]), [
    [0, text.split('\n').findIndex((l) => l.includes('"batchSize": 0'))],
    [0, text.split('\n').findIndex((l) => l.includes('"Production"'))],
  ]);
  assert.ok(diags.every((d) => d.source === 'Digi Push Monitor'));
  assert.match(diags[1].message, /No signed-in account is named "Production"/);
  assert.deepEqual(server.s.monitors.map((m) => m.topics), [['FileData']], 'the good definition applied');
  assert.equal(fake.messages.length, 1);
  assert.match(fake.messages[0].text, /fw: 2 problem\(s\) in \.vscode\/digi-monitors\.json/);

  fake.write(fileOf(folder), json([{ account: 'Local simulator', topics: ['DataPoint'] }, { account: 'Local simulator', topics: ['FileData'] }]));
  await ws.idle();
  assert.deepEqual(problemsOf(folder), []);
  assert.deepEqual(server.s.monitors.map((m) => m.topics), [['FileData'], ['DataPoint']]);
  assert.equal(fake.messages.length, 1, 'editing the file is not announced again');

  fake.write(fileOf(folder), '{ "monitors": [ ');
  await ws.idle();
  assert.match(problemsOf(folder)?.[0].message ?? '', /Invalid JSON/);
  fake.files.delete(fileOf(folder).toString());
  fake.watchers[0].deleted.fire(fileOf(folder));
  await ws.idle();
  assert.equal(problemsOf(folder), undefined, 'a deleted file leaves no problems behind');
});

test('saving an unchanged file applies nothing again; a changed definition is applied; Apply Workspace Monitors applies everything', async () => {
  const folder = fake.folder('fw');
  const text = json([{ account: 'Local simulator', topics: ['DeviceCore'], autoStart: true }]);
  fake.write(fileOf(folder), text);
  make().start();
  await ws.idle();
  const calls = server.s.calls;
  fake.write(fileOf(folder), text);
  fake.saved.fire({ uri: fileOf(folder) });
  await ws.idle();
  assert.equal(server.s.calls, calls, 'no request for a definition applied before');
  assert.deepEqual(started, [100], 'a session the user stopped would stay stopped');

  fake.write(fileOf(folder), json([{ account: 'Local simulator', topics: ['DeviceCore'], autoStart: true, batchSize: 5 }]));
  await ws.idle();
  assert.ok(server.s.calls > calls);
  const [d] = problemsOf(folder) ?? [];
  assert.equal(d?.severity, 1, 'warning: reused with other options');
  assert.match(d.message, /Monitor 100 on Local simulator was reused and differs from this definition: batchSize 100 \(here: 5\)/);

  const before = server.s.calls;
  const snap = await ws.applyCommand();
  assert.ok(server.s.calls > before, 'the command applies again');
  assert.equal(snap.folders[0].definitions[0].monitorId, 100);
  assert.match(fake.messages.at(-1)?.text ?? '', /Workspace monitors: 1 ready \(0 created, 1 reused\), 1 session\(s\) running, 0 problem\(s\)\./);
});

test('multi-root: one file per folder with its own problems; a folder removed takes its problems along', async () => {
  const a = fake.folder('app');
  const b = fake.folder('fw');
  fake.folder('docs');
  fake.write(fileOf(a), json([{ account: 'Local simulator', topics: ['DeviceCore'] }]));
  fake.write(fileOf(b), '{ "monitors": [ { "account": "Local simulator", "topics": ["Nope"] } ] }');
  make().start();
  await ws.idle();
  assert.deepEqual(ws.snapshot().folders.map((f) => [f.folder, f.definitions.length, f.problems.length]), [['app', 1, 0], ['fw', 0, 1]]);
  assert.match(problemsOf(b)?.[0].message ?? '', /unknown topic resource "Nope"/);
  assert.equal(fake.watchers.length, 3, 'a watcher per folder');
  fake.folderChange.fire({ added: [], removed: [fake.folders[1]] });
  assert.equal(problemsOf(b), undefined);
  assert.ok(fake.watchers[1].disposed);
});

test('a definition waiting for an account applies when the user signs in to it; creating on a real account is announced', async () => {
  accounts = [sim];
  const folder = fake.folder('fw');
  fake.write(fileOf(folder), json([{ name: 'gateways', account: 'remotemanager.digi.com', topics: ['DeviceCore'] }]));
  make().start();
  await ws.idle();
  assert.equal(server.s.calls, 0);
  assert.match(problemsOf(folder)?.[0].message ?? '', /No signed-in account is named "remotemanager\.digi\.com"/);

  accounts = [sim, prod];
  accountsChanged.fire();
  await ws.idle();
  assert.deepEqual(problemsOf(folder), []);
  assert.deepEqual(server.s.monitors.map((m) => m.id), [100]);
  assert.deepEqual(started, [], 'no autoStart, no session');
  assert.match(fake.messages.at(-1)?.text ?? '', /fw: created monitor 100 on ops @ remotemanager\.digi\.com from \.vscode\/digi-monitors\.json\./);
});
