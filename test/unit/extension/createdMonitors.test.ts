// The extension deletes monitors only on an explicit user action or, with
// createdMonitors.onExit = delete, those this window created (issue 11 §2). globalState is
// shared by all VS Code windows: a monitor another window created (maybe streaming there
// right now) or one left by an earlier run is not this window's to delete on exit, and
// bookkeeping in one window never drops what another one recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/core/logger';
import type { PushClient } from '../../../src/core/pushClient';
import type { AccountRecord } from '../../../src/extension/accounts/accountModel';
import { CREATED_MONITORS_STATE_KEY, CreatedMonitors, type CreatedMonitor } from '../../../src/extension/monitors/createdMonitors';
import { shutdown, type ShutdownDeps } from '../../../src/extension/shutdown';

/** One globalState, as every window sees it. */
function sharedMemento() {
  const store = new Map<string, unknown>();
  return {
    get: <T>(k: string) => store.get(k) as T | undefined,
    update: async (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
    stored: () => ((store.get(CREATED_MONITORS_STATE_KEY) ?? []) as CreatedMonitor[]).map((m) => m.monitorId).sort((a, b) => a - b),
  };
}

const account = { id: 'acct-1', label: 'Production', host: 'rm.example.com', builtIn: false } as unknown as AccountRecord;

/** What shutdown() uses, with a recording REST client. */
function servicesOf(created: CreatedMonitors, onExit: 'keep' | 'delete') {
  const deleted: number[] = [];
  const client = { deleteMonitor: async (id: number) => void deleted.push(id) };
  const s: ShutdownDeps = {
    log: silentLogger,
    created,
    settings: () => ({ createdMonitorsOnExit: onExit }),
    accounts: { get: (id: string) => (id === account.id ? account : undefined) },
    clients: { get: async () => client as unknown as PushClient, closeAll: async () => undefined },
    manager: { stopAll: async () => undefined },
    simulator: { close: async () => undefined },
    eventsOutput: { flush: () => undefined },
  };
  return { s, deleted };
}

test('onExit = delete deletes only the monitors this window created, not those of another window or an earlier run', async () => {
  const memento = sharedMemento();
  const otherWindow = new CreatedMonitors(memento);
  await otherWindow.add({ accountId: account.id, monitorId: 7 }); // before this window started
  const thisWindow = new CreatedMonitors(memento);
  await thisWindow.add({ accountId: account.id, monitorId: 5 });
  await otherWindow.add({ accountId: account.id, monitorId: 8 }); // while this window runs
  assert.deepEqual(memento.stored(), [5, 7, 8], 'each window adds to the shared list, none overwrites it');
  assert.ok(thisWindow.has(account.id, 8), 'this window sees what another window recorded');

  const { s, deleted } = servicesOf(thisWindow, 'delete');
  await shutdown(s);
  assert.deepEqual(deleted, [5], 'only the monitor this window created was deleted');
  assert.deepEqual(memento.stored(), [7, 8], "the other window's monitors are still remembered");
  assert.deepEqual(thisWindow.createdThisRun(), []);
});

test('onExit = keep deletes nothing', async () => {
  const memento = sharedMemento();
  const created = new CreatedMonitors(memento);
  await created.add({ accountId: account.id, monitorId: 5 });
  const { s, deleted } = servicesOf(created, 'keep');
  await shutdown(s);
  assert.deepEqual(deleted, []);
  assert.deepEqual(memento.stored(), [5]);
});

test('deleting or forgetting a monitor in one window keeps what other windows recorded', async () => {
  const memento = sharedMemento();
  const a = new CreatedMonitors(memento);
  const b = new CreatedMonitors(memento);
  await a.add({ accountId: account.id, monitorId: 1 });
  await b.add({ accountId: account.id, monitorId: 2 });
  await b.add({ accountId: 'acct-2', monitorId: 3 });
  await a.remove(account.id, 1);
  assert.deepEqual(memento.stored(), [2, 3]);
  await a.removeAccount('acct-2');
  assert.deepEqual(memento.stored(), [2]);
  assert.deepEqual(a.createdThisRun(), []);
  assert.deepEqual(b.createdThisRun(), [{ accountId: account.id, monitorId: 2 }]);
});
