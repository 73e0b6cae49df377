// The HTTP side every REST client of one account shares: the endpoint, one keep-alive undici
// dispatcher (through an HTTP proxy when one applies to the host), made on the first request;
// the auth headers; one retry policy (throttling 429 and brief outages 503 are retried with
// backoff); one per-attempt timeout; one redaction list. Every failure becomes a typed
// PushMonitorError that never carries a credential.

import { setMaxListeners } from 'node:events';
import type * as UndiciTransport from './undiciAgent';
import { resolveProxy, type ProxyOptions, type ResolvedProxy } from '../proxy/proxyConfig';
import { PushMonitorError } from '../errors';
import { certificateVerification } from '../tlsPolicy';
import { redact, silentLogger, withRedaction, type Logger } from '../logger';
import { authHeaders, isLoopbackHost, parseBaseUrl, secretStrings, type RestCredentials, type RestEndpoint } from './endpoint';
import { statusError, timeoutError, transportError, type CallContext } from './httpErrors';
import { abortableSleep, isRetryableStatus, parseRetryAfter, resolveRetry, retryDelayMs, type RetryOptions } from './retry';

export interface RestConnectionOptions {
  /** e.g. https://remotemanager.digi.com or http://127.0.0.1:41234 (no user:pass@). */
  baseUrl: string;
  credentials: RestCredentials;
  /** PEM of a private CA, for https. */
  ca?: string | Buffer;
  /** Default true; false disables certificate checks and logs a warning. */
  rejectUnauthorized?: boolean;
  /**
   * HTTP(S) proxy settings (HTTPS_PROXY / HTTP_PROXY / NO_PROXY as plain values); the client
   * tunnels through the proxy that applies to its host. The host's certificate is verified
   * inside the tunnel as it would be directly.
   */
  proxy?: ProxyOptions;
  /** Per attempt, from sending the request to the end of the body. Default 30000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  userAgent?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SendOptions {
  /** Request body (a write); sent with `contentType`. */
  body?: string;
  /** Default `text/xml; charset=utf-8`, the type every /ws write takes. */
  contentType?: string;
  /** e.g. `application/json` to ask for JSON without a `.json` suffix on the path. */
  accept?: string;
}

export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

export interface RestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const DEFAULT_USER_AGENT = 'digi-push-monitor';
const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';
/** A list of many monitors, devices or points is a few MB at most; anything far larger is not an answer. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

type TransportModule = typeof UndiciTransport;
let transportModule: TransportModule | undefined;

/**
 * undici, loaded on the first request rather than with this module: it is most of the
 * extension's weight and activation never needs it (scripts/build.mjs makes it
 * dist/rest-lib.js for the extension).
 */
function loadTransport(): TransportModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  transportModule ??= require('./undiciAgent') as TransportModule;
  return transportModule;
}

/** Abort reason of a request whose time ran out, told apart from a close(). */
class AttemptTimeout extends Error {}

/** First value of a response header. */
export const responseHeader = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

export class RestConnection {
  private readonly endpoint: RestEndpoint;
  private readonly transportOptions: UndiciTransport.TransportOptions;
  /** Made on the first request (loads undici). */
  private agent: UndiciTransport.Transport | undefined;
  private readonly proxy: ResolvedProxy | undefined;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly credentialKind: 'password' | 'apiKey';
  private readonly log: Logger;
  private readonly retry: Required<RetryOptions>;
  private readonly timeoutMs: number;
  /** Aborted by close(): ends backoff waits and requests in flight. */
  private readonly closing = new AbortController();

  constructor(options: RestConnectionOptions) {
    this.endpoint = parseBaseUrl(options.baseUrl);
    const { host, port, secure } = this.endpoint;
    // Checked here, so a bad proxy URL fails at construction (never quoting its password).
    this.proxy = resolveProxy(options.proxy, { host, port, secure });
    this.secrets = [...secretStrings(options.credentials), ...(this.proxy?.secrets ?? [])];
    this.credentialKind = 'apiKeyId' in options.credentials ? 'apiKey' : 'password';
    this.log = withRedaction(options.logger ?? silentLogger, this.secrets);
    this.headers = {
      ...authHeaders(options.credentials),
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    };
    // Every request in flight listens to `closing`; many parallel calls are normal, not a leak.
    setMaxListeners(0, this.closing.signal);
    this.retry = resolveRetry(options.retry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) throw invalid('timeoutMs must be a positive number');

    // Always explicit: left out, Node would take it from NODE_TLS_REJECT_UNAUTHORIZED.
    const tls: { ca?: string | Buffer; rejectUnauthorized: boolean } = {
      rejectUnauthorized: certificateVerification({ secure, rejectUnauthorized: options.rejectUnauthorized, target: host, log: this.log }),
    };
    if (secure && options.ca !== undefined) tls.ca = options.ca;
    if (!secure && !isLoopbackHost(host)) {
      this.log.warn(`plain http to ${host}: credentials and data travel unencrypted`);
    }
    if (this.proxy) {
      this.log.debug(`REST to ${this.target} through proxy ${this.proxy.display}`);
      if (!this.proxy.strictSSL && this.proxy.tls) {
        this.log.warn(`the certificate of proxy ${this.proxy.display} is not verified (proxy strict SSL off); ${host}'s own certificate still is`);
      }
    }
    this.transportOptions = {
      tls,
      // Our own per-attempt timer is the real limit; these only stop undici from
      // waiting longer than it on its own (its defaults are minutes).
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
      proxy: this.proxy && { uri: this.proxy.uri, tls: { ca: this.proxy.ca, rejectUnauthorized: this.proxy.strictSSL } },
    };
  }

  private transport(): UndiciTransport.Transport {
    this.agent ??= loadTransport().createTransport(this.transportOptions);
    return this.agent;
  }

  /** `host:port` this connection talks to, for display. */
  get target(): string {
    return `${this.endpoint.host}:${this.endpoint.port}`;
  }

  /** The host name of the base URL, for messages. */
  get host(): string {
    return this.endpoint.host;
  }

  /** True once close() was called: every later send rejects with CLOSED. */
  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** What may be shown of this connection: the endpoint only; never the auth headers (Basic token, API secret). */
  describe(): { target: string; secure: boolean; credentials: 'password' | 'apiKey'; proxy: string | undefined } {
    return { target: this.target, secure: this.endpoint.secure, credentials: this.credentialKind, proxy: this.proxy?.display };
  }

  /** console.log(connection) / util.inspect: describe(). */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.describe();
  }

  /** `text` with every secret of this connection (password, token, API secret, proxy password) replaced. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** One call with retries; resolves with a 2xx response or throws a mapped error. `path` is below the base URL, query included. */
  async send(method: HttpMethod, path: string, options: SendOptions = {}): Promise<RestResponse> {
    const ctx = this.context(method, path);
    for (let retry = 0; ; retry++) {
      if (this.closing.signal.aborted) throw this.closing.signal.reason;
      const res = await this.attempt(ctx, options);
      if (res.status >= 200 && res.status < 300) return res;
      if (retry < this.retry.maxRetries && isRetryableStatus(res.status, method)) {
        const delay = retryDelayMs(retry, this.retry, parseRetryAfter(responseHeader(res.headers, 'retry-after')));
        this.log.info(`${method} ${path}: HTTP ${res.status} from ${this.target}, retry ${retry + 1}/${this.retry.maxRetries} in ${delay} ms`);
        await abortableSleep(delay, this.closing.signal);
        continue;
      }
      throw statusError(ctx, res.status, res.body, responseHeader(res.headers, 'location'), retry + 1);
    }
  }

  /** Ends pending backoff waits and requests (they reject with CLOSED) and closes the connections. */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) {
      this.closing.abort(new PushMonitorError('CLOSED', `REST client for ${this.target} was closed`));
    }
    // No dispatcher is made after this (attempt checks `closing` first).
    const agent = this.agent;
    this.agent = undefined;
    await agent?.close();
  }

  private context(method: string, path: string): CallContext {
    return {
      method,
      path,
      host: this.endpoint.host,
      port: this.endpoint.port,
      timeoutMs: this.timeoutMs,
      credentialKind: this.credentialKind,
      redact: (text) => this.redact(text),
      proxy: this.proxy && { display: this.proxy.display, hasCredentials: this.proxy.authorization !== undefined },
    };
  }

  private requestHeaders(options: SendOptions): Record<string, string> {
    const extra: Record<string, string> = {};
    if (options.body !== undefined) extra['content-type'] = options.contentType ?? XML_CONTENT_TYPE;
    if (options.accept !== undefined) extra.accept = options.accept;
    for (const [name, value] of Object.entries(extra)) {
      // A value that could split the header would make undici throw an error quoting it.
      if (/[\r\n\0]/.test(value)) throw invalid(`${name} header contains a line break or NUL`);
    }
    return { ...this.headers, ...extra };
  }

  /** One HTTP exchange under its own deadline; close() aborts it too. */
  private async attempt(ctx: CallContext, options: SendOptions): Promise<RestResponse> {
    const { method, path } = ctx;
    const headers = this.requestHeaders(options);
    const abort = new AbortController();
    const onClose = () => abort.abort(this.closing.signal.reason);
    this.closing.signal.addEventListener('abort', onClose, { once: true });
    const timer = setTimeout(() => abort.abort(new AttemptTimeout()), this.timeoutMs);
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      if (this.closing.signal.aborted) throw this.closing.signal.reason;
      const transport = this.transport();
      const res = await loadTransport().request(transport, {
        origin: this.endpoint.origin,
        path: this.endpoint.basePath + path,
        method: method as HttpMethod,
        headers,
        body: options.body,
        signal: abort.signal,
      });
      // Always read the body: it frees the keep-alive connection and carries error text.
      const text = await res.body.text();
      this.log.debug(`${method} ${path} ${res.statusCode} ${ms()} ms`);
      return { status: res.statusCode, headers: res.headers, body: text };
    } catch (e) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : undefined;
      const err = reason instanceof AttemptTimeout ? timeoutError(ctx) : reason instanceof PushMonitorError ? reason : transportError(ctx, e);
      this.log.debug(`${method} ${path} failed (${err.code}) after ${ms()} ms: ${err.message}`);
      throw err;
    } finally {
      clearTimeout(timer);
      this.closing.signal.removeEventListener('abort', onClose);
    }
  }
}
