import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  credentialsFor,
  parseAccounts,
  serializeAccounts,
  simulatorAccount,
  type AccountRecord,
} from '../../../src/extension/accounts/accountModel';
import { HOST_PRESETS, isUnencryptedRemote, parseCustomUrl, parsePushEndpoint, presetEndpoint } from '../../../src/extension/accounts/hostPresets';
import { CreatedMonitors } from '../../../src/extension/monitors/createdMonitors';
import { formatOnly as t } from '../../../src/extension/l10n';

const SECRET = 'S3cr3t-pa55word!';
const alice: AccountRecord = {
  id: 'a1', label: 'alice @ remotemanager.digi.com', host: 'remotemanager.digi.com', restUrl: 'https://remotemanager.digi.com',
  pushHost: 'remotemanager.digi.com', pushPort: 3201, secure: true, kind: 'password', username: 'alice',
};

test('serialised accounts carry only allow-listed fields: a secret attached by mistake never reaches globalState', () => {
  const polluted = { ...alice, password: SECRET, secret: SECRET, apiKeySecret: SECRET, credentials: { password: SECRET } } as AccountRecord;
  const stored = serializeAccounts([polluted]);
  const json = JSON.stringify(stored);
  assert.ok(!json.includes(SECRET), json);
  assert.deepEqual(Object.keys(stored[0]).sort(), ['host', 'id', 'kind', 'label', 'pushHost', 'pushPort', 'restUrl', 'secure', 'username']);
});

test('an account may carry a CA file path; it round-trips, and a malformed one drops the entry', () => {
  const withCa = { ...alice, id: 'a3', caFile: '/etc/ssl/company-root.pem' };
  const stored = serializeAccounts([alice, withCa]);
  assert.deepEqual(Object.keys(stored[0]).includes('caFile'), false, 'no caFile key when none is set');
  assert.equal(stored[1].caFile, '/etc/ssl/company-root.pem');
  assert.deepEqual(parseAccounts(JSON.parse(JSON.stringify(stored))), [alice, withCa]);
  assert.deepEqual(parseAccounts([{ ...withCa, caFile: 42 }, alice]), [alice]);
});

test('the built-in simulator account is never stored', () => {
  assert.deepEqual(serializeAccounts([simulatorAccount('Local simulator'), alice]).map((a) => a.id), ['a1']);
});

test('parse round-trips and drops malformed or duplicate entries', () => {
  const stored = serializeAccounts([alice, { ...alice, id: 'a2', kind: 'apiKey', username: 'key-id' }]);
  assert.deepEqual(parseAccounts(JSON.parse(JSON.stringify(stored))), [alice, { ...alice, id: 'a2', kind: 'apiKey', username: 'key-id' }]);
  assert.deepEqual(parseAccounts(undefined), []);
  assert.deepEqual(parseAccounts({}), []);
  assert.deepEqual(parseAccounts([null, 1, { ...alice, pushPort: 70000 }, { ...alice, kind: 'x' }, alice, alice, { ...alice, id: 'local-simulator' }]), [alice]);
});

test('credentials follow the account kind', () => {
  assert.deepEqual(credentialsFor(alice, 'p'), { username: 'alice', password: 'p' });
  assert.deepEqual(credentialsFor({ kind: 'apiKey', username: 'kid' }, 's'), { apiKeyId: 'kid', apiKeySecret: 's' });
});

test('host presets: remotemanager first, every §1.1 host present, TLS push on 3201', () => {
  assert.equal(HOST_PRESETS[0].host, 'remotemanager.digi.com');
  for (const h of ['developer.idigi.com', 'my.idigi.com', 'test.idigi.com', 'devtest.idigi.com', 'my.idigi.co.uk', 'login.etherios.com', 'login.etherios.co.uk', 'test.etherios.com', 'devicecloud.digi.com']) {
    assert.ok(HOST_PRESETS.some((p) => p.host === h), h);
  }
  assert.deepEqual(presetEndpoint('my.idigi.com'), { host: 'my.idigi.com', restUrl: 'https://my.idigi.com', pushHost: 'my.idigi.com', pushPort: 3201, secure: true });
});

test('custom URLs: https assumed, http means plain TCP 3200, credentials in the URL refused', () => {
  assert.deepEqual(parseCustomUrl('drm.example.com:8443/', t), {
    ok: true, value: { host: 'drm.example.com', restUrl: 'https://drm.example.com:8443', pushHost: 'drm.example.com', pushPort: 3201, secure: true },
  });
  const plain = parseCustomUrl('http://127.0.0.1:4000', t);
  assert.ok(plain.ok && plain.value.pushPort === 3200 && !plain.value.secure);
  assert.ok(plain.ok && !isUnencryptedRemote(plain.value));
  const remote = parseCustomUrl('http://drm.example.com', t);
  assert.ok(remote.ok && isUnencryptedRemote(remote.value));
  const withUser = parseCustomUrl(`https://alice:${SECRET}@drm.example.com`, t);
  assert.equal(withUser.ok, false);
  assert.ok(!withUser.ok && !withUser.message.includes(SECRET));
  assert.equal(parseCustomUrl('ftp://x', t).ok, false);
  assert.equal(parseCustomUrl('https://x/?a=1', t).ok, false);
  assert.equal(parseCustomUrl('  ', t).ok, false);
});

test('push endpoint host[:port]', () => {
  assert.deepEqual(parsePushEndpoint('127.0.0.1:4100', 3201, t), { ok: true, value: { host: '127.0.0.1', port: 4100 } });
  assert.deepEqual(parsePushEndpoint('push.example.com', 3201, t), { ok: true, value: { host: 'push.example.com', port: 3201 } });
  assert.equal(parsePushEndpoint('h:0', 3201, t).ok, false);
  assert.equal(parsePushEndpoint('', 3201, t).ok, false);
});

test('created monitors are remembered as ids only and survive a reload', async () => {
  const store = new Map<string, unknown>();
  const memento = { get: <T>(k: string) => store.get(k) as T | undefined, update: async (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))) };
  const c = new CreatedMonitors(memento);
  await c.add({ accountId: 'a1', monitorId: 5 });
  await c.add({ accountId: 'a2', monitorId: 6 });
  const again = new CreatedMonitors(memento);
  assert.ok(again.has('a1', 5));
  await again.removeAccount('a1');
  assert.deepEqual(new CreatedMonitors(memento).all(), [{ accountId: 'a2', monitorId: 6 }]);
});
