// Issue 14 §1 and §2 in a real VS Code. (a) A monitor created with the defaults is lossless;
// its session is cut (the simulator drops it and refuses connections for CUT_MS) while the
// simulator keeps publishing sequence-numbered events; Reconnect Now from the status bar's
// session pick ends the backoff wait; afterwards every sequence number is in the viewer's
// store exactly once, those published during the cut marked replayed, and one gap marker
// says when the cut happened. The two-minute cut is the same code path with a longer
// refusal window: DPM_CUT_MS=120000 runs it (the test's timeout follows).
// (b) Restoring after a reload. A window reload restarts the extension host this test runs in
// (and the in-process simulator with it), so the test runs the restore path itself through
// the test API, from what workspaceState holds, as activation after a reload does: remembered
// sessions start again and a panel showing an absent session reattaches; a stopped session is
// not restarted, a deleted monitor and a signed-out account are dropped; nothing published
// while the session was down is lost.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PushEvent, SessionItem } from '../../../src/core/events';
import { SIMULATOR_ACCOUNT_ID } from '../../../src/extension/accounts/accountModel';
import { COMMANDS, VIEWER_COMMANDS } from '../../../src/extension/commandIds';
import { RUNNING_SESSIONS_STATE_KEY } from '../../../src/extension/sessions/rememberedSessions';
import type { DigiPushMonitorTestApi } from '../../../src/extension/testApi';
import { sequenceOf } from '../../../src/simulator/sequence';
import { api, find, ScriptedPrompter, signInCustomToSimulator, waitFor } from './helpers';

const CUT_MS = Number(process.env.DPM_CUT_MS ?? 4000);
const ALL_TOPICS = ['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus'];
const config = () => vscode.workspace.getConfiguration('digiPushMonitor');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the viewer's store of a session holds, oldest first. */
function stored(t: DigiPushMonitorTestApi, sessionId: string): SessionItem[] {
  const hub = t.viewerHub();
  assert.ok(hub, 'the viewer hub');
  return [...hub.store(sessionId).entries()].map((e) => e.item);
}

/** Sequence number → how often it is stored, and whether each copy was flagged replayed. */
function bySequence(items: SessionItem[]): Map<number, boolean[]> {
  const out = new Map<number, boolean[]>();
  for (const it of items) {
    if (it.kind !== 'event') continue;
    const seq = sequenceOf(it as PushEvent);
    if (seq === undefined) continue;
    out.set(seq, [...(out.get(seq) ?? []), it.replay]);
  }
  return out;
}

/** Generates n events for the demo account; the sequence numbers of those a monitor on `topics` gets. */
function generate(t: DigiPushMonitorTestApi, n: number, topics = ALL_TOPICS): number[] {
  const sim = t.simulator();
  assert.ok(sim);
  return sim.generate(n).flatMap((e) => (topics.includes(e.type) && e.seq !== undefined ? [e.seq] : []));
}

/** Every event the simulator sent the monitor has been acknowledged (nothing in flight). */
const settled = (t: DigiPushMonitorTestApi, monitorId: number) => {
  const s = t.simulator()?.stats(monitorId);
  return !!s && s.published > 0 && s.acked === s.published && s.unackedBlocks === 0 && s.queued === 0;
};

describe('Digi Push Monitor: all-day sessions (lossless, replay after a cut, restore)', () => {
  before(async () => {
    // Only the events the tests publish: no background generator racing the cut.
    await config().update('simulator.eventsPerSecond', 0, vscode.ConfigurationTarget.Global);
    (await api()).simulator()?.setRate(0);
  });
  after(async () => {
    const t = await api();
    t.setPrompter(undefined);
    t.simulator()?.faults.clear();
    await config().update('simulator.eventsPerSecond', undefined, vscode.ConfigurationTarget.Global);
  });

  let monitorId = 0;
  const ref = () => ({ accountId: SIMULATOR_ACCOUNT_ID, monitorId });
  const sessionId = () => `${SIMULATOR_ACCOUNT_ID}/${monitorId}`;

  it('a monitor created with the defaults is lossless: explicit acks and auto-replay on the server', async () => {
    const t = await api();
    const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: SIMULATOR_ACCOUNT_ID, topics: ALL_TOPICS, batchSize: 10, batchDuration: 0 })) as
      | { monitorId: number }
      | undefined;
    assert.ok(created, JSON.stringify(t.services.reported.at(-1)));
    monitorId = created.monitorId;
    t.simulator()?.setRate(0);
    const onServer = t.simulator()?.monitors().find((m) => m.id === monitorId);
    assert.equal(onServer?.explicitAck, true, 'monAckOption explicit');
    assert.equal(onServer?.autoReplay, true, 'monAutoReplayOnConnect true');
    await waitFor('live', () => t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId)?.state.kind === 'live');
  });

  it(`a ${CUT_MS / 1000} s cut while the simulator keeps publishing: every sequence number in the viewer once, the replayed ones marked, one gap marker`, async function () {
    this.timeout(CUT_MS + 90_000);
    const t = await api();
    const sim = t.simulator();
    assert.ok(sim);
    const src = t.services.manager.find(SIMULATOR_ACCOUNT_ID, monitorId);
    assert.ok(src);
    await vscode.commands.executeCommand(VIEWER_COMMANDS.open, ref());

    const before = generate(t, 60);
    await waitFor('the events before the cut stored and acknowledged', () => bySequence(stored(t, sessionId())).size === before.length && settled(t, monitorId));

    // The cut: the socket dropped and every connection refused for CUT_MS.
    const cutAt = Date.now();
    sim.faults.set({ refuseConnections: CUT_MS });
    assert.ok(sim.disconnect(monitorId) >= 1, 'the simulator dropped the session');
    await waitFor('reconnecting', () => src.state.kind === 'reconnecting');
    assert.equal(find(t.treeSnapshot().roots, `monitor:${sessionId()}`)?.contextValue, 'monitor:reconnecting', 'the tree item Reconnect Now is offered on');
    const during: number[] = [];
    const rounds = 5;
    for (let i = 0; i < rounds; i++) {
      during.push(...generate(t, 15));
      await sleep(CUT_MS / (rounds + 1));
    }
    await sleep(Math.max(0, cutAt + CUT_MS + 100 - Date.now()));
    assert.equal(bySequence(stored(t, sessionId())).size, before.length, 'nothing arrived during the cut');

    // Reconnect Now from the status bar's session pick, rather than waiting out the backoff.
    let how = 'the backoff retried by itself';
    if (src.state.kind === 'reconnecting') {
      const p = new ScriptedPrompter().pick(new RegExp(`^#${monitorId} `)).pick(/Reconnect Now/);
      t.setPrompter(p.asPrompter);
      await vscode.commands.executeCommand(COMMANDS.showSessions);
      t.setPrompter(undefined);
      const offered = p.asked[1]?.items?.some((label) => /Reconnect Now/.test(label)) ?? false;
      // Not offered only if the backoff's own retry won the race while the first pick was open.
      if (offered) {
        assert.deepEqual(p.unexpected, []);
        await waitFor('live within a few seconds of Reconnect Now', () => src.state.kind === 'live', 5_000);
        how = 'Reconnect Now from the status bar pick';
      }
    }
    await waitFor('live again', () => src.state.kind === 'live', 60_000);
    const liveAfterMs = Date.now() - cutAt;
    const after = generate(t, 30);
    const expected = [...before, ...during, ...after];
    await waitFor('every sequence number stored', () => {
      const got = bySequence(stored(t, sessionId()));
      return expected.every((s) => got.has(s)) && settled(t, monitorId);
    });

    const items = stored(t, sessionId());
    const got = bySequence(items);
    const twice = [...got].filter(([, copies]) => copies.length > 1).map(([s]) => s);
    assert.deepEqual(twice, [], 'no sequence number twice');
    assert.deepEqual([...got.keys()].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), 'exactly the published ones');
    assert.ok(during.length > 0);
    for (const s of during) assert.deepEqual(got.get(s), [true], `event ${s}, published during the cut, is marked replayed`);
    for (const s of [...before, ...after]) assert.deepEqual(got.get(s), [false], `event ${s} is not`);
    const gaps = items.filter((i) => i.kind === 'gap');
    assert.equal(gaps.length, 1, 'one gap marker');
    const gap = gaps[0];
    assert.ok(gap.kind === 'gap' && gap.disconnectedAt >= cutAt - 1000 && gap.disconnectedAt <= cutAt + 1000, 'the gap says when the cut happened');
    assert.ok(gap.kind === 'gap' && gap.reconnectedAt - gap.disconnectedAt >= CUT_MS - 200, 'and how long it lasted');
    // The gap sits between the last event before the cut and the first replayed one.
    const gapIndex = items.indexOf(gap);
    const seqAt = (i: number) => (items[i].kind === 'event' ? sequenceOf(items[i] as PushEvent) : undefined);
    assert.equal(seqAt(gapIndex - 1), Math.max(...before));
    assert.ok(during.includes(seqAt(gapIndex + 1) ?? -1), 'a replayed event follows the gap');

    // The panel shows the same: replayed rows marked, one gap row.
    const rows = await waitFor('the panel rows', () => {
      const r = t.viewerRows(`source:${sessionId()}`);
      return r && r.filter((x) => x.kind === 'event').length === expected.length ? r : undefined;
    });
    assert.equal(rows.filter((r) => r.replay).length, during.length);
    assert.equal(rows.filter((r) => r.kind === 'gap').length, 1);
    const stats = sim.stats(monitorId);
    assert.equal(stats.replayed, during.length, 'the server replayed exactly the events of the cut');
    console.log(`      cut ${CUT_MS} ms: ${before.length} events before, ${during.length} during (all replayed, marked), ${after.length} after; live again ${liveAfterMs} ms after the cut began (${how})`);
    await vscode.commands.executeCommand(COMMANDS.stopSession, ref());
  });

  it('after a reload: remembered sessions start again, a restored panel reattaches, nothing published meanwhile is lost', async function () {
    this.timeout(120_000);
    const t = await api();
    const sim = t.simulator();
    assert.ok(sim);
    const { account } = await signInCustomToSimulator(t);
    assert.ok(account, 'signed in to the simulator as a Remote Manager account');
    try {
      const running = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: account.id, topics: ALL_TOPICS, batchSize: 10, batchDuration: 0 })) as { monitorId: number };
      const stopped = (await vscode.commands.executeCommand(COMMANDS.createMonitor, { accountId: account.id, topics: ['DataPoint'], batchDuration: 0 })) as { monitorId: number };
      const runningId = `${account.id}/${running.monitorId}`;
      const src = await waitFor('both live', () => {
        const a = t.services.manager.find(account.id, running.monitorId);
        const b = t.services.manager.find(account.id, stopped.monitorId);
        return a?.state.kind === 'live' && b?.state.kind === 'live' ? a : undefined;
      });
      await vscode.commands.executeCommand(COMMANDS.stopSession, { accountId: account.id, monitorId: stopped.monitorId });
      assert.deepEqual(
        t.rememberedSessions().filter((r) => r.accountId === account.id).map((r) => r.monitorId),
        [running.monitorId],
        'the running session is remembered, the one the user stopped is not',
      );
      await vscode.commands.executeCommand(VIEWER_COMMANDS.open, { accountId: account.id, monitorId: running.monitorId });
      const before = generate(t, 20);
      await waitFor('stored and acknowledged', () => bySequence(stored(t, runningId)).size === before.length && settled(t, running.monitorId));

      // The window goes away: deactivation stops the sessions and keeps the list.
      await t.services.manager.stopAll();
      assert.equal(src.state.kind, 'stopped');
      assert.ok(t.rememberedSessions().some((r) => r.accountId === account.id && r.monitorId === running.monitorId), 'still remembered after deactivation stopped it');
      const meanwhile = generate(t, 25);

      // A monitor whose session ran in the previous window but that this window has never seen,
      // with its panel restored by VS Code before the restore (state "absent"); a deleted monitor;
      // a signed-out account.
      const fresh = sim.createMonitor({ topics: ['DataPoint'], batchDuration: 0, ackOption: 'explicit', autoReplayOnConnect: true });
      const freshId = `${account.id}/${fresh}`;
      const state = t.services.context.workspaceState;
      const list = [...((state.get<unknown[]>(RUNNING_SESSIONS_STATE_KEY) ?? []) as unknown[]),
        { accountId: account.id, monitorId: fresh }, { accountId: account.id, monitorId: 999_999 }, { accountId: 'signed-out-account', monitorId: 4 }];
      await state.update(RUNNING_SESSIONS_STATE_KEY, list);
      await vscode.commands.executeCommand(VIEWER_COMMANDS.open, freshId);
      assert.equal(t.viewerHub()?.state(freshId).kind, 'absent', 'the panel shows an absent session, as after a reload');

      const run = await t.restoreSessions();
      const outcome = (id: number) => run.outcomes.find((o) => o.accountId === account.id && o.monitorId === id)?.result;
      assert.equal(outcome(running.monitorId), 'started');
      assert.equal(outcome(fresh), 'started');
      assert.equal(outcome(stopped.monitorId), undefined, 'a session the user stopped is not restarted');
      assert.equal(outcome(999_999), 'forgotten', 'a monitor that no longer exists is dropped');
      assert.equal(run.outcomes.find((o) => o.accountId === 'signed-out-account')?.result, 'skipped');
      assert.match(run.message ?? '', /started again \d+ sessions that were running before: /, 'the notification');
      assert.ok(run.message?.includes(`#${running.monitorId} `), run.message);
      assert.ok(t.logLines().some((l) => l.includes(`not restarting session ${account.id}/999999: monitor 999999 no longer exists`)), 'with a log line');
      assert.deepEqual(
        t.rememberedSessions().map((r) => `${r.accountId}/${r.monitorId}`).filter((k) => k.startsWith(account.id) || k.startsWith('signed-out')),
        [runningId, freshId],
        'what could not start is dropped from the list',
      );
      assert.equal(t.services.manager.find(account.id, stopped.monitorId)?.state.kind, 'stopped');

      await waitFor('the restarted session live', () => src.state.kind === 'live');
      await waitFor('the reattached panel live', () => t.viewerHub()?.state(freshId).kind === 'live');
      const after = generate(t, 10);
      const expected = [...before, ...meanwhile, ...after];
      await waitFor('every sequence number stored', () => {
        const got = bySequence(stored(t, runningId));
        return expected.every((s) => got.has(s));
      });
      const got = bySequence(stored(t, runningId));
      assert.deepEqual([...got].filter(([, c]) => c.length > 1).map(([s]) => s), [], 'no sequence number twice');
      assert.ok(meanwhile.length > 0);
      for (const s of meanwhile) assert.deepEqual(got.get(s), [true], `event ${s}, published while the window was away, is replayed and marked`);
      const freshRows = await waitFor('the reattached panel shows new events', () => {
        const r = t.viewerRows(`source:${freshId}`);
        return r && r.some((x) => x.kind === 'event') ? r : undefined;
      });
      assert.ok(freshRows.length > 0);
    } finally {
      await vscode.commands.executeCommand(COMMANDS.signOut, { accountId: account.id });
    }
    assert.ok(!t.rememberedSessions().some((r) => r.accountId === account.id), 'signing out forgets its sessions');
  });
});
