// The push socket through an HTTP proxy: `CONNECT host:port` to the proxy (over TLS when
// the proxy URL is https://), then, when the push connection is TLS, TLS to the push host
// inside the tunnel, verifying the push host's certificate and name as a direct connection
// would. The proxy sees only the host and port, never the ConnectRequest or the events.
//
// Node's own http client sends the CONNECT and reads the answer (no hand-made HTTP parser).
// Every failure is a PushMonitorError naming the proxy without its credentials:
// a refusal (407 wants credentials, 403 forbids the host or port) is UNREACHABLE with the
// status and what to do; an unreachable proxy is UNREACHABLE; no answer in time is TIMEOUT;
// a certificate problem of the proxy itself is TLS.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { PushMonitorError } from '../errors';
import { redact } from '../logger';
import { describeTlsFailure, errorCode } from '../tlsPolicy';
import type { ResolvedProxy } from './proxyConfig';
import type { PushConnectOptions } from '../connect';

export interface TunnelOptions {
  proxy: ResolvedProxy;
  /** Where the tunnel leads: the push host and port. */
  host: string;
  port: number;
  /** For the CONNECT exchange (and the proxy's own TLS). Default 30000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ProxiedConnectOptions extends TunnelOptions {
  /** TLS to `host` inside the tunnel. */
  secure: boolean;
  ca?: string | Buffer | (string | Buffer)[];
  /** Passed explicitly, always (see tlsPolicy.certificateVerification). */
  rejectUnauthorized: boolean;
  /** SNI and the name verified; defaults to `host` when it is a name. */
  servername?: string;
}

/** A proxy answered CONNECT with something other than 200. */
export class ProxyRefusedError extends PushMonitorError {
  readonly status: number;
  /** The proxy, without credentials. */
  readonly proxy: string;
  constructor(proxy: string, target: string, status: number, statusText: string | undefined, hasCredentials: boolean) {
    super('UNREACHABLE', `proxy ${proxy} refused the tunnel to ${target}: HTTP ${status}${statusText ? ` ${statusText}` : ''}; ${refusalHint(status, target, hasCredentials)}`);
    this.status = status;
    this.proxy = proxy;
  }
}

/** What to do about a CONNECT refusal, by status. */
export function refusalHint(status: number, target: string, hasCredentials: boolean): string {
  if (status === 407) {
    return hasCredentials
      ? 'the proxy did not accept the user name and password in the proxy URL'
      : 'the proxy requires a user name and password: give them in the proxy URL (http://user:password@host:port)';
  }
  if (status === 403 || status === 405) return `the proxy does not allow connections to ${target} (ask for CONNECT to this port to be allowed, or list the host in no-proxy)`;
  if (status === 502 || status === 503 || status === 504) return `the proxy could not reach ${target}`;
  return 'check the proxy settings';
}

const hostPort = (host: string, port: number) => `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;

/** Opens `CONNECT host:port` through the proxy; resolves with the tunnel socket once the proxy answered 200. */
export function openTunnel(o: TunnelOptions): Promise<net.Socket> {
  const { proxy } = o;
  const target = hostPort(o.host, o.port);
  const timeoutMs = o.timeoutMs ?? 30_000;
  const clean = (text: string) => redact(text, proxy.secrets);
  return new Promise<net.Socket>((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(o.signal.reason ?? new PushMonitorError('CLOSED', `tunnel to ${target} was cancelled`));
      return;
    }
    let settled = false;
    const headers: Record<string, string> = { host: target };
    if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
    const common = { host: proxy.host, port: proxy.port, method: 'CONNECT', path: target, headers, agent: false, timeout: timeoutMs } as const;
    const req = proxy.tls
      ? https.request({
          ...common,
          // The proxy's own certificate: http.proxyStrictSSL relaxes this one only.
          rejectUnauthorized: proxy.strictSSL,
          ca: proxy.ca,
          servername: net.isIP(proxy.host) ? undefined : proxy.host,
        })
      : http.request(common);
    const finish = (err: Error | undefined, socket?: net.Socket) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        socket?.destroy();
        reject(err);
      } else resolve(socket!);
    };
    const onAbort = () => finish(o.signal?.reason instanceof Error ? o.signal.reason : new PushMonitorError('CLOSED', `tunnel to ${target} was cancelled`));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('connect', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        finish(new ProxyRefusedError(proxy.display, target, res.statusCode ?? 0, res.statusMessage ? clean(res.statusMessage).slice(0, 100) : undefined, Boolean(proxy.authorization)));
        return;
      }
      socket.setTimeout(0);
      // Bytes the server sent right after the proxy's answer belong to the stream.
      if (head.length > 0) socket.unshift(head);
      finish(undefined, socket);
    });
    req.once('timeout', () => finish(new PushMonitorError('TIMEOUT', `proxy ${proxy.display} did not answer CONNECT ${target} within ${timeoutMs} ms`)));
    req.once('response', (res: http.IncomingMessage) => {
      // Not reached for CONNECT in Node (every answer is 'connect'); kept for safety.
      res.resume();
      finish(new ProxyRefusedError(proxy.display, target, res.statusCode ?? 0, res.statusMessage, Boolean(proxy.authorization)));
    });
    req.once('error', (err: NodeJS.ErrnoException) => finish(proxyTransportError(proxy, target, err)));
    req.end();
  });
}

/** The error for a failed exchange with the proxy itself (not the host behind it). */
export function proxyTransportError(proxy: ResolvedProxy, target: string, err: unknown): PushMonitorError {
  if (err instanceof PushMonitorError) return err;
  const code = errorCode(err);
  const tlsFailure = describeTlsFailure(err);
  if (tlsFailure !== undefined) {
    return new PushMonitorError(
      'TLS',
      `TLS connection to proxy ${proxy.display} failed: ${redact(tlsFailure, proxy.secrets)} (its own certificate; pass its CA, or turn proxy strict SSL off to skip checking the proxy only)`,
      { cause: err },
    );
  }
  const what = code || redact(err instanceof Error ? err.message : String(err), proxy.secrets);
  return new PushMonitorError('UNREACHABLE', `cannot reach proxy ${proxy.display} to tunnel to ${target} (${what})`, { cause: err });
}

/**
 * A connected socket to `host:port` through the proxy: the tunnel itself for plain TCP, or
 * a TLS socket over it, resolved after the handshake verified the host's certificate and name.
 * Certificate failures reject with the TLS socket's own error (the session classifies it).
 */
export async function connectThroughProxy(o: ProxiedConnectOptions): Promise<net.Socket> {
  const tunnel = await openTunnel(o);
  tunnel.setNoDelay(true);
  // The push protocol has no heartbeat; TCP keep-alive finds a half-open tunnel.
  tunnel.setKeepAlive(true, 30_000);
  if (!o.secure) return tunnel;
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = tls.connect({
      socket: tunnel,
      // The name checked against the certificate: the push host, never the proxy.
      host: o.host,
      servername: o.servername ?? (net.isIP(o.host) ? undefined : o.host),
      ca: o.ca,
      rejectUnauthorized: o.rejectUnauthorized,
    });
    const onError = (err: Error) => {
      o.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      tunnel.destroy();
      reject(err);
    };
    const onAbort = () => onError(o.signal?.reason instanceof Error ? o.signal.reason : new PushMonitorError('CLOSED', `connection to ${hostPort(o.host, o.port)} was cancelled`));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      o.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** What a push session hands its connect function (PushSession's `connect` option). */
export type PushTunnelRequest = PushConnectOptions;

/**
 * A push session's connect function that goes through `proxy`: each attempt opens its own
 * tunnel. The session's connect timeout and stop() end a tunnel in progress (its signal).
 */
export function connectViaProxy(proxy: ResolvedProxy): (request: PushTunnelRequest) => Promise<net.Socket> {
  return (r) =>
    connectThroughProxy({
      proxy,
      host: r.host,
      port: r.port,
      secure: r.secure,
      ca: r.ca,
      rejectUnauthorized: r.rejectUnauthorized,
      servername: r.servername,
      signal: r.signal,
    });
}
