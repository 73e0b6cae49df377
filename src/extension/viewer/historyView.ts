// A stream's recent history as the viewer shows it: the points read once from
// `/ws/DataPoint/{streamId}` (newest first, as asked for), turned into the very event shape
// a live DataPoint push has (push-protocol §3.5: topic `<cstId>/DataPoint/<stream id>`,
// operation INSERTION, the point under `data`), so the rows, the detail, the filter and
// the exports work unchanged. The entries are marked `history` (their rows carry a badge).
//
// Times: the first column of a history row is the point's own (device) timestamp, kept in
// `receivedAt` (nothing was received live); the envelope timestamp, shown as Server time,
// is the point's arrival at the service. A point is untrusted text like any payload: only
// what the service sent is copied, and numbers that arrive as strings are read as numbers.

import type { DataPointInfo, PushEvent } from '../../core';
import type { HistoryInfoDto } from '../../shared/viewerProtocol';
import { stringifySafe } from '../../shared/jsonText';
import { makeEntry, type ViewerEntry } from './entry';

/** What is known of the stream (from its tree node, a stream list or a GET of the stream). */
export interface HistoryStream {
  streamId: string;
  dataType?: string;
  units?: string;
  customerId?: number;
}

export interface HistoryView {
  accountId: string;
  accountLabel: string;
  host: string;
  stream: HistoryStream;
  /** As read: newest first. */
  points: readonly DataPointInfo[];
  /** When they were read (epoch ms). */
  fetchedAt: number;
  maxPoints: number;
  /** Older points exist that were not read. */
  more: boolean;
  /** Why the points could not be read (then `points` is empty). */
  error?: string;
}

/** A finite number from a number or a decimal string, else undefined. */
function finite(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Epoch ms a Date can hold (±8.64e15), else undefined. */
function time(v: unknown): number | undefined {
  const n = finite(v);
  return n !== undefined && Math.abs(n) <= 8.64e15 ? n : undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === undefined || v === null ? undefined : stringifySafe(v, { limit: 100_000 }).text;

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** One stored point as the DataPoint event a live session would have shown for it. */
export function historyEvent(point: DataPointInfo, stream: HistoryStream): PushEvent {
  const p = point as unknown as Record<string, unknown>;
  const streamId = (typeof p.streamId === 'string' && p.streamId) || stream.streamId;
  const cstId = finite(p.customerId) ?? stream.customerId;
  const timestamp = time(p.timestamp);
  const serverTimestamp = time(p.serverTimestamp);
  const quality = finite(p.quality);
  // Field order and names of a live DataPoint push (generator.ts, push-protocol §3.5).
  const data: Record<string, unknown> = {};
  if (typeof p.id === 'string') data.id = p.id;
  if (cstId !== undefined) data.cstId = cstId;
  data.streamId = streamId;
  if (stream.dataType) data.streamType = stream.dataType;
  if (stream.units) data.streamUnits = stream.units;
  data.data = text(p.data) ?? '';
  for (const k of ['description', 'location'] as const) {
    const v = text(p[k]);
    if (v !== undefined) data[k] = v;
  }
  if (quality !== undefined) data.quality = quality;
  if (timestamp !== undefined) data.timestamp = timestamp;
  if (serverTimestamp !== undefined) data.serverTimestamp = serverTimestamp;
  return {
    kind: 'event',
    // `<cstId>/DataPoint/<stream>`; with no customer id known the first segment stays empty.
    topic: `${cstId ?? ''}/DataPoint/${streamId}`,
    type: 'DataPoint',
    operation: 'INSERTION',
    timestamp: iso(serverTimestamp ?? timestamp),
    replay: false,
    data,
    format: 'json',
    blockId: 0,
    monitorId: 0,
    receivedAt: timestamp ?? serverTimestamp ?? NaN,
  };
}

/** `History of <stream>`: the label of the rows (merged exports, captures) and the header. */
export const historyLabel = (streamId: string) => `History of ${streamId}`;

/** The view's entries, oldest first (the list reads top to bottom like a live one), marked history. */
export function historyEntries(view: HistoryView, firstSeq = 0): ViewerEntry[] {
  const label = historyLabel(view.stream.streamId);
  const out: ViewerEntry[] = [];
  let seq = firstSeq;
  for (let i = view.points.length - 1; i >= 0; i--) {
    const point = view.points[i];
    if (point === null || typeof point !== 'object') continue;
    out.push(makeEntry(seq++, historyEvent(point, view.stream), label, 'history'));
  }
  return out;
}

export function historyInfo(view: HistoryView): HistoryInfoDto {
  const info: HistoryInfoDto = {
    streamId: view.stream.streamId,
    accountLabel: view.accountLabel,
    host: view.host,
    fetchedAt: view.fetchedAt,
    points: view.points.length,
    maxPoints: view.maxPoints,
    more: view.more,
  };
  if (view.stream.dataType) info.dataType = view.stream.dataType;
  if (view.stream.units) info.units = view.stream.units;
  if (view.error) info.note = view.error;
  return info;
}

/** The stream path without its device id (`metrics/temperature`), for a short tab title. */
export function shortStreamName(streamId: string): string {
  const m = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{8}){3}\/(.+)$/.exec(streamId);
  return m ? m[2] : streamId;
}
