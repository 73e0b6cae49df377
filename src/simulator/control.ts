// The /_sim/ control API on the REST port: the in-process handle methods over HTTP, so a
// simulator started as a CLI can be driven by tests in other processes. JSON in, JSON out.
//
//   POST   /_sim/publish     {"events":[{type,operation?,topicPath?,data,timestamp?,username?}]}
//                            or {"generate":n,"username"?} → {"published":n,"firstSequence"?,"lastSequence"?}
//   POST   /_sim/burst       {"monitorId":N,"count":n,"batchSize"?:100} → {"events","ms","eventsPerSecond"}
//   GET    /_sim/stats       [?monitorId=N] → stats
//   POST   /_sim/disconnect  {"monitorId"?:N} → {"disconnected":k}
//   GET    /_sim/monitors    → [{id,customerId,topics,status,connected,…}]
//   GET    /_sim/faults      → {"armed":{…},"applied":{…}}
//   POST   /_sim/faults      FaultSettings → {"armed":{…}}
//   DELETE /_sim/faults      → {"armed":{}}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger';
import type { BurstResult } from './channel';
import type { FaultSettings } from './faults';
import { sendJson } from './httpUtil';
import type { ControlHandler } from './restServer';
import type { EventInput, SimEvent } from './simEvent';

export interface ControlTarget {
  publish(events: EventInput[]): SimEvent[];
  generate(n: number, options?: { username?: string }): SimEvent[];
  burst(monitorId: number, n: number, options?: { batchSize?: number }): Promise<BurstResult>;
  stats(monitorId?: number): unknown;
  disconnect(monitorId?: number): number;
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

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BadRequest(`${name} must be a non-negative integer`);
  return n;
}

function sequences(events: SimEvent[]): Record<string, number> {
  const seqs = events.map((e) => e.seq).filter((s): s is number => s !== undefined);
  return seqs.length ? { firstSequence: seqs[0], lastSequence: seqs[seqs.length - 1] } : {};
}

export function createControlHandler(target: ControlTarget, logger: Logger): ControlHandler {
  const routes: Record<string, (url: URL, body: string) => Promise<unknown> | unknown> = {
    'POST /_sim/publish': (_url, body) => {
      const b = json(body);
      const username = typeof b.username === 'string' ? b.username : undefined;
      const n = optionalInt(b.generate ?? b.count, 'generate');
      if (n !== undefined) {
        const evs = target.generate(n, { username });
        return { published: evs.length, ...sequences(evs) };
      }
      if (!Array.isArray(b.events)) throw new BadRequest('expected {"events":[…]} or {"generate":n}');
      const evs = target.publish((b.events as EventInput[]).map((e) => (username && !e.username ? { ...e, username } : e)));
      return { published: evs.length, ...sequences(evs) };
    },
    'POST /_sim/burst': async (_url, body) => {
      const b = json(body);
      const monitorId = optionalInt(b.monitorId, 'monitorId');
      const count = optionalInt(b.count ?? b.events, 'count');
      if (monitorId === undefined || count === undefined) throw new BadRequest('expected {"monitorId":N,"count":n}');
      const r = await target.burst(monitorId, count, { batchSize: optionalInt(b.batchSize, 'batchSize') });
      return { ...r, eventsPerSecond: Math.round((r.events * 1000) / Math.max(r.ms, 0.001)) };
    },
    'GET /_sim/stats': (url) => target.stats(optionalInt(url.searchParams.get('monitorId'), 'monitorId')),
    'POST /_sim/disconnect': (url, body) => {
      const id = optionalInt(json(body).monitorId ?? url.searchParams.get('monitorId'), 'monitorId');
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

  return async (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => {
    const key = `${(req.method ?? 'GET').toUpperCase()} ${url.pathname.replace(/\/+$/, '')}`;
    const route = routes[key];
    if (!route) {
      sendJson(res, 404, { error: `no control route ${key}` });
      return;
    }
    try {
      sendJson(res, 200, (await route(url, body)) ?? {});
    } catch (e) {
      const bad = e instanceof BadRequest || e instanceof TypeError || e instanceof RangeError;
      if (!bad) logger.warn(`control ${key}: ${(e as Error).message}`);
      sendJson(res, bad ? 400 : 409, { error: (e as Error).message });
    }
  };
}
