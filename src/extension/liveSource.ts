// The contract between live sessions (owned by the session manager) and their
// consumers (events output channel, monitor tree, status bar, event viewer).
// Plain TypeScript, no vscode import, so consumers are unit-testable under Node.

import type { SessionItem } from '../core/events';
import type { Event } from './lifecycle';

/** What a session is subscribed to, for headers and tooltips. */
export interface LiveSubscription {
  accountLabel: string;
  host: string;
  monitorId: number;
  topics: string[];
  format: 'json' | 'xml';
  compression: string;
  batchSize?: number;
  batchDuration?: number;
  ackOption?: string;
  autoReplayOnConnect?: boolean;
}

/** Session state as consumers display it. */
export type LiveState =
  | { kind: 'connecting' }
  | { kind: 'live'; since: number }
  | { kind: 'reconnecting'; retryAt: number; reason: string }
  | { kind: 'stopped' }
  | { kind: 'error'; message: string };

export interface LiveSource {
  /** Stable key, `${accountId}/${monitorId}`. */
  readonly id: string;
  readonly label: string;
  readonly subscription: LiveSubscription;
  readonly state: LiveState;
  /** Events and gap markers, in arrival order, one call per received batch. */
  readonly onItems: Event<readonly SessionItem[]>;
  readonly onState: Event<LiveState>;
}
