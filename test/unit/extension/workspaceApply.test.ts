// Applying workspace monitor definitions (issue 13 §3) against the real Local simulator, with
// the objects the extension wires up: a definition with autoStart gets its monitor created and
// its session live; applied again, the same monitor is reused; a reused monitor that differs
// says so; a failing account becomes a problem on the definition with its secret scrubbed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/core/logger';
import { simulatorAccount } from '../../../src/extension/accounts/accountModel';
import { formatOnly as t } from '../../../src/extension/l10n';
import { CreatedMonitors } from '../../../src/extension/monitors/createdMonitors';
import { applyDefinition, needsApply, outcomeProblems, type ApplyDeps, type DefinitionOutcome } from '../../../src/extension/workspace/applyDefinitions';
import { DEFINITIONS_TEMPLATE } from '../../../src/extension/workspace/definitionsTemplate';
import { parseDefinitions, resolveDefinitions, type ResolvedDefinition } from '../../../src/extension/workspace/monitorDefinitions';
import { simulatorServices } from '../../helpers/simulatorServices';

const services = simulatorServices();
const { clients, manager, catalog } = services;
const store = new Map<string, unknown>();
const created = new CreatedMonitors({ get: <T>(k: string) => store.get(k) as T | undefined, update: async (k, v) => void store.set(k, v) });
const account = simulatorAccount('Local simulator');
const deps: ApplyDeps = { clientFor: (a) => clients.get(a), created, catalog, log: silentLogger, manager, redact: (s) => s.replaceAll('sekrit', '***') };

before(async () => {
  await services.start();
});
after(() => services.stop());

function resolve(text: string): ResolvedDefinition[] {
  const parsed = parseDefinitions(text, t);
  assert.deepEqual(parsed.problems, []);
  const r = resolveDefinitions(parsed.definitions, [account], 'gateway-fw', t);
  assert.deepEqual(r.problems, []);
  assert.ok(r.resolved.length > 0);
  return r.resolved;
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the template on the Local simulator: monitor created and tagged, session live; applied again, the same monitor is reused', async () => {
  const [r] = resolve(DEFINITIONS_TEMPLATE);
  const first = await applyDefinition(deps, r);
  assert.equal(first.error, undefined);
  assert.equal(first.created, true);
  assert.equal(first.started, true);
  const id = first.monitorId;
  assert.ok(id !== undefined);
  assert.ok(created.has(account.id, id), 'recorded as created by us (the on-exit policy applies to it)');
  const info = catalog.monitor(account.id, id);
  assert.deepEqual(info?.topics, ['DeviceCore', 'DataPoint']);
  assert.equal(info?.description, 'Digi Push Monitor for VS Code: workspace gateway-fw: device events');
  await waitFor(() => manager.find(account.id, id)?.state.kind === 'live');
  assert.deepEqual(outcomeProblems(first, r.definition, t), []);

  const again = await applyDefinition(deps, r);
  assert.deepEqual([again.monitorId, again.created, again.started, again.differences], [id, false, true, []]);
  assert.equal(manager.list().filter((s) => s.monitorId === id).length, 1, 'one session per monitor');
});

test('without autoStart the monitor is created and no session starts; a reused monitor with other options is reported', async () => {
  const [r] = resolve('{ "monitors": [ { "name": "files", "account": "Local simulator", "topics": ["FileData"], "batchSize": 7 } ] }');
  const o = await applyDefinition(deps, r);
  assert.equal(o.created, true);
  assert.equal(o.started, undefined);
  assert.equal(manager.find(account.id, o.monitorId ?? -1), undefined, 'no session');

  const [changed] = resolve('{ "monitors": [ { "name": "files", "account": "Local simulator", "topics": ["FileData"], "batchSize": 70 } ] }');
  const reused = await applyDefinition(deps, changed);
  assert.deepEqual([reused.monitorId, reused.created], [o.monitorId, false], 'ensureMonitor matches by topics');
  assert.deepEqual(reused.differences, ['batchSize 7 (here: 70)']);
  const problems = outcomeProblems(reused, changed.definition, t);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'warning');
  assert.match(problems[0].message, /was reused and differs from this definition: batchSize 7 \(here: 70\)\. Delete it/);
});

test('an account that fails gives an error on the definition\'s account, secrets scrubbed; it is tried again next time', async () => {
  const [r] = resolve('{ "monitors": [ { "account": "Local simulator", "topics": ["AlarmStatus"], "autoStart": true } ] }');
  const failing: ApplyDeps = { ...deps, clientFor: async () => Promise.reject(new Error('401 for user demo with password sekrit')) };
  const o = await applyDefinition(failing, r);
  assert.equal(o.monitorId, undefined);
  assert.equal(o.error, '401 for user demo with password ***');
  const [p] = outcomeProblems(o, r.definition, t);
  assert.equal(p.severity, 'error');
  assert.deepEqual([p.offset, p.length], [r.definition.accountAt.offset, r.definition.accountAt.length]);
  assert.ok(!p.message.includes('sekrit'));
  assert.equal(needsApply(o, false), true, 'a failure is retried at the next change');
});

test('what is applied again: on command everything; otherwise only new, changed or failed definitions', () => {
  const ok: DefinitionOutcome = { key: 'k', index: 0, accountId: 'a', accountLabel: 'A', monitorId: 1, created: false, started: true, differences: [] };
  assert.equal(needsApply(undefined, false), true);
  assert.equal(needsApply(ok, false), false, 'saving the file does not restart a session the user stopped');
  assert.equal(needsApply(ok, true), true);
  assert.equal(needsApply({ ...ok, startError: 'refused' }, false), true);
});
