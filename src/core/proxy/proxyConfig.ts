// Which proxy, if any, a connection goes through: one decision for REST and the push
// socket, so both take the same way out of a corporate network. The settings come from
// the caller as plain values (the CLI reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY, the
// extension VS Code's http.proxy / http.noProxy / http.proxyStrictSSL); nothing here reads
// the environment unless asked to through proxyOptionsFromEnv.
//
// A proxy URL may carry user:password. It is never printed as given: `display` is the URL
// without them, and `secrets` lists every form of the password (raw, URL-encoded, inside
// the Basic token) for the loggers' redaction.
//
// What `proxyStrictSSL: false` means here: only the proxy's own certificate (an https://
// proxy URL) is not verified. The Remote Manager host is verified through the tunnel as
// always (end-to-end TLS inside CONNECT); to trust a TLS-intercepting proxy, give the
// account its root CA (the `ca` option / the account's CA file).

import { PushMonitorError } from '../errors';

export interface ProxyOptions {
  /** Proxy for plain http REST and plain-TCP push (HTTP_PROXY). */
  httpProxy?: string;
  /** Proxy for https REST and TLS push (HTTPS_PROXY); when empty, httpProxy serves these too. */
  httpsProxy?: string;
  /**
   * Hosts reached directly (NO_PROXY): comma- or space-separated, or a list. `*` is every host;
   * `example.com` and `.example.com` also match its subdomains; `host:port` only that port.
   */
  noProxy?: string | readonly string[];
  /**
   * Verify the certificate of an https:// proxy itself (default true). Never affects the
   * verification of the Remote Manager host behind the proxy.
   */
  proxyStrictSSL?: boolean;
  /** PEM CA(s) for an https:// proxy's own certificate. */
  proxyCa?: string | Buffer | (string | Buffer)[];
}

export interface ProxyTarget {
  host: string;
  port: number;
  /** https REST / TLS push (HTTPS_PROXY applies) or plain (HTTP_PROXY). */
  secure: boolean;
}

/** A proxy that applies to one target. */
export interface ResolvedProxy {
  /** The proxy URL with its credentials, for the HTTP client only; never print it. */
  readonly uri: string;
  /** `scheme://host:port` without credentials: what messages and logs show. */
  readonly display: string;
  readonly host: string;
  readonly port: number;
  /** TLS to the proxy itself (https:// proxy URL). */
  readonly tls: boolean;
  /** `Basic …` from the URL's user:password, if any. */
  readonly authorization?: string;
  /** Verify the proxy's own certificate (https:// proxy). */
  readonly strictSSL: boolean;
  readonly ca?: string | Buffer | (string | Buffer)[];
  /** Strings that must never be logged: the password in its forms and the Basic token. */
  readonly secrets: readonly string[];
}

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY (lower-case names first, as curl and undici read them). */
export function proxyOptionsFromEnv(env: NodeJS.ProcessEnv): ProxyOptions {
  const pick = (name: string) => {
    const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** A proxy URL without its user:password (or a placeholder when it does not parse). */
export function redactProxyUrl(value: string): string {
  try {
    const url = parseProxyUrl(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(an invalid proxy URL)';
  }
}

/** `host:port` and `scheme://host:port` forms; a bare `host:port` is http (as VS Code and curl take it). */
function parseProxyUrl(value: string): URL {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`);
  } catch {
    // The input may hold a password: do not quote it.
    throw invalid('proxy URL is not a valid URL (expected e.g. http://proxy.example:3128)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`proxy URL scheme must be http: or https:, not ${url.protocol} (${url.protocol}//${url.host})`);
  }
  if (!url.hostname) throw invalid('proxy URL has no host');
  return url;
}

interface NoProxyEntry {
  host: string;
  port: number;
}

const stripBrackets = (h: string) => h.replace(/^\[(.*)\]$/, '$1');

function parseNoProxy(value: string | readonly string[] | undefined): { all: boolean; entries: NoProxyEntry[] } {
  const items = (typeof value === 'string' ? [value] : (value ?? [])).flatMap((v) => String(v).split(/[,\s]+/)).filter(Boolean);
  const entries: NoProxyEntry[] = [];
  for (const item of items) {
    if (item === '*') return { all: true, entries: [] };
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    const withPort = /^([^:]+):(\d+)$/.exec(item);
    const [host, port] = bracket ? [bracket[1], bracket[2]] : withPort ? [withPort[1], withPort[2]] : [item, undefined];
    entries.push({ host: host.replace(/^\*?\./, '').toLowerCase(), port: port ? Number(port) : 0 });
  }
  return { all: false, entries };
}

/** True when `host:port` is to be reached directly (matches NO_PROXY). */
export function bypassesProxy(noProxy: ProxyOptions['noProxy'], host: string, port: number): boolean {
  const { all, entries } = parseNoProxy(noProxy);
  if (all) return true;
  const h = stripBrackets(host).toLowerCase().replace(/\.$/, '');
  return entries.some((e) => (e.port === 0 || e.port === port) && (h === e.host || h.endsWith(`.${e.host}`)));
}

/** The proxy `target` goes through, or undefined for a direct connection. Throws INVALID_ARGUMENT for a bad proxy URL. */
export function resolveProxy(options: ProxyOptions | undefined, target: ProxyTarget): ResolvedProxy | undefined {
  if (!options) return undefined;
  const raw = target.secure ? options.httpsProxy || options.httpProxy : options.httpProxy;
  if (!raw || !raw.trim()) return undefined;
  if (bypassesProxy(options.noProxy, target.host, target.port)) return undefined;
  const url = parseProxyUrl(raw);
  const tls = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  const secrets: string[] = [];
  let authorization: string | undefined;
  if (url.username || url.password) {
    const user = safeDecode(url.username);
    const pass = safeDecode(url.password);
    const token = Buffer.from(`${user}:${pass}`, 'utf8').toString('base64');
    authorization = `Basic ${token}`;
    secrets.push(token);
    if (pass) secrets.push(pass, url.password);
  }
  return {
    uri: url.href,
    display: `${url.protocol}//${url.host}`,
    host: stripBrackets(url.hostname),
    port,
    tls,
    authorization,
    strictSSL: options.proxyStrictSSL !== false,
    ca: options.proxyCa,
    secrets: [...new Set(secrets.filter((s) => s.length > 0))],
    // The URL with its password stays out of console.log / util.inspect.
    [Symbol.for('nodejs.util.inspect.custom')]: () => ({ proxy: `${url.protocol}//${url.host}`, credentials: secrets.length > 0 }),
  } as ResolvedProxy;
}

/** Every secret of the proxies these options may use (for redaction; invalid URLs give none). */
export function proxySecrets(options: ProxyOptions | undefined): string[] {
  if (!options) return [];
  const out: string[] = [];
  for (const raw of [options.httpProxy, options.httpsProxy]) {
    if (!raw) continue;
    try {
      const p = resolveProxy({ httpsProxy: raw }, { host: '', port: 0, secure: true });
      if (p) out.push(...p.secrets);
    } catch {
      // Not a URL: nothing we can find in it; it is never printed either.
    }
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
