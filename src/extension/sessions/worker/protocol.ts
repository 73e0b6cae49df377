// Messages between the extension host and a session worker (one worker thread per push
// session, issue 14 §4). The worker owns the socket, inflate, decode and the acknowledgement;
// the host owns the store the user sees. A block is acknowledged by the worker only after the
// host answered `stored: true` for the message holding it (issue 14 §1: ack after the viewer's
// store holds it). Backpressure: past a bound of events the host has not answered for, the
// worker decodes nothing more until it has. No vscode import.

import type { Credentials, PushClientOptions, PushErrorCode, SessionDefaults, SessionState } from '../../../core';
import type { WireBatch } from './wireEvent';

/** What the worker needs to build the account's PushClient (no functions: it is cloned). */
export interface WorkerClientConfig {
  credentials: Credentials;
  options: Omit<PushClientOptions, 'logger' | 'session'> & { session?: Omit<SessionDefaults, 'connect' | 'clock'> };
}

export type HostToWorker =
  | { type: 'start'; client: WorkerClientConfig; monitorId: number; overrides: Omit<SessionDefaults, 'connect' | 'clock'> }
  | { type: 'stored'; id: number; stored: boolean }
  | { type: 'reconnectNow' }
  | { type: 'stop' };

/** A PushMonitorError as it crosses the thread boundary. */
export interface WireError {
  code: PushErrorCode;
  message: string;
}

/** A session state as it crosses the thread boundary: the same states, errors as WireError. */
export type WireState = SessionState extends infer S ? (S extends { error: unknown } ? Omit<S, 'error'> & { error: WireError } : S) : never;

export type WorkerToHost =
  | { type: 'state'; state: WireState }
  | { type: 'batch'; id: number; batch: WireBatch }
  | { type: 'gap'; disconnectedAt: number; reconnectedAt: number; reason: string }
  | { type: 'warning'; error: WireError }
  | { type: 'log'; level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'reconnectNow'; done: boolean }
  | { type: 'stopped' };
