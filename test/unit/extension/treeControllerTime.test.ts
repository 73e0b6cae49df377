// TreeController on a fake clock: "reconnecting in N s" and event ages count down with the
// 1 s tick while a session is active, a burst of batches redraws once, and nothing ticks
// once every session has stopped. TreeController imports vscode only for setContext, so
// the test gives it a stub of that one call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executedCommands } from '../../helpers/vscodeCommandsStub'; // before treeController: it stubs vscode
import { simulatorAccount } from '../../../src/extension/accounts/accountModel';
import { formatOnly as t } from '../../../src/extension/l10n';
import { Emitter } from '../../../src/extension/lifecycle';
import { TreeController, type TreeDeps } from '../../../src/extension/tree/treeController';
import type { LiveState } from '../../../src/shared/sessionModel';
import { FakeClock } from '../../helpers/fakeClock';

type Change = { kind: 'added' | 'removed' | 'state' | 'items' };

function setup() {
  const clock = new FakeClock(1_700_000_000_000);
  const account = simulatorAccount('Local simulator');
  const source = {
    accountId: account.id,
    monitorId: 7,
    subscription: { accountLabel: 'sim', host: '127.0.0.1', monitorId: 7, topics: ['DataPoint'], format: 'json', compression: 'zlib' },
    state: { kind: 'reconnecting', retryAt: clock.now() + 3000, reason: 'closed' } as LiveState,
    eventCount: 0,
    lastEventAt: undefined as number | undefined,
    error: undefined,
    eventsPerSecond: () => 0,
  };
  let active = [source];
  const changed = new Emitter<Change>();
  const deps = {
    t,
    accounts: { list: () => [account], onDidChange: new Emitter<void>().event },
    catalog: { list: () => ({ status: 'loaded', monitors: [], loadedAt: clock.now() }), refresh: async () => {}, onDidChange: new Emitter<void>().event },
    manager: { list: () => [source], active: () => active, onDidChange: changed.event },
    created: { has: () => false },
    simulator: { running: undefined },
    secrets: { redact: (s: string) => s },
  } as unknown as TreeDeps;
  const tree = new TreeController(deps, clock);
  let redraws = 0;
  tree.onSessionsChanged(() => redraws++);
  tree.start();
  return { tree, clock, source, changed, redraws: () => redraws, stopAll: () => (active = []) };
}

test('"reconnecting in N s" counts down once a second on the fake clock', async () => {
  const { tree, clock, changed, redraws } = setup();
  const text = () => String(tree.current().sessions[0].description);
  changed.fire({ kind: 'state' });
  assert.match(text(), /reconnecting in 3 s/);
  clock.advance(149);
  assert.equal(redraws(), 0, 'a state change redraws within 150 ms, not at once');
  clock.advance(1);
  assert.equal(redraws(), 1);
  clock.advance(850); // t = 1000: the first tick
  assert.equal(redraws(), 2);
  assert.match(text(), /reconnecting in 2 s/);
  clock.advance(1000);
  assert.match(text(), /reconnecting in 1 s/);
  tree.dispose();
  assert.equal(clock.armed, 0);
});

test('a burst of batches redraws once a second at most, and the age of the last event follows the clock', async () => {
  const { tree, clock, source, changed, redraws } = setup();
  source.state = { kind: 'live', since: clock.now() };
  changed.fire({ kind: 'state' });
  clock.advance(150);
  const before = redraws();
  for (let i = 0; i < 50; i++) {
    source.eventCount += 1;
    source.lastEventAt = clock.now();
    changed.fire({ kind: 'items' });
    clock.advance(10);
  }
  // 500 ms of batches and no redraw yet: they share one within a second (here the tick's, at t = 1000).
  assert.equal(redraws() - before, 0);
  clock.advance(500);
  assert.equal(redraws() - before, 1);
  assert.match(String(tree.current().sessions[0].description), /50 events · just now/);
  clock.advance(12_000);
  assert.match(String(tree.current().sessions[0].description), /50 events · 12 s ago/);
  tree.dispose();
});

test('the tick stops when no session is active any more', async () => {
  const { tree, clock, source, changed, redraws, stopAll } = setup();
  changed.fire({ kind: 'state' });
  clock.advance(3000);
  const ticking = redraws();
  assert.ok(ticking >= 3);
  source.state = { kind: 'stopped' };
  stopAll();
  changed.fire({ kind: 'state' });
  clock.advance(150);
  const after = redraws();
  clock.advance(60_000);
  assert.equal(redraws(), after, 'no redraw without a change once nothing runs');
  assert.equal(clock.armed, 0);
  assert.deepEqual(executedCommands.filter(([, key]) => /sessionCount/i.test(String(key))).at(-1)?.slice(2), [0], 'the session-count context follows');
  tree.dispose();
});
