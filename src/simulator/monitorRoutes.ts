// The /ws/Monitor resource (push-protocol §1.3): list with condition and paging, get,
// create, update/reset and delete, each scoped to the caller's customer (another
// customer's monitor does not exist for you: 404).

import { parseXml } from '../core';
import type { SimAccount } from './accounts';
import { ConditionError, parseCondition } from './conditions';
import type { Hub } from './hub';
import { intParam } from './restQuery';
import { createdBody, emptyResultBody, errorBody, listBody, messageBody, type Representation, type RouteResponse } from './restViews';
import { MONITOR_ATTRIBUTES, monitorFields, MonitorValidationError, type MonitorRecord, type MonitorStore } from './store';

export interface MonitorRequest {
  method: string;
  /** undefined for the collection (`/ws/Monitor`, `/ws/Monitor/.json`). */
  id: string | undefined;
  query: URLSearchParams;
  body: string;
  account: SimAccount;
  rep: Representation;
}

export interface MonitorRouteDeps {
  store: MonitorStore;
  hub: Hub;
  onChange: (action: 'created' | 'updated' | 'reset' | 'deleted', monitorId: number) => void;
}

const DEFAULT_PAGE_SIZE = 1000;
const ATTRIBUTE_BY_LOWER = new Map(MONITOR_ATTRIBUTES.map((a) => [a.toLowerCase(), a]));

function fail(status: number, method: string, reason: string, rep: Representation): RouteResponse {
  return { status, body: errorBody(`${method} Monitor error. ${reason}`, rep) };
}

/** `<Monitor>…</Monitor>` (any Content-Type), or a JSON object `{"Monitor":{…}}` / `{…}`. */
function parseMonitorBody(text: string): Record<string, string> | undefined {
  const t = text.trim();
  let m: unknown;
  if (t.startsWith('{')) {
    try {
      const v = JSON.parse(t) as Record<string, unknown>;
      m = v && typeof v === 'object' && 'Monitor' in v ? v.Monitor : v;
    } catch {
      return undefined;
    }
  } else {
    m = parseXml(t)?.Monitor;
  }
  if (m === '') return {};
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    if (v === null || v === undefined) out[k] = '';
    else if (typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

function numericId(raw: string): number | undefined {
  return /^\d+$/.test(raw) && Number(raw) <= 0xffffffff ? Number(raw) : undefined;
}

export function handleMonitorRequest(r: MonitorRequest, deps: MonitorRouteDeps): RouteResponse {
  const cst = r.account.customerId;
  switch (r.method) {
    case 'GET':
      return r.id === undefined ? list(r, deps) : getOne(r, deps);
    case 'POST':
      if (r.id !== undefined) return fail(400, 'POST', 'Invalid request. POST is only allowed on the Monitor collection', r.rep);
      return create(r, deps);
    case 'PUT':
      return update(r, deps);
    case 'DELETE': {
      if (r.id === undefined) return fail(400, 'DELETE', 'Invalid request. Monitor id required', r.rep);
      const id = numericId(r.id);
      if (id === undefined) return fail(400, 'DELETE', `Invalid request. For input string: "${r.id}"`, r.rep);
      if (!deps.store.get(id, cst)) return fail(404, 'DELETE', `Error reading Monitor entity id='${id}'`, r.rep);
      deps.hub.deleted(id);
      deps.store.delete(id);
      deps.onChange('deleted', id);
      return { status: 200, body: messageBody('1 items deleted', r.rep) };
    }
    default:
      return { ...fail(405, r.method, `Invalid request. Method ${r.method} not allowed`, r.rep), headers: { Allow: 'GET, POST, PUT, DELETE' } };
  }
}

function list(r: MonitorRequest, deps: MonitorRouteDeps): RouteResponse {
  const start = intParam(r.query, 'start', 0);
  const size = intParam(r.query, 'size', DEFAULT_PAGE_SIZE);
  if (start === undefined) return fail(400, 'GET', `Invalid request. For input string: "${r.query.get('start')}"`, r.rep);
  if (size === undefined) return fail(400, 'GET', `Invalid request. For input string: "${r.query.get('size')}"`, r.rep);
  let matches: (record: MonitorRecord) => boolean = () => true;
  const condition = r.query.get('condition');
  if (condition) {
    try {
      const c = parseCondition(condition, (name) => ATTRIBUTE_BY_LOWER.has(name.toLowerCase()));
      matches = (record) => {
        const fields = new Map(monitorFields(record));
        return c((name) => fields.get(ATTRIBUTE_BY_LOWER.get(name.toLowerCase()) ?? name));
      };
    } catch (e) {
      if (!(e instanceof ConditionError)) throw e;
      return fail(400, 'GET', `Invalid request. Invalid condition: ${e.message}`, r.rep);
    }
  }
  const all = deps.store.list(r.account.customerId).filter(matches).sort((a, b) => a.id - b.id);
  const page = all.slice(start, start + size).map(monitorFields);
  return { status: 200, body: listBody(page, { total: all.length, start, size }, r.rep) };
}

function getOne(r: MonitorRequest, deps: MonitorRouteDeps): RouteResponse {
  const id = numericId(r.id ?? '');
  if (id === undefined) return fail(400, 'GET', `Invalid request. For input string: "${r.id}"`, r.rep);
  const record = deps.store.get(id, r.account.customerId);
  if (!record) return fail(404, 'GET', `Error reading Monitor entity id='${id}'`, r.rep);
  return { status: 200, body: listBody([monitorFields(record)], { total: 1, start: 0, size: DEFAULT_PAGE_SIZE }, r.rep) };
}

function create(r: MonitorRequest, deps: MonitorRouteDeps): RouteResponse {
  const fields = parseMonitorBody(r.body);
  if (!fields) return fail(400, 'POST', 'Invalid request. Request body must be a <Monitor> document', r.rep);
  try {
    const record = deps.store.create(r.account.customerId, fields);
    deps.hub.channel(record);
    deps.onChange('created', record.id);
    const location = `Monitor/${record.id}`;
    return { status: 201, body: createdBody(location, r.rep), headers: { Location: location } };
  } catch (e) {
    if (!(e instanceof MonitorValidationError)) throw e;
    return fail(400, 'POST', `Invalid request. ${e.message}`, r.rep);
  }
}

/**
 * PUT with settable elements updates them (omitted ones keep their value); a body with
 * only monId (the "kick") resets: DISABLED/CONNECTING go back to INACTIVE, sessions and
 * stored events are kept. `PUT /ws/Monitor` takes the id from the body (Ruby gem style).
 */
function update(r: MonitorRequest, deps: MonitorRouteDeps): RouteResponse {
  const fields = parseMonitorBody(r.body);
  if (!fields) return fail(400, 'PUT', 'Invalid request. Request body must be a <Monitor> document', r.rep);
  const rawId = r.id ?? fields.monId;
  if (rawId === undefined) return fail(400, 'PUT', 'Invalid request. Monitor id required', r.rep);
  const id = numericId(rawId.trim());
  if (id === undefined) return fail(400, 'PUT', `Invalid request. For input string: "${rawId}"`, r.rep);
  const record = deps.store.get(id, r.account.customerId);
  if (!record) return fail(400, 'PUT', `Error reading Monitor entity id='${id}'`, r.rep);
  const settable = Object.keys(fields).filter((k) => k !== 'monId' && k !== 'cstId');
  if (settable.length > 0) {
    try {
      deps.store.update(record, fields);
    } catch (e) {
      if (!(e instanceof MonitorValidationError)) throw e;
      return fail(400, 'PUT', `Invalid request. ${e.message}`, r.rep);
    }
  }
  if (record.status === 'DISABLED' || record.status === 'CONNECTING') record.status = 'INACTIVE';
  deps.hub.updated(record);
  deps.onChange(settable.length > 0 ? 'updated' : 'reset', id);
  return { status: 200, body: emptyResultBody(r.rep) };
}
