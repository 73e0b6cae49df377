// VS Code's http.proxy / http.noProxy / http.proxyStrictSSL / http.proxySupport as the
// core's ProxyOptions (src/extension/proxySettings.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProxyOptions, proxyOptionsFromVsCode } from '../../../src/extension/proxySettings';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('http.proxy serves https and plain connections; http.noProxy and NO_PROXY both bypass it', () => {
  assert.deepEqual(proxyOptionsFromVsCode(reader({ proxy: 'http://proxy.example:3128', noProxy: ['intranet.example', ''] }), { NO_PROXY: 'a.example,b.example' }), {
    httpProxy: 'http://proxy.example:3128',
    httpsProxy: 'http://proxy.example:3128',
    noProxy: ['intranet.example', 'a.example', 'b.example'],
    proxyStrictSSL: true,
  });
});

test('an empty http.proxy falls back to HTTPS_PROXY / HTTP_PROXY, as VS Code does', () => {
  assert.deepEqual(proxyOptionsFromVsCode(reader({ proxy: '' }), { HTTPS_PROXY: 'http://env.example:8080' }), {
    httpProxy: undefined,
    httpsProxy: 'http://env.example:8080',
    noProxy: [],
    proxyStrictSSL: true,
  });
  assert.equal(proxyOptionsFromVsCode(reader({}), {}), undefined);
});

test('http.proxySupport "off" means no proxy; proxyStrictSSL false is carried as is', () => {
  assert.equal(proxyOptionsFromVsCode(reader({ proxy: 'http://proxy.example:3128', proxySupport: 'off' }), {}), undefined);
  assert.equal(proxyOptionsFromVsCode(reader({ proxy: 'http://proxy.example:3128', proxyStrictSSL: false }), {})?.proxyStrictSSL, false);
  assert.equal(proxyOptionsFromVsCode(reader({ proxy: 'http://proxy.example:3128', proxyStrictSSL: 'no' }), {})?.proxyStrictSSL, true);
});

test('the log line names the proxy without its credentials', () => {
  const line = describeProxyOptions(proxyOptionsFromVsCode(reader({ proxy: 'http://me:Hidden-pw1@proxy.example:3128', noProxy: ['intranet.example'], proxyStrictSSL: false }), {}));
  assert.equal(
    line,
    "proxy http://proxy.example:3128; not for intranet.example; the proxy's own certificate is not checked (http.proxyStrictSSL off; Remote Manager's certificate still is)",
  );
  assert.equal(describeProxyOptions(undefined), 'no proxy');
});
