// push-client's ndjson line of an event: exactly the text of JSON.stringify(eventRecord(e)),
// written without building the record (issue 14 §5: the record and its stringify cost more
// than decoding the event). Everything before the resource — receive time, monitor, block,
// type, operation, timestamp, topic, group, replay, format — repeats within a batch (and in
// a burst across batches), so its text is remembered for the last event seen; the resource
// is its source text where the decoder found that to be exactly its JSON (PushEvent.dataJson),
// else JSON.stringify of it. Anything unusual (a field of the wrong type, a resource too deep
// for JSON.stringify) is left to the general path: the record through the formatter's writer.
// writeNdjsonLines writes the same lines as UTF-8 into an OutputBuffer, copying the text
// before each resource as bytes encoded once per envelope.

import { isoLocal, type PushEvent } from '../../core';
import type { OutputBuffer } from './utf8Bytes';

/** The envelope fields the prefix is made of, as last seen. */
interface Envelope {
  receivedAt: number;
  monitorId: number;
  blockId: number;
  type: string;
  operation: string;
  timestamp: string;
  topic: string;
  group: string | undefined;
  replay: boolean;
  format: string;
}

let last: Envelope | undefined;
/** `{"receivedAt":…,"format":"json"` of `last`. */
let prefix = '';
/** UTF-8 of the prefix followed by `,"data":`, and by `}` and a newline (made when first needed). */
let prefixDataBytes: Buffer | undefined;
let prefixEndBytes: Buffer | undefined;
const LINE_END = Buffer.from('}\n');

const sameEnvelope = (e: PushEvent, l: Envelope): boolean =>
  // Object.is: NaN (an unknown receive time) equals itself here.
  Object.is(e.receivedAt, l.receivedAt) &&
  e.monitorId === l.monitorId &&
  e.blockId === l.blockId &&
  e.type === l.type &&
  e.operation === l.operation &&
  e.timestamp === l.timestamp &&
  e.topic === l.topic &&
  e.group === l.group &&
  Boolean(e.replay) === l.replay &&
  e.format === l.format;

function prefixFor(e: PushEvent): string {
  if (last === undefined || !sameEnvelope(e, last)) {
    const q = JSON.stringify;
    // The record's members in its order (eventRecord): an undefined group is left out, replay only when true.
    prefix =
      `{"receivedAt":${q(isoLocal(e.receivedAt))},"monitorId":${q(e.monitorId)},"blockId":${q(e.blockId)},` +
      `"type":${q(e.type)},"operation":${q(e.operation)},"timestamp":${q(e.timestamp)},"topic":${q(e.topic)}` +
      `${e.group === undefined ? '' : `,"group":${q(e.group)}`}${e.replay ? ',"replay":true' : ''},"format":${q(e.format)}`;
    last = {
      receivedAt: e.receivedAt, monitorId: e.monitorId, blockId: e.blockId, type: e.type, operation: e.operation,
      timestamp: e.timestamp, topic: e.topic, group: e.group, replay: Boolean(e.replay), format: e.format,
    };
    prefixDataBytes = undefined;
    prefixEndBytes = undefined;
  }
  return prefix;
}

/** Whether every envelope field has the type the decoder gives it (else: the general path). */
const usual = (e: PushEvent): boolean =>
  typeof e.type === 'string' &&
  typeof e.operation === 'string' &&
  typeof e.timestamp === 'string' &&
  typeof e.topic === 'string' &&
  typeof e.format === 'string' &&
  typeof e.monitorId === 'number' &&
  typeof e.blockId === 'number' &&
  typeof e.receivedAt === 'number' &&
  (e.group === undefined || typeof e.group === 'string');

/** The general path's answer (a field of an odd type, a resource too deep for JSON.stringify). */
const GENERAL = Symbol('general');

/**
 * The resource's JSON text (undefined: it has none, and the record leaves `data` out), or
 * GENERAL. Throws what JSON.stringify throws, except a RangeError (too deep).
 */
function resourceJson(e: PushEvent): string | undefined | typeof GENERAL {
  if (!usual(e)) return GENERAL;
  if (e.dataJson !== undefined) return e.dataJson;
  try {
    return JSON.stringify(e.data) as string | undefined;
  } catch (err) {
    if (err instanceof RangeError) return GENERAL;
    throw err;
  }
}

/**
 * The ndjson line of `e` (with its newline), or undefined when only the general path knows
 * the answer. Throws what JSON.stringify throws on the resource, except a RangeError (too
 * deep): undefined then.
 */
export function fastNdjsonLine(e: PushEvent): string | undefined {
  const data = resourceJson(e);
  if (data === GENERAL) return undefined;
  // An undefined resource is left out, as JSON.stringify leaves out an undefined member.
  return data === undefined ? prefixFor(e) + '}\n' : prefixFor(e) + ',"data":' + data + '}\n';
}

/**
 * Writes the ndjson lines of events[0..count) to `out` as UTF-8: the bytes of fastNdjsonLine's
 * text, or of `general(e)` where it has none.
 */
export function writeNdjsonLines(events: readonly PushEvent[], count: number, out: OutputBuffer, general: (e: PushEvent) => string): void {
  for (let i = 0; i < count; i++) {
    const e = events[i];
    const data = resourceJson(e);
    if (data === GENERAL) {
      out.writeText(general(e));
    } else if (data === undefined) {
      const text = prefixFor(e);
      out.writeBytes((prefixEndBytes ??= Buffer.from(text + '}\n')));
    } else {
      const text = prefixFor(e);
      out.writeBytes((prefixDataBytes ??= Buffer.from(text + ',"data":')));
      out.writeText(data);
      out.writeBytes(LINE_END);
    }
  }
}
