// Where a generated event carries its global sequence number, so tests can prove that
// nothing was lost, duplicated or reordered end to end.
//
// Every generated (and burst) event has an *event UUID* shaped like a time-based UUID
// (v1): time fields from the event time, clock_seq fixed to `8d5e` (the marker that
// says "simulator sequence"), and the 48-bit node field = the sequence number in 12 hex
// digits, e.g. `1c8f3a40-6b2e-11ef-8d5e-00000000002a` is event 42. It sits in a field
// that a real event of that resource can hold:
//
//   DataPoint    data.id                  (real DataPoints have a v1 UUID id)
//   DeviceCore   data.dpUserMetaData      (free-text user metadata of the device)
//   FileData     data.id.fdName           (`<uuid>.json`; also inside the Base64 fdData)
//   AlarmStatus  data.almsPayload         (XML of the causing DataPoint: `<id><uuid></id>`)
//
// The same UUID is reported as monLastSentUuid. Custom events published through
// `publish()` carry no sequence number (sequenceOf returns undefined for them unless
// their data happens to hold such a UUID).

import type { PushEvent } from '../core';

export const SEQUENCE_CLOCK_SEQ = '8d5e';
const UUID_RE = /([0-9a-f]{8})-([0-9a-f]{4})-1([0-9a-f]{3})-8d5e-([0-9a-f]{12})/i;
/** 100-ns intervals between 1582-10-15 (UUID epoch) and 1970-01-01. */
const UUID_EPOCH_OFFSET = 0x01b21dd213814000n;

/** The event UUID for sequence `seq` at `timeMs`. */
export function eventUuid(seq: number, timeMs: number): string {
  return uuidPrefix(timeMs) + seqHex(seq);
}

/** Everything before the 12 sequence digits (`tttttttt-tttt-1ttt-8d5e-`); burst reuses it. */
export function uuidPrefix(timeMs: number): string {
  const t = BigInt(Math.floor(timeMs)) * 10000n + UUID_EPOCH_OFFSET;
  const low = (t & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((t >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const high = ((t >> 48n) & 0x0fffn).toString(16).padStart(3, '0');
  return `${low}-${mid}-1${high}-${SEQUENCE_CLOCK_SEQ}-`;
}

export function seqHex(seq: number): string {
  return seq.toString(16).padStart(12, '0');
}

/** Sequence number encoded in a UUID (or any text holding one), else undefined. */
export function sequenceFromText(text: string): number | undefined {
  const m = UUID_RE.exec(text);
  return m ? parseInt(m[4], 16) : undefined;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function scan(v: unknown, depth: number): number | undefined {
  if (typeof v === 'string') return sequenceFromText(v);
  if (depth > 4 || v === null || typeof v !== 'object') return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const s = scan(x, depth + 1);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** The field named in the table above for `type`, or undefined. */
function knownField(type: string, data: Record<string, unknown>): unknown {
  switch (type) {
    case 'DataPoint':
      return data.id;
    case 'DeviceCore':
      return data.dpUserMetaData;
    case 'FileData':
      return record(data.id)?.fdName;
    case 'AlarmStatus':
      return data.almsPayload;
    default:
      return undefined;
  }
}

/** Sequence number of an event's resource object (`Msg.<type>`). */
export function sequenceOfData(type: string, data: unknown): number | undefined {
  const d = record(data);
  if (!d) return undefined;
  const field = knownField(type, d);
  if (typeof field === 'string') {
    const s = sequenceFromText(field);
    if (s !== undefined) return s;
  }
  return scan(d, 0);
}

/** Sequence number of a received event, or undefined for events the generator did not make. */
export function sequenceOf(event: PushEvent): number | undefined {
  return sequenceOfData(event.type, event.data);
}
