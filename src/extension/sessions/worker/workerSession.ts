// The extension host's side of a push session run in a worker thread (sessionWorker.ts). To
// LiveSession it looks like the core's PushSession (state, gap and warning events, stop,
// reconnectNow); batches arrive as columns (wireEvent.ts), go to `deliver` — the viewer's
// store first — and only its answer lets the worker acknowledge them.
//
// The worker's heap is capped (resourceLimits). A worker that ends unasked (an uncaught error,
// the heap cap) is started again after a backoff, shown as 'reconnecting' with the reason; the
// batch it held was not acknowledged, so with auto-replay the server sends it again, and a gap
// marker says when the stream was broken. Five ends in a row with nothing stored in between
// fail the session.

import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeError, PushMonitorError, type GapMarker, type Logger, type PushEvent, type PushSessionEvents, type SessionState } from '../../../core';
import type { HostToWorker, WireError, WireState, WorkerClientConfig, WorkerToHost } from './protocol';
import { fromWireBatch } from './wireEvent';

/** Heap limits of a session worker (MiB): old generation, young generation. */
export const WORKER_HEAP_MB = { old: 64, young: 4 };
export const MAX_WORKER_RESTARTS = 5;
const RESTART_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];
const STOP_TIMEOUT_MS = 3000;

/** dist/session-worker.js beside the bundle this file is part of (dist/extension.js). */
export const defaultWorkerFile = () => path.join(__dirname, 'session-worker.js');

export interface WorkerSessionOptions {
  workerFile: string;
  client: WorkerClientConfig;
  monitorId: number;
  overrides?: Extract<HostToWorker, { type: 'start' }>['overrides'];
  /** The store's answer: true once the batch is stored (then the worker acknowledges it). */
  deliver: (events: PushEvent[]) => boolean;
  log: Logger;
  heapMb?: { old: number; young: number };
  restartDelaysMs?: readonly number[];
}

const toError = (e: WireError) => new PushMonitorError(e.code, e.message);

function sessionState(s: WireState): SessionState {
  if (s.kind === 'reconnecting') return { ...s, error: toError(s.error) };
  if (s.kind === 'failed') return { kind: 'failed', error: toError(s.error) };
  return s;
}

export class WorkerSession extends EventEmitter<PushSessionEvents> {
  readonly monitorId: number;
  private worker: Worker | undefined;
  private _state: SessionState = { kind: 'connecting', attempt: 0 };
  private stopping = false;
  private stopped: (() => void) | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Unasked ends since a batch was last stored. */
  private crashes = 0;
  /** When the last worker ended unasked (a gap is reported from then once the next one connects). */
  private brokenAt: { at: number; reason: string } | undefined;
  /** Batches stored through this session (all workers). */
  batchesStored = 0;
  workersStarted = 0;

  constructor(private readonly o: WorkerSessionOptions) {
    super();
    this.monitorId = o.monitorId;
  }

  get state(): SessionState {
    return this._state;
  }

  /** The worker thread now (tests). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  start(): this {
    this.spawn();
    return this;
  }

  private spawn(): void {
    this.restartTimer = undefined;
    if (this.stopping) return;
    const heap = this.o.heapMb ?? WORKER_HEAP_MB;
    const worker = new Worker(this.o.workerFile, { resourceLimits: { maxOldGenerationSizeMb: heap.old, maxYoungGenerationSizeMb: heap.young }, stdout: false, stderr: false });
    this.worker = worker;
    this.workersStarted++;
    worker.on('message', (m: WorkerToHost) => this.onMessage(worker, m));
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      this.onEnd(worker, why);
    };
    worker.on('error', (e) => end(describeError(e)));
    worker.on('exit', (code) => end(`exit code ${code}`));
    this.post({ type: 'start', client: this.o.client, monitorId: this.o.monitorId, overrides: this.o.overrides ?? {} });
  }

  private post(m: HostToWorker): void {
    this.worker?.postMessage(m);
  }

  private onMessage(worker: Worker, m: WorkerToHost): void {
    if (worker !== this.worker) return;
    switch (m.type) {
      case 'batch': {
        let stored = false;
        try {
          stored = this.o.deliver(fromWireBatch(m.batch)) === true;
        } catch (e) {
          this.warn(new PushMonitorError('CONSUMER_FAILED', `monitor ${this.monitorId}: a batch from the session worker was not stored: ${describeError(e)}`, { cause: e }));
        }
        if (stored) {
          this.batchesStored++;
          this.crashes = 0;
        }
        worker.postMessage({ type: 'stored', id: m.id, stored } satisfies HostToWorker);
        break;
      }
      case 'state': {
        const s = sessionState(m.state);
        if (this.stopping && s.kind !== 'stopped') return;
        if (s.kind === 'connected' && this.brokenAt) {
          const gap: GapMarker = { kind: 'gap', monitorId: this.monitorId, disconnectedAt: this.brokenAt.at, reconnectedAt: Date.now(), reason: this.brokenAt.reason };
          this.brokenAt = undefined;
          this.setState(s);
          this.emit('gap', gap);
          return;
        }
        this.setState(s);
        break;
      }
      case 'gap':
        this.emit('gap', { kind: 'gap', monitorId: this.monitorId, disconnectedAt: m.disconnectedAt, reconnectedAt: m.reconnectedAt, reason: m.reason });
        break;
      case 'warning':
        this.warn(toError(m.error));
        break;
      case 'log':
        this.o.log[m.level](m.message);
        break;
      case 'stopped':
        this.stopped?.();
        break;
      default:
        break;
    }
  }

  private warn(e: PushMonitorError): void {
    if (this.listenerCount('warning') > 0) this.emit('warning', e);
    else this.o.log.warn(e.message);
  }

  private setState(s: SessionState): void {
    this._state = s;
    this.emit('state', s);
  }

  /** A worker ended: asked (stop) or not (crash, heap cap). */
  private onEnd(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.stopped?.();
    if (this.stopping) return;
    this.crashes++;
    const reason = `the session worker ended (${why})`;
    this.o.log.warn(`monitor ${this.monitorId}: ${reason}`);
    this.brokenAt ??= { at: Date.now(), reason };
    const error = new PushMonitorError('UNREACHABLE', `monitor ${this.monitorId}: ${reason}`);
    if (this.crashes > MAX_WORKER_RESTARTS) {
      this.setState({ kind: 'failed', error: new PushMonitorError('UNREACHABLE', `monitor ${this.monitorId}: ${reason}; ${MAX_WORKER_RESTARTS} restarts in a row stored nothing, giving up`) });
      return;
    }
    const delays = this.o.restartDelaysMs ?? RESTART_DELAYS_MS;
    const delayMs = delays[Math.min(this.crashes - 1, delays.length - 1)];
    this.setState({ kind: 'reconnecting', attempt: this.crashes, delayMs, retryAt: Date.now() + delayMs, reason: error.message, error });
    this.restartTimer = setTimeout(() => this.spawn(), delayMs);
  }

  /** Skips a backoff wait: the worker's own (socket) or ours (worker restart). */
  reconnectNow(): boolean {
    if (this._state.kind !== 'reconnecting' || this.stopping) return false;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.spawn();
      return true;
    }
    if (!this.worker) return false;
    this.post({ type: 'reconnectNow' });
    return true;
  }

  /** Stops the session in the worker (it closes the socket), then ends the worker. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    if (worker) {
      const done = new Promise<void>((resolve) => {
        this.stopped = resolve;
      });
      this.post({ type: 'stop' });
      const timer = setTimeout(() => this.stopped?.(), STOP_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      this.worker = undefined;
      await worker.terminate().catch(() => undefined);
    }
    this.setState({ kind: 'stopped' });
  }
}
