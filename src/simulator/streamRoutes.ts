// /ws/DataStream (rest-devices-streams §3), per customer:
//   GET    /ws/DataStream                  every stream, paged by size + pageCursor
//   GET    /ws/DataStream/<stream id>      that stream (a one-item page)
//   GET    /ws/DataStream/<path prefix>    the streams under it (`<device id>` → that device's
//                                          streams; empty for a device of yours without any)
//   POST   /ws/DataStream                  create (<DataStream>, a <list> of them, or JSON)
//   DELETE /ws/DataStream/<stream id>      the stream and its points
// A page shorter than `size` is the last, and the last page carries no pageCursor.

import type { DeviceRouteDeps } from './deviceRoutes';
import { bodyItems } from './restBodies';
import { cursorPageSize, decodeCursor, encodeCursor, quoted } from './restQuery';
import { createdBody, cursorListBody, errorBody, messageBody, type Representation, type ResourceRequest, type RouteResponse } from './restViews';
import { STREAM_DEFAULTS, type SimStream, type StreamSettings, type StreamStore } from './streamStore';
import { dataTypeOf, streamIdProblem } from './streamTypes';
import { streamRow } from './streamViews';

export interface StreamRouteDeps extends DeviceRouteDeps {
  streams: StreamStore;
}

function fail(status: number, method: string, reason: string, rep: Representation): RouteResponse {
  return { status, body: errorBody(`${method} DataStream error. ${reason}`, rep) };
}

export function handleStreamRequest(r: ResourceRequest, deps: StreamRouteDeps): RouteResponse {
  const id = r.segments.join('/');
  switch (r.method) {
    case 'GET':
      return get(r, id, deps);
    case 'POST':
      if (id !== '') return fail(400, 'POST', 'Invalid request. POST is only allowed on the DataStream collection', r.rep);
      return create(r, deps);
    case 'DELETE':
      if (id === '') return fail(400, 'DELETE', 'Invalid request. Stream id required', r.rep);
      if (!deps.streams.delete(r.account.customerId, id)) return fail(404, 'DELETE', `Error reading DataStream entity id=${quoted(id)}`, r.rep);
      return { status: 200, body: messageBody('1 items deleted', r.rep) };
    default:
      return { ...fail(405, r.method, `Invalid request. Method ${r.method} not allowed`, r.rep), headers: { Allow: 'GET, POST, DELETE' } };
  }
}

function get(r: ResourceRequest, id: string, deps: StreamRouteDeps): RouteResponse {
  const cst = r.account.customerId;
  const size = cursorPageSize(r.query);
  if (size === undefined) return fail(400, 'GET', `Invalid request. Invalid size: ${quoted(r.query.get('size') ?? '')}`, r.rep);
  const one = id === '' ? undefined : deps.streams.get(cst, id);
  if (one) return { status: 200, body: cursorListBody('DataStream', [streamRow(one)], size, undefined, r.rep) };
  const prefix = id === '' ? '' : `${id}/`;
  const ids = deps.streams.ids(cst);
  let from = lowerBound(ids, prefix);
  const rawCursor = r.query.get('pageCursor');
  if (rawCursor) {
    const after = decodeCursor(rawCursor) as { after?: unknown } | undefined;
    if (typeof after?.after !== 'string') return fail(400, 'GET', `Invalid request. Invalid pageCursor: ${quoted(rawCursor)}`, r.rep);
    from = Math.max(from, upperBound(ids, after.after));
  }
  const page: SimStream[] = [];
  let more = false;
  for (let i = from; i < ids.length && ids[i].startsWith(prefix); i++) {
    if (page.length === size) {
      more = true;
      break;
    }
    page.push(deps.streams.get(cst, ids[i]) as SimStream);
  }
  if (page.length === 0 && id !== '' && !rawCursor && !deps.fleetOf(r.account).find(r.segments[0])) {
    return fail(404, 'GET', `Error reading DataStream entity id=${quoted(id)}`, r.rep);
  }
  const cursor = more ? encodeCursor({ after: page[page.length - 1].streamId }) : undefined;
  return { status: 200, body: cursorListBody('DataStream', page.map(streamRow), size, cursor, r.rep) };
}

/** First index whose id is ≥ key. */
function lowerBound(ids: readonly string[], key: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose id is > key. */
function upperBound(ids: readonly string[], key: string): number {
  const i = lowerBound(ids, key);
  return ids[i] === key ? i + 1 : i;
}

const INVALID_DATA_TYPE = (value: string): RouteResponse => ({
  status: 400,
  // The documented body is JSON whatever the request asked for.
  body: JSON.stringify({ error: `POST DataStream error. Invalid dataType: ${value.slice(0, 80)}` }),
  rep: 'json',
});

function ttl(text: string | undefined, dflt: number): number | undefined {
  if (text === undefined || text.trim() === '') return dflt;
  return /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function create(r: ResourceRequest, deps: StreamRouteDeps): RouteResponse {
  const parsed = bodyItems(r.body, 'DataStream');
  if ('error' in parsed) return fail(400, 'POST', `Invalid request. ${parsed.error}`, r.rep);
  const cst = r.account.customerId;
  const made: [string, StreamSettings][] = [];
  for (const f of parsed.items) {
    const id = (f.streamId ?? '').trim();
    const problem = streamIdProblem(id);
    if (problem) return fail(400, 'POST', `Invalid request. streamId ${quoted(id)} ${problem}`, r.rep);
    if (deps.streams.get(cst, id) || made.some(([m]) => m === id)) return fail(409, 'POST', `Stream already exists: ${quoted(id)}`, r.rep);
    const dataType = f.dataType === undefined ? 'UNKNOWN' : dataTypeOf(f.dataType);
    if (!dataType) return INVALID_DATA_TYPE(f.dataType ?? '');
    const dataTtl = ttl(f.dataTtl, STREAM_DEFAULTS.dataTtl);
    const rollupTtl = ttl(f.rollupTtl, STREAM_DEFAULTS.rollupTtl);
    if (dataTtl === undefined) return fail(400, 'POST', `Invalid request. Invalid dataTtl: ${quoted(f.dataTtl ?? '')}`, r.rep);
    if (rollupTtl === undefined) return fail(400, 'POST', `Invalid request. Invalid rollupTtl: ${quoted(f.rollupTtl ?? '')}`, r.rep);
    const forwardTo = (f.forwardTo ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    made.push([id, { dataType, units: f.units ?? '', description: f.description ?? '', forwardTo, dataTtl, rollupTtl }]);
  }
  const limit = deps.streams.limitProblem(cst, made.length);
  if (limit) return fail(400, 'POST', `Invalid request. ${limit}`, r.rep);
  for (const [id, settings] of made) deps.streams.create(cst, id, settings);
  return { status: 201, body: createdBody(made.map(([id]) => `DataStream/${id}`), r.rep) };
}
