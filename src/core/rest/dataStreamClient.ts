// Client for /ws/DataStream (rest-devices-streams §3): list the streams (all, or those of one
// device), page by page with pageCursor; read one stream; create one. Stream ids are paths:
// their slashes stay path separators, each segment percent-encoded on its own.

import { dataStreamCreateXml, parseDataStreamPage } from '../devices/dataStream';
import { checkPageSize, checkSegment, checkStreamId } from '../devices/ids';
import type { CreateStreamOptions, CursorPage, DataStreamInfo, ListStreamsOptions } from '../devices/types';
import { allItems, DeviceDataClient, DEFAULT_PAGE_SIZE, isNotFound, JSON_ACCEPT, parseAnswer, queryString } from './answers';
import { CursorWalk } from './cursorWalk';
import { encodePathSegment, encodePathSegments } from './urlEncoding';

const STREAM_PATH = '/ws/DataStream';

export class DataStreamClient extends DeviceDataClient {
  /**
   * Every page, `opts.size` streams at a time (default 1000), following pageCursor: a page
   * shorter than the size asked for, or one without a cursor, is the last. A cursor the server
   * sends twice, or more than maxPages pages, stops with an error instead of looping.
   */
  async *pages(opts: ListStreamsOptions = {}): AsyncGenerator<CursorPage<DataStreamInfo>, void, undefined> {
    const size = opts.size ?? DEFAULT_PAGE_SIZE;
    const walk = new CursorWalk(`GET ${STREAM_PATH}`, this.connection, this.maxPages, opts.pageCursor);
    while (walk.more) {
      const page = await this.listStreams({ ...opts, size, pageCursor: walk.cursor });
      walk.advance(page.pageCursor);
      yield page;
    }
  }

  /**
   * One page of streams. With `deviceId` it asks for `/ws/DataStream/<deviceId>` (a path prefix
   * lists the streams under it) and keeps only streams whose id starts with `<deviceId>/`; a 404
   * there means the device has no streams (an empty page). With `size`, a page shorter than
   * that is the last: it comes back without a pageCursor.
   */
  async listStreams(opts: ListStreamsOptions = {}): Promise<CursorPage<DataStreamInfo>> {
    checkPageSize(opts.size);
    const deviceId = opts.deviceId === undefined ? undefined : checkSegment(opts.deviceId, 'deviceId').trim();
    const path = (deviceId === undefined ? STREAM_PATH : `${STREAM_PATH}/${encodePathSegment(deviceId)}`) + queryString({ size: opts.size, pageCursor: opts.pageCursor });
    let body: string;
    try {
      body = (await this.connection.send('GET', path, { accept: JSON_ACCEPT })).body;
    } catch (e) {
      if (deviceId !== undefined && isNotFound(e)) return { items: [] };
      throw e;
    }
    const page = parseAnswer(this.connection, 'GET', path, body, parseDataStreamPage);
    // A page shorter than asked for is the last, whatever cursor came with it (counted before the device filter).
    if (opts.size !== undefined && page.items.length < opts.size) delete page.pageCursor;
    if (deviceId !== undefined) {
      const prefix = `${deviceId.toLowerCase()}/`;
      page.items = page.items.filter((s) => s.streamId.toLowerCase().startsWith(prefix));
    }
    return page;
  }

  /** Every stream (of one device, with `deviceId`), all pages. */
  async listAllStreams(deviceId?: string): Promise<DataStreamInfo[]> {
    return allItems(this.pages({ deviceId }));
  }

  /** One stream by its exact id; none with that id is NOT_FOUND. */
  async getStream(streamId: string): Promise<DataStreamInfo> {
    const id = checkStreamId(streamId);
    // The answer may list streams below this path too: only the exact id is this one.
    return this.getOne(`${STREAM_PATH}/${encodePathSegments(id)}`, `stream ${JSON.stringify(id)}`, parseDataStreamPage, (s) => s.streamId === id);
  }

  /** Creates a stream; an invalid dataType is refused before sending, the server's 400 (its own words included) is BAD_REQUEST. */
  async createStream(opts: CreateStreamOptions): Promise<void> {
    await this.connection.send('POST', STREAM_PATH, { body: dataStreamCreateXml(opts) });
  }
}
