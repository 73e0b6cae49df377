// Issue 14 §2: which sessions ran is remembered per workspace and started again after a
// reload or restart. The list model (what is stored, what a corrupt state becomes), when the
// session manager adds and forgets (a user's stop forgets, deactivation's stopAll does not),
// and the restore's decision per remembered session, on fakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushMonitorError, type MonitorInfo, type PushClient } from '../../../src/core';
import { PushClient as RealPushClient } from '../../../src/core/pushClient';
import { encodeConnectResponse } from '../../../src/core/protocol/frames';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { formatOnly as t } from '../../../src/extension/l10n';
import type { LiveSession } from '../../../src/extension/sessions/liveSession';
import { MAX_REMEMBERED_SESSIONS, parseRemembered, RememberedSessions, RUNNING_SESSIONS_STATE_KEY } from '../../../src/extension/sessions/rememberedSessions';
import { restoreMessage, restoreSessions, type RestoreDeps } from '../../../src/extension/sessions/restoreSessions';
import { SessionManager } from '../../../src/extension/sessions/sessionManager';
import { memoryPushServer } from '../../helpers/scriptedPushServer';

function memento(initial?: unknown) {
  const map = new Map<string, unknown>(initial === undefined ? [] : [[RUNNING_SESSIONS_STATE_KEY, initial]]);
  return { map, get: <T>(k: string) => map.get(k) as T | undefined, update: async (k: string, v: unknown) => void map.set(k, v) };
}

const acme: AccountRecord = { id: 'acc-1', label: 'Acme', host: 'push.test', restUrl: 'http://push.test', pushHost: 'push.test', pushPort: 3200, secure: false, kind: 'password', username: 'u' };
const sim = simulatorAccount('Local simulator');
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

test('the stored list: account id + monitor id only; malformed, duplicate and excess entries are dropped', () => {
  assert.deepEqual(parseRemembered(undefined), []);
  assert.deepEqual(parseRemembered({ accountId: 'a', monitorId: 1 }), [], 'not a list');
  assert.deepEqual(
    parseRemembered([
      { accountId: 'a', monitorId: 1, password: 'leaked?' },
      { accountId: 'a', monitorId: 1 },
      { accountId: '', monitorId: 2 },
      { accountId: 'a', monitorId: 0 },
      { accountId: 'a', monitorId: 1.5 },
      { accountId: 'a', monitorId: '3' },
      null,
      'a/4',
      { accountId: 'x'.repeat(201), monitorId: 5 },
      { accountId: 'b', monitorId: 6 },
    ]),
    [{ accountId: 'a', monitorId: 1 }, { accountId: 'b', monitorId: 6 }],
  );
  const many = Array.from({ length: 500 }, (_, i) => ({ accountId: 'a', monitorId: i + 1 }));
  assert.equal(parseRemembered(many).length, MAX_REMEMBERED_SESSIONS);
});

test('RememberedSessions adds once, removes one or an account, and writes nothing else', async () => {
  const m = memento();
  const r = new RememberedSessions(m);
  await r.add({ accountId: 'a', monitorId: 1 });
  await r.add({ accountId: 'a', monitorId: 1 });
  await r.add({ accountId: 'b', monitorId: 2 });
  await r.add({ accountId: 'a', monitorId: 3 });
  assert.deepEqual(m.map.get(RUNNING_SESSIONS_STATE_KEY), [{ accountId: 'a', monitorId: 1 }, { accountId: 'b', monitorId: 2 }, { accountId: 'a', monitorId: 3 }]);
  await r.remove({ accountId: 'a', monitorId: 1 });
  await r.removeAccount('a');
  assert.deepEqual(r.list(), [{ accountId: 'b', monitorId: 2 }]);
  assert.deepEqual([...m.map.keys()], [RUNNING_SESSIONS_STATE_KEY]);
});

/** A session manager whose sessions connect to an in-memory server that accepts them. */
function managerWith(memory: RememberedSessions) {
  const server = memoryPushServer(async (c) => {
    await c.connectRequest();
    c.socket.write(encodeConnectResponse(200));
  });
  const client = new RealPushClient({ username: 'u', password: 'p' }, { host: 'push.test', secure: false, session: { connect: server.connect, reconnect: false } });
  return new SessionManager({ clientFor: async () => client, log: silent, autoReconnect: () => false, memory });
}
const monitor = (id: number): MonitorInfo => ({ id, topics: ['DataPoint'], transport: 'tcp', fields: {} });
const settle = () => new Promise((r) => setTimeout(r, 5));

test('the manager remembers a start, forgets a user stop, a deleted monitor and a sign-out, and keeps the list on deactivation', async () => {
  const r = new RememberedSessions(memento());
  const manager = managerWith(r);
  await manager.start(acme, monitor(1));
  await manager.start(acme, monitor(2));
  await manager.start(acme, monitor(3));
  await manager.start(sim, monitor(4));
  await settle();
  assert.deepEqual(r.list(), [1, 2, 3].map((monitorId) => ({ accountId: 'acc-1', monitorId })), 'the simulator is not remembered: its monitors end with the window');
  await manager.stop('acc-1/1');
  assert.deepEqual(r.list().map((x) => x.monitorId), [2, 3], 'stopped by the user: not started again');
  await manager.remove('acc-1/2');
  assert.deepEqual(r.list().map((x) => x.monitorId), [3], 'monitor deleted');
  await manager.stopAll();
  assert.deepEqual(r.list().map((x) => x.monitorId), [3], 'deactivation stops sessions but keeps the list');
  await manager.removeAccount('acc-1');
  assert.deepEqual(r.list(), [], 'signed out');
  manager.dispose();
});

/** Restore deps over fakes: `monitors` is what the server has per account; `fail` makes getMonitor throw. */
function restoreDeps(list: unknown, opts: { accounts: AccountRecord[]; monitors?: Record<number, MonitorInfo>; fail?: PushMonitorError; noSecret?: string[]; startFails?: number[] }) {
  const m = memento(list);
  const remembered = new RememberedSessions(m);
  const logs: string[] = [];
  const started: [string, MonitorInfo][] = [];
  const client = {
    getMonitor: async (id: number) => {
      if (opts.fail) throw opts.fail;
      const found = opts.monitors?.[id];
      if (!found) throw new PushMonitorError('NOT_FOUND', `monitor ${id} does not exist on push.test`);
      return found;
    },
  } as unknown as PushClient;
  const d: RestoreDeps = {
    remembered,
    accounts: { get: (id) => opts.accounts.find((a) => a.id === id) },
    clientFor: async (a) => {
      if (opts.noSecret?.includes(a.id)) throw new PushMonitorError('AUTH', `no stored credentials for "${a.label}"; sign in again`);
      return client;
    },
    start: async (a, mon) => {
      if (opts.startFails?.includes(mon.id)) throw new PushMonitorError('UNREACHABLE', 'cannot reach push server');
      started.push([a.id, mon]);
      return { label: `#${mon.id} ${mon.topics.join(', ')} (${a.label})` } as LiveSession;
    },
    log: { ...silent, info: (x: string) => void logs.push(x), warn: (x: string) => void logs.push(x) },
  };
  return { d, remembered, logs, started };
}

test('restore: each remembered session started, skipped or forgotten, with a log line', async () => {
  const acme2: AccountRecord = { ...acme, id: 'acc-2', label: 'Locked' };
  const list = [
    { accountId: 'acc-1', monitorId: 10 }, // exists: started
    { accountId: 'acc-1', monitorId: 11 }, // deleted on the server: forgotten
    { accountId: 'gone', monitorId: 12 }, // signed out: skipped, forgotten
    { accountId: 'local-simulator', monitorId: 13 }, // simulator: forgotten
    { accountId: 'acc-2', monitorId: 14 }, // no credentials: skipped, kept
    { accountId: 'acc-1', monitorId: 15 }, // an HTTP monitor: forgotten
    { accountId: 'acc-1', monitorId: 16 }, // start fails: failed, kept
  ];
  const monitors = { 10: monitor(10), 15: { ...monitor(15), transport: 'http' }, 16: monitor(16) };
  const { d, remembered, logs, started } = restoreDeps(list, { accounts: [acme, acme2, sim], monitors, noSecret: ['acc-2'], startFails: [16] });
  const outcomes = await restoreSessions(d);
  assert.deepEqual(
    outcomes.map((o) => [o.monitorId, o.result, 'reason' in o ? o.reason : o.label]),
    [
      [10, 'started', '#10 DataPoint (Acme)'],
      [11, 'forgotten', 'monitor-gone'],
      [12, 'skipped', 'signed-out'],
      [13, 'forgotten', 'simulator'],
      [14, 'skipped', 'credentials'],
      [15, 'forgotten', 'not-tcp'],
      [16, 'failed', 'cannot reach push server'],
    ],
  );
  assert.deepEqual(started.map(([a, m]) => [a, m.id]), [['acc-1', 10]]);
  assert.deepEqual(remembered.list().map((r) => r.monitorId), [10, 14, 16], 'what can still start next time is kept');
  assert.ok(logs.some((l) => /not restarting session acc-1\/11: monitor 11 no longer exists on Acme/.test(l)), logs.join('\n'));
  assert.ok(logs.some((l) => /not restarting session gone\/12: its account is signed out/.test(l)));
  assert.ok(logs.some((l) => /not restarting session acc-2\/14 on Locked now: no stored credentials/.test(l)));
});

test('restore while the server cannot be read (offline after sleep): started anyway, to reconnect with backoff', async () => {
  const { d, started, logs } = restoreDeps([{ accountId: 'acc-1', monitorId: 20 }], { accounts: [acme], fail: new PushMonitorError('UNREACHABLE', 'cannot reach push.test') });
  const outcomes = await restoreSessions(d);
  assert.equal(outcomes[0].result, 'started');
  assert.deepEqual(started[0][1], { id: 20, topics: [], transport: 'tcp', fields: {} });
  assert.ok(logs.some((l) => /could not read the monitor \(cannot reach push\.test\); starting it anyway/.test(l)));
  // AUTH while reading is not "offline": skipped, kept.
  const auth = restoreDeps([{ accountId: 'acc-1', monitorId: 21 }], { accounts: [acme], fail: new PushMonitorError('AUTH', 'HTTP 401') });
  assert.equal((await restoreSessions(auth.d))[0].result, 'skipped');
  assert.equal(auth.started.length, 0);
  assert.equal(auth.remembered.list().length, 1);
});

test('restore of an empty or corrupt state starts nothing and says nothing', async () => {
  for (const state of [undefined, 'nonsense', [{ accountId: 1, monitorId: 'x' }]]) {
    const { d, started } = restoreDeps(state, { accounts: [acme] });
    const outcomes = await restoreSessions(d);
    assert.deepEqual(outcomes, []);
    assert.equal(started.length, 0);
    assert.equal(restoreMessage(outcomes, t), undefined);
  }
});

test('the notification names what was started again (three at most), nothing when nothing started', () => {
  const started = (n: number) => ({ accountId: 'a', monitorId: n, result: 'started' as const, label: `#${n} DataPoint (Acme)` });
  assert.equal(restoreMessage([started(1)], t), 'Digi Push Monitor started again the session that was running before: #1 DataPoint (Acme)');
  assert.equal(
    restoreMessage([started(1), started(2), started(3), started(4), { accountId: 'a', monitorId: 5, result: 'forgotten', reason: 'monitor-gone' }], t),
    'Digi Push Monitor started again 4 sessions that were running before: #1 DataPoint (Acme), #2 DataPoint (Acme), #3 DataPoint (Acme), …',
  );
  assert.equal(restoreMessage([{ accountId: 'a', monitorId: 5, result: 'skipped', reason: 'signed-out' }], t), undefined);
});
