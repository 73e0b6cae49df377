// PushClient: the library's front door, mirroring the seed's push_client API in
// TypeScript idiom — createMonitor / createSession / stopAll / deleteMonitor, plus
// list, get, reset and find. One client = one account on one host; it owns the REST
// client and every session it started.

import { PushMonitorError } from './errors';
import { silentLogger, withRedaction, type Logger } from './logger';
import { splitTopics, type MonitorInfo, type MonitorPage, type MonitorSettings } from './monitor';
import { DEFAULT_PUSH_PORT, DEFAULT_PUSH_TLS_PORT } from './protocol/constants';
import { connectViaProxy } from './proxy/connectTunnel';
import { proxySecrets, resolveProxy, type ProxyOptions, type ResolvedProxy } from './proxy/proxyConfig';
import { DataPointClient, DataStreamClient, DeviceCoreClient, MonitorRestClient, type RestCredentials, type RetryOptions } from './rest';
import { PushSession, type BatchCallback, type PushSessionOptions } from './session';

export type Credentials = RestCredentials;

export const DEFAULT_HOST = 'remotemanager.digi.com';

/** Session settings a client applies to every session it creates (each may override). */
export type SessionDefaults = Partial<
  Pick<
    PushSessionOptions,
    'connectTimeoutMs' | 'reconnect' | 'ackMode' | 'maxFrameLength' | 'maxInflatedLength' | 'includeRaw' | 'includeDataJson' | 'highWaterMark' | 'connect' | 'clock'
  >
>;

export interface PushClientOptions {
  /** Remote Manager host, optionally `host:port` for the REST port. Default remotemanager.digi.com. */
  host?: string;
  /** true (default): https for REST and TLS push on 3201. false: plain http and TCP 3200 (the seed's --insecure). */
  secure?: boolean;
  /** Overrides the REST base URL derived from host and secure (e.g. the simulator's http URL). */
  restUrl?: string;
  /** Push host when it differs from the REST host. */
  pushHost?: string;
  /** Default 3201 when secure, 3200 when not. */
  pushPort?: number;
  /** PEM of a private CA (e.g. the simulator's), trusted for REST https and TLS push. */
  ca?: string | Buffer;
  /** Certificate verification stays on unless this is explicitly false (a warning is logged). */
  rejectUnauthorized?: boolean;
  /**
   * HTTP(S) proxy for REST and the push socket (HTTPS_PROXY / HTTP_PROXY / NO_PROXY values,
   * or VS Code's http.proxy): each goes through the proxy that applies to its host, the push
   * socket with HTTP CONNECT, TLS verified end to end inside the tunnel.
   */
  proxy?: ProxyOptions;
  logger?: Logger;
  restTimeoutMs?: number;
  retry?: RetryOptions;
  session?: SessionDefaults;
}

export type CreateMonitorOptions = Omit<MonitorSettings, 'topics'>;

/** Splits `host[:port]`, accepting `[v6]:port` and bare v6 literals. */
export function splitHostPort(value: string): { host: string; port?: number } {
  const v = value.trim();
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracket) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : undefined };
  const parts = v.split(':');
  if (parts.length === 2 && /^\d+$/.test(parts[1])) return { host: parts[0], port: Number(parts[1]) };
  return { host: v };
}

export class PushClient {
  readonly rest: MonitorRestClient;
  /** /ws/DeviceCore, /ws/DataStream and /ws/DataPoint on the same connection as `rest` (one dispatcher, retry policy, redaction). */
  readonly devices: DeviceCoreClient;
  readonly streams: DataStreamClient;
  readonly dataPoints: DataPointClient;
  readonly pushHost: string;
  readonly pushPort: number;
  readonly secure: boolean;
  private readonly credentials: Credentials;
  private readonly options: PushClientOptions;
  private readonly log: Logger;
  private readonly live = new Set<PushSession>();
  /** The proxy the push socket goes through, if one applies to the push host. */
  private readonly pushProxy: ResolvedProxy | undefined;

  constructor(credentials: Credentials, options: PushClientOptions = {}) {
    this.credentials = credentials;
    this.options = options;
    this.secure = options.secure !== false;
    const { host, port } = splitHostPort(options.host ?? DEFAULT_HOST);
    if (!host) throw new PushMonitorError('INVALID_ARGUMENT', 'host must not be empty');
    const secrets = 'password' in credentials ? [credentials.password] : [credentials.apiKeySecret];
    this.log = withRedaction(options.logger ?? silentLogger, [...secrets, ...proxySecrets(options.proxy)]);
    const hostForUrl = host.includes(':') ? `[${host}]` : host;
    const restUrl = options.restUrl ?? `${this.secure ? 'https' : 'http'}://${hostForUrl}${port ? `:${port}` : ''}`;
    this.rest = new MonitorRestClient({
      baseUrl: restUrl,
      credentials,
      ca: options.ca,
      rejectUnauthorized: options.rejectUnauthorized,
      proxy: options.proxy,
      timeoutMs: options.restTimeoutMs,
      retry: options.retry,
      logger: this.log,
    });
    this.devices = new DeviceCoreClient(this.rest.connection);
    this.streams = new DataStreamClient(this.rest.connection);
    this.dataPoints = new DataPointClient(this.rest.connection);
    this.pushHost = options.pushHost ?? host;
    this.pushPort = options.pushPort ?? (this.secure ? DEFAULT_PUSH_TLS_PORT : DEFAULT_PUSH_PORT);
    this.pushProxy = resolveProxy(options.proxy, { host: this.pushHost, port: this.pushPort, secure: this.secure });
    if (this.pushProxy) this.log.debug(`push ${this.pushHost}:${this.pushPort} through proxy ${this.pushProxy.display} (CONNECT)`);
  }

  /** console.log(client) / util.inspect: endpoints and session count; never the credentials or auth headers. */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { rest: this.rest.target, pushHost: this.pushHost, pushPort: this.pushPort, secure: this.secure, sessions: this.live.size, pushProxy: this.pushProxy?.display };
  }

  /**
   * Creates a TCP monitor and returns its id. Defaults follow the seed library:
   * batch size 1, batch duration 0, zlib compression, JSON.
   */
  createMonitor(topics: string[] | string, options: CreateMonitorOptions = {}): Promise<number> {
    const list = typeof topics === 'string' ? splitTopics(topics) : topics;
    return this.rest.createMonitor({
      batchSize: 1,
      batchDuration: 0,
      compression: 'zlib',
      format: 'json',
      ...options,
      topics: list,
    });
  }

  /**
   * Opens a push session for a monitor and returns at once. Batches go to `callback`
   * (ack after it returns; in ackMode 'callback' only when it returns true); without a
   * callback, iterate the session: `for await (const item of session)`.
   */
  createSession(callback: BatchCallback | undefined, monitorId: number, overrides: SessionDefaults = {}): PushSession {
    // The ConnectRequest has only user/password fields; with an API key we send the key id
    // and secret there (push-protocol §6.9: undocumented; the simulator accepts it).
    const [username, password] =
      'password' in this.credentials
        ? [this.credentials.username, this.credentials.password]
        : [this.credentials.apiKeyId, this.credentials.apiKeySecret];
    const session = new PushSession(
      {
        host: this.pushHost,
        port: this.pushPort,
        secure: this.secure,
        ca: this.options.ca,
        rejectUnauthorized: this.options.rejectUnauthorized,
        username,
        password,
        monitorId,
        logger: this.log,
        // Through the proxy when one applies to the push host; a connect of the caller's own wins.
        ...(this.pushProxy ? { connect: connectViaProxy(this.pushProxy) } : {}),
        ...this.options.session,
        ...overrides,
      },
      callback,
    );
    this.live.add(session);
    session.on('state', (s) => {
      if (s.kind === 'stopped' || s.kind === 'failed') this.live.delete(session);
    });
    return session.start();
  }

  /** Sessions started by this client that are not stopped or failed. */
  sessions(): PushSession[] {
    return [...this.live];
  }

  /** Stops every session (the seed's stop_all). */
  async stopAll(): Promise<void> {
    const all = [...this.live];
    this.live.clear();
    await Promise.all(all.map((s) => s.stop()));
  }

  deleteMonitor(id: number): Promise<void> {
    return this.rest.deleteMonitor(id);
  }

  listMonitors(condition?: string): Promise<MonitorInfo[]> {
    return this.rest.listAllMonitors(condition);
  }

  listMonitorPage(options: { condition?: string; start?: number; size?: number } = {}): Promise<MonitorPage> {
    return this.rest.listMonitors(options);
  }

  getMonitor(id: number): Promise<MonitorInfo> {
    return this.rest.getMonitor(id);
  }

  resetMonitor(id: number): Promise<void> {
    return this.rest.resetMonitor(id);
  }

  /** Monitors whose topic list is exactly `topics` (same order), as the seed looks them up. */
  findMonitors(topics: string[]): Promise<MonitorInfo[]> {
    return this.rest.findMonitorsByTopics(topics);
  }

  /** Checks host and credentials with one cheap authenticated call. */
  testConnection(): Promise<void> {
    return this.rest.testConnection();
  }

  /** Stops all sessions and releases the HTTP connection pool. */
  async close(): Promise<void> {
    await this.stopAll();
    await this.rest.close();
  }
}
