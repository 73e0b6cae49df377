// VS Code's proxy settings, turned into the plain ProxyOptions the core takes (REST and the
// push socket alike). No vscode import: the composition root passes a reader of the `http`
// configuration section, so this is unit-tested as it is.
//
// - http.proxy: the proxy for every Remote Manager connection (https REST and TLS push, and
//   plain http / TCP for a local or custom host); empty: HTTPS_PROXY / HTTP_PROXY from the
//   environment, as VS Code itself falls back to them.
// - http.noProxy: hosts reached directly, added to NO_PROXY from the environment.
// - http.proxyStrictSSL: false stops checking the certificate of an https:// proxy itself.
//   It never turns off the verification of the Remote Manager host, whose TLS runs end to end
//   inside the tunnel: a proxy that re-signs TLS is trusted by giving the account its root CA.
// - http.proxySupport "off": no proxy at all.

import { proxyOptionsFromEnv, redactProxyUrl, type ProxyOptions } from '../core';

export const PROXY_SETTING_KEYS = ['proxy', 'noProxy', 'proxyStrictSSL', 'proxySupport'] as const;

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : []);

/** The proxy options for `get` (a reader of the `http` section) and the environment; undefined: no proxy. */
export function proxyOptionsFromVsCode(get: (key: (typeof PROXY_SETTING_KEYS)[number]) => unknown, env: NodeJS.ProcessEnv): ProxyOptions | undefined {
  if (get('proxySupport') === 'off') return undefined;
  const fromEnv = proxyOptionsFromEnv(env);
  const setting = text(get('proxy'));
  const envNoProxy = typeof fromEnv.noProxy === 'string' ? fromEnv.noProxy.split(/[,\s]+/).filter(Boolean) : [];
  const noProxy = [...list(get('noProxy')), ...envNoProxy];
  const strict = get('proxyStrictSSL') !== false;
  const httpProxy = setting ?? fromEnv.httpProxy;
  const httpsProxy = setting ?? fromEnv.httpsProxy;
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy, proxyStrictSSL: strict };
}

/** One line for the log: which proxy, what bypasses it, whether its certificate is checked. Never a password. */
export function describeProxyOptions(o: ProxyOptions | undefined): string {
  if (!o) return 'no proxy';
  const urls = [...new Set([o.httpsProxy, o.httpProxy].filter((u): u is string => Boolean(u)).map(redactProxyUrl))];
  const bypass = typeof o.noProxy === 'string' ? o.noProxy : (o.noProxy ?? []).join(', ');
  const parts = [`proxy ${urls.join(' / ')}`];
  if (bypass) parts.push(`not for ${bypass}`);
  if (o.proxyStrictSSL === false) parts.push("the proxy's own certificate is not checked (http.proxyStrictSSL off; Remote Manager's certificate still is)");
  return parts.join('; ');
}
