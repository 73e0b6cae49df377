// One DataPoint value as the chart reads it, whichever way it arrived: a live push
// (`Msg.DataPoint`, push-protocol §3.5) or a stored point read from the DataPoint history
// API (turned into the same event shape by the host). Pure: no DOM, no vscode, no core.
//
// A value is a number when the service sent a finite JSON number or a decimal string (the
// real service sends every scalar as a string). Anything else is kept as `v: null` with a
// short display text: the chart draws a gap there and counts it, never a 0.

import { displayLine } from '../displayText';

/** Stream types whose values are numbers (the core's NUMERIC_STREAM_TYPES; shared code may not import the core). */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['INTEGER', 'LONG', 'FLOAT', 'DOUBLE']);

export interface ChartPoint {
  /** The series it belongs to: `<account>|<stream id>` (account '' when there is one only). */
  key: string;
  /** Full stream id as sent, `<device id>/<path>` for device streams. */
  stream: string;
  /** Device id part of the stream id ('' for a stream of no device). */
  device: string;
  /** Stream path without the device id. */
  path: string;
  units: string;
  /** Stream type as sent, upper-cased ('' when unknown). */
  type: string;
  /** The point's time, epoch ms (its own timestamp; else when it was received). */
  t: number;
  /** The value, or null when it is not a number. */
  v: number | null;
  /** What was sent, as one short line, when it is not a number. */
  text?: string;
  /** The service's point id (dedupe across history and live). */
  id?: string;
  /** The viewer row it came from (clicking the point selects it). */
  seq?: number;
}

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const DEVICE_STREAM = /^([0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{8}){3})\/(.+)$/;
const MAX_TEXT = 60;
const MAX_KEY_PART = 500;

/** A finite number from a JSON number or a decimal string, else undefined. */
export function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length <= 100 && DECIMAL.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

type Fields = Record<string, unknown>;
const asFields = (v: unknown): Fields | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : undefined);
/** XML documents keep an element's text in `#text` when it has attributes. */
const scalar = (v: unknown): unknown => asFields(v)?.['#text'] ?? v;
const str = (v: unknown): string => {
  const s = scalar(v);
  return typeof s === 'string' ? s : typeof s === 'number' || typeof s === 'boolean' ? String(s) : '';
};

/** What the chart needs of an event (the core's PushEvent has it). */
export interface ChartEventLike {
  type: string;
  data: unknown;
  /** Envelope time, ISO-8601. */
  timestamp?: string;
  receivedAt?: number;
}

/** The chart point of a DataPoint event, or undefined for any other event (or one with no stream). */
export function chartPointOf(ev: ChartEventLike, opts: { seq?: number; account?: string } = {}): ChartPoint | undefined {
  if (ev.type !== 'DataPoint') return undefined;
  const d = asFields(ev.data);
  if (!d) return undefined;
  const stream = str(d.streamId).slice(0, MAX_KEY_PART);
  if (!stream) return undefined;
  const m = DEVICE_STREAM.exec(stream);
  const raw = scalar(d.data ?? d.value);
  const v = numericValue(raw);
  const t = numericValue(scalar(d.timestamp)) ?? (Number.isFinite(ev.receivedAt) ? (ev.receivedAt as number) : Date.parse(ev.timestamp ?? ''));
  if (!Number.isFinite(t)) return undefined;
  const p: ChartPoint = {
    key: `${opts.account ?? ''}|${stream}`,
    stream,
    device: m ? m[1] : '',
    path: m ? m[2] : stream,
    units: str(d.streamUnits ?? d.units).trim().slice(0, 40),
    type: str(d.streamType).toUpperCase().slice(0, 20),
    t,
    v: v ?? null,
  };
  if (v === undefined) p.text = displayLine(typeof raw === 'string' ? raw.slice(0, 200) : raw === undefined || raw === null ? '(no value)' : typeof raw === 'object' ? '(object)' : String(raw), MAX_TEXT);
  const id = str(d.id);
  if (id) p.id = id.slice(0, 100);
  if (opts.seq !== undefined) p.seq = opts.seq;
  return p;
}
