// One greppable line per event for the events output channel:
//   HH:MM:SS.mmm [DataPoint] <device> INSERTION temperature=21.5 C  #12
// The time is the event's own timestamp (local time), so replayed events show when they
// happened; the monitor id at the end tells sessions apart in one channel.
//
// Every field comes from the device or the server, so every field is one line (whitespace
// runs become one space: a payload cannot start a line of its own), has invisible and
// bidi characters shown as ⟨U+XXXX⟩ marks, and is cut with an ellipsis at the length in
// LINE_FIELD_MAX (characters, before marks).

import { eventDeviceId, type GapMarker, type PushEvent } from '../../core/events';
import { previewJson } from '../../shared/jsonText';
import { displayLine, truncate } from '../../shared/displayText';

/** Longest text of each field of an events-output line (characters), before the ellipsis. */
export const LINE_FIELD_MAX = {
  type: 40,
  device: 64,
  operation: 24,
  /** The type-specific part as a whole (its parts have their own, smaller caps). */
  summary: 300,
  /** A gap's or a session state's reason. */
  reason: 200,
  /** A session label. */
  label: 80,
} as const;

/** One field of a line: one line, invisible characters shown, at most `max` characters plus an ellipsis. */
export function lineField(s: string, max: number): string {
  const cut = s.length > max ? truncate(s, max) : s;
  return displayLine(cut.replace(/\s+/g, ' '), max + 1);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time `HH:MM:SS.mmm`. */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function eventTime(e: PushEvent): number {
  const t = Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : e.receivedAt;
}

type Fields = Record<string, unknown>;
const asFields = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});

/** Values from JSON keep their types; XML gives strings; objects are compacted (never String() on them: `{"toString":1}` throws). Long values are cut. */
function show(v: unknown, max = 60): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? previewJson(v, max * 2) : String(v as string | number | boolean);
  return lineField(s, max);
}

const DEVICE_PREFIX = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}\/?/;

/** Short name of a data stream: drops the device id, keeps the last path element (or two when the last is an index). */
export function streamName(streamId: string): string {
  const rest = streamId.replace(DEVICE_PREFIX, '');
  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 0) return streamId;
  const last = parts[parts.length - 1];
  return /^\d+$/.test(last) && parts.length > 1 ? `${parts[parts.length - 2]}/${last}` : last;
}

const ALARM_STATUS: Record<string, string> = { '0': 'reset', '1': 'triggered', '2': 'acknowledged' };

/** The type-specific part of a line. */
export function summarizeEvent(e: PushEvent): string {
  const d = asFields(e.data);
  switch (e.type) {
    case 'DataPoint': {
      const name = typeof d.streamId === 'string' ? show(streamName(d.streamId)) : '?';
      const units = typeof d.streamUnits === 'string' && d.streamUnits ? ` ${show(d.streamUnits, 20)}` : '';
      return `${name}=${show(d.data)}${units}`;
    }
    case 'DeviceCore': {
      const status = d.dpConnectionStatus === undefined ? '' : show(d.dpConnectionStatus) === '1' ? 'connected' : 'disconnected';
      const ip = d.dpLastKnownIp ? ` ip=${show(d.dpLastKnownIp)}` : '';
      const type = d.dpDeviceType ? ` type=${show(d.dpDeviceType, 30)}` : '';
      return `${status}${ip}${type}`.trim();
    }
    case 'FileData':
    case 'FileDataCore': {
      const id = asFields(d.id);
      const name = `${show(id.fdPath, 120)}${show(id.fdName)}`;
      const size = d.fdSize !== undefined ? ` ${show(d.fdSize)} bytes` : '';
      const type = d.fdContentType ? ` ${show(d.fdContentType, 40)}` : '';
      return `${name}${size}${type}`.trim();
    }
    case 'AlarmStatus': {
      const id = asFields(d.id);
      const status = d.almsStatus === undefined ? '' : (ALARM_STATUS[show(d.almsStatus)] ?? `status=${show(d.almsStatus)}`);
      return `alarm=${show(id.almId)} ${status}${d.almsTopic ? ` ${show(d.almsTopic, 40)}` : ''}`.trim();
    }
    case 'DataStream': {
      const name = typeof d.streamId === 'string' ? show(streamName(d.streamId)) : '?';
      const cur = asFields(d.currentValue);
      return cur.data !== undefined ? `${name} current=${show(cur.data)}` : name;
    }
    default: {
      // Unknown resources: the topic path after `<cstId>/<Resource>/`.
      const path = lineField(e.topic, 1000).split('/').slice(2).join('/');
      return show(path, 80);
    }
  }
}

export function formatEventLine(e: PushEvent): string {
  const device = lineField(eventDeviceId(e) ?? '-', LINE_FIELD_MAX.device);
  const summary = lineField(summarizeEvent(e), LINE_FIELD_MAX.summary);
  const replay = e.replay ? ' (replay)' : '';
  const type = lineField(e.type, LINE_FIELD_MAX.type);
  const op = lineField(e.operation, LINE_FIELD_MAX.operation);
  return `${clock(eventTime(e))} [${type}] ${device} ${op}${summary ? ` ${summary}` : ''}${replay}  #${e.monitorId}`;
}

export function formatGapLine(g: GapMarker): string {
  const secs = ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1);
  return `${clock(g.reconnectedAt)} [gap] disconnected at ${clock(g.disconnectedAt)} for ${secs} s: ${lineField(g.reason, LINE_FIELD_MAX.reason)}  #${g.monitorId}`;
}
