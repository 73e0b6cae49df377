// Where the REST client talks to and how it proves who it is (push-protocol §1.1, §1.2).
// Secrets travel in headers only: a base URL with user:pass@ is refused, so a
// password can never end up in a log line that prints the URL.

import { PushMonitorError } from '../errors';

export type RestCredentials = { username: string; password: string } | { apiKeyId: string; apiKeySecret: string };

export interface RestEndpoint {
  /** `scheme://host[:port]`, what undici dispatches to. */
  origin: string;
  /** Path prefix of the base URL without a trailing slash ('' for most hosts). */
  basePath: string;
  host: string;
  port: number;
  secure: boolean;
}

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

/** Parses and checks a base URL such as `https://remotemanager.digi.com` or `http://127.0.0.1:41234`. */
export function parseBaseUrl(baseUrl: string): RestEndpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Node's URL error carries the input, which could hold a secret: do not chain it.
    throw invalid('base URL is not a valid URL (expected e.g. https://remotemanager.digi.com)');
  }
  if (url.username || url.password) {
    throw invalid('base URL must not contain user:password@ — pass the account through the credentials option');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`base URL scheme must be https: or http:, not ${url.protocol}`);
  }
  if (url.search || url.hash) throw invalid('base URL must not contain a query or fragment');
  const secure = url.protocol === 'https:';
  return {
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    secure,
  };
}

/** True for host names that never leave the machine, where plain http leaks nothing. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// Control characters would let a value split the header; check here so that
// undici's own error (which might quote the value) never fires.
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** The headers that authenticate every request: Basic auth or the API-key pair. */
export function authHeaders(credentials: RestCredentials): Record<string, string> {
  if ('apiKeyId' in credentials) {
    const { apiKeyId, apiKeySecret } = credentials;
    if (!apiKeyId || !apiKeySecret) throw invalid('API key id and secret must both be given');
    if (hasControl(apiKeyId) || hasControl(apiKeySecret)) throw invalid('API key id or secret contains control characters');
    return { 'x-api-key-id': apiKeyId, 'x-api-key-secret': apiKeySecret };
  }
  const { username, password } = credentials;
  if (!username) throw invalid('username must not be empty');
  // Basic auth splits at the first colon, so a colon in the user name cannot be sent.
  if (username.includes(':')) throw invalid('username must not contain a colon (HTTP Basic auth cannot carry it)');
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

/** Every string that must never be printed: the secret itself and the header values derived from it. */
export function secretStrings(credentials: RestCredentials): string[] {
  if ('apiKeyId' in credentials) return [credentials.apiKeySecret];
  const token = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
  return [credentials.password, token];
}
