// The session manager, clients and catalog against the real simulator, without VS Code:
// the same objects the extension wires up, driven through their plain APIs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionItem } from '../../../src/core/events';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import type { LiveState } from '../../../src/shared/sessionModel';
import { simulatorServices } from '../../helpers/simulatorServices';

const secrets = new Map<string, string>();
const registered: string[] = [];
const services = simulatorServices({ secretFor: async (id) => secrets.get(id), registerSecret: (s) => void registered.push(s) });
const { sim, clients, manager, catalog } = services;
const account = simulatorAccount('Local simulator');

before(async () => {
  await services.start();
});
after(() => services.stop());

function waitFor<T>(check: () => T | undefined, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const v = check();
      if (v !== undefined && v !== false) return resolve(v);
      if (Date.now() - t0 > ms) return reject(new Error('timed out'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

test('the simulator account lists, starts a TLS session, receives events, reconnects with a gap, stops', async () => {
  const client = await clients.get(account);
  assert.equal(client.secure, true, 'simulator push goes over TLS');
  assert.deepEqual([client.pushHost, client.pushPort], [sim.endpoint?.pushHost, sim.endpoint?.pushTlsPort], 'to the TLS listener');
  assert.ok(registered.includes('demo-password'), 'the secret in use is registered for redaction');
  const id = await client.createMonitor(['DataPoint', 'DeviceCore'], { batchSize: 1 });
  await catalog.refresh(account);
  const list = catalog.list(account.id);
  assert.equal(list.status, 'loaded');
  const info = catalog.monitor(account.id, id);
  assert.ok(info);

  const states: LiveState['kind'][] = [];
  const items: SessionItem[] = [];
  const src = await manager.start(account, info);
  assert.equal(src.id, `local-simulator/${id}`);
  src.onState((s) => states.push(s.kind));
  src.onItems((batch) => items.push(...batch));
  assert.equal(await manager.start(account, info), src, 'starting twice returns the running source');
  await waitFor(() => src.state.kind === 'live');

  sim.running?.generate(5);
  await waitFor(() => items.filter((i) => i.kind === 'event').length >= 1);
  assert.ok(src.eventCount >= 1);
  assert.ok(src.lastEventAt !== undefined);

  // Drop the connection from the server side: reconnecting, then live again with a gap marker.
  sim.running?.disconnect(id);
  await waitFor(() => states.includes('reconnecting'));
  await waitFor(() => src.state.kind === 'live' && items.some((i) => i.kind === 'gap'));

  await manager.stop(src.id);
  assert.equal(src.state.kind, 'stopped');
  assert.equal(manager.active().length, 0);

  // Start again on the same source object (viewers keep their subscription).
  const again = await manager.start(account, info);
  assert.equal(again, src);
  await waitFor(() => src.state.kind === 'live');
  await manager.remove(src.id);
  assert.equal(manager.get(src.id), undefined);
  assert.equal(src.state.kind, 'stopped');
});

test('an account without a stored secret fails with AUTH before any network', async () => {
  const ghost: AccountRecord = { ...account, id: 'ghost', label: 'ghost', builtIn: undefined, restUrl: 'https://127.0.0.1:9', pushHost: '127.0.0.1', pushPort: 9 };
  await assert.rejects(manager.start(ghost, { id: 1, topics: ['DataPoint'], transport: 'tcp', fields: {} }), { code: 'AUTH' });
  const src = manager.find('ghost', 1);
  assert.equal(src?.state.kind, 'error');
  assert.equal(src?.error?.code, 'AUTH');
  await catalog.refresh(ghost);
  const l = catalog.list('ghost');
  assert.equal(l.status, 'error');
});

test('wrong credentials show as an AUTH list error; the right ones list', async () => {
  const ep = await sim.ensure();
  const user: AccountRecord = {
    id: 'u1', label: 'demo @ sim', host: '127.0.0.1', restUrl: ep.restUrl, pushHost: ep.pushHost, pushPort: ep.pushTlsPort, secure: true, kind: 'password', username: 'demo',
  };
  secrets.set('u1', 'wrong-password');
  await catalog.refresh(user);
  const l = catalog.list('u1');
  assert.equal(l.status, 'error');
  assert.equal(l.status === 'error' && (l.error as { code?: string }).code, 'AUTH');
  assert.ok(!(l.status === 'error' && l.error.message.includes('wrong-password')), 'no secret in the message');
  await clients.drop('u1');
  secrets.set('u1', 'demo-password');
  await catalog.refresh(user);
  assert.equal(catalog.list('u1').status, 'loaded');
  await clients.drop('u1');
});
