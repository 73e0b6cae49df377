// The "not encrypted" sign-in prompt (issue 11 §4): plain http REST and plain TCP push
// both count; loopback on both ends is the only unencrypted case that is not asked about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnencryptedRemote, unencryptedRemoteTargets, type Endpoint } from '../../../src/extension/accounts/hostPresets';

const ep = (restHost: string, pushHost: string, secure: boolean, pushPort = secure ? 3201 : 3200): Endpoint => ({
  host: restHost,
  restUrl: `${secure ? 'https' : 'http'}://${restHost}`,
  pushHost,
  pushPort,
  secure,
});

test('plain TCP push to a remote host is asked about even when REST is on this machine', () => {
  const e = ep('127.0.0.1', 'push.example.com', false);
  assert.equal(isUnencryptedRemote(e), true);
  assert.deepEqual(unencryptedRemoteTargets(e), ['push.example.com:3200']);
});

test('decision table', () => {
  const cases: [Endpoint, string[]][] = [
    [ep('remotemanager.digi.com', 'remotemanager.digi.com', true), []],
    [ep('127.0.0.1', '10.0.0.5', true), []],
    [ep('localhost', '127.0.0.1', false, 4100), []],
    [ep('::1', 'localhost', false), []],
    [ep('127.0.0.1', '192.168.1.20', false, 4100), ['192.168.1.20:4100']],
    [ep('drm.example.com', '127.0.0.1', false), ['http://drm.example.com']],
    [ep('drm.example.com', 'drm.example.com', false), ['http://drm.example.com', 'drm.example.com:3200']],
    [ep('localhost', '::2', false), ['[::2]:3200']],
  ];
  for (const [e, want] of cases) {
    assert.deepEqual(unencryptedRemoteTargets(e), want, JSON.stringify(e));
    assert.equal(isUnencryptedRemote(e), want.length > 0, JSON.stringify(e));
  }
});
