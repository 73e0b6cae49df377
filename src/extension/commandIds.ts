// Command and view ids in one place (no vscode import: the manifest test reads them):
// package.json, menus, tests and code must agree.
// Ids follow `<extension>.<area>.<verb>` (style.md).

export const EXTENSION_ID = 'digi-push-monitor.digi-push-monitor';

export const COMMANDS = {
  signIn: 'digiPushMonitor.account.signIn',
  signOut: 'digiPushMonitor.account.signOut',
  createMonitor: 'digiPushMonitor.monitor.create',
  deleteMonitor: 'digiPushMonitor.monitor.delete',
  resetMonitor: 'digiPushMonitor.monitor.reset',
  copyMonitorId: 'digiPushMonitor.monitor.copyId',
  startSession: 'digiPushMonitor.session.start',
  stopSession: 'digiPushMonitor.session.stop',
  /** Argument: `{ accountId, monitorId }` (tree nodes) or none (quick pick of reconnecting sessions). Returns true when it reconnected. */
  reconnectSession: 'digiPushMonitor.session.reconnectNow',
  showSessions: 'digiPushMonitor.session.showAll',
  showEventsOutput: 'digiPushMonitor.output.showEvents',
  showLog: 'digiPushMonitor.output.showLog',
  /** Creates or reuses the monitors of every folder's .vscode/digi-monitors.json again and starts the autoStart ones. */
  applyWorkspaceMonitors: 'digiPushMonitor.workspace.applyMonitors',
  /** Opens a folder's .vscode/digi-monitors.json, or a new unsaved one from the template. */
  openWorkspaceMonitors: 'digiPushMonitor.workspace.openMonitorsFile',
  refresh: 'digiPushMonitor.view.refresh',
  /** Argument: a StreamNode, `{ accountId, streamId }`, or none (account and stream picks). Returns the panel's view key. */
  openStreamHistory: 'digiPushMonitor.stream.openHistory',
  /** Argument: a StreamNode, a DeviceNode, `{ accountId, streamId, value, type?, units?, timestamp? }` (no questions), or none. */
  sendDataPoint: 'digiPushMonitor.dataPoint.send',
  /** Devices view. Argument: `{ accountId }` or an account's id (none: every account). */
  refreshDevices: 'digiPushMonitor.devices.refresh',
  filterDevices: 'digiPushMonitor.devices.filter',
  clearDeviceFilter: 'digiPushMonitor.devices.clearFilter',
  loadMoreDevices: 'digiPushMonitor.devices.loadMore',
  /** Creates or reuses a `DeviceCore` monitor of the account and starts it, so the view is live. */
  watchDeviceConnections: 'digiPushMonitor.devices.watchConnections',
  /** Argument: a DeviceNode, `{ accountId, deviceId }`, or none (quick pick). Returns `{ accountId, monitorId }`. */
  watchDevice: 'digiPushMonitor.device.watch',
  copyDeviceId: 'digiPushMonitor.device.copyId',
  /** Opens settings.json at digiPushMonitor.alerts. */
  editAlertRules: 'digiPushMonitor.alerts.editRules',
  /** Asks for one rule (kind, name, glob, limits) and appends it to digiPushMonitor.alerts. Returns its name. */
  addAlertRule: 'digiPushMonitor.alerts.addRule',
  /** Argument: a rule node or a rule's name (none: quick pick). Mutes the rule for an hour. */
  muteAlertRule: 'digiPushMonitor.alerts.mute',
  /** Argument: a rule node or a rule's name (none: quick pick of muted rules). */
  unmuteAlertRule: 'digiPushMonitor.alerts.unmute',
} as const;

/** The event viewer's commands. */
export const VIEWER_COMMANDS = {
  /** Argument: a LiveSource, a session id, `{ accountId, monitorId }` (tree nodes), 'merged', or none (quick pick). */
  open: 'digiPushMonitor.viewer.open',
  openMerged: 'digiPushMonitor.viewer.openMerged',
  /** Argument: a vscode.Uri, or none (file dialog). */
  openCapture: 'digiPushMonitor.viewer.openCapture',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS] | (typeof VIEWER_COMMANDS)[keyof typeof VIEWER_COMMANDS];

export const VIEWS = {
  container: 'digiPushMonitor',
  monitors: 'digiPushMonitor.monitors',
  sessions: 'digiPushMonitor.sessions',
  devices: 'digiPushMonitor.devices',
  rules: 'digiPushMonitor.rules',
} as const;

export const AUTH_PROVIDER_ID = 'digiRemoteManager';

/** Context keys read by `when` clauses (viewsWelcome, menus, walkthrough). */
export const CONTEXT_KEYS = {
  /** noAccount | noMonitors | loading | ready: which welcome the Monitors view shows. */
  treeState: 'digiPushMonitor.treeState',
  /** Number of sessions not stopped (running, reconnecting or failed). */
  sessionCount: 'digiPushMonitor.sessionCount',
  /** noAccount | simulatorIdle | noDevices | ready: which welcome the Devices view shows. */
  devicesState: 'digiPushMonitor.devicesState',
  /** A filter is set in the Devices view (Clear Filter shows). */
  devicesFiltered: 'digiPushMonitor.devicesFiltered',
  /** Some account in the Devices view has no live session carrying DeviceCore events. */
  devicesNotLive: 'digiPushMonitor.devicesNotLive',
} as const;
