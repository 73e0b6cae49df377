// Client for the legacy /ws/Monitor web service (push-protocol §1.3): create, list,
// find, reset and delete TCP push monitors. One keep-alive undici dispatcher per client
// (through an HTTP proxy when one applies to the host), made on the first request;
// throttling (429) and brief outages (503) are retried with backoff; every failure
// becomes a typed PushMonitorError that never carries a credential.

import { setMaxListeners } from 'node:events';
import type * as UndiciTransport from './undiciAgent';
import { resolveProxy, type ProxyOptions, type ResolvedProxy } from '../proxy/proxyConfig';
import { describeError, describeValue, PushMonitorError } from '../errors';
import { isMonitorId, MAX_MONITOR_ID } from '../protocol/constants';
import { certificateVerification } from '../tlsPolicy';
import { redact, silentLogger, withRedaction, type Logger } from '../logger';
import {
  MalformedListError,
  monitorCreateXml,
  monitorResetXml,
  parseCreatedId,
  parseMonitorPage,
  validateTopics,
  type MonitorInfo,
  type MonitorPage,
  type MonitorSettings,
} from '../monitor';
import { authHeaders, isLoopbackHost, parseBaseUrl, secretStrings, type RestCredentials, type RestEndpoint } from './endpoint';
import { statusError, timeoutError, transportError, type CallContext } from './httpErrors';
import { abortableSleep, isRetryableStatus, parseRetryAfter, resolveRetry, retryDelayMs, type RetryOptions } from './retry';

export interface MonitorRestClientOptions {
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

export interface ListMonitorsOptions {
  /** Filter such as `monTopic='DeviceCore'` (§1.3.3); URL-encoded here. */
  condition?: string;
  start?: number;
  size?: number;
}

const MONITOR_PATH = '/ws/Monitor';
const DEFAULT_USER_AGENT = 'digi-push-monitor';
/** A list of many monitors is a few MB at most; anything far larger is not a Monitor list. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Guards listAllMonitors against a server that always reports rows remaining. */
const MAX_PAGES = 10_000;

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

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

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Abort reason of a request whose time ran out, told apart from a close(). */
class AttemptTimeout extends Error {}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

/** RFC 3986 percent-encoding; also encodes the quotes and parentheses a condition is full of,
 *  which encodeURIComponent leaves bare and some proxies mangle. */
const encodeQueryValue = (v: string) =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function checkId(id: number): void {
  if (!isMonitorId(id)) throw invalid(`monitor id must be an integer from 1 to ${MAX_MONITOR_ID}, got ${describeValue(id)}`);
}

/** A 400 whose text says the entity could not be read is how the server reports an unknown id (§1.3.3). */
function unknownIdAsNotFound(e: unknown, id: number): unknown {
  if (e instanceof PushMonitorError && e.code === 'BAD_REQUEST' && /error reading monitor entity/i.test(e.message)) {
    return new PushMonitorError('NOT_FOUND', `monitor ${id} does not exist (${e.message})`, { cause: e });
  }
  return e;
}

export class MonitorRestClient {
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

  constructor(options: MonitorRestClientOptions) {
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

  /** `host:port` this client talks to, for display. */
  get target(): string {
    return `${this.endpoint.host}:${this.endpoint.port}`;
  }

  /** console.log(client) / util.inspect: the endpoint only; never the auth headers (Basic token, API secret). */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { target: this.target, secure: this.endpoint.secure, credentials: this.credentialKind, proxy: this.proxy?.display };
  }

  /** Creates a TCP monitor and returns its id. */
  async createMonitor(settings: MonitorSettings): Promise<number> {
    const problem = validateTopics(settings.topics);
    if (problem) throw invalid(`invalid monitor topics: ${problem}`);
    const res = await this.send('POST', MONITOR_PATH, monitorCreateXml(settings));
    let id: number | undefined;
    try {
      id = parseCreatedId(header(res.headers, 'location'), res.body);
    } catch (e) {
      // An id no session could use (above 2³²−1): say so now, naming it, not at connect time.
      throw new PushMonitorError('MALFORMED_RESPONSE', `POST ${MONITOR_PATH}: ${this.target} answered HTTP ${res.status}: ${describeError(e)}`, { cause: e });
    }
    if (id === undefined) {
      throw new PushMonitorError('MALFORMED_RESPONSE', `POST ${MONITOR_PATH}: ${this.target} answered HTTP ${res.status} without a Monitor/<id> location`);
    }
    return id;
  }

  /** One page of monitors, optionally filtered by a condition. */
  async listMonitors(opts: ListMonitorsOptions = {}): Promise<MonitorPage> {
    const query: string[] = [];
    if (opts.condition !== undefined) query.push(`condition=${encodeQueryValue(opts.condition)}`);
    if (opts.start !== undefined) {
      if (!Number.isSafeInteger(opts.start) || opts.start < 0) throw invalid('start must be a non-negative integer');
      query.push(`start=${opts.start}`);
    }
    if (opts.size !== undefined) {
      if (!Number.isSafeInteger(opts.size) || opts.size < 1) throw invalid('size must be a positive integer');
      query.push(`size=${opts.size}`);
    }
    const path = `${MONITOR_PATH}/.json${query.length ? `?${query.join('&')}` : ''}`;
    return this.parsePage(path, await this.send('GET', path));
  }

  /** Every monitor matching `condition`, fetched page by page. */
  async listAllMonitors(condition?: string, pageSize = 1000): Promise<MonitorInfo[]> {
    const all: MonitorInfo[] = [];
    let start = 0;
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = await this.listMonitors({ condition, start, size: pageSize });
      all.push(...page.items);
      // Advance by what actually came back, in case the server caps the page size.
      if (page.items.length === 0 || page.remaining <= 0) break;
      start += page.items.length;
    }
    return all;
  }

  async getMonitor(id: number): Promise<MonitorInfo> {
    checkId(id);
    const path = `${MONITOR_PATH}/${id}.json`;
    let res: RawResponse;
    try {
      res = await this.send('GET', path);
    } catch (e) {
      throw unknownIdAsNotFound(e, id);
    }
    const item = this.parsePage(path, res).items[0];
    if (!item) throw new PushMonitorError('NOT_FOUND', `monitor ${id} does not exist on ${this.endpoint.host}`);
    return item;
  }

  /** Monitors whose monTopic is exactly these topics joined in this order (the server compares the whole string). */
  async findMonitorsByTopics(topics: string[]): Promise<MonitorInfo[]> {
    if (topics.length === 0) throw invalid('at least one topic is required');
    // The condition quotes its value with ' and has no escape for it.
    const quoted = topics.find((t) => t.includes("'"));
    if (quoted !== undefined) throw invalid(`topic "${quoted}" contains a single quote, which a condition cannot carry`);
    return this.listAllMonitors(`monTopic='${topics.join(',')}'`);
  }

  /** Resets ("kicks") a monitor: a PUT with only its id re-activates it (§1.3.4). */
  async resetMonitor(id: number): Promise<void> {
    checkId(id);
    try {
      await this.send('PUT', `${MONITOR_PATH}/${id}`, monitorResetXml(id));
    } catch (e) {
      throw unknownIdAsNotFound(e, id);
    }
  }

  async deleteMonitor(id: number): Promise<void> {
    checkId(id);
    try {
      await this.send('DELETE', `${MONITOR_PATH}/${id}`);
    } catch (e) {
      throw unknownIdAsNotFound(e, id);
    }
  }

  /** Cheapest authenticated call: proves the host answers and accepts the credentials. */
  async testConnection(): Promise<void> {
    await this.listMonitors({ size: 1 });
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

  private parsePage(path: string, res: RawResponse): MonitorPage {
    try {
      return parseMonitorPage(res.body);
    } catch (e) {
      if (!(e instanceof MalformedListError)) throw e;
      throw new PushMonitorError('MALFORMED_RESPONSE', `GET ${path} from ${this.target}: ${e.message}`, { cause: e });
    }
  }

  private context(method: string, path: string): CallContext {
    return {
      method,
      path,
      host: this.endpoint.host,
      port: this.endpoint.port,
      timeoutMs: this.timeoutMs,
      credentialKind: this.credentialKind,
      redact: (text) => redact(text, this.secrets),
      proxy: this.proxy && { display: this.proxy.display, hasCredentials: this.proxy.authorization !== undefined },
    };
  }

  /** One call with retries; resolves with a 2xx response or throws a mapped error. */
  private async send(method: string, path: string, body?: string): Promise<RawResponse> {
    const ctx = this.context(method, path);
    for (let retry = 0; ; retry++) {
      if (this.closing.signal.aborted) throw this.closing.signal.reason;
      const res = await this.attempt(ctx, body);
      if (res.status >= 200 && res.status < 300) return res;
      if (retry < this.retry.maxRetries && isRetryableStatus(res.status, method)) {
        const delay = retryDelayMs(retry, this.retry, parseRetryAfter(header(res.headers, 'retry-after')));
        this.log.info(`${method} ${path}: HTTP ${res.status} from ${this.target}, retry ${retry + 1}/${this.retry.maxRetries} in ${delay} ms`);
        await abortableSleep(delay, this.closing.signal);
        continue;
      }
      throw statusError(ctx, res.status, res.body, header(res.headers, 'location'), retry + 1);
    }
  }

  /** One HTTP exchange under its own deadline; close() aborts it too. */
  private async attempt(ctx: CallContext, body: string | undefined): Promise<RawResponse> {
    const { method, path } = ctx;
    const abort = new AbortController();
    const onClose = () => abort.abort(this.closing.signal.reason);
    this.closing.signal.addEventListener('abort', onClose, { once: true });
    const timer = setTimeout(() => abort.abort(new AttemptTimeout()), this.timeoutMs);
    const headers = body === undefined ? this.headers : { ...this.headers, 'content-type': 'text/xml; charset=utf-8' };
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      if (this.closing.signal.aborted) throw this.closing.signal.reason;
      const transport = this.transport();
      const res = await loadTransport().request(transport, {
        origin: this.endpoint.origin,
        path: this.endpoint.basePath + path,
        method: method as 'GET' | 'POST' | 'PUT' | 'DELETE',
        headers,
        body,
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
