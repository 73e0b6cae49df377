// The data streams of the devices expanded in the Devices view: read a page at a time
// when a device is expanded (DataStream, `pageCursor` paging), then kept current by the
// DataPoint events of the account's live sessions (a point becomes its stream's current
// value). Pure: no vscode, no I/O.

import type { CursorPage, DataPointInfo, DataStreamInfo } from '../../core';
import type { StreamNode } from './deviceNodes';

/** A stream row; one object per stream while its device's list is kept. */
export class StreamEntry implements StreamNode {
  readonly kind = 'stream' as const;
  constructor(
    readonly accountId: string,
    readonly deviceId: string,
    public stream: DataStreamInfo,
  ) {}
}

export interface StreamListState {
  status: 'loading' | 'loaded' | 'error';
  streams: StreamEntry[];
  /** Continuation of the next page; absent once the last page was read. */
  cursor?: string;
  loadingMore: boolean;
  error?: string;
}

const key = (accountId: string, devId: number) => `${accountId}/${devId}`;

/** Every expanded device's streams, and an index by stream id for DataPoint events. */
export class StreamLists {
  private readonly lists = new Map<string, StreamListState>();
  private readonly byStreamId = new Map<string, StreamEntry>();

  get(accountId: string, devId: number): StreamListState | undefined {
    return this.lists.get(key(accountId, devId));
  }

  /** Starts (again) reading a device's streams; returns the state the pages go into. */
  begin(accountId: string, devId: number): StreamListState {
    this.drop(accountId, devId);
    const s: StreamListState = { status: 'loading', streams: [], loadingMore: false };
    this.lists.set(key(accountId, devId), s);
    return s;
  }

  /** Adds a page to `state` (dropped when the list was restarted or dropped meanwhile). */
  addPage(accountId: string, devId: number, deviceId: string, state: StreamListState, page: CursorPage<DataStreamInfo>): boolean {
    if (this.lists.get(key(accountId, devId)) !== state) return false;
    for (const s of page.items) {
      const idKey = `${accountId}/${s.streamId}`;
      const known = this.byStreamId.get(idKey);
      if (known && state.streams.includes(known)) {
        known.stream = s;
        continue;
      }
      const entry = new StreamEntry(accountId, deviceId, s);
      state.streams.push(entry);
      this.byStreamId.set(idKey, entry);
    }
    state.cursor = page.items.length > 0 ? page.pageCursor : undefined;
    state.status = 'loaded';
    state.loadingMore = false;
    state.error = undefined;
    return true;
  }

  fail(accountId: string, devId: number, state: StreamListState, message: string): boolean {
    if (this.lists.get(key(accountId, devId)) !== state) return false;
    if (state.loadingMore) state.loadingMore = false;
    else state.status = 'error';
    state.error = message;
    return true;
  }

  drop(accountId: string, devId: number): void {
    const s = this.lists.get(key(accountId, devId));
    if (!s) return;
    for (const e of s.streams) this.byStreamId.delete(`${accountId}/${e.stream.streamId}`);
    this.lists.delete(key(accountId, devId));
  }

  dropAccount(accountId: string): void {
    for (const k of [...this.lists.keys()]) {
      if (k.startsWith(`${accountId}/`)) this.drop(accountId, Number(k.slice(accountId.length + 1)));
    }
  }

  /** Whether any stream is listed: with none, a DataPoint event changes nothing and need not be parsed. */
  get isEmpty(): boolean {
    return this.byStreamId.size === 0;
  }

  /** A DataPoint event: the point becomes the stream's current value unless an older one. Returns the row changed. */
  applyPoint(accountId: string, point: DataPointInfo): StreamEntry | undefined {
    if (point.streamId === undefined) return undefined;
    const entry = this.byStreamId.get(`${accountId}/${point.streamId}`);
    if (!entry) return undefined;
    const cv = entry.stream.currentValue;
    if (cv && cv.timestamp > point.timestamp) return undefined;
    entry.stream = { ...entry.stream, currentValue: point };
    return entry;
  }
}
