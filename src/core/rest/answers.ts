// What the device-data clients do with an answer of the shared RestConnection: ask for JSON,
// read it with a parser of src/core/devices (naming the call in a malformed answer's error),
// turn "no such thing" answers into NOT_FOUND, and build query strings.

import { PushMonitorError } from '../errors';
import { encodeQueryValue } from './urlEncoding';
import type { HttpMethod, RestConnection } from './restConnection';

/** The clients ask for JSON; their parsers read XML too, for a server that ignores Accept. */
export const JSON_ACCEPT = 'application/json';

/** Default page size: what the real service allows at most (rest-devices-streams §4). */
export const DEFAULT_PAGE_SIZE = 1000;

/** Guards every paging loop against a server that never says "last page". */
export const DEFAULT_MAX_PAGES = 10_000;

export interface PagingLimits {
  /** Pages one paging loop may fetch before it stops with an error. Default 10000. */
  maxPages?: number;
}

/** What the device-data clients have in common: the shared connection and the paging guard. */
export abstract class DeviceDataClient {
  protected readonly maxPages: number;

  constructor(
    /** Shared with the other clients of the account (PushClient: `rest.connection`); closing it closes them all. */
    readonly connection: RestConnection,
    limits: PagingLimits = {},
  ) {
    const n = limits.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isSafeInteger(n) || n < 1) throw new PushMonitorError('INVALID_ARGUMENT', 'maxPages must be a positive integer');
    this.maxPages = n;
  }

  /**
   * GET of one entity: the item of the answer that `isIt` picks (an answer may list others
   * below the same path). A 404, an unknown-entity 400 or no such item is NOT_FOUND naming `what`.
   */
  protected async getOne<T>(path: string, what: string, parse: (text: string) => { items: T[] }, isIt: (item: T) => boolean): Promise<T> {
    let body: string;
    try {
      body = (await this.connection.send('GET', path, { accept: JSON_ACCEPT })).body;
    } catch (e) {
      throw asNotFound(e, what, this.connection);
    }
    const found = parseAnswer(this.connection, 'GET', path, body, parse).items.find(isIt);
    if (found === undefined) throw new PushMonitorError('NOT_FOUND', `${what} does not exist on ${this.connection.host}`);
    return found;
  }
}

/** The items of every page, in order. */
export async function allItems<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) {
    for (const item of page.items) all.push(item);
  }
  return all;
}

/**
 * Runs `parse` on the body; a MALFORMED_RESPONSE it throws gets the call and host in front.
 * A server could echo a secret into a field, and the parsers quote values cut short, which
 * would cut a secret past recognition: so the message comes from parsing the body again with
 * the secrets already replaced (only on this error path), and no parser error is chained.
 */
export function parseAnswer<T>(conn: RestConnection, method: HttpMethod, path: string, body: string, parse: (text: string) => T): T {
  try {
    return parse(body);
  } catch (e) {
    if (!(e instanceof PushMonitorError) || e.code !== 'MALFORMED_RESPONSE') throw e;
    let why = 'the answer is malformed';
    try {
      parse(conn.redact(body));
    } catch (again) {
      if (again instanceof PushMonitorError && again.code === 'MALFORMED_RESPONSE') why = again.message;
    }
    throw new PushMonitorError('MALFORMED_RESPONSE', conn.redact(`${method} ${path} from ${conn.target}: ${why}`));
  }
}

/** How the service words "that entity does not exist" in a 400 (as for /ws/Monitor, push-protocol §1.3.3). */
const UNKNOWN_ENTITY = /error reading .* entity|not found|does not exist/i;

/** A 404, or a 400 saying the entity is unknown, as NOT_FOUND naming `what`; any other error unchanged. */
export function asNotFound(e: unknown, what: string, conn: RestConnection): unknown {
  if (!(e instanceof PushMonitorError)) return e;
  if (e.code === 'NOT_FOUND' || (e.code === 'BAD_REQUEST' && UNKNOWN_ENTITY.test(e.message))) {
    return new PushMonitorError('NOT_FOUND', `${what} does not exist on ${conn.host} (${e.message})`, { cause: e });
  }
  return e;
}

export const isNotFound = (e: unknown): boolean => e instanceof PushMonitorError && e.code === 'NOT_FOUND';

/** `?a=1&b=x%20y` from the defined values, each percent-encoded; '' when none is defined. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) parts.push(`${k}=${encodeQueryValue(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
