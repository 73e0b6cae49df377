// The session worker's entry (bundled to dist/session-worker.js): one push session of one
// monitor, in a worker thread with a capped heap, away from the extension host every other
// extension shares. It receives, inflates, decodes and acknowledges; each decoded batch goes
// to the host in columns (wireEvent.ts) and is acknowledged once the host says it stored it.
// No vscode import.

import { parentPort } from 'node:worker_threads';
import { describeError, PushClient, PushMonitorError, type Logger, type PushEvent, type PushSession, type SessionState } from '../../../core';
import type { HostToWorker, WireError, WireState, WorkerToHost } from './protocol';
import { toWireBatch } from './wireEvent';

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

let client: PushClient | undefined;
let session: PushSession | undefined;
let nextId = 1;
/** Batches posted to the host and not yet answered (one at a time: the session waits for each). */
const waiting = new Map<number, (stored: boolean) => void>();

/** The batch callback (ack mode 'callback'): resolves true once the host has stored the batch. */
function deliver(events: PushEvent[], info: { blockId: number; receivedAt: number; monitorId: number }): Promise<boolean> | boolean {
  if (events.length === 0) return true;
  const id = nextId++;
  const batch = toWireBatch(events, info.monitorId, info.blockId, info.receivedAt);
  return new Promise<boolean>((resolve) => {
    waiting.set(id, resolve);
    post({ type: 'batch', id, batch });
  });
}

async function stop(): Promise<void> {
  // Not stored: not acknowledged (replayed with auto-replay).
  for (const resolve of waiting.values()) resolve(false);
  waiting.clear();
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
      case 'stored': {
        const resolve = waiting.get(m.id);
        waiting.delete(m.id);
        resolve?.(m.stored === true);
        break;
      }
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
