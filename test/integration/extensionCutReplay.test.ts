// Issue 14 §1 without VS Code: the extension's session objects (Local simulator, account
// clients, session manager, the viewer's hub) on a monitor made with the wizard's defaults.
// The session is cut — dropped, and connections refused for CUT_MS — while the simulator
// keeps publishing; Reconnect Now ends the backoff wait; every sequence number is then in the
// viewer's store exactly once, those of the cut flagged replayed, one gap marker for the cut.
// (test/vscode/suite/4-allDaySessions.test.ts runs the same in a real VS Code.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent, SessionItem } from '../../src/core/events';
import { simulatorAccount } from '../../src/extension/accounts/accountModel';
import { ViewerHub } from '../../src/extension/viewer/viewerHub';
import { draftFrom, toSettings } from '../../src/extension/wizard/monitorDraft';
import { sequenceOf } from '../../src/simulator/sequence';
import { simulatorServices } from '../helpers/simulatorServices';

const CUT_MS = Number(process.env.DPM_CUT_MS ?? 2500);
const TOPICS = ['DeviceCore', 'DataPoint', 'FileData', 'AlarmStatus'];
const services = simulatorServices();
const account = simulatorAccount('Local simulator');
const hub = new ViewerHub(10_000);
services.manager.onDidChange((e) => e.kind === 'added' && hub.addSource(e.source));

before(() => services.start());
after(() => services.stop());

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function bySequence(items: Iterable<SessionItem>): Map<number, boolean[]> {
  const out = new Map<number, boolean[]>();
  for (const it of items) {
    const seq = it.kind === 'event' ? sequenceOf(it as PushEvent) : undefined;
    if (seq !== undefined) out.set(seq, [...(out.get(seq) ?? []), (it as PushEvent).replay]);
  }
  return out;
}

test(`a ${CUT_MS} ms cut on a monitor with the wizard's defaults: nothing lost, nothing twice, the cut's events replayed and marked, one gap`, async () => {
  const sim = services.sim.running ?? (await services.sim.ensure(), services.sim.running);
  assert.ok(sim);
  const client = await services.clients.get(account);
  const { topics, ...options } = toSettings(draftFrom({ topics: TOPICS, batchSize: 10, batchDuration: 0 }));
  const monitorId = await client.createMonitor(topics, options);
  const summary = sim.monitors().find((m) => m.id === monitorId);
  assert.deepEqual([summary?.explicitAck, summary?.autoReplay], [true, true], 'the defaults are lossless');
  const src = await services.manager.start(account, await client.getMonitor(monitorId));
  await until('live', () => src.state.kind === 'live');
  const store = () => [...hub.store(src.id).entries()].map((e) => e.item);
  const gen = (n: number) => sim.generate(n).flatMap((e) => (TOPICS.includes(e.type) && e.seq !== undefined ? [e.seq] : []));
  const settled = () => {
    const s = sim.stats(monitorId);
    return s.acked === s.published && s.unackedBlocks === 0 && s.queued === 0;
  };

  const beforeCut = gen(40);
  await until('stored and acknowledged', () => bySequence(store()).size === beforeCut.length && settled());
  const cutAt = Date.now();
  sim.faults.set({ refuseConnections: CUT_MS });
  sim.disconnect(monitorId);
  await until('reconnecting', () => src.state.kind === 'reconnecting');
  const during: number[] = [];
  for (let i = 0; i < 4; i++) {
    during.push(...gen(10));
    await new Promise((r) => setTimeout(r, CUT_MS / 5));
  }
  await new Promise((r) => setTimeout(r, Math.max(0, cutAt + CUT_MS + 50 - Date.now())));
  assert.equal(bySequence(store()).size, beforeCut.length, 'nothing arrived during the cut');
  const waiting = src.state.kind === 'reconnecting';
  if (waiting) {
    assert.equal(services.manager.reconnectNow(src.id), true);
    await until('live at once after Reconnect Now', () => src.state.kind === 'live', 3000);
  }
  await until('live', () => src.state.kind === 'live', 60_000);
  const afterCut = gen(20);
  const expected = [...beforeCut, ...during, ...afterCut];
  await until('everything stored', () => expected.every((s) => bySequence(store()).has(s)) && settled());

  const got = bySequence(store());
  assert.deepEqual([...got].filter(([, c]) => c.length > 1), [], 'no sequence number twice');
  assert.deepEqual([...got.keys()].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
  for (const s of during) assert.deepEqual(got.get(s), [true], `${s} replayed`);
  for (const s of [...beforeCut, ...afterCut]) assert.deepEqual(got.get(s), [false], `${s} live`);
  const gaps = store().filter((i) => i.kind === 'gap');
  assert.equal(gaps.length, 1);
  const gap = gaps[0];
  assert.ok(gap.kind === 'gap' && Math.abs(gap.disconnectedAt - cutAt) < 1000 && gap.reconnectedAt - gap.disconnectedAt >= CUT_MS - 100);
  assert.equal(sim.stats(monitorId).replayed, during.length);
  await services.manager.stop(src.id);
});
