// Command ids of the event viewer (no vscode import: the manifest test reads them).
export const VIEWER_COMMANDS = {
  /** Argument: a LiveSource, a session id, `{ accountId, monitorId }` (tree nodes), 'merged', or none (quick pick). */
  open: 'digiPushMonitor.viewer.open',
  openMerged: 'digiPushMonitor.viewer.openMerged',
  /** Argument: a vscode.Uri, or none (file dialog). */
  openCapture: 'digiPushMonitor.viewer.openCapture',
} as const;
