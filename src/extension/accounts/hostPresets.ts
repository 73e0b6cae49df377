// Where an account can point: the Remote Manager hosts of push-protocol §1.1 (REST and
// TCP push share one host name; push is TLS on 3201), a custom URL, or the simulator.
// Also parses what a user types for a custom URL or push endpoint.

import { splitHostPort, isLoopbackHost, DEFAULT_PUSH_PORT, DEFAULT_PUSH_TLS_PORT } from '../../core';
import type { Translate } from '../l10n';

export type PresetGroup = 'current' | 'legacy' | 'test';

export interface HostPreset {
  host: string;
  /** Short English description; translated by the caller. */
  description: string;
  group: PresetGroup;
}

export const HOST_PRESETS: readonly HostPreset[] = [
  { host: 'remotemanager.digi.com', description: 'Digi Remote Manager', group: 'current' },
  { host: 'devicecloud.digi.com', description: 'Digi Device Cloud', group: 'legacy' },
  { host: 'login.etherios.com', description: 'Etherios Device Cloud (US)', group: 'legacy' },
  { host: 'login.etherios.co.uk', description: 'Etherios Device Cloud (Europe)', group: 'legacy' },
  { host: 'my.idigi.com', description: 'iDigi production', group: 'legacy' },
  { host: 'my.idigi.co.uk', description: 'iDigi Europe', group: 'legacy' },
  { host: 'developer.idigi.com', description: 'iDigi developer cloud', group: 'legacy' },
  { host: 'test.etherios.com', description: 'Etherios test cluster', group: 'test' },
  { host: 'test.idigi.com', description: 'iDigi test cluster', group: 'test' },
  { host: 'devtest.idigi.com', description: 'iDigi test cluster', group: 'test' },
];

export interface Endpoint {
  host: string;
  restUrl: string;
  pushHost: string;
  pushPort: number;
  secure: boolean;
}

export function presetEndpoint(host: string): Endpoint {
  return { host, restUrl: `https://${host}`, pushHost: host, pushPort: DEFAULT_PUSH_TLS_PORT, secure: true };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A custom REST URL: `https://host[:port][/path]`, or a bare `host[:port]` (https assumed).
 * Refuses user:password@ (credentials belong in SecretStorage), queries and other schemes.
 */
export function parseCustomUrl(input: string, t: Translate): Parsed<Endpoint> {
  const text = input.trim();
  if (!text) return { ok: false, message: t('Enter the Remote Manager URL, e.g. https://remotemanager.digi.com') };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: t('Not a valid URL (expected e.g. https://remotemanager.digi.com)') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: t('Use an https:// or http:// URL') };
  if (url.username || url.password) return { ok: false, message: t('Leave user and password out of the URL; they are asked next and kept in secret storage') };
  if (url.search || url.hash) return { ok: false, message: t('The URL must not contain a query or fragment') };
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const restUrl = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return {
    ok: true,
    value: { host, restUrl, pushHost: host, pushPort: secure ? DEFAULT_PUSH_TLS_PORT : DEFAULT_PUSH_PORT, secure },
  };
}

/** A push endpoint `host:port` (or a bare host, keeping `defaultPort`). */
export function parsePushEndpoint(input: string, defaultPort: number, t: Translate): Parsed<{ host: string; port: number }> {
  const { host, port } = splitHostPort(input);
  if (!host) return { ok: false, message: t('Enter the push host, e.g. remotemanager.digi.com:3201') };
  const p = port ?? defaultPort;
  if (!Number.isInteger(p) || p < 1 || p > 65535) return { ok: false, message: t('The port must be between 1 and 65535') };
  return { ok: true, value: { host, port: p } };
}

/**
 * What of `e` would carry credentials and events in the clear to another machine: the
 * REST URL (plain http) and the push endpoint (plain TCP; the ConnectRequest holds the
 * password), each unless its host is this machine. `secure` is the one TLS setting of both.
 */
export function unencryptedRemoteTargets(e: Endpoint): string[] {
  if (e.secure) return [];
  const out: string[] = [];
  if (!isLoopbackHost(e.host)) out.push(e.restUrl);
  if (!isLoopbackHost(e.pushHost)) out.push(`${e.pushHost.includes(':') ? `[${e.pushHost}]` : e.pushHost}:${e.pushPort}`);
  return out;
}

/** Plain http / TCP to anything but this machine sends the credentials in the clear. */
export const isUnencryptedRemote = (e: Endpoint) => unencryptedRemoteTargets(e).length > 0;
