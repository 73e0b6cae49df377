// The capture file: NDJSON whose first line is a header, then one SessionItem (event or
// gap marker) per line, oldest first:
//
//   {"type":"digi-push-monitor-capture","version":1,"savedAt":"2026-…Z","source":{…},"subscription":{…},"items":2,"dropped":0}
//   {"kind":"event","topic":"…","type":"DataPoint",…,"data":{…}}
//   {"kind":"gap","monitorId":42,"disconnectedAt":…,"reconnectedAt":…,"reason":"…"}
//
// Line-oriented so it can be grepped, cut and streamed; the reader also accepts files
// without the header (the viewer's NDJSON export, or `push-client --output ndjson`).
// A capture is untrusted input like any payload: every line is checked and normalised,
// a bad line is skipped and counted (never the whole file), and reading is bounded:
// CaptureParser takes the text in chunks, keeps at most CAPTURE_MAX_LINE_CHARS of one
// line and at most CAPTURE_MAX_ITEMS items (the viewer's largest buffer), and only counts
// the lines after that. Problems name the line and what was wrong, never the line's text
// (the notes go into the webview). File size is capped by the reader (captureFile.ts).

import type { GapMarker, PushEvent, SessionItem } from '../../core';
import type { LiveSubscription } from '../../shared/sessionModel';
import { previewJson, stringifySafe } from '../../shared/jsonText';
import type { Translate } from '../l10n';
import { MAX_CAPACITY } from './eventStore';

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

/** Largest capture file the viewer opens (bytes). */
export const CAPTURE_MAX_BYTES = 256 * 1024 * 1024;
/** Longest line read (UTF-16 units); a longer line is skipped without being kept. Matches the push client's largest frame. */
export const CAPTURE_MAX_LINE_CHARS = 32 * 1024 * 1024;
/** Most items loaded from one file: the viewer's largest buffer. Later lines are counted, not read. */
export const CAPTURE_MAX_ITEMS = MAX_CAPACITY;

export interface CaptureLimits {
  maxLineChars: number;
  maxItems: number;
}

export interface ParsedCapture {
  /** Absent for a headerless NDJSON file. */
  header?: CaptureHeader;
  items: SessionItem[];
  /** Lines that were not a usable event or gap marker. */
  skipped: number;
  /** The first few problems, `line N: why` (never the line's text). */
  problems: string[];
  /** Non-blank lines after the first `maxItems` items, counted but not loaded. */
  notLoaded: number;
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

/** Text of any JSON value. Never String() on an object: `{"toString":1}` would throw. */
function str(v: unknown, dflt = ''): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'object') return previewJson(v, 200);
  return String(v as number | boolean);
}
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
  if (o.kind !== undefined && o.kind !== 'event') return 'unknown kind';
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

/**
 * Reads a capture (or a plain NDJSON file of events) from text given in chunks, in order.
 * push() throws CaptureFormatError as soon as the first line shows the text is neither
 * (so a large wrong file is not read to the end); end() returns what was read.
 */
export class CaptureParser {
  private readonly out: ParsedCapture = { items: [], skipped: 0, problems: [], notLoaded: 0 };
  private readonly limits: CaptureLimits;
  private partial = '';
  /** The line being read is already over the limit: its text is dropped up to the next newline. */
  private tooLong = false;
  private lineNo = 0;
  private first = true;
  private ended = false;

  constructor(limits: Partial<CaptureLimits> = {}) {
    this.limits = { maxLineChars: limits.maxLineChars ?? CAPTURE_MAX_LINE_CHARS, maxItems: limits.maxItems ?? CAPTURE_MAX_ITEMS };
  }

  push(chunk: string): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      const piece = chunk.slice(pos, nl);
      pos = nl + 1;
      if (this.tooLong || this.partial.length + piece.length > this.limits.maxLineChars) this.longLine();
      else this.line(this.partial + piece);
      this.partial = '';
      this.tooLong = false;
    }
    if (pos >= chunk.length || this.tooLong) return;
    const rest = chunk.slice(pos);
    if (this.partial.length + rest.length > this.limits.maxLineChars) {
      this.partial = '';
      this.tooLong = true;
      // Fail early on a file with no line breaks at all (a binary or minified file).
      if (this.first) this.longLine();
    } else this.partial += rest;
  }

  end(): ParsedCapture {
    if (!this.ended) {
      this.ended = true;
      if (this.tooLong) this.longLine();
      else if (this.partial) this.line(this.partial);
      this.partial = '';
    }
    const out = this.out;
    if (this.first) throw new CaptureFormatError('the file is empty');
    if (!out.header && out.items.length === 0) throw new CaptureFormatError(`no events found (${out.problems[0] ?? 'empty'})`);
    return out;
  }

  private problem(why: string): void {
    this.out.skipped++;
    if (this.out.problems.length < 5) this.out.problems.push(`line ${this.lineNo}: ${why}`);
  }

  private longLine(): void {
    this.lineNo++;
    const why = `longer than ${formatChars(this.limits.maxLineChars)} characters`;
    if (this.first) throw new CaptureFormatError(`not a capture or NDJSON file: line ${this.lineNo} is ${why}`);
    if (this.out.items.length >= this.limits.maxItems) this.out.notLoaded++;
    else this.problem(why);
  }

  private line(text: string): void {
    this.lineNo++;
    if (!/\S/.test(text)) return;
    if (this.out.items.length >= this.limits.maxItems) {
      this.out.notLoaded++;
      return;
    }
    const line = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      // The parser's message quotes the text: not repeated here.
      if (this.first) throw new CaptureFormatError(`not a capture or NDJSON file: line ${this.lineNo} is not JSON`);
      this.problem('not JSON');
      return;
    }
    if (this.first) {
      this.first = false;
      const o = rec(v);
      if (o && o.type === CAPTURE_TYPE) {
        this.out.header = parseHeader(o);
        return;
      }
    }
    const item = normalizeItem(v);
    if (typeof item === 'string') this.problem(item);
    else this.out.items.push(item);
  }
}

function formatChars(n: number): string {
  return n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} Mi` : n.toLocaleString('en-US');
}

/** Reads a whole capture text (see CaptureParser). Throws CaptureFormatError when it is neither a capture nor NDJSON. */
export function parseCapture(text: string, limits: Partial<CaptureLimits> = {}): ParsedCapture {
  const p = new CaptureParser(limits);
  p.push(text);
  return p.end();
}

/**
 * What the user is told about lines of `name` (the file's base name) that were not
 * loaded, or undefined when all were. Names the limit and the counts, never line text.
 */
export function captureNotice(name: string, parsed: ParsedCapture, t: Translate, maxItems = CAPTURE_MAX_ITEMS): string | undefined {
  const parts: string[] = [];
  if (parsed.skipped > 0) {
    const list = parsed.problems.join('; ') + (parsed.skipped > parsed.problems.length ? '; …' : '');
    parts.push(t('{0} line(s) skipped ({1})', parsed.skipped, list));
  }
  if (parsed.notLoaded > 0) {
    parts.push(t('only the first {0} items were loaded (the most one viewer holds); {1} more line(s) not loaded', maxItems.toLocaleString('en-US'), parsed.notLoaded));
  }
  return parts.length ? `${name}: ${parts.join('; ')}` : undefined;
}
