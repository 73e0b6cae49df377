// The capture file: NDJSON whose first line is a header, then one SessionItem (event or
// gap marker) per line, oldest first:
//
//   {"type":"digi-push-monitor-capture","version":1,"savedAt":"2026-…Z","source":{…},"subscription":{…},"items":2,"dropped":0}
//   {"kind":"event","topic":"…","type":"DataPoint",…,"data":{…}}
//   {"kind":"gap","monitorId":42,"disconnectedAt":…,"reconnectedAt":…,"reason":"…"}
//
// Line-oriented so it can be grepped, cut and streamed; the reader also accepts files
// without the header (the viewer's NDJSON export, or `push-client --output ndjson`).
// A capture is untrusted input like any payload: every line is checked and normalised.

import type { GapMarker, PushEvent, SessionItem } from '../../core/events';
import type { LiveSubscription } from '../liveSource';
import { stringifySafe } from '../../core/text/jsonText';

export const CAPTURE_TYPE = 'digi-push-monitor-capture';
export const CAPTURE_VERSION = 1;
export const CAPTURE_EXTENSION = 'dpmcapture';

export interface CaptureHeader {
  type: typeof CAPTURE_TYPE;
  version: number;
  savedAt: string;
  source: { id: string; label: string };
  subscription?: LiveSubscription;
  items: number;
  /** Older items the live buffer had already evicted when the capture was saved. */
  dropped: number;
}

export interface ParsedCapture {
  /** Absent for a headerless NDJSON file. */
  header?: CaptureHeader;
  items: SessionItem[];
  /** Lines that were not a usable event or gap marker. */
  skipped: number;
  /** The first few problems, `line N: why`. */
  problems: string[];
}

export class CaptureFormatError extends Error {
  override name = 'CaptureFormatError';
}

export function captureHeader(args: Omit<CaptureHeader, 'type' | 'version' | 'savedAt'> & { savedAt?: Date }): CaptureHeader {
  const h: CaptureHeader = {
    type: CAPTURE_TYPE,
    version: CAPTURE_VERSION,
    savedAt: (args.savedAt ?? new Date()).toISOString(),
    source: { id: args.source.id, label: args.source.label },
    items: args.items,
    dropped: args.dropped,
  };
  if (args.subscription) h.subscription = args.subscription;
  return h;
}

/** The whole capture text. `items` are written in the order given. */
export function serializeCapture(header: CaptureHeader, items: Iterable<SessionItem>): string {
  const parts = [JSON.stringify(header) + '\n'];
  for (const it of items) parts.push(stringifySafe(it).text + '\n');
  return parts.join('');
}

const rec = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A time as epoch ms from a number or an ISO string (the CLI's NDJSON writes ISO). */
function time(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

const str = (v: unknown, dflt = ''): string => (typeof v === 'string' ? v : v === undefined || v === null ? dflt : String(v));
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** One line's object as a SessionItem, or a reason why not. */
export function normalizeItem(v: unknown): SessionItem | string {
  const o = rec(v);
  if (!o) return 'not an object';
  if (o.kind === 'gap') {
    const disconnectedAt = time(o.disconnectedAt);
    const reconnectedAt = time(o.reconnectedAt);
    if (disconnectedAt === undefined || reconnectedAt === undefined) return 'gap marker without times';
    const g: GapMarker = { kind: 'gap', monitorId: int(o.monitorId), disconnectedAt, reconnectedAt, reason: str(o.reason) };
    return g;
  }
  if (o.kind !== undefined && o.kind !== 'event') return `unknown kind ${JSON.stringify(str(o.kind)).slice(0, 40)}`;
  if (typeof o.topic !== 'string' && typeof o.type !== 'string') return 'no topic or type';
  const topic = str(o.topic);
  const type = (typeof o.type === 'string' && o.type) || topic.split('/')[1] || 'unknown';
  const e: PushEvent = {
    kind: 'event',
    topic,
    type,
    operation: str(o.operation),
    timestamp: str(o.timestamp),
    replay: o.replay === true || o.replay === 'true',
    data: o.data,
    format: o.format === 'xml' ? 'xml' : 'json',
    blockId: int(o.blockId),
    monitorId: int(o.monitorId),
    receivedAt: time(o.receivedAt) ?? NaN,
  };
  if (o.group !== undefined) e.group = str(o.group);
  if (typeof o.raw === 'string') e.raw = o.raw;
  return e;
}

function parseHeader(o: Record<string, unknown>): CaptureHeader {
  const version = o.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new CaptureFormatError('capture header has no valid version');
  if (version > CAPTURE_VERSION) {
    throw new CaptureFormatError(`capture version ${version} was written by a newer Digi Push Monitor (this one reads up to ${CAPTURE_VERSION})`);
  }
  const src = rec(o.source) ?? {};
  const h: CaptureHeader = {
    type: CAPTURE_TYPE,
    version,
    savedAt: str(o.savedAt),
    source: { id: str(src.id), label: str(src.label) },
    items: int(o.items),
    dropped: int(o.dropped),
  };
  const sub = rec(o.subscription);
  if (sub) {
    h.subscription = {
      accountLabel: str(sub.accountLabel),
      host: str(sub.host),
      monitorId: int(sub.monitorId),
      topics: Array.isArray(sub.topics) ? sub.topics.map((t) => str(t)) : [],
      format: sub.format === 'xml' ? 'xml' : 'json',
      compression: str(sub.compression),
    };
    if (typeof sub.batchSize === 'number') h.subscription.batchSize = sub.batchSize;
    if (typeof sub.batchDuration === 'number') h.subscription.batchDuration = sub.batchDuration;
    if (typeof sub.ackOption === 'string') h.subscription.ackOption = sub.ackOption;
    if (typeof sub.autoReplayOnConnect === 'boolean') h.subscription.autoReplayOnConnect = sub.autoReplayOnConnect;
  }
  return h;
}

/** Reads a capture (or a plain NDJSON file of events). Throws CaptureFormatError when it is neither. */
export function parseCapture(text: string): ParsedCapture {
  const lines = text.split('\n');
  const out: ParsedCapture = { items: [], skipped: 0, problems: [] };
  const problem = (line: number, why: string) => {
    out.skipped++;
    if (out.problems.length < 5) out.problems.push(`line ${line}: ${why}`);
  };
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\uFEFF/, '').trim();
    if (!line) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      if (first) throw new CaptureFormatError(`not a capture or NDJSON file: line ${i + 1} is not JSON (${(e as Error).message})`);
      problem(i + 1, 'not JSON');
      continue;
    }
    if (first) {
      first = false;
      const o = rec(v);
      if (o && o.type === CAPTURE_TYPE) {
        out.header = parseHeader(o);
        continue;
      }
    }
    const item = normalizeItem(v);
    if (typeof item === 'string') problem(i + 1, item);
    else out.items.push(item);
  }
  if (first) throw new CaptureFormatError('the file is empty');
  if (!out.header && out.items.length === 0) throw new CaptureFormatError(`no events found (${out.problems[0] ?? 'empty'})`);
  return out;
}
