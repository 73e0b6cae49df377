// push-client's ndjson line of an event: exactly the text of JSON.stringify(eventRecord(e)),
// written without building the record (issue 14 §5: the record and its stringify cost more
// than decoding the event). Everything before the resource — receive time, monitor, block,
// type, operation, timestamp, topic, group, replay, format — repeats within a batch (and in
// a burst across batches), so its text is remembered for the last event seen; the resource
// is its source text where the decoder found that to be exactly its JSON (PushEvent.dataJson),
// else JSON.stringify of it. Anything unusual (a field of the wrong type, a resource too deep
// for JSON.stringify) is left to the general path: the record through the formatter's writer.

import { isoLocal, type PushEvent } from '../../core';

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

/**
 * The ndjson line of `e` (with its newline), or undefined when only the general path knows
 * the answer. Throws what JSON.stringify throws on the resource, except a RangeError (too
 * deep): undefined then.
 */
export function fastNdjsonLine(e: PushEvent): string | undefined {
  if (!usual(e)) return undefined;
  let data = e.dataJson;
  if (data === undefined) {
    try {
      data = JSON.stringify(e.data) as string | undefined;
    } catch (err) {
      if (err instanceof RangeError) return undefined;
      throw err;
    }
  }
  // An undefined resource is left out, as JSON.stringify leaves out an undefined member.
  return data === undefined ? prefixFor(e) + '}\n' : prefixFor(e) + ',"data":' + data + '}\n';
}
