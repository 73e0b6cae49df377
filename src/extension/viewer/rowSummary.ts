// The one-line display strings of a row: times, type, device, operation and a summary
// chosen per resource type. Everything here reads untrusted payloads, so every string
// leaves through displayLine (controls and bidi characters made visible, length cut) and
// nothing is serialised without a bound.

import { eventDeviceId, type GapMarker, type PushEvent, type SessionItem } from '../../core/events';
import type { RowDto } from '../../shared/viewerProtocol';
import { displayLine } from '../../shared/displayText';
import { previewJson } from '../../shared/jsonText';

export const SUMMARY_MAX = 240;

export type RowStrings = Omit<RowDto, 'ord' | 'source'>;

const p2 = (n: number) => (n < 10 ? '0' : '') + n;
const p3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** Local wall-clock time HH:MM:SS.mmm. */
export function clockTime(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--.---';
  const d = new Date(ms);
  return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${p3(d.getMilliseconds())}`;
}

/** Server timestamp for the list: local clock time when it parses as a date, else the text (cut). */
export function serverTime(ts: string): string {
  if (!ts) return '';
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? clockTime(ms) : displayLine(ts, 24);
}

const rec = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A scalar as text; objects as a short JSON preview. Bounded. */
function text(v: unknown, max = 80): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.length > max ? v.slice(0, max) + '…' : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  const r = rec(v);
  // fast-xml-parser puts element text next to attributes as #text
  if (r && '#text' in r) return text(r['#text'], max);
  return previewJson(v, max);
}

/** First defined of `keys` in `d` or in `d.id` (Remote Manager nests keys under id). */
function field(d: Record<string, unknown>, ...keys: string[]): unknown {
  const id = rec(d.id);
  for (const k of keys) {
    if (d[k] !== undefined) return d[k];
    if (id && id[k] !== undefined) return id[k];
  }
  return undefined;
}

const ALARM_STATUS: Record<string, string> = { '0': 'reset', '1': 'triggered', '2': 'acknowledged' };

function dataPointSummary(d: Record<string, unknown>, device: string | undefined): string {
  if (field(d, 'streamId') === undefined && field(d, 'data', 'value') === undefined) return genericSummary(d);
  let stream = text(field(d, 'streamId'), 120);
  if (device && stream.toLowerCase().startsWith(device.toLowerCase() + '/')) stream = stream.slice(device.length + 1);
  const units = text(field(d, 'streamUnits', 'units'), 20);
  const value = text(field(d, 'data', 'value'), 100);
  return `${stream || '?'} = ${value}${units ? ' ' + units : ''}`;
}

function deviceCoreSummary(d: Record<string, unknown>): string {
  const status = field(d, 'dpConnectionStatus');
  const conn = status === undefined ? '' : String(text(status)) === '1' ? 'connected' : 'disconnected';
  const parts = [conn, text(field(d, 'dpDeviceType'), 40), text(field(d, 'dpLastKnownIp'), 45), text(field(d, 'dpFirmwareLevelDesc'), 40)];
  const s = parts.filter(Boolean).join(' · ');
  return s || genericSummary(d);
}

function fileDataSummary(d: Record<string, unknown>): string {
  const path = text(field(d, 'fdPath'), 160) + text(field(d, 'fdName'), 120);
  const size = field(d, 'fdSize');
  const type = text(field(d, 'fdContentType'), 40);
  return `${path || '?'}${size !== undefined ? ` (${text(size)} B)` : ''}${type ? ' ' + type : ''}`;
}

function alarmSummary(d: Record<string, unknown>): string {
  const id = text(field(d, 'almId'));
  const st = text(field(d, 'almsStatus'));
  const status = ALARM_STATUS[st] ?? st;
  const topic = text(field(d, 'almsTopic'), 60);
  const src = text(field(d, 'almsSourceEntityId'), 100);
  return [`alarm ${id || '?'}`, status, topic, src].filter(Boolean).join(' · ');
}

/** key=value of the first scalar members, bounded. */
export function genericSummary(d: unknown): string {
  const r = rec(d);
  if (!r) return text(d, SUMMARY_MAX);
  const parts: string[] = [];
  let len = 0;
  for (const k of Object.keys(r)) {
    if (len > SUMMARY_MAX) break;
    const v = r[k];
    const s = rec(v) && !('#text' in (v as object)) ? previewJson(v, 40) : text(v, 60);
    const part = `${k.length > 40 ? k.slice(0, 40) + '…' : k}=${s}`;
    parts.push(part);
    len += part.length + 1;
  }
  return parts.join(' ');
}

export function eventSummary(e: PushEvent, device: string | undefined): string {
  const d = rec(e.data);
  let s: string;
  if (!d) s = text(e.data, SUMMARY_MAX);
  else if (e.type === 'DataPoint') s = dataPointSummary(d, device);
  else if (e.type === 'DeviceCore') s = deviceCoreSummary(d);
  else if (e.type === 'FileData') s = fileDataSummary(d);
  else if (e.type === 'AlarmStatus' || e.type === 'Alarm') s = alarmSummary(d);
  else s = genericSummary(d);
  return displayLine(s, SUMMARY_MAX);
}

export function gapSummary(g: GapMarker): string {
  const secs = Number.isFinite(g.reconnectedAt - g.disconnectedAt) ? ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1) : '?';
  return displayLine(`Disconnected ${clockTime(g.disconnectedAt)}, back ${clockTime(g.reconnectedAt)} (${secs} s): ${g.reason}`, SUMMARY_MAX);
}

/** Device id used for display and the device filter ('' when none is known). */
export function itemDevice(item: SessionItem): string {
  if (item.kind !== 'event') return '';
  try {
    return eventDeviceId(item) ?? '';
  } catch {
    return '';
  }
}

/** All display strings of one row. */
export function rowStrings(seq: number, item: SessionItem, device: string): RowStrings {
  if (item.kind === 'gap') {
    return {
      seq,
      kind: 'gap',
      recv: clockTime(item.reconnectedAt),
      server: '',
      type: 'gap',
      device: '',
      op: '',
      summary: gapSummary(item),
      replay: false,
    };
  }
  return {
    seq,
    kind: 'event',
    recv: clockTime(item.receivedAt),
    server: serverTime(String(item.timestamp ?? '')),
    type: displayLine(String(item.type ?? ''), 40),
    device: displayLine(device, 64),
    op: displayLine(String(item.operation ?? ''), 16),
    summary: eventSummary(item, device || undefined),
    replay: item.replay === true,
  };
}
