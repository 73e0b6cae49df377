// Events as the session worker hands them to the extension host (issue 14 §4): one message per
// batch, its fields in columns (one array per field, no object per event in transit), the
// payload as its JSON text. The host makes one small object per event from it (WireEvent) and
// parses the payload only when something reads `data` (a visible row, a filter, the detail
// pane, the Devices view), so 10,000 events a second do not mean 10,000 parsed trees a second
// in the shared extension host. No vscode import: the worker bundle uses this file too.

import type { EventFormat, PushEvent } from '../../../core';
import { eventDeviceId } from '../../../shared/eventText';

/** Decoded events of one or more blocks, columnar. Every array has one slot per event. */
export interface WireBatch {
  monitorId: number;
  /** The blocks in order: block id, receive time and how many of the events are its. */
  blocks: { blockId: number; receivedAt: number; count: number }[];
  topic: string[];
  type: string[];
  operation: string[];
  timestamp: string[];
  /** '' when the event has no group. */
  group: string[];
  /** 1 when the platform replayed it. */
  replay: number[];
  format: EventFormat[];
  /** JSON.stringify(data): the document's own text where the decoder found it exact. */
  json: string[];
  /** The device id the row shows ('' when none), found where the payload is parsed anyway. */
  device: string[];
  /** The event's own document text, only when the session keeps it (includeRaw). */
  raw?: (string | undefined)[];
}

/** Worker side: blocks appended as they are decoded, taken as one message. */
export class WireBatchBuilder {
  private b: WireBatch;
  constructor(private readonly monitorId: number) {
    this.b = WireBatchBuilder.empty(monitorId);
  }

  private static empty(monitorId: number): WireBatch {
    return { monitorId, blocks: [], topic: [], type: [], operation: [], timestamp: [], group: [], replay: [], format: [], json: [], device: [] };
  }

  get length(): number {
    return this.b.topic.length;
  }

  /** Appends a block; returns the characters of payload text it added. */
  add(events: readonly PushEvent[], blockId: number, receivedAt: number): number {
    const b = this.b;
    let chars = 0;
    b.blocks.push({ blockId, receivedAt, count: events.length });
    for (const e of events) {
      const i = b.topic.length;
      b.topic.push(e.topic);
      b.type.push(e.type);
      b.operation.push(e.operation);
      b.timestamp.push(e.timestamp);
      b.group.push(e.group ?? '');
      b.replay.push(e.replay ? 1 : 0);
      b.format.push(e.format);
      // undefined (an XML document without a value) stringifies to undefined: kept as 'null'.
      const json = e.dataJson ?? JSON.stringify(e.data) ?? 'null';
      b.json.push(json);
      chars += json.length;
      b.device.push(eventDeviceId(e) ?? '');
      if (e.raw !== undefined) {
        (b.raw ??= [])[i] = e.raw;
        chars += e.raw.length;
      }
    }
    return chars;
  }

  take(): WireBatch {
    const out = this.b;
    if (out.raw) out.raw.length = out.topic.length;
    this.b = WireBatchBuilder.empty(this.monitorId);
    return out;
  }
}

/** Worker side: one decoded block in columns. */
export function toWireBatch(events: readonly PushEvent[], monitorId: number, blockId: number, receivedAt: number): WireBatch {
  const b = new WireBatchBuilder(monitorId);
  b.add(events, blockId, receivedAt);
  return b.take();
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
  for (const col of [b.type, b.operation, b.timestamp, b.group, b.replay, b.format, b.json, b.device]) {
    if (!Array.isArray(col) || col.length !== n) throw new Error(`malformed batch from the session worker: columns of unequal length (${n} topics)`);
  }
  if (!Array.isArray(b.blocks) || b.blocks.reduce((sum, r) => sum + r.count, 0) !== n) throw new Error(`malformed batch from the session worker: its blocks do not count ${n} events`);
  const out: WireEvent[] = new Array(n);
  let i = 0;
  for (const run of b.blocks) {
    for (const end = i + run.count; i < end; i++) {
      const group = b.group[i];
      out[i] = new WireEvent(
        b.topic[i], intern(b.type[i]), intern(b.operation[i]), b.timestamp[i], group === '' ? undefined : intern(group),
        b.replay[i] === 1, intern(b.format[i]) as EventFormat, run.blockId, b.monitorId, run.receivedAt, b.json[i], b.device[i], b.raw?.[i],
      );
    }
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
