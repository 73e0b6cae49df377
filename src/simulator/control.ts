// The /_sim/ control API on the REST port: the in-process handle methods over HTTP, so a
// simulator started as a CLI can be driven by tests in other processes. JSON in, JSON out.
//
//   POST   /_sim/publish     {"events":[{type,operation?,topicPath?,data,timestamp?,username?}]}
//                            or {"generate":n,"username"?} → {"published":n,"firstSequence"?,"lastSequence"?}
//   POST   /_sim/burst       {"monitorId":N,"count":n,"batchSize"?:100} → {"events","ms","eventsPerSecond"}
//   GET    /_sim/stats       [?monitorId=N] → stats
//   POST   /_sim/disconnect  {"monitorId"?:N} → {"disconnected":k}
//   POST   /_sim/devices/<deviceId>/disconnect   {"username"?} → {deviceId,devId,connected,changed,sequence?}
//   POST   /_sim/devices/<deviceId>/connect      (same; unknown device 404)
//   GET    /_sim/monitors    → [{id,customerId,topics,status,connected,…}]
//   GET    /_sim/faults      → {"armed":{…},"applied":{…}}
//   POST   /_sim/faults      FaultSettings → {"armed":{…}}
//   DELETE /_sim/faults      → {"armed":{}}
//
// The simulator may run inside the VS Code extension host (the Local simulator), so every
// request is checked before its body is even read, in this order:
//   403  Host is not a loopback name/IP with the REST port (DNS rebinding: a page on
//        evil.example re-pointed at 127.0.0.1 sends Host: evil.example). With allowRemote,
//        IP literals are accepted too (names never are).
//   403  Origin or Sec-Fetch-Site present: a browser made the request (CSRF). Scripts, tests
//        and curl send neither; this API has no browser use.
//   401  no `Authorization: Bearer <token>` with the per-run token (handle.controlToken,
//        printed in the CLI's ready line), compared in constant time.
//   404  no such route (or no such device).
//   415  a POST, or any request with a body, whose Content-Type is not application/json
//        (text/plain and form types are what a cross-site form or no-cors fetch can send).
//   413  body over CONTROL_LIMITS.bodyBytes.
//   400  a count over its limit (CONTROL_LIMITS; fault limits in faults.ts), naming the field.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Logger } from '../core';
import type { BurstResult } from './channel';
import { UnknownDeviceError } from './deviceStore';
import type { FaultSettings } from './faults';
import type { DeviceConnectionChange } from './handle';
import { BodyTooLargeError, readBody, sendJson } from './httpUtil';
import { isLoopbackHost, parseHostHeader } from './loopback';
import type { EventInput, SimEvent } from './simEvent';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** Bounds of the control API's counts and body. */
export const CONTROL_LIMITS = {
  /** `generate` per POST /_sim/publish (each event is allocated at once). */
  generate: 100_000,
  /** Explicit `events` per POST /_sim/publish. */
  events: 10_000,
  /** `count` per POST /_sim/burst (sent paced by the socket, but it keeps the process busy). */
  burstCount: 10_000_000,
  /** `batchSize` of a burst: one PublishMessage, its event count is 16-bit. */
  burstBatchSize: 65_535,
  /** Monitor ids (the store hands them out from 1). */
  monitorId: 2_147_483_647,
  /** Request body, bytes. */
  bodyBytes: 1024 * 1024,
} as const;

export interface ControlGuard {
  /** The per-run token (handle.controlToken). */
  token: string;
  /** The REST port the Host header must name (known once listening). */
  port: () => number;
  /** Listening beyond loopback was allowed: IP-literal Hosts are accepted too. */
  allowRemote: boolean;
}

export interface ControlTarget {
  publish(events: EventInput[]): SimEvent[];
  generate(n: number, options?: { username?: string }): SimEvent[];
  burst(monitorId: number, n: number, options?: { batchSize?: number }): Promise<BurstResult>;
  stats(monitorId?: number): unknown;
  disconnect(monitorId?: number): number;
  disconnectDevice(deviceId: string, options?: { username?: string }): DeviceConnectionChange;
  connectDevice(deviceId: string, options?: { username?: string }): DeviceConnectionChange;
  monitors(): unknown;
  readonly faults: {
    set(s: FaultSettings): void;
    clear(): void;
    armed(): FaultSettings;
    applied(): Record<string, number>;
  };
}

class BadRequest extends Error {}

function json(body: string): Record<string, unknown> {
  if (!body.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch (e) {
    throw new BadRequest(`body is not JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(v)) return { events: v };
  if (!v || typeof v !== 'object') throw new BadRequest('body must be a JSON object');
  return v as Record<string, unknown>;
}

/** An integer from min to max, or undefined when absent; a 400 naming the field and its range otherwise. */
function boundedInt(v: unknown, name: string, max: number, min = 0): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new BadRequest(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return n;
}

function sequences(events: SimEvent[]): Record<string, number> {
  const seqs = events.map((e) => e.seq).filter((s): s is number => s !== undefined);
  return seqs.length ? { firstSequence: seqs[0], lastSequence: seqs[seqs.length - 1] } : {};
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The refusal for a request that fails a guard, or undefined when it passes. */
function refusal(req: IncomingMessage, guard: ControlGuard, expected: Buffer): { status: number; error: string; headers?: Record<string, string> } | undefined {
  const host = parseHostHeader(req.headers.host ?? '');
  const port = guard.port();
  const hostOk =
    host !== undefined &&
    (host.port === undefined ? port === 80 : host.port === port) &&
    (isLoopbackHost(host.name) || (guard.allowRemote && isIP(host.name) !== 0));
  if (!hostOk) {
    return { status: 403, error: `Host header must be a loopback address with port ${port} (localhost:${port}, 127.0.0.1:${port}, [::1]:${port}), got ${JSON.stringify(req.headers.host ?? '')}` };
  }
  if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
    return { status: 403, error: 'browser requests (Origin / Sec-Fetch-Site headers) are refused by the control API' };
  }
  const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  const given = m ? sha256(m[1]) : undefined;
  if (!given || !timingSafeEqual(given, expected)) {
    return {
      status: 401,
      error: `${given ? 'wrong' : 'missing'} control token: send "Authorization: Bearer <token>" with the token of this run (the CLI's ready line, handle.controlToken)`,
      headers: { 'WWW-Authenticate': 'Bearer realm="push-simulator control"' },
    };
  }
  return undefined;
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

type Route = (url: URL, body: string) => Promise<unknown> | unknown;

/** `POST /_sim/devices/<deviceId>/(connect|disconnect)`: the route for that device, or undefined. */
function deviceRoute(key: string, target: ControlTarget): Route | undefined {
  const m = /^POST \/_sim\/devices\/([^/]+)\/(connect|disconnect)$/.exec(key);
  if (!m) return undefined;
  return (_url, body) => {
    let deviceId: string;
    try {
      deviceId = decodeURIComponent(m[1]);
    } catch {
      throw new BadRequest('device id is not valid percent-encoding');
    }
    const b = json(body);
    const options = typeof b.username === 'string' ? { username: b.username } : {};
    return m[2] === 'connect' ? target.connectDevice(deviceId, options) : target.disconnectDevice(deviceId, options);
  };
}

export function createControlHandler(target: ControlTarget, logger: Logger, guard: ControlGuard): ControlHandler {
  const expected = sha256(guard.token);
  const routes: Record<string, Route> = {
    'POST /_sim/publish': (_url, body) => {
      const b = json(body);
      const username = typeof b.username === 'string' ? b.username : undefined;
      const n = boundedInt(b.generate ?? b.count, 'generate', CONTROL_LIMITS.generate);
      if (n !== undefined) {
        const evs = target.generate(n, { username });
        return { published: evs.length, ...sequences(evs) };
      }
      if (!Array.isArray(b.events)) throw new BadRequest('expected {"events":[…]} or {"generate":n}');
      if (b.events.length > CONTROL_LIMITS.events) {
        throw new BadRequest(`events: at most ${CONTROL_LIMITS.events} per request, got ${b.events.length}`);
      }
      const evs = target.publish((b.events as EventInput[]).map((e) => (username && e && !e.username ? { ...e, username } : e)));
      return { published: evs.length, ...sequences(evs) };
    },
    'POST /_sim/burst': async (_url, body) => {
      const b = json(body);
      const monitorId = boundedInt(b.monitorId, 'monitorId', CONTROL_LIMITS.monitorId);
      const count = boundedInt(b.count ?? b.events, 'count', CONTROL_LIMITS.burstCount, 1);
      if (monitorId === undefined || count === undefined) throw new BadRequest('expected {"monitorId":N,"count":n}');
      const batchSize = boundedInt(b.batchSize, 'batchSize', CONTROL_LIMITS.burstBatchSize, 1);
      const r = await target.burst(monitorId, count, { batchSize });
      return { ...r, eventsPerSecond: Math.round((r.events * 1000) / Math.max(r.ms, 0.001)) };
    },
    'GET /_sim/stats': (url) => target.stats(boundedInt(url.searchParams.get('monitorId'), 'monitorId', CONTROL_LIMITS.monitorId)),
    'POST /_sim/disconnect': (url, body) => {
      const id = boundedInt(json(body).monitorId ?? url.searchParams.get('monitorId'), 'monitorId', CONTROL_LIMITS.monitorId);
      return { disconnected: target.disconnect(id) };
    },
    'GET /_sim/monitors': () => target.monitors(),
    'GET /_sim/faults': () => ({ armed: target.faults.armed(), applied: target.faults.applied() }),
    'POST /_sim/faults': (_url, body) => {
      target.faults.set(json(body) as FaultSettings);
      return { armed: target.faults.armed() };
    },
    'DELETE /_sim/faults': () => {
      target.faults.clear();
      return { armed: target.faults.armed() };
    },
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const key = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    const refused = refusal(req, guard, expected);
    if (refused) {
      logger.debug(`control ${key} refused: ${refused.status}`);
      sendJson(res, refused.status, { error: refused.error }, refused.headers);
      return;
    }
    const route = Object.hasOwn(routes, key) ? routes[key] : deviceRoute(key, target);
    if (!route) {
      sendJson(res, 404, { error: `no control route ${key}` });
      return;
    }
    if ((method === 'POST' || hasBody(req)) && !isJson(req)) {
      sendJson(res, 415, { error: `Content-Type must be application/json, got ${JSON.stringify(req.headers['content-type'] ?? '(none)')}` });
      return;
    }
    const tooLarge = () => sendJson(res, 413, { error: `request body larger than ${CONTROL_LIMITS.bodyBytes} bytes` }, { Connection: 'close' });
    if (Number(req.headers['content-length'] ?? 0) > CONTROL_LIMITS.bodyBytes) {
      tooLarge();
      return;
    }
    let body: string;
    try {
      body = await readBody(req, CONTROL_LIMITS.bodyBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      tooLarge();
      return;
    }
    try {
      sendJson(res, 200, (await route(url, body)) ?? {});
    } catch (e) {
      const bad = e instanceof BadRequest || e instanceof TypeError || e instanceof RangeError;
      const missing = e instanceof UnknownDeviceError;
      if (!bad && !missing) logger.warn(`control ${key}: ${(e as Error).message}`);
      sendJson(res, missing ? 404 : bad ? 400 : 409, { error: (e as Error).message });
    }
  };
}
