// How an event reads, in one place for push-client, the events output and the viewer:
// the clock, the device id and the one-line summary chosen per resource type.
//
//   DataPoint     metrics/temperature=21.5 C          (stream path without the device id)
//   DeviceCore    connected ip=10.0.0.5 type=XBee firmware=1.2
//   FileData      /db/1001_Demo/<device>/a.json 1,234 bytes application/json
//   AlarmStatus   alarm=41826 triggered topic=… source=…
//   DataStream    plant/flow current=3
//   anything else key=value of the first members, or the topic path after <cstId>/<Resource>/
//
// Every value comes from the device or the server: each part is one line (whitespace runs
// become one space), has invisible and bidi characters shown as ⟨U+XXXX⟩ marks, is cut with
// an ellipsis, and the whole summary is at most SUMMARY_MAX characters plus the ellipsis.
// Objects are shown as bounded JSON (never String(): `{"toString":1}` throws). Pure: no
// vscode, no DOM, nothing outside src/shared, so the webview may use it too.

import { displayLine, truncate } from './displayText';
import { previewJson } from './jsonText';

/** What is read of an event (the core's PushEvent has it). */
export interface EventLike {
  /** Resource name: DeviceCore, DataPoint, FileData, AlarmStatus, … */
  type: string;
  /** `<cstId>/<Resource>/<path>` */
  topic: string;
  /** The resource object, with JSON types kept (XML gives strings). */
  data: unknown;
}

/** Longest summary (characters, ellipsis not counted). */
export const SUMMARY_MAX = 240;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time `HH:MM:SS.mmm` (`HH:MM:SS` with unit 's'); dashes for a time that is not a number. */
export function clock(ms: number, unit: 'ms' | 's' = 'ms'): string {
  if (!Number.isFinite(ms)) return unit === 's' ? '--:--:--' : '--:--:--.---';
  const d = new Date(ms);
  const s = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return unit === 's' ? s : `${s}.${pad(d.getMilliseconds(), 3)}`;
}

/** One field of a line: one line, invisible characters shown, at most `max` characters plus an ellipsis. */
export function lineField(s: string, max: number): string {
  const cut = s.length > max ? truncate(s, max) : s;
  return displayLine(cut.replace(/\s+/g, ' '), max + 1);
}

/** A Device Cloud device id, `00000000-00000000-00409DFF-FF458726`. */
const DEVICE_ID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}/;
const DEVICE_PREFIX = /* @__PURE__ */ new RegExp(`^${DEVICE_ID.source}/`);

type Fields = Record<string, unknown>;
const asFields = (v: unknown): Fields | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : undefined);

/** A value as one capped line; '' for none. XML elements with attributes keep their text in `#text`. */
function text(v: unknown, max = 60): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return lineField(v, max);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  const r = asFields(v);
  if (r && '#text' in r) return text(r['#text'], max);
  return typeof v === 'object' ? lineField(previewJson(v, max), max) : '';
}

/** First defined of `keys` in `d` or in `d.id` (Remote Manager nests some keys under id). */
function field(d: Fields, ...keys: string[]): unknown {
  const id = asFields(d.id);
  for (const k of keys) {
    if (d[k] !== undefined) return d[k];
    if (id?.[k] !== undefined) return id[k];
  }
  return undefined;
}

/** Best-effort device id of an event (devConnectwareId, else the first id in the topic, streamId or almsSourceEntityId), for display and filtering. */
export function eventDeviceId(event: EventLike): string | undefined {
  const d = asFields(event.data) ?? {};
  if (typeof d.devConnectwareId === 'string') return d.devConnectwareId;
  for (const v of [event.topic, field(d, 'streamId'), field(d, 'almsSourceEntityId')]) {
    const m = typeof v === 'string' ? DEVICE_ID.exec(v) : null;
    if (m) return m[0];
  }
  return undefined;
}

/** ` key=value` when there is a value. */
const labelled = (key: string, value: string) => (value ? ` ${key}=${value}` : '');

/** A stream id without its device id. */
function streamText(v: unknown): string {
  return text(typeof v === 'string' ? v.replace(DEVICE_PREFIX, '') : v, 120);
}

const BYTES = /* @__PURE__ */ new Intl.NumberFormat('en-US');
/** `1,234 bytes` for a whole number; other text as it is. */
function byteSize(v: unknown): string {
  const s = text(v, 30);
  return /^\d{1,15}$/.test(s) ? `${BYTES.format(Number(s))} bytes` : s && `${s} bytes`;
}

const ALARM_STATUS: Record<string, string> = { '0': 'reset', '1': 'triggered', '2': 'acknowledged' };

function dataPoint(d: Fields): string {
  const stream = field(d, 'streamId');
  const value = field(d, 'data', 'value');
  if (stream === undefined && value === undefined) return members(d);
  const units = text(field(d, 'streamUnits', 'units'), 20);
  return `${streamText(stream) || '?'}=${text(value, 100)}${units ? ` ${units}` : ''}`;
}

function deviceCore(d: Fields): string {
  const status = field(d, 'dpConnectionStatus');
  const conn = status === undefined ? '' : text(status) === '1' ? 'connected' : 'disconnected';
  const s = `${conn}${labelled('ip', text(field(d, 'dpLastKnownIp'), 45))}${labelled('type', text(field(d, 'dpDeviceType'), 40))}${labelled('firmware', text(field(d, 'dpFirmwareLevelDesc'), 40))}`;
  return s.trim() || members(d);
}

function fileData(d: Fields): string {
  const path = text(field(d, 'fdPath'), 160) + text(field(d, 'fdName'), 120);
  const size = byteSize(field(d, 'fdSize'));
  const type = text(field(d, 'fdContentType'), 40);
  return [path || '?', size, type].filter(Boolean).join(' ');
}

function alarm(d: Fields): string {
  const status = text(field(d, 'almsStatus'));
  const state = status && (ALARM_STATUS[status] ?? `status=${status}`);
  return `alarm=${text(field(d, 'almId')) || '?'}${state ? ` ${state}` : ''}${labelled('topic', text(field(d, 'almsTopic'), 60))}${labelled('source', text(field(d, 'almsSourceEntityId'), 100))}`;
}

function dataStream(d: Fields): string {
  const stream = field(d, 'streamId');
  const current = field(asFields(d.currentValue) ?? {}, 'data', 'value');
  if (stream === undefined && current === undefined) return members(d);
  return `${streamText(stream) || '?'}${labelled('current', text(current, 100))}`;
}

/** `key=value` of the first members, until the summary is long enough. */
function members(d: Fields): string {
  const parts: string[] = [];
  let len = 0;
  for (const k of Object.keys(d)) {
    if (len > SUMMARY_MAX) break;
    const part = `${lineField(k, 40)}=${text(d[k])}`;
    parts.push(part);
    len += part.length + 1;
  }
  return parts.join(' ');
}

const SUMMARIES: Record<string, (d: Fields) => string> = {
  DataPoint: dataPoint,
  DeviceCore: deviceCore,
  FileData: fileData,
  FileDataCore: fileData,
  AlarmStatus: alarm,
  Alarm: alarm,
  DataStream: dataStream,
};

/** Cuts a summary whose parts are already safe to show, not inside a ⟨U+XXXX⟩ mark. */
function cap(s: string): string {
  if (s.length <= SUMMARY_MAX) return s;
  let cut = truncate(s, SUMMARY_MAX).slice(0, -1);
  const open = cut.lastIndexOf('⟨');
  if (open > cut.lastIndexOf('⟩')) cut = cut.slice(0, open);
  return `${cut}…`;
}

/** The type-specific one-line summary of an event (see the top of this file); '' when there is nothing to say. */
export function eventSummary(e: EventLike): string {
  const d = asFields(e.data);
  const summarize = Object.prototype.hasOwnProperty.call(SUMMARIES, e.type) ? SUMMARIES[e.type] : members;
  const s = d ? summarize(d) : text(e.data, SUMMARY_MAX);
  // Nothing in the data: the topic path says which resource it is.
  return cap(s || text(String(e.topic).slice(0, 1000).split('/').slice(2).join('/'), 120));
}
