// Client for the legacy /ws/Monitor web service (push-protocol §1.3): create, list,
// find, reset and delete TCP push monitors. The HTTP side (one lazily made undici
// dispatcher, retries, timeouts, typed errors without credentials) is the RestConnection
// it shares with the device, stream and data point clients of the same account.

import { describeError, describeValue, PushMonitorError } from '../errors';
import { isMonitorId, MAX_MONITOR_ID } from '../protocol/constants';
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
import { RestConnection, responseHeader, type RestConnectionOptions, type RestResponse } from './restConnection';
import { encodeQueryValue } from './urlEncoding';

/** The connection's options: base URL, credentials, TLS, proxy, timeout, retry, logger, user agent. */
export type MonitorRestClientOptions = RestConnectionOptions;

export interface ListMonitorsOptions {
  /** Filter such as `monTopic='DeviceCore'` (§1.3.3); URL-encoded here. */
  condition?: string;
  start?: number;
  size?: number;
}

const MONITOR_PATH = '/ws/Monitor';
/** Guards listAllMonitors against a server that always reports rows remaining. */
const MAX_PAGES = 10_000;

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

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
  /** The HTTP connection; the device, stream and data point clients of the same account share it. */
  readonly connection: RestConnection;

  /** Opens its own connection from options, or shares one that exists. */
  constructor(options: MonitorRestClientOptions | RestConnection) {
    this.connection = options instanceof RestConnection ? options : new RestConnection(options);
  }

  /** `host:port` this client talks to, for display. */
  get target(): string {
    return this.connection.target;
  }

  /** console.log(client) / util.inspect: the endpoint only; never the auth headers (Basic token, API secret). */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.connection.describe();
  }

  /** Creates a TCP monitor and returns its id. */
  async createMonitor(settings: MonitorSettings): Promise<number> {
    const problem = validateTopics(settings.topics);
    if (problem) throw invalid(`invalid monitor topics: ${problem}`);
    const res = await this.send('POST', MONITOR_PATH, monitorCreateXml(settings));
    let id: number | undefined;
    try {
      id = parseCreatedId(responseHeader(res.headers, 'location'), res.body);
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
    let res: RestResponse;
    try {
      res = await this.send('GET', path);
    } catch (e) {
      throw unknownIdAsNotFound(e, id);
    }
    const item = this.parsePage(path, res).items[0];
    if (!item) throw new PushMonitorError('NOT_FOUND', `monitor ${id} does not exist on ${this.connection.host}`);
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

  /** Ends pending backoff waits and requests (they reject with CLOSED) and closes the connection (shared: the other clients on it close too). */
  close(): Promise<void> {
    return this.connection.close();
  }

  private parsePage(path: string, res: RestResponse): MonitorPage {
    try {
      return parseMonitorPage(res.body);
    } catch (e) {
      if (!(e instanceof MalformedListError)) throw e;
      throw new PushMonitorError('MALFORMED_RESPONSE', `GET ${path} from ${this.target}: ${e.message}`, { cause: e });
    }
  }

  private send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: string): Promise<RestResponse> {
    return this.connection.send(method, path, { body });
  }
}
