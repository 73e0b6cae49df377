// Client for /ws/DataPoint (rest-devices-streams §4): write points (XML list), read a stream's
// history page by page, delete one point or a time range. Deletes touch only what the caller
// named: a range delete without both ends is refused (the service would delete every point).

import { describeValue, PushMonitorError } from '../errors';
import { dataPointsXml, parseDataPointPage, parseWriteLocations } from '../devices/dataPoint';
import { checkPageSize, checkSegment, checkStreamId, invalidArgument, isoTime } from '../devices/ids';
import type { CursorPage, DataPointInfo, DeleteRangeOptions, HistoryOptions, NewDataPoint } from '../devices/types';
import { asNotFound, DeviceDataClient, DEFAULT_PAGE_SIZE, JSON_ACCEPT, parseAnswer, queryString } from './answers';
import { CursorWalk } from './cursorWalk';
import { responseHeader } from './restConnection';
import { encodePathSegment, encodePathSegments } from './urlEncoding';

const POINT_PATH = '/ws/DataPoint';
const ORDERS = ['ascending', 'descending'] as const;
const TIMELINES = ['client', 'server'] as const;

const streamPath = (streamId: string) => `${POINT_PATH}/${encodePathSegments(streamId)}`;

export class DataPointClient extends DeviceDataClient {
  /**
   * Writes one point or a list in one POST and returns the `location` of each
   * (`DataPoint/{streamId}/{pointId}`). Every point is checked first; nothing is sent if one
   * is wrong. An empty list sends nothing and returns [].
   */
  async write(points: NewDataPoint | NewDataPoint[]): Promise<string[]> {
    const list = Array.isArray(points) ? points : [points];
    if (list.length === 0) return [];
    const body = dataPointsXml(list);
    const res = await this.connection.send('POST', POINT_PATH, { body });
    const locations = parseAnswer(this.connection, 'POST', POINT_PATH, res.body, parseWriteLocations);
    const header = responseHeader(res.headers, 'location');
    if (locations.length === 0 && header) locations.push(header);
    if (locations.length === 0) {
      throw new PushMonitorError('MALFORMED_RESPONSE', `POST ${POINT_PATH}: ${this.connection.target} answered HTTP ${res.status} without a location for the points written`);
    }
    return locations;
  }

  /**
   * A stream's points, page by page (`size` per page, default 1000), oldest first unless
   * `order: 'descending'`; from `pageCursor` when given. Stops after `limit` points (asking
   * for no more than that), on a page shorter than asked for or without a cursor; a cursor
   * sent twice or more than maxPages pages is an error.
   */
  async *history(streamId: string, opts: HistoryOptions = {}): AsyncGenerator<CursorPage<DataPointInfo>, void, undefined> {
    const id = checkStreamId(streamId);
    const query = historyQuery(opts);
    const limit = opts.limit ?? Infinity;
    const size = opts.size ?? DEFAULT_PAGE_SIZE;
    const what = `GET ${streamPath(id)}`;
    const walk = new CursorWalk(what, this.connection, this.maxPages, opts.pageCursor);
    let left = limit;
    while (walk.more && left > 0) {
      const asked = Math.min(size, left);
      const path = streamPath(id) + queryString({ ...query, size: asked, pageCursor: walk.cursor });
      let body: string;
      try {
        body = (await this.connection.send('GET', path, { accept: JSON_ACCEPT })).body;
      } catch (e) {
        throw asNotFound(e, `stream ${JSON.stringify(id)}`, this.connection);
      }
      const page = parseAnswer(this.connection, 'GET', path, body, parseDataPointPage);
      if (page.items.length > left) {
        // More than asked for: the caller's limit still holds, and the cursor would skip what is cut.
        page.items = page.items.slice(0, left);
        delete page.pageCursor;
      }
      // A page shorter than asked for is the last, whatever cursor came with it.
      if (page.items.length < asked) delete page.pageCursor;
      left -= page.items.length;
      // Stopping at the limit keeps the page's cursor: the caller may continue from it later.
      walk.advance(left === 0 ? undefined : page.pageCursor);
      yield page;
    }
  }

  /** Deletes one point of a stream. */
  async deletePoint(streamId: string, pointId: string): Promise<void> {
    const id = checkStreamId(streamId);
    const point = checkSegment(pointId, 'pointId');
    try {
      await this.connection.send('DELETE', `${streamPath(id)}/${encodePathSegment(point)}`);
    } catch (e) {
      throw asNotFound(e, `point ${JSON.stringify(point)} of stream ${JSON.stringify(id)}`, this.connection);
    }
  }

  /**
   * Deletes the points of a stream from `startTime` to `endTime`. Both are required: the same
   * call without them deletes every point of the stream, which this client never sends.
   */
  async deleteRange(streamId: string, range: DeleteRangeOptions): Promise<void> {
    const id = checkStreamId(streamId);
    const { startTime, endTime } = range ?? ({} as Partial<DeleteRangeOptions>);
    if (startTime === undefined || startTime === null || endTime === undefined || endTime === null) {
      throw invalidArgument(
        'deleteRange needs both startTime and endTime: without them the service would delete every point of the stream',
      );
    }
    const start = isoTime(startTime, 'startTime');
    const end = isoTime(endTime, 'endTime');
    if (Date.parse(start) > Date.parse(end)) throw invalidArgument(`startTime ${start} is after endTime ${end}`);
    try {
      await this.connection.send('DELETE', streamPath(id) + queryString({ startTime: start, endTime: end }));
    } catch (e) {
      throw asNotFound(e, `stream ${JSON.stringify(id)}`, this.connection);
    }
  }
}

/** The history filters as query values; bad ones refused before any request. */
function historyQuery(opts: HistoryOptions): Record<string, string | undefined> {
  checkPageSize(opts.size);
  if (opts.limit !== undefined && (!Number.isSafeInteger(opts.limit) || opts.limit < 0)) {
    throw invalidArgument(`limit must be a non-negative integer, got ${describeValue(opts.limit)}`);
  }
  if (opts.order !== undefined && !ORDERS.includes(opts.order)) throw invalidArgument(`order must be ${ORDERS.join(' or ')}, got ${describeValue(opts.order)}`);
  if (opts.timeline !== undefined && !TIMELINES.includes(opts.timeline)) {
    throw invalidArgument(`timeline must be ${TIMELINES.join(' or ')}, got ${describeValue(opts.timeline)}`);
  }
  if (opts.pageCursor !== undefined && (typeof opts.pageCursor !== 'string' || opts.pageCursor === '')) throw invalidArgument('pageCursor must be non-empty text');
  return {
    startTime: opts.startTime === undefined ? undefined : isoTime(opts.startTime, 'startTime'),
    endTime: opts.endTime === undefined ? undefined : isoTime(opts.endTime, 'endTime'),
    order: opts.order,
    timeline: opts.timeline,
  };
}
