// A Remote Manager account's client in the extension (sessions/accountClients.ts): VS Code's
// proxy settings and the account's CA file, against an https server and a real proxy on
// loopback (the `proxy` package). The proxy password is registered for redaction before any
// use, and never logged; a CA file that cannot be used is a TLS error naming it; changed proxy
// settings apply to idle accounts at their next use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createStreamLogger } from '../../../src/core/logger';
import { PushMonitorError } from '../../../src/core/errors';
import type { ProxyOptions } from '../../../src/core/proxy/proxyConfig';
import type { AccountRecord } from '../../../src/extension/accounts/accountModel';
import { AccountClients } from '../../../src/extension/sessions/accountClients';
import { LocalSimulator } from '../../../src/extension/sessions/localSimulator';
import { makeCa, makeLeaf, type TestCa } from '../../helpers/tlsCerts';
import { startTestProxy, type TestProxy } from '../../helpers/proxyServer';

const LIST = JSON.stringify({ resultTotalRows: '0', requestedStartRow: '0', resultSize: '0', requestedSize: '1', remainingSize: '0', items: [] });

let ca: TestCa;
let server: https.Server;
let restUrl: string;
let proxy: TestProxy;
let caFile: string;
let otherCaFile: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'dpm-accountclients-'));

before(async () => {
  ca = await makeCa('Account CA');
  const leaf = await makeLeaf(ca, ['ip:127.0.0.1']);
  server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (_q, r) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.end(LIST);
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  restUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startTestProxy({ credentials: { username: 'vsc', password: 'Vsc-proxy-pw7' } });
  caFile = path.join(dir, 'account-ca.pem');
  writeFileSync(caFile, ca.certPem);
  otherCaFile = path.join(dir, 'other-ca.pem');
  writeFileSync(otherCaFile, (await makeCa('Another CA')).certPem);
});

after(async () => {
  await proxy.close();
  server.closeAllConnections();
  server.close();
});

function setup(initial: ProxyOptions | undefined) {
  let proxyOptions = initial;
  const registered: string[] = [];
  const lines: string[] = [];
  const clients = new AccountClients({
    secretFor: async () => 'Account-pw-8',
    registerSecret: (s) => registered.push(s),
    log: createStreamLogger('debug', (l) => lines.push(l)),
    simulator: new LocalSimulator(createStreamLogger('off'), () => 0),
    proxy: () => proxyOptions,
  });
  return { clients, registered, lines, setProxy: (o: ProxyOptions | undefined) => (proxyOptions = o) };
}

const account = (extra: Partial<AccountRecord> = {}): AccountRecord => ({
  id: 'acct-1', label: 'me @ private', host: '127.0.0.1', restUrl, pushHost: '127.0.0.1', pushPort: 3201, secure: true, kind: 'password', username: 'me', caFile, ...extra,
});

test("the account's CA file and VS Code's proxy: REST tunnels through the proxy and verifies with that CA", async () => {
  const base = new URL(proxy.url);
  const { clients, registered, lines } = setup({ httpsProxy: `http://vsc:Vsc-proxy-pw7@${base.host}`, httpProxy: `http://vsc:Vsc-proxy-pw7@${base.host}` });
  try {
    const client = await clients.get(account());
    await client.testConnection();
    assert.deepEqual(proxy.connects(), [`127.0.0.1:${new URL(restUrl).port}`]);
    assert.ok(registered.includes('Vsc-proxy-pw7'), 'the proxy password is registered for redaction');
    const log = lines.join('');
    assert.match(log, new RegExp(`me @ private: proxy http://127\\.0\\.0\\.1:${proxy.port}`));
    assert.ok(!log.includes('Vsc-proxy-pw7'), log);
  } finally {
    await clients.closeAll();
  }
});

test('a CA file from another CA is refused (TLS); a missing one is named before any request', async () => {
  const { clients } = setup(undefined);
  try {
    const client = await clients.get(account({ id: 'acct-2', caFile: otherCaFile }));
    await assert.rejects(client.testConnection(), (e: unknown) => e instanceof PushMonitorError && e.code === 'TLS' && /unknown authority/.test(e.message));
    const missing = path.join(dir, 'gone.pem');
    await assert.rejects(clients.get(account({ id: 'acct-3', caFile: missing })), (e: unknown) => {
      assert.ok(e instanceof PushMonitorError && e.code === 'TLS');
      assert.equal(e.message, `cannot read the account's CA file ${missing} (ENOENT)`);
      return true;
    });
  } finally {
    await clients.closeAll();
  }
});

test('changed proxy settings: an idle client is remade with them at its next use', async () => {
  const base = new URL(proxy.url);
  const { clients, setProxy } = setup({ httpsProxy: `http://vsc:Vsc-proxy-pw7@${base.host}` });
  try {
    const first = await clients.get(account({ id: 'acct-4' }));
    await first.testConnection();
    const seen = proxy.seen.length;
    setProxy(undefined);
    await clients.proxySettingsChanged();
    const second = await clients.get(account({ id: 'acct-4' }));
    assert.notEqual(second, first);
    await second.testConnection();
    assert.equal(proxy.seen.length, seen, 'the new client went direct');
  } finally {
    await clients.closeAll();
  }
});
