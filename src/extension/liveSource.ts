// The contract between live sessions (owned by the session manager) and their
// consumers (events output channel, monitor tree, status bar, event viewer).
// Plain TypeScript, no vscode import, so consumers are unit-testable under Node.

import type { SessionItem } from '../core';
import type { LiveState, LiveSubscription } from '../shared/sessionModel';
import type { Event } from './lifecycle';

export interface LiveSource {
  /** Stable key, `${accountId}/${monitorId}`. */
  readonly id: string;
  readonly label: string;
  readonly subscription: LiveSubscription;
  readonly state: LiveState;
  /** Events and gap markers, in arrival order, one call per received batch. */
  readonly onItems: Event<readonly SessionItem[]>;
  /**
   * The same items, for the store that keeps them (the viewer's), before onItems: a batch is
   * acknowledged only once every listener here returned; one that throws has not stored it,
   * so the batch is not acknowledged (with auto-replay the server sends it again). Optional:
   * a source without it is stored from onItems.
   */
  readonly onItemsToKeep?: Event<readonly SessionItem[]>;
  readonly onState: Event<LiveState>;
}
