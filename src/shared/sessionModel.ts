// A live session's subscription and state as everything shows them: the tree, the status
// bar and the events output in the extension, and the event viewer's webview, which gets
// these very objects (viewerProtocol.ts derives its DTOs from them). Plain data: no vscode,
// no DOM, no core import. The extension maps the core's SessionState onto LiveState once
// (src/extension/sessions/liveState.ts: a PushMonitorError becomes its message).

/** What a session is subscribed to, for headers and tooltips (also saved in capture headers). */
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
