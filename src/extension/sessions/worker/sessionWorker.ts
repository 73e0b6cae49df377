// The session worker's entry (bundled to dist/session-worker.js): one push session of one
// monitor, in a worker thread with a capped heap, away from the extension host every other
// extension shares. It receives, inflates, decodes and acknowledges; each decoded batch goes
// to the host in columns (wireEvent.ts), blocks gathered for up to FLUSH_MS into one message, and
// each block is acknowledged once the host says it stored the message holding it. Several
// messages may wait for the host at once (up to HIGH_WATER events), so the host's event loop
// delay does not set the session's pace.
// No vscode import.

import { parentPort } from 'node:worker_threads';
import { describeError, PushClient, PushMonitorError, type BatchInfo, type Logger, type PushEvent, type PushSession, type SessionState } from '../../../core';
import type { HostToWorker, WireError, WireState, WorkerToHost } from './protocol';
import { WireBatchBuilder } from './wireEvent';

const port = parentPort;
if (!port) throw new Error('session-worker.js runs as a worker thread only');

const post = (m: WorkerToHost) => port.postMessage(m);

const wireError = (e: PushMonitorError): WireError => ({ code: e.code, message: e.message });

function wireState(s: SessionState): WireState {
  switch (s.kind) {
    case 'reconnecting':
      return { kind: 'reconnecting', attempt: s.attempt, delayMs: s.delayMs, retryAt: s.retryAt, reason: s.reason, error: wireError(s.error) };
    case 'failed':
      return { kind: 'failed', error: wireError(s.error) };
    default:
      return s;
  }
}

const logger: Logger = {
  trace: (message) => post({ type: 'log', level: 'trace', message }),
  debug: (message) => post({ type: 'log', level: 'debug', message }),
  info: (message) => post({ type: 'log', level: 'info', message }),
  warn: (message) => post({ type: 'log', level: 'warn', message }),
  error: (message) => post({ type: 'log', level: 'error', message }),
};

/** Blocks are gathered this long before they go to the host as one message (the newest event's delay). */
export const FLUSH_MS = 50;
/** A message goes at once when it has this many events, or this many characters of payload text. */
const FLUSH_EVENTS = 5000;
const FLUSH_CHARS = 1 << 20;
/** Events (or payload characters) decoded and not yet stored by the host past which decoding waits (backpressure). */
const HIGH_WATER = 20_000;
const HIGH_WATER_CHARS = 8 << 20;

let client: PushClient | undefined;
let session: PushSession | undefined;
let builder: WireBatchBuilder | undefined;
let gathered: (() => boolean)[] = [];
let flushTimer: NodeJS.Timeout | undefined;
let nextId = 1;
/** Messages posted to the host and not answered: their blocks' acks and event count. */
const waiting = new Map<number, { acks: (() => boolean)[]; count: number; chars: number }>();
let unstored = 0;
let unstoredChars = 0;
let gatheredChars = 0;
const below = () => unstored < HIGH_WATER && unstoredChars < HIGH_WATER_CHARS;
let resume: (() => void) | undefined;

function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (!builder || builder.length === 0) return;
  const id = nextId++;
  const batch = builder.take();
  waiting.set(id, { acks: gathered, count: batch.topic.length, chars: gatheredChars });
  gathered = [];
  gatheredChars = 0;
  post({ type: 'batch', id, batch });
}

/**
 * The batch callback (ack mode 'callback'). A block is gathered with the next ones for up to
 * FLUSH_MS and acknowledged (info.ack) only when the host answers that it stored the message
 * holding it: never `true` here. While HIGH_WATER events wait for the host, it returns a
 * promise, so the session decodes no further block until the host catches up.
 */
function deliver(events: PushEvent[], info: BatchInfo): Promise<boolean> | boolean {
  if (events.length === 0) return true;
  builder ??= new WireBatchBuilder(info.monitorId);
  const chars = builder.add(events, info.blockId, info.receivedAt);
  if (info.ack) gathered.push(info.ack);
  unstored += events.length;
  unstoredChars += chars;
  gatheredChars += chars;
  if (builder.length >= FLUSH_EVENTS || gatheredChars >= FLUSH_CHARS) flush();
  else flushTimer ??= setTimeout(flush, FLUSH_MS);
  if (below()) return false;
  flush();
  return new Promise<boolean>((r) => {
    resume = () => r(false);
  });
}

function answered(id: number, stored: boolean): void {
  const w = waiting.get(id);
  if (!w) return;
  waiting.delete(id);
  unstored -= w.count;
  unstoredChars -= w.chars;
  // Not stored: not acknowledged (with auto-replay the server sends it again after a reconnect).
  if (stored) for (const ack of w.acks) ack();
  if (below() && resume) {
    const r = resume;
    resume = undefined;
    r();
  }
}

async function stop(): Promise<void> {
  // Gathered or unanswered blocks are not acknowledged (replayed with auto-replay).
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  builder = undefined;
  gathered = [];
  gatheredChars = 0;
  waiting.clear();
  resume?.();
  resume = undefined;
  await session?.stop().catch(() => undefined);
  await client?.close().catch(() => undefined);
  post({ type: 'stopped' });
}

port.on('message', (m: HostToWorker) => {
  try {
    switch (m.type) {
      case 'start': {
        if (session) throw new Error('this worker runs a session already');
        client = new PushClient(m.client.credentials, { ...m.client.options, logger });
        session = client.createSession(deliver, m.monitorId, { includeDataJson: true, ...m.overrides, ackMode: 'callback' });
        session.on('state', (s) => post({ type: 'state', state: wireState(s) }));
        session.on('gap', (g) => post({ type: 'gap', disconnectedAt: g.disconnectedAt, reconnectedAt: g.reconnectedAt, reason: g.reason }));
        session.on('warning', (e) => post({ type: 'warning', error: wireError(e) }));
        post({ type: 'state', state: wireState(session.state) });
        break;
      }
      case 'stored':
        answered(m.id, m.stored === true);
        break;
      case 'reconnectNow':
        post({ type: 'reconnectNow', done: session?.reconnectNow() ?? false });
        break;
      case 'stop':
        void stop();
        break;
      default:
        break;
    }
  } catch (e) {
    const error = e instanceof PushMonitorError ? e : new PushMonitorError('INVALID_ARGUMENT', describeError(e));
    post({ type: 'state', state: { kind: 'failed', error: wireError(error) } });
  }
});
