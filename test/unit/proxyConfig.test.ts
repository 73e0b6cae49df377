// Which proxy a connection takes (src/core/proxy/proxyConfig.ts): HTTPS_PROXY for TLS
// targets, HTTP_PROXY for plain ones, NO_PROXY as curl and undici read it, and a proxy URL's
// credentials kept out of everything printable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { bypassesProxy, proxyOptionsFromEnv, proxySecrets, redactProxyUrl, resolveProxy } from '../../src/core/proxy/proxyConfig';
import { PushMonitorError } from '../../src/core/errors';

const tlsTarget = { host: 'remotemanager.digi.com', port: 3201, secure: true };

test('HTTPS_PROXY serves TLS targets, HTTP_PROXY plain ones and TLS ones when HTTPS_PROXY is empty', () => {
  const both = { httpProxy: 'http://plain.example:3128', httpsProxy: 'http://secure.example:3129' };
  assert.equal(resolveProxy(both, tlsTarget)?.display, 'http://secure.example:3129');
  assert.equal(resolveProxy(both, { ...tlsTarget, secure: false })?.display, 'http://plain.example:3128');
  assert.equal(resolveProxy({ httpProxy: 'http://plain.example:3128' }, tlsTarget)?.display, 'http://plain.example:3128');
  assert.equal(resolveProxy({ httpsProxy: 'http://secure.example:3129' }, { ...tlsTarget, secure: false }), undefined);
  assert.equal(resolveProxy({}, tlsTarget), undefined);
  assert.equal(resolveProxy(undefined, tlsTarget), undefined);
});

test('a bare host:port is an http proxy; the default ports are 80 and 443; other schemes are refused', () => {
  const p = resolveProxy({ httpsProxy: 'proxy.example:3128' }, tlsTarget);
  assert.equal(p?.display, 'http://proxy.example:3128');
  assert.equal(p?.port, 3128);
  assert.equal(p?.tls, false);
  assert.equal(resolveProxy({ httpsProxy: 'http://proxy.example' }, tlsTarget)?.port, 80);
  const s = resolveProxy({ httpsProxy: 'https://proxy.example' }, tlsTarget);
  assert.equal(s?.port, 443);
  assert.equal(s?.tls, true);
  assert.throws(() => resolveProxy({ httpsProxy: 'socks5://u:secretpw@proxy.example:1080' }, tlsTarget), (e: unknown) => {
    assert.ok(e instanceof PushMonitorError && e.code === 'INVALID_ARGUMENT');
    assert.doesNotMatch((e as Error).message, /secretpw/);
    return true;
  });
  assert.throws(() => resolveProxy({ httpsProxy: 'http://u:secretpw@[bad' }, tlsTarget), (e: unknown) => !/secretpw/.test((e as Error).message));
});

test('NO_PROXY: exact host, subdomains, leading dot or *., host:port, * and IPv6', () => {
  const cases: [string | string[], string, number, boolean][] = [
    ['remotemanager.digi.com', 'remotemanager.digi.com', 3201, true],
    ['digi.com', 'remotemanager.digi.com', 3201, true],
    ['.digi.com', 'remotemanager.digi.com', 443, true],
    ['*.digi.com', 'remotemanager.digi.com', 443, true],
    ['digi.com', 'notdigi.com', 443, false],
    ['remotemanager.digi.com:443', 'remotemanager.digi.com', 443, true],
    ['remotemanager.digi.com:443', 'remotemanager.digi.com', 3201, false],
    ['*', 'anything.example', 1, true],
    ['a.example, b.example', 'b.example', 1, true],
    ['a.example b.example', 'b.example', 1, true],
    [['a.example', 'B.Example'], 'b.example', 1, true],
    ['127.0.0.1', '127.0.0.1', 3200, true],
    ['127.0.0.1', '127.0.0.2', 3200, false],
    ['[::1]:3201', '::1', 3201, true],
    ['::1', '[::1]', 3201, true],
    ['', 'a.example', 1, false],
  ];
  for (const [noProxy, host, port, bypass] of cases) {
    assert.equal(bypassesProxy(noProxy, host, port), bypass, `${JSON.stringify(noProxy)} vs ${host}:${port}`);
  }
  assert.equal(resolveProxy({ httpsProxy: 'http://proxy.example:3128', noProxy: 'digi.com' }, tlsTarget), undefined);
  assert.ok(resolveProxy({ httpsProxy: 'http://proxy.example:3128', noProxy: 'other.example' }, tlsTarget));
});

test('credentials in the proxy URL: a Basic header for the proxy, never in display, inspect or a message', () => {
  const p = resolveProxy({ httpsProxy: 'http://alice:s%40cret-pw@proxy.example:3128' }, tlsTarget)!;
  assert.equal(p.display, 'http://proxy.example:3128');
  assert.equal(p.authorization, `Basic ${Buffer.from('alice:s@cret-pw').toString('base64')}`);
  assert.ok(p.secrets.includes('s@cret-pw'));
  assert.ok(p.secrets.includes('s%40cret-pw'));
  assert.ok(p.secrets.includes(Buffer.from('alice:s@cret-pw').toString('base64')));
  assert.doesNotMatch(inspect(p), /cret/);
  assert.equal(redactProxyUrl('http://alice:s%40cret-pw@proxy.example:3128'), 'http://proxy.example:3128');
  assert.equal(redactProxyUrl('http://alice:pw@[bad'), '(an invalid proxy URL)');
  assert.deepEqual(proxySecrets({ httpProxy: 'http://bob:hunter22@p.example:1', httpsProxy: 'not a url at all' }).sort(), [Buffer.from('bob:hunter22').toString('base64'), 'hunter22'].sort());
});

test('proxyOptionsFromEnv: lower-case names first, blank values are unset', () => {
  assert.deepEqual(proxyOptionsFromEnv({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: ' ', NO_PROXY: 'a.example' }), {
    httpProxy: undefined,
    httpsProxy: 'http://lower:2',
    noProxy: 'a.example',
  });
  assert.deepEqual(proxyOptionsFromEnv({}), { httpProxy: undefined, httpsProxy: undefined, noProxy: undefined });
});

test('proxyStrictSSL defaults to true and is only about the proxy', () => {
  assert.equal(resolveProxy({ httpsProxy: 'https://proxy.example' }, tlsTarget)?.strictSSL, true);
  assert.equal(resolveProxy({ httpsProxy: 'https://proxy.example', proxyStrictSSL: false }, tlsTarget)?.strictSSL, false);
});
