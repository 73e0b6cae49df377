// The REST side on plain HTTP: /ws/Monitor (monitorRoutes.ts), /ws/DeviceCore
// (deviceRoutes.ts), /ws/DataStream (streamRoutes.ts) and /ws/DataPoint (dataPointRoutes.ts)
// behind Basic auth or an API key, REST faults (delay, forced status), and the /_sim/ control
// API (control.ts: its own token, Host, Origin and Content-Type checks, before the body is read).

import http from 'node:http';
import type { Logger } from '../core';
import type { AccountBook, SimAccount } from './accounts';
import type { Faults } from './faults';
import type { ControlHandler } from './control';
import { BodyTooLargeError, readBody, send } from './httpUtil';
import { handleDataPointRequest, type DataPointRouteDeps } from './dataPointRoutes';
import { handleDeviceRequest } from './deviceRoutes';
import { handleMonitorRequest, type MonitorRouteDeps } from './monitorRoutes';
import { CONTENT_TYPES, errorBody, type Representation, type ResourceRequest, type RouteResponse } from './restViews';
import { handleStreamRequest, type StreamRouteDeps } from './streamRoutes';
import type { Timers } from './timers';

export interface RestServerDeps extends MonitorRouteDeps, StreamRouteDeps, DataPointRouteDeps {
  accounts: AccountBook;
  faults: Faults;
  timers: Timers;
  logger: Logger;
  control: ControlHandler;
}

export const AUTH_REALM = 'Digi Remote Manager (simulator)';

/** JSON when the path ends in .json or the client asks for it in Accept (before any XML type). */
function representation(req: http.IncomingMessage, jsonSuffix: boolean): Representation {
  if (jsonSuffix) return 'json';
  const accept = (req.headers.accept ?? '').toLowerCase();
  const j = accept.indexOf('json');
  const x = accept.indexOf('xml');
  return j >= 0 && (x < 0 || j < x) ? 'json' : 'xml';
}

function authenticate(req: http.IncomingMessage, accounts: AccountBook): SimAccount | undefined {
  const keyId = req.headers['x-api-key-id'];
  const keySecret = req.headers['x-api-key-secret'];
  if (typeof keyId === 'string' && typeof keySecret === 'string') return accounts.verifyApiKey(keyId, keySecret);
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return accounts.verify(decoded.slice(0, colon), decoded.slice(colon + 1));
}

type ResourceHandler = (r: ResourceRequest, deps: RestServerDeps) => RouteResponse;

/** Monitor keeps its single id segment (a longer path is no resource). */
const monitorHandler: ResourceHandler = (r, deps) =>
  r.segments.length > 1
    ? { status: 404, body: errorBody(`${r.method} error. Resource /ws/Monitor/${r.segments.join('/')} not found`, r.rep) }
    : handleMonitorRequest({ ...r, id: r.segments[0] }, deps);

const RESOURCES: Record<string, ResourceHandler> = {
  monitor: monitorHandler,
  devicecore: handleDeviceRequest,
  datastream: handleStreamRequest,
  datapoint: handleDataPointRequest,
};

interface WsPath {
  handler: ResourceHandler;
  /** Percent-decoded per segment; stream ids keep their slashes as segment boundaries. */
  segments: string[];
  json: boolean;
}

/**
 * `/ws/<Resource>[.json][/seg…][/][.json]`: `.json` on the resource or the last segment asks for
 * JSON (`/ws/Monitor/.json`, `/ws/DeviceCore/123.json`). Undefined: not a resource we serve;
 * 'malformed': a segment that does not percent-decode.
 */
function parseWsPath(pathname: string): WsPath | 'malformed' | undefined {
  if (!pathname.startsWith('/ws/')) return undefined;
  const parts = pathname.slice(4).split('/');
  let name = parts.shift() ?? '';
  let json = false;
  if (name.toLowerCase().endsWith('.json')) {
    json = true;
    name = name.slice(0, -5);
  }
  const handler = Object.hasOwn(RESOURCES, name.toLowerCase()) ? RESOURCES[name.toLowerCase()] : undefined;
  if (!handler) return undefined;
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const last = parts.length - 1;
  if (last >= 0 && parts[last].toLowerCase().endsWith('.json')) {
    json = true;
    parts[last] = parts[last].slice(0, -5);
    if (parts[last] === '') parts.pop();
  }
  if (parts.some((p) => p === '')) return undefined;
  try {
    return { handler, segments: parts.map((p) => decodeURIComponent(p)), json };
  } catch {
    return 'malformed';
  }
}

export function createRestServer(deps: RestServerDeps): http.Server {
  const sleep = (ms: number) => new Promise<void>((resolve) => deps.timers.timeout(resolve, ms) ?? resolve());

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) {
      await deps.control(req, res, url);
      return;
    }
    const body = await readBody(req);
    const route = parseWsPath(url.pathname);
    const found = typeof route === 'object' ? route : undefined;
    const rep = representation(req, found?.json ?? url.pathname.endsWith('.json'));
    const reply = (status: number, text: string, headers?: Record<string, string>, as: Representation = rep) => {
      send(res, status, text, CONTENT_TYPES[as], headers);
      deps.logger.debug(`REST ${method} ${url.pathname} → ${status}`);
    };
    if (url.pathname.startsWith('/ws/')) {
      const delay = deps.faults.restDelayMs();
      if (delay > 0) await sleep(delay);
      const forced = deps.faults.takeRestStatus();
      if (forced) {
        const headers: Record<string, string> = forced.retryAfter !== undefined ? { 'Retry-After': String(forced.retryAfter) } : {};
        reply(forced.status, errorBody(`${method} request failed: simulated HTTP ${forced.status}`, rep), headers);
        return;
      }
    }
    const account = authenticate(req, deps.accounts);
    if (!account) {
      reply(401, errorBody('Invalid user name or password', rep), { 'WWW-Authenticate': `Basic realm="${AUTH_REALM}"` });
      return;
    }
    if (route === 'malformed') {
      reply(400, errorBody(`${method} error. Invalid request. Malformed percent-encoding in ${url.pathname.slice(0, 200)}`, rep));
      return;
    }
    if (!route) {
      reply(404, errorBody(`${method} error. Resource ${url.pathname} not found`, rep));
      return;
    }
    const r = route.handler({ method, segments: route.segments, query: url.searchParams, body, account, rep }, deps);
    reply(r.status, r.body, r.headers, r.rep ?? rep);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const tooLarge = e instanceof BodyTooLargeError;
      deps.logger.warn(`REST ${req.method} ${req.url}: ${(e as Error).message}`);
      send(res, tooLarge ? 413 : 500, errorBody(tooLarge ? 'Request body too large' : 'Internal simulator error', 'xml'), CONTENT_TYPES.xml);
    });
  });
  return server;
}
