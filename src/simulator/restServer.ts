// The REST side on plain HTTP: /ws/Monitor (monitorRoutes.ts) behind Basic auth or an API
// key, REST faults (delay, forced status), and the /_sim/ control API (control.ts: its own
// token, Host, Origin and Content-Type checks, before the body is read).

import http from 'node:http';
import type { Logger } from '../core';
import type { AccountBook, SimAccount } from './accounts';
import type { Faults } from './faults';
import type { ControlHandler } from './control';
import { BodyTooLargeError, readBody, send } from './httpUtil';
import { handleMonitorRequest, type MonitorRouteDeps } from './monitorRoutes';
import { CONTENT_TYPES, errorBody, type Representation } from './restViews';
import type { Timers } from './timers';

export interface RestServerDeps extends MonitorRouteDeps {
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

/** `/ws/Monitor`, `/ws/Monitor/`, `/ws/Monitor/.json`, `/ws/Monitor/{id}`, `/ws/Monitor/{id}.json`. */
function parseMonitorPath(pathname: string): { id: string | undefined; json: boolean } | undefined {
  const m = /^\/ws\/Monitor(\.json)?(?:\/([^/]*))?\/?$/i.exec(pathname);
  if (!m) return undefined;
  let seg = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
  let json = m[1] !== undefined;
  if (seg?.toLowerCase().endsWith('.json')) {
    json = true;
    seg = seg.slice(0, -5);
  }
  return { id: seg === '' ? undefined : seg, json };
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
    const route = parseMonitorPath(url.pathname);
    const rep = representation(req, route?.json ?? url.pathname.endsWith('.json'));
    const reply = (status: number, text: string, headers?: Record<string, string>) => {
      send(res, status, text, CONTENT_TYPES[rep], headers);
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
    if (!route) {
      reply(404, errorBody(`${method} error. Resource ${url.pathname} not found`, rep));
      return;
    }
    const r = handleMonitorRequest({ method, id: route.id, query: url.searchParams, body, account, rep }, deps);
    reply(r.status, r.body, r.headers);
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
