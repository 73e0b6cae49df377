// /ws/DataPoint (rest-devices-streams §4), per customer. Stream ids hold slashes: the path
// after /ws/DataPoint/ is split into percent-decoded segments and joined back.
//   POST   /ws/DataPoint[/<stream id>]            write one point or a list (XML or JSON): 201 with
//                                                 one <location>DataPoint/<stream>/<id></location> each;
//                                                 a missing stream is created (streamType/streamUnits,
//                                                 else UNKNOWN); every point is pushed as a DataPoint
//                                                 INSERTION through the hub. All or nothing.
//   GET    /ws/DataPoint/<stream id>              history: size (≤ 1000), pageCursor, startTime/endTime
//                                                 ([start, end), ISO or epoch ms), order, timeline
//   DELETE /ws/DataPoint/<stream id>/<point id>   one point
//   DELETE /ws/DataPoint/<stream id>[?startTime&endTime]   the points in the range (all without one)

import { dataPointEventOf } from './dataPointEvent';
import { bodyItems } from './restBodies';
import { cursorPageSize, decodeCursor, encodeCursor, parseTime, quoted } from './restQuery';
import { createdBody, cursorListBody, errorBody, messageBody, type Representation, type ResourceRequest, type RouteResponse } from './restViews';
import type { SimEvent } from './simEvent';
import { pointId, pointTime, STREAM_DEFAULTS, type NewPoint, type SimStream, type StoredPoint, type StreamStore, type Timeline } from './streamStore';
import { dataTypeOf, eventValue, streamIdProblem, valueProblem } from './streamTypes';
import { pointRow } from './streamViews';

export interface DataPointRouteDeps {
  streams: StreamStore;
  /** Publishes through the hub, so each monitor's topics and batch rules apply. */
  publish: (events: SimEvent[]) => void;
  /** The next global sequence number (a written point's id carries it, as generated ones do). */
  nextSeq: () => number;
  now: () => number;
}

function fail(status: number, method: string, reason: string, rep: Representation): RouteResponse {
  return { status, body: errorBody(`${method} DataPoint error. ${reason}`, rep) };
}

export function handleDataPointRequest(r: ResourceRequest, deps: DataPointRouteDeps): RouteResponse {
  switch (r.method) {
    case 'POST':
      return write(r, deps);
    case 'GET':
      return history(r, deps);
    case 'DELETE':
      return remove(r, deps);
    default:
      return { ...fail(405, r.method, `Invalid request. Method ${r.method} not allowed`, r.rep), headers: { Allow: 'GET, POST, DELETE' } };
  }
}

interface PointWrite {
  streamId: string;
  /** Type of a stream this write creates; undefined when the stream exists. */
  create?: { dataType: string; units: string };
  /** `timestamp` undefined: the server's time. */
  point: Omit<NewPoint, 'seq' | 'serverTimestamp' | 'timestamp'> & { timestamp: number | undefined };
}

/** Reads and checks every point before anything is stored. */
function validate(r: ResourceRequest, deps: DataPointRouteDeps): PointWrite[] | string {
  const parsed = bodyItems(r.body, 'DataPoint');
  if ('error' in parsed) return parsed.error;
  const cst = r.account.customerId;
  const pathStream = r.segments.length > 0 ? r.segments.join('/') : undefined;
  const created = new Map<string, { dataType: string; units: string }>();
  const out: PointWrite[] = [];
  for (const [i, f] of parsed.items.entries()) {
    const which = parsed.items.length > 1 ? ` (DataPoint ${i + 1})` : '';
    const named = f.streamId?.trim();
    if (pathStream !== undefined && named && named !== pathStream) {
      return `streamId ${quoted(named)} differs from the stream in the path ${quoted(pathStream)}${which}`;
    }
    const streamId = named || pathStream;
    if (!streamId) return `missing streamId${which}`;
    const idProblem = streamIdProblem(streamId);
    if (idProblem) return `streamId ${quoted(streamId)} ${idProblem}${which}`;
    if (f.data === undefined) return `missing data${which}`;
    let type: string;
    let create: PointWrite['create'];
    const existing = deps.streams.get(cst, streamId);
    if (existing) type = existing.settings.dataType;
    else {
      create = created.get(streamId);
      if (!create) {
        const given = f.streamType === undefined || f.streamType.trim() === '' ? 'UNKNOWN' : dataTypeOf(f.streamType);
        if (!given) return `Invalid streamType: ${quoted(f.streamType ?? '')}${which}`;
        create = { dataType: given, units: f.streamUnits ?? '' };
        created.set(streamId, create);
      }
      type = create.dataType;
    }
    const problem = valueProblem(type, f.data);
    if (problem) return `Invalid data ${quoted(f.data)} for stream ${quoted(streamId)} of type ${type}: ${problem}${which}`;
    let timestamp: number | undefined;
    if (f.timestamp !== undefined && f.timestamp.trim() !== '') {
      timestamp = parseTime(f.timestamp);
      if (timestamp === undefined) return `Invalid timestamp ${quoted(f.timestamp)}: expected ISO-8601 or epoch milliseconds${which}`;
    }
    let quality = 0;
    if (f.quality !== undefined && f.quality.trim() !== '') {
      if (!/^-?\d{1,10}$/.test(f.quality.trim()) || Math.abs(Number(f.quality)) > 2 ** 31 - 1) {
        return `Invalid quality ${quoted(f.quality)}: expected an integer${which}`;
      }
      quality = Number(f.quality);
    }
    let location: string | undefined;
    if (f.location !== undefined && f.location.trim() !== '') {
      location = f.location.trim();
      const parts = location.split(',');
      if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === '' || !Number.isFinite(Number(p)))) {
        return `Invalid location ${quoted(f.location)}: expected "lat,long,elevation"${which}`;
      }
    }
    out.push({ streamId, create, point: { timestamp, data: f.data, description: f.description ?? '', quality, location } });
  }
  const limit = deps.streams.limitProblem(cst, created.size);
  return limit ?? out;
}

function write(r: ResourceRequest, deps: DataPointRouteDeps): RouteResponse {
  const writes = validate(r, deps);
  if (typeof writes === 'string') return fail(400, 'POST', `Invalid request. ${writes}`, r.rep);
  const cst = r.account.customerId;
  const now = deps.now();
  const events: SimEvent[] = [];
  const locations: string[] = [];
  for (const w of writes) {
    const stream =
      deps.streams.get(cst, w.streamId) ??
      deps.streams.create(cst, w.streamId, { ...STREAM_DEFAULTS, dataType: w.create?.dataType ?? 'UNKNOWN', units: w.create?.units ?? '' });
    const seq = deps.nextSeq();
    const stored = deps.streams.add(stream, { ...w.point, seq, timestamp: w.point.timestamp ?? now, serverTimestamp: now });
    const id = pointId(stored);
    locations.push(`DataPoint/${stream.streamId}/${id}`);
    const { dataType, units } = stream.settings;
    events.push(
      dataPointEventOf(cst, { ...stored, id, streamId: stream.streamId, streamType: dataType, streamUnits: units, data: eventValue(dataType, stored.data) }, seq),
    );
  }
  deps.publish(events);
  return { status: 201, body: createdBody(locations, r.rep) };
}

type Order = 'ascending' | 'descending';
type Key = [number, number];

/** First index of `points` (in key order) whose (time, seq) is ≥ key. */
function lowerBound(points: readonly StoredPoint[], key: Key, timeline: Timeline): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = pointTime(points[mid], timeline);
    if (t < key[0] || (t === key[0] && points[mid].seq < key[1])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function timeQuery(r: ResourceRequest, name: string): number | null | undefined {
  const v = r.query.get(name);
  if (v === null || v.trim() === '' || v.trim() === '-1') return null;
  return parseTime(v);
}

function history(r: ResourceRequest, deps: DataPointRouteDeps): RouteResponse {
  if (r.segments.length === 0) return fail(400, 'GET', 'Invalid request. Stream id required: GET /ws/DataPoint/<stream id>', r.rep);
  const streamId = r.segments.join('/');
  const stream = deps.streams.get(r.account.customerId, streamId);
  if (!stream) return fail(404, 'GET', `Error reading DataStream entity id=${quoted(streamId)}`, r.rep);
  const bad = (what: string, value: string | null) => fail(400, 'GET', `Invalid request. Invalid ${what}: ${quoted(value ?? '')}`, r.rep);
  const size = cursorPageSize(r.query);
  if (size === undefined) return bad('size', r.query.get('size'));
  const order = (r.query.get('order') || 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') return bad('order (ascending or descending)', r.query.get('order'));
  const timeline = (r.query.get('timeline') || 'client').toLowerCase();
  if (timeline !== 'client' && timeline !== 'server') return bad('timeline (client or server)', r.query.get('timeline'));
  const startTime = timeQuery(r, 'startTime');
  const endTime = timeQuery(r, 'endTime');
  if (startTime === undefined) return bad('startTime', r.query.get('startTime'));
  if (endTime === undefined) return bad('endTime', r.query.get('endTime'));
  if (r.query.get('rollupInterval') || r.query.get('rollupMethod')) {
    return fail(400, 'GET', 'Invalid request. Rollups (rollupInterval, rollupMethod) are not simulated', r.rep);
  }
  let after: Key | undefined;
  const rawCursor = r.query.get('pageCursor');
  if (rawCursor) {
    const c = decodeCursor(rawCursor) as { k?: unknown } | undefined;
    const k = c?.k;
    if (!Array.isArray(k) || k.length !== 2 || !k.every((x) => Number.isSafeInteger(x))) return bad('pageCursor', rawCursor);
    after = k as Key;
  }
  const page = historyPage(stream, { size, order, timeline, startTime, endTime, after });
  return {
    status: 200,
    body: cursorListBody('DataPoint', page.points.map((p) => pointRow(p, true)), size, page.next && encodeCursor({ k: page.next }), r.rep, [
      ['requestedStartTime', String(startTime ?? -1)],
      ['requestedEndTime', String(endTime ?? -1)],
    ]),
  };
}

interface HistoryQuery {
  size: number;
  order: Order;
  timeline: Timeline;
  startTime: number | null;
  endTime: number | null;
  /** Key of the last point of the previous page. */
  after: Key | undefined;
}

/** One page in the asked order, and the key to continue after when more points follow. */
export function historyPage(stream: SimStream, q: HistoryQuery): { points: StoredPoint[]; next?: Key } {
  const all = stream.ordered(q.timeline);
  const lo = q.startTime === null ? 0 : lowerBound(all, [q.startTime, -Infinity], q.timeline);
  const hi = q.endTime === null ? all.length : lowerBound(all, [q.endTime, -Infinity], q.timeline);
  const keyOf = (p: StoredPoint): Key => [pointTime(p, q.timeline), p.seq];
  if (q.order === 'ascending') {
    const from = q.after ? Math.max(lo, lowerBound(all, [q.after[0], q.after[1] + 1], q.timeline)) : lo;
    const to = Math.min(hi, from + q.size);
    const points = all.slice(from, Math.max(from, to));
    return to < hi && points.length > 0 ? { points, next: keyOf(points[points.length - 1]) } : { points };
  }
  const to = q.after ? Math.min(hi, lowerBound(all, q.after, q.timeline)) : hi;
  const from = Math.max(lo, to - q.size);
  const points = all.slice(from, Math.max(from, to)).reverse();
  return from > lo && points.length > 0 ? { points, next: keyOf(points[points.length - 1]) } : { points };
}

function remove(r: ResourceRequest, deps: DataPointRouteDeps): RouteResponse {
  const cst = r.account.customerId;
  if (r.segments.length === 0) return fail(400, 'DELETE', 'Invalid request. Stream id required', r.rep);
  if (r.segments.length > 1) {
    const owner = deps.streams.get(cst, r.segments.slice(0, -1).join('/'));
    const point = owner?.find(r.segments[r.segments.length - 1]);
    if (owner && point) {
      deps.streams.deletePoints(owner, (p) => p === point);
      return { status: 200, body: messageBody('1 items deleted', r.rep) };
    }
  }
  const streamId = r.segments.join('/');
  const stream = deps.streams.get(cst, streamId);
  if (!stream) return fail(404, 'DELETE', `Error reading DataPoint entity id=${quoted(streamId)}`, r.rep);
  const startTime = timeQuery(r, 'startTime');
  const endTime = timeQuery(r, 'endTime');
  if (startTime === undefined || endTime === undefined) {
    const [name, value] = startTime === undefined ? ['startTime', r.query.get('startTime')] : ['endTime', r.query.get('endTime')];
    return fail(400, 'DELETE', `Invalid request. Invalid ${name}: ${quoted(value ?? '')}`, r.rep);
  }
  const timeline: Timeline = (r.query.get('timeline') ?? '').toLowerCase() === 'server' ? 'server' : 'client';
  const n = deps.streams.deletePoints(stream, (p) => {
    const t = pointTime(p, timeline);
    return (startTime === null || t >= startTime) && (endTime === null || t < endTime);
  });
  return { status: 200, body: messageBody(`${n} items deleted`, r.rep) };
}

