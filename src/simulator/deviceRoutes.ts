// GET /ws/DeviceCore (list: start/size/condition, rest-devices-streams §1–§2) and
// GET /ws/DeviceCore/{devId} (one), over the caller's own fleet: another customer's devices
// do not exist for you. Records come from deviceCore.ts, the builder of the push events too.

import type { SimAccount } from './accounts';
import { ConditionError, parseCondition } from './conditions';
import { DEVICE_CORE_ATTRIBUTES, deviceCoreLookup, deviceCoreRecord } from './deviceCore';
import type { DeviceFleet, SimDevice } from './deviceStore';
import { intParam, quoted } from './restQuery';
import { errorBody, listBody, rowOf, type Representation, type ResourceRequest, type RouteResponse } from './restViews';

export interface DeviceRouteDeps {
  /** The account's fleet (made on first use). */
  fleetOf: (account: SimAccount) => DeviceFleet;
}

const DEFAULT_PAGE_SIZE = 1000;
const ATTRIBUTE_BY_LOWER = new Map(DEVICE_CORE_ATTRIBUTES.map((a) => [a.toLowerCase(), a]));

function fail(status: number, method: string, reason: string, rep: Representation): RouteResponse {
  return { status, body: errorBody(`${method} DeviceCore error. ${reason}`, rep) };
}

export function handleDeviceRequest(r: ResourceRequest, deps: DeviceRouteDeps): RouteResponse {
  if (r.method !== 'GET') {
    return { ...fail(405, r.method, `Invalid request. Method ${r.method} not allowed (the simulator's inventory is read-only)`, r.rep), headers: { Allow: 'GET' } };
  }
  const fleet = deps.fleetOf(r.account);
  if (r.segments.length === 0) return list(r, fleet);
  const raw = r.segments.join('/');
  if (!/^\d{1,15}$/.test(raw)) return fail(400, 'GET', `Invalid request. For input string: ${quoted(raw)}`, r.rep);
  const device = fleet.get(Number(raw));
  if (!device) return fail(404, 'GET', `Error reading DeviceCore entity id='${raw}'`, r.rep);
  return { status: 200, body: listBody([rowOf(deviceCoreRecord(device, fleet.cstId))], { total: 1, start: 0, size: DEFAULT_PAGE_SIZE }, r.rep, 'DeviceCore') };
}

function list(r: ResourceRequest, fleet: DeviceFleet): RouteResponse {
  const start = intParam(r.query, 'start', 0);
  const size = intParam(r.query, 'size', DEFAULT_PAGE_SIZE);
  if (start === undefined) return fail(400, 'GET', `Invalid request. For input string: ${quoted(r.query.get('start') ?? '')}`, r.rep);
  if (size === undefined) return fail(400, 'GET', `Invalid request. For input string: ${quoted(r.query.get('size') ?? '')}`, r.rep);
  let matching: readonly SimDevice[] = fleet.list;
  const condition = r.query.get('condition');
  if (condition) {
    try {
      const c = parseCondition(condition, (name) => ATTRIBUTE_BY_LOWER.has(name.toLowerCase()));
      matching = fleet.list.filter((d) => {
        const lookup = deviceCoreLookup(deviceCoreRecord(d, fleet.cstId));
        return c((name) => lookup(ATTRIBUTE_BY_LOWER.get(name.toLowerCase()) ?? name));
      });
    } catch (e) {
      if (!(e instanceof ConditionError)) throw e;
      return fail(400, 'GET', `Invalid request. Invalid condition: ${e.message}`, r.rep);
    }
  }
  const page = matching.slice(start, start + size).map((d) => rowOf(deviceCoreRecord(d, fleet.cstId)));
  return { status: 200, body: listBody(page, { total: matching.length, start, size }, r.rep, 'DeviceCore') };
}
