// Events as the session worker hands them to the extension host (issue 14 §4): one message per
// batch, its fields in columns (one array per field, no object per event in transit), the
// payload as its JSON text. The host makes one small object per event from it (WireEvent) and
// parses the payload only when something reads `data` (a visible row, a filter, the detail
// pane, the Devices view), so 10,000 events a second do not mean 10,000 parsed trees a second
// in the shared extension host. No vscode import: the worker bundle uses this file too.

import type { EventFormat, PushEvent } from '../../../core';
import { eventDeviceId } from '../../../shared/eventText';

/** One decoded batch, columnar. Every array has one slot per event. */
export interface WireBatch {
  monitorId: number;
  blockId: number;
  receivedAt: number;
  topic: string[];
  type: string[];
  operation: string[];
  timestamp: string[];
  /** '' when the event has no group. */
  group: string[];
  /** 1 when the platform replayed it. */
  replay: Uint8Array;
  format: EventFormat[];
  /** JSON.stringify(data): the document's own text where the decoder found it exact. */
  json: string[];
  /** The device id the row shows ('' when none), found where the payload is parsed anyway. */
  device: string[];
  /** The event's own document text, only when the session keeps it (includeRaw). */
  raw?: (string | undefined)[];
}

/** Worker side: a decoded batch in columns. */
export function toWireBatch(events: readonly PushEvent[], monitorId: number, blockId: number, receivedAt: number): WireBatch {
  const n = events.length;
  const b: WireBatch = {
    monitorId, blockId, receivedAt,
    topic: new Array(n), type: new Array(n), operation: new Array(n), timestamp: new Array(n), group: new Array(n),
    replay: new Uint8Array(n), format: new Array(n), json: new Array(n), device: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    b.topic[i] = e.topic;
    b.type[i] = e.type;
    b.operation[i] = e.operation;
    b.timestamp[i] = e.timestamp;
    b.group[i] = e.group ?? '';
    b.replay[i] = e.replay ? 1 : 0;
    b.format[i] = e.format;
    // undefined (an XML document without a value) stringifies to undefined: kept as 'null'.
    b.json[i] = e.dataJson ?? JSON.stringify(e.data) ?? 'null';
    b.device[i] = eventDeviceId(e) ?? '';
    if (e.raw !== undefined) (b.raw ??= new Array(n))[i] = e.raw;
  }
  return b;
}

/**
 * An event received through the worker. `data` is parsed from `dataJson` at each read and not
 * kept: what the host holds per event is the text, which is what the memory budget charges
 * (entrySize.ts). Readers that need the payload more than once cache what they derive (row
 * strings, device, search text) already.
 */
export class WireEvent implements PushEvent {
  readonly kind = 'event' as const;
  constructor(
    readonly topic: string,
    readonly type: string,
    readonly operation: string,
    readonly timestamp: string,
    readonly group: string | undefined,
    readonly replay: boolean,
    readonly format: EventFormat,
    readonly blockId: number,
    readonly monitorId: number,
    readonly receivedAt: number,
    readonly dataJson: string,
    /** The device id computed in the worker ('' when none). */
    readonly device: string,
    readonly raw?: string,
  ) {}

  get data(): unknown {
    return JSON.parse(this.dataJson);
  }

  /** JSON.stringify(event) writes the payload like a plain event's. */
  toJSON(): object {
    const { kind, topic, type, operation, timestamp, group, replay, format, blockId, monitorId, receivedAt, raw } = this;
    return { kind, topic, type, operation, timestamp, group, replay, data: this.data, format, blockId, monitorId, receivedAt, raw };
  }
}

export const isWireEvent = (v: unknown): v is WireEvent => v instanceof WireEvent;

/** Host side: the batch's events. Repeated short strings (type, operation, format, group) are shared, not copied per event. */
export function fromWireBatch(b: WireBatch, intern: (s: string) => string = internShort): WireEvent[] {
  const n = b.topic.length;
  for (const col of [b.type, b.operation, b.timestamp, b.group, b.format, b.json, b.device]) {
    if (!Array.isArray(col) || col.length !== n) throw new Error(`malformed batch from the session worker: columns of unequal length (${n} topics)`);
  }
  const out: WireEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const group = b.group[i];
    out[i] = new WireEvent(
      b.topic[i], intern(b.type[i]), intern(b.operation[i]), b.timestamp[i], group === '' ? undefined : intern(group),
      b.replay[i] === 1, intern(b.format[i]) as EventFormat, b.blockId, b.monitorId, b.receivedAt, b.json[i], b.device[i], b.raw?.[i],
    );
  }
  return out;
}

const SHORT = new Map<string, string>();
/** One copy of each short repeated string (bounded: past 1,000 distinct values it stops learning). */
export function internShort(s: string): string {
  if (s.length > 64) return s;
  const known = SHORT.get(s);
  if (known !== undefined) return known;
  if (SHORT.size < 1000) SHORT.set(s, s);
  return s;
}
