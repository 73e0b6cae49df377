// The decoder target: one case through FrameDecoder (as chunked), decodePublishMessage +
// decodePublishPayload for every PublishMessage, and the other body decoders. A finding is
// anything but a PushMonitorError as a rejection, a broken invariant, or a slow case.
//
// Invariants checked per case:
//  - every throw is a PushMonitorError (else 'untyped');
//  - after a decoder error every later push throws that same error;
//  - chunking does not change what is decoded: the frames of the chunked run equal those of
//    one push of all bytes (frames that precede an oversized header in the same push are
//    returned, with the error left in FrameDecoder.error);
//  - without an error, framed bytes + bufferedBytes == bytes pushed;
//  - decoded events are plain data: string envelope fields, no function or prototype as data,
//    blockId echoed, payload view exactly payloadSize bytes; Object/Array/Function/String
//    prototypes untouched (no member added, deleted or overwritten).

import { PushMonitorError } from '../src/core/errors';
import { FrameType, HEADER_SIZE } from '../src/core/protocol/constants';
import { FrameDecoder } from '../src/core/protocol/frameDecoder';
import { decodeAck, decodeConnectRequest, decodeConnectResponse, decodePublishMessage, type Frame } from '../src/core/protocol/frames';
import { decodePublishPayload } from '../src/core/protocol/payload';
import type { FuzzCase } from './fuzzMutate';

export type FindingKind = 'untyped' | 'invariant' | 'slow' | 'hang' | 'crash' | 'memory' | 'leak';

export interface Finding {
  kind: FindingKind;
  target: 'decoder' | 'session';
  index: number;
  message: string;
  recipe: string;
  stack?: string;
}

export interface DecoderTally {
  cases: number;
  frames: number;
  publish: number;
  events: number;
  /** Rejections by error code (PROTOCOL, FRAME_TOO_LARGE, PAYLOAD, …). */
  rejections: Record<string, number>;
  /** Cases where frames before an oversized header were dropped by a single push (known). */
  slowestMs: number;
  slowestIndex: number;
}

export function newTally(): DecoderTally {
  return { cases: 0, frames: 0, publish: 0, events: 0, rejections: {}, slowestMs: 0, slowestIndex: -1 };
}

export function mergeTally(into: DecoderTally, t: DecoderTally): void {
  into.cases += t.cases;
  into.frames += t.frames;
  into.publish += t.publish;
  into.events += t.events;
  for (const [k, v] of Object.entries(t.rejections)) into.rejections[k] = (into.rejections[k] ?? 0) + v;
  if (t.slowestMs > into.slowestMs) {
    into.slowestMs = t.slowestMs;
    into.slowestIndex = t.slowestIndex;
  }
}

/**
 * The built-in prototypes as they were before any case: every own member (names and symbols)
 * with its descriptor. A case that adds, deletes or overwrites one (Object.prototype.toString
 * replaced keeps the count of names the same) is a finding.
 */
const PROTOTYPES: readonly (readonly [string, object])[] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
type Snapshot = Map<string | symbol, PropertyDescriptor>;
const snapshot = (o: object): Snapshot => new Map(Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k) as PropertyDescriptor]));
const PROTO_SNAPSHOTS = PROTOTYPES.map(([name, o]) => [name, o, snapshot(o)] as const);
const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

/** The first difference from the snapshot, described; undefined when all are untouched. */
export function prototypeChange(): string | undefined {
  for (const [name, o, before] of PROTO_SNAPSHOTS) {
    const keys = Reflect.ownKeys(o);
    for (const k of keys) {
      const was = before.get(k);
      if (!was) return `${name}.${String(k)} was added`;
      if (!sameDescriptor(was, Object.getOwnPropertyDescriptor(o, k) as PropertyDescriptor)) return `${name}.${String(k)} was overwritten`;
    }
    if (keys.length !== before.size) for (const k of before.keys()) if (!keys.includes(k)) return `${name}.${String(k)} was deleted`;
    if (Object.getPrototypeOf(o) !== (o === Object.prototype ? null : Object.prototype)) return `the prototype of ${name} was replaced`;
  }
  return undefined;
}

class CaseFailure extends Error {
  constructor(
    readonly kind: FindingKind,
    message: string,
    readonly original?: unknown,
  ) {
    super(message);
  }
}

function typed(e: unknown, where: string): PushMonitorError {
  if (e instanceof PushMonitorError) return e;
  const err = e as Error;
  throw new CaseFailure('untyped', `${where} threw ${err?.constructor?.name ?? typeof e}: ${err?.message ?? String(e)}`, e);
}

function reject(tally: DecoderTally, e: PushMonitorError): void {
  tally.rejections[e.code] = (tally.rejections[e.code] ?? 0) + 1;
}

interface Decoded {
  frames: Frame[];
  error?: PushMonitorError;
  consumedOk: boolean;
}

function decodeStream(c: FuzzCase, chunked: boolean): Decoded {
  const d = new FrameDecoder({ maxFrameLength: c.maxFrameLength });
  const frames: Frame[] = [];
  let off = 0;
  const sizes = chunked ? c.chunks : [c.bytes.length];
  for (const n of sizes) {
    const chunk = c.bytes.subarray(off, off + n);
    off += n;
    try {
      for (const f of d.push(chunk)) frames.push(f);
      if (d.error) throw d.error;
    } catch (e) {
      const err = typed(e, 'FrameDecoder.push');
      try {
        d.push(Buffer.from([0, 4, 0, 0, 0, 4, 0, 1, 0, 200]));
        throw new CaseFailure('invariant', 'FrameDecoder accepted bytes after an error');
      } catch (again) {
        if (again instanceof CaseFailure) throw again;
        if (again !== err) throw new CaseFailure('invariant', 'FrameDecoder threw a different error after its first one', again);
      }
      return { frames, error: err, consumedOk: false };
    }
  }
  let framed = 0;
  for (const f of frames) framed += HEADER_SIZE + f.body.length;
  const consumedOk = framed + d.bufferedBytes === c.bytes.length;
  try {
    d.end();
  } catch (e) {
    return { frames, error: typed(e, 'FrameDecoder.end'), consumedOk };
  }
  return { frames, consumedOk };
}

function sameFrame(a: Frame, b: Frame): boolean {
  return a.type === b.type && a.body.equals(b.body);
}

function checkEvents(events: unknown[], blockId: number): void {
  for (const ev of events) {
    const e = ev as Record<string, unknown>;
    if (e.kind !== 'event') throw new CaseFailure('invariant', `event kind ${String(e.kind)}`);
    for (const k of ['topic', 'type', 'operation', 'timestamp']) {
      if (typeof e[k] !== 'string') throw new CaseFailure('invariant', `event.${k} is ${typeof e[k]}`);
    }
    if (e.group !== undefined && typeof e.group !== 'string') throw new CaseFailure('invariant', `event.group is ${typeof e.group}`);
    if (typeof e.replay !== 'boolean') throw new CaseFailure('invariant', 'event.replay is not boolean');
    if (e.blockId !== blockId) throw new CaseFailure('invariant', 'event.blockId differs from the frame');
    const data = e.data;
    if (typeof data === 'function' || data === Object.prototype || data === Array.prototype) {
      throw new CaseFailure('invariant', `event.data is ${typeof data === 'function' ? 'a function' : 'a prototype'} (type ${String(e.type)})`);
    }
  }
}

function decodeBody(frame: Frame, c: FuzzCase, tally: DecoderTally): void {
  try {
    switch (frame.type) {
      case FrameType.ConnectRequest:
        decodeConnectRequest(frame.body);
        break;
      case FrameType.ConnectResponse:
        decodeConnectResponse(frame.body);
        break;
      case FrameType.PublishMessageReceived:
        decodeAck(frame.body);
        break;
      case FrameType.PublishMessage: {
        const msg = decodePublishMessage(frame.body);
        if (msg.payload.length !== frame.body.readUInt32BE(6)) throw new CaseFailure('invariant', 'payload view length differs from payloadSize');
        tally.publish += 1;
        const { events } = decodePublishPayload(msg, { includeRaw: c.includeRaw, maxInflatedLength: 16 * 1024 * 1024, monitorId: 1, receivedAt: 0 });
        checkEvents(events, msg.blockId);
        tally.events += events.length;
        break;
      }
      default:
        break;
    }
  } catch (e) {
    if (e instanceof CaseFailure) throw e;
    reject(tally, typed(e, `decode of frame type ${frame.type}`));
  }
}

/** Runs one case; returns a finding or undefined. `tally` is updated. */
export function runDecoderCase(c: FuzzCase, tally: DecoderTally, slowMs = 2000): Finding | undefined {
  const started = performance.now();
  tally.cases += 1;
  try {
    const chunked = decodeStream(c, true);
    const whole = decodeStream(c, false);
    if (chunked.error) reject(tally, chunked.error);
    if (Boolean(chunked.error) !== Boolean(whole.error) || (chunked.error && whole.error && chunked.error.code !== whole.error.code)) {
      throw new CaseFailure('invariant', `chunking changed the outcome: chunked ${chunked.error?.code ?? 'ok'}, one push ${whole.error?.code ?? 'ok'}`);
    }
    const n = whole.frames.length;
    if (n !== chunked.frames.length) {
      throw new CaseFailure('invariant', `chunking changed the frames: ${chunked.frames.length} chunked, ${n} in one push`);
    }
    for (let i = 0; i < n; i++) if (!sameFrame(whole.frames[i], chunked.frames[i])) throw new CaseFailure('invariant', `frame ${i} differs between chunkings`);
    if (!chunked.error && !chunked.consumedOk) throw new CaseFailure('invariant', 'framed bytes + buffered bytes != bytes pushed');
    tally.frames += chunked.frames.length;
    for (const f of chunked.frames) decodeBody(f, c, tally);
    const changed = prototypeChange();
    if (changed) throw new CaseFailure('invariant', `built-in prototype modified: ${changed}`);
  } catch (e) {
    const f = e instanceof CaseFailure ? e : new CaseFailure('crash', `harness error: ${(e as Error)?.message}`, e);
    const orig = f.original as Error | undefined;
    return { kind: f.kind, target: 'decoder', index: c.index, message: f.message, recipe: c.recipe.join(' '), stack: (orig?.stack ?? f.stack)?.split('\n').slice(0, 6).join('\n') };
  } finally {
    const ms = performance.now() - started;
    if (ms > tally.slowestMs) {
      tally.slowestMs = ms;
      tally.slowestIndex = c.index;
    }
  }
  const ms = performance.now() - started;
  if (ms > slowMs) return { kind: 'slow', target: 'decoder', index: c.index, message: `case took ${ms.toFixed(0)} ms (bound ${slowMs} ms)`, recipe: c.recipe.join(' ') };
  return undefined;
}
