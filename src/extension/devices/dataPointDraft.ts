// Send Data Point as data: what the user typed (stream id, value, type and units of a new
// stream, timestamp), checked field by field before anything is sent, and the NewDataPoint
// it becomes. The vscode layer (sendDataPoint.ts) asks the questions and shows each
// field's reason while the user types (InputBox validateInput); the command's argument
// object is checked by the very same functions. Every message says what is wrong, never
// repeats more than a short cut of the input, and is translated by the caller's `t`.

import { DATA_STREAM_TYPES, NUMERIC_STREAM_TYPES, type DataStreamInfo, type DataStreamType, type NewDataPoint } from '../../core';
import { displayLine } from '../../shared/displayText';
import type { Translate } from '../l10n';

export interface DataPointDraft {
  streamId: string;
  value: string;
  /** The stream's type: the existing stream's, or the one chosen for a new stream; absent = not known (generic checks only). */
  type?: DataStreamType;
  /** The stream does not exist yet: type and units go with the point and create it. */
  newStream: boolean;
  units?: string;
  /** ISO-8601 with a time zone; empty or absent = now (the service stamps the point). */
  timestamp?: string;
}

/** What the Send Data Point command accepts as its argument instead of asking (tests, links). */
export interface SendDataPointArgs {
  accountId: string;
  streamId: string;
  value: string;
  type?: DataStreamType;
  units?: string;
  timestamp?: string;
}

/** Characters XML 1.0 cannot carry (the point travels in an XML body), and unpaired surrogates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Controls, and invisible or direction-changing characters, that have no place in an id or units. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/;

const codePoint = (s: string, re: RegExp): string => {
  const m = re.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : '';
};

/** The stream type named by `text` (any case), or undefined. */
export function streamTypeOf(text: unknown): DataStreamType | undefined {
  if (typeof text !== 'string') return undefined;
  const up = text.trim().toUpperCase();
  return (DATA_STREAM_TYPES as readonly string[]).includes(up) ? (up as DataStreamType) : undefined;
}

export const isNumericType = (type: DataStreamType | undefined): boolean => type !== undefined && NUMERIC_STREAM_TYPES.includes(type);

export function streamIdError(streamId: string, t: Translate): string | undefined {
  if (streamId.trim() === '') return t('Enter a stream id, e.g. 00000000-00000000-00409DFF-FF58175B/metrics/temperature.');
  if (INVISIBLE.test(streamId)) return t('The stream id contains an invisible or control character ({0}).', codePoint(streamId, INVISIBLE));
  if (streamId !== streamId.trim()) return t('The stream id starts or ends with a space.');
  const segments = streamId.split('/');
  if (segments.some((s) => s === '')) return t('The stream id has an empty path segment (a leading, trailing or doubled "/").');
  if (segments.some((s) => s.trim() !== s)) return t('A path segment of the stream id starts or ends with a space.');
  if (segments.some((s) => s === '.' || s === '..')) return t('The stream id cannot have "." or ".." as a path segment.');
  return undefined;
}

const INT32: readonly [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const INT64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const FLOAT_MAX = 3.4028234663852886e38;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const WHOLE = /^[+-]?\d+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function integerError(text: string, type: 'INTEGER' | 'LONG', t: Translate): string | undefined {
  const [min, max] = type === 'INTEGER' ? INT32 : INT64;
  if (!DECIMAL.test(text)) return t('A {0} stream takes a whole number (like 42 or -7); this is not a number.', type);
  if (!WHOLE.test(text)) return t('A {0} stream takes a whole number (like 42 or -7), without a fraction or exponent.', type);
  const n = BigInt(text);
  if (n < min || n > max) return t('A {0} stream takes a whole number from {1} to {2}.', type, min.toString(), max.toString());
  return undefined;
}

function decimalError(text: string, type: 'FLOAT' | 'DOUBLE', t: Translate): string | undefined {
  if (!DECIMAL.test(text)) return t('A {0} stream takes a number (like 21.5 or -3e2); this is not a number.', type);
  const n = Number(text);
  if (!Number.isFinite(n) || (type === 'FLOAT' && Math.abs(n) > FLOAT_MAX)) return t('The number is too large for a {0} stream.', type);
  return undefined;
}

function jsonError(text: string, type: 'JSON' | 'GEOJSON', t: Translate): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return t('A {0} stream takes JSON text: {1}', type, displayLine((e as Error).message, 120));
  }
  if (type === 'GEOJSON' && (v === null || typeof v !== 'object' || Array.isArray(v) || typeof (v as { type?: unknown }).type !== 'string')) {
    return t('A GEOJSON stream takes a GeoJSON object with a "type" member, like {"type":"Point","coordinates":[8.5,47.4]}.');
  }
  return undefined;
}

/** Why `value` cannot be written to a stream of `type` (unknown type: generic checks only), or undefined. */
export function valueError(value: string, type: DataStreamType | undefined, t: Translate): string | undefined {
  if (value.trim() === '') return t('Enter a value.');
  if (NOT_XML.test(value)) return t('The value contains a character a data point cannot carry ({0}).', codePoint(value, NOT_XML));
  const text = value.trim();
  switch (type) {
    case 'INTEGER':
    case 'LONG':
      return integerError(text, type, t);
    case 'FLOAT':
    case 'DOUBLE':
      return decimalError(text, type, t);
    case 'JSON':
    case 'GEOJSON':
      return jsonError(text, type, t);
    case 'BINARY':
      return BASE64.test(text) ? undefined : t('A BINARY stream takes base64 text (A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4).');
    default:
      return undefined;
  }
}

export function unitsError(units: string, t: Translate): string | undefined {
  if (INVISIBLE.test(units)) return t('The units contain an invisible or control character ({0}).', codePoint(units, INVISIBLE));
  return undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms of an ISO-8601 date-time with a time zone, or a reason it is not one. Empty = now (undefined ms). */
export function parseTimestamp(text: string, t: Translate): { ms?: number; error?: string } {
  const s = text.trim();
  if (s === '') return {};
  const m = ISO.exec(s);
  if (!m) return { error: t('Enter the time as ISO-8601, like 2026-03-01T12:30:00Z, or leave it empty for now.') };
  if (!m[8]) return { error: t('Add a time zone to the time: Z for UTC or an offset like +01:00.') };
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const daysInMonth = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) return { error: t('There is no such date.') };
  if (h > 23 || mi > 59 || sec > 59) return { error: t('There is no such time of day.') };
  const zone = m[8].toUpperCase();
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.length === 3 ? '00' : zone.slice(-2)}`;
  if (zone !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59)) return { error: t('There is no such time zone offset.') };
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ? `.${m[7].slice(0, 3).padEnd(3, '0')}` : ''}${offset}`);
  if (!Number.isFinite(ms)) return { error: t('There is no such date.') };
  return { ms };
}

export const timestampError = (text: string, t: Translate): string | undefined => parseTimestamp(text, t).error;

/** The first problem of a whole draft, or undefined when it can be sent. */
export function draftError(d: DataPointDraft, t: Translate): string | undefined {
  return (
    streamIdError(d.streamId, t) ??
    valueError(d.value, d.type, t) ??
    (d.units !== undefined ? unitsError(d.units, t) : undefined) ??
    (d.timestamp !== undefined ? timestampError(d.timestamp, t) : undefined)
  );
}

/** The point to write (check draftError first: this throws on a draft that has a problem). */
export function toNewDataPoint(d: DataPointDraft, t: Translate): NewDataPoint {
  const problem = draftError(d, t);
  if (problem) throw new Error(problem);
  // Numbers go as the text typed (trimmed): a LONG keeps every digit.
  const data = isNumericType(d.type) || d.type === 'JSON' || d.type === 'GEOJSON' || d.type === 'BINARY' ? d.value.trim() : d.value;
  const point: NewDataPoint = { streamId: d.streamId, data };
  const ms = d.timestamp === undefined ? undefined : parseTimestamp(d.timestamp, t).ms;
  if (ms !== undefined) point.timestamp = ms;
  if (d.newStream) {
    if (d.type) point.streamType = d.type;
    if (d.units?.trim()) point.streamUnits = d.units.trim();
  }
  return point;
}

/** `metrics/temperature = 21.5 C` for messages (cut, invisible characters shown). */
export function describePoint(d: Pick<DataPointDraft, 'streamId' | 'value' | 'units'>): string {
  const units = d.units?.trim() ? ` ${displayLine(d.units.trim(), 20)}` : '';
  return `${displayLine(d.streamId, 160)} = ${displayLine(d.value, 80)}${units}`;
}

/**
 * The command's argument object, checked for shape (its fields are then checked like typed
 * input): `{ accountId, streamId, value, type?, units?, timestamp? }`. A number or boolean
 * value is taken as its text. Returns the reason when it is not such an object.
 */
export function parseSendArgs(arg: unknown, t: Translate): SendDataPointArgs | string {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return t('expected an object { accountId, streamId, value, type?, units?, timestamp? }');
  const a = arg as Record<string, unknown>;
  if (typeof a.accountId !== 'string' || a.accountId === '') return t('accountId must be a non-empty string');
  if (typeof a.streamId !== 'string') return t('streamId must be a string');
  const value = typeof a.value === 'string' ? a.value : typeof a.value === 'number' && Number.isFinite(a.value) ? String(a.value) : typeof a.value === 'boolean' ? String(a.value) : undefined;
  if (value === undefined) return t('value must be a string, a finite number or a boolean');
  const out: SendDataPointArgs = { accountId: a.accountId, streamId: a.streamId, value };
  if (a.type !== undefined) {
    const type = streamTypeOf(a.type);
    if (!type) return t('type must be one of {0}', DATA_STREAM_TYPES.join(', '));
    out.type = type;
  }
  for (const k of ['units', 'timestamp'] as const) {
    if (a[k] === undefined) continue;
    if (typeof a[k] !== 'string') return t('{0} must be a string', k);
    out[k] = a[k];
  }
  return out;
}

/**
 * The draft an argument object asks for, given the stream as it exists (undefined: a new
 * one). An existing stream's type and units win; a `type` that contradicts them is refused.
 * The draft still has to pass draftError.
 */
export function draftForArgs(args: SendDataPointArgs, existing: DataStreamInfo | undefined, t: Translate): DataPointDraft | string {
  const existingType = existing ? streamTypeOf(existing.dataType) : undefined;
  if (existing && args.type && existingType && args.type !== existingType) {
    return t('{0} is a {1} stream; a {2} point cannot be written to it.', args.streamId, existingType, args.type);
  }
  const draft: DataPointDraft = { streamId: args.streamId, value: args.value, newStream: !existing };
  const type = existing ? existingType : args.type;
  if (type) draft.type = type;
  const units = existing ? existing.units : args.units;
  if (units !== undefined) draft.units = units;
  if (args.timestamp !== undefined) draft.timestamp = args.timestamp;
  return draft;
}
