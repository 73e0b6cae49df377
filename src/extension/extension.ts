// Composition root. Activation builds objects and registers contributions only: no
// network, no simulator start (the simulator starts on first use of its account, REST
// is read when the Monitors view opens). Everything goes into context.subscriptions.

import * as vscode from 'vscode';
import { describeError } from '../core';
import { SIMULATOR_ACCOUNT_ID } from './accounts/accountModel';
import { registerAlerts } from './alerts/alertsFeature';
import { AccountStore } from './accounts/accountStore';
import { DrmAuthenticationProvider } from './accounts/authProvider';
import { signIn, signOut } from './commands/accountCommands';
import { registerCommands, type CommandDeps } from './commands/index';
import { ErrorReporter } from './commands/reportError';
import { AUTH_PROVIDER_ID, VIEWS } from './commandIds';
import { registerDataCommands } from './devices/dataCommands';
import { registerDeviceCommands } from './devices/deviceCommands';
import { DevicesController } from './devices/devicesController';
import { DevicesTree } from './devices/devicesTree';
import { registerDevicesView, viewProgress } from './devices/devicesView';
import { deviceFromEvent, pointFromEvent } from './devices/eventRecords';
import { HistoryLoader } from './devices/streamHistory';
import { CreatedMonitors } from './monitors/createdMonitors';
import { MonitorCatalog } from './monitors/monitorCatalog';
import { LiveRefreshThrottle } from './monitors/liveRefresh';
import { deliveryFor } from './monitors/delivery';
import { EventsOutput } from './output/eventsOutput';
import { SecretRegistry } from './output/redaction';
import { AccountClients } from './sessions/accountClients';
import { LocalSimulator } from './sessions/localSimulator';
import { RememberedSessions } from './sessions/rememberedSessions';
import { SessionManager } from './sessions/sessionManager';
import { workerSessionOpener } from './sessions/worker/workerOpener';
import { restoreAfterActivation, restoreAndNotify, type SessionRestoreDeps } from './sessionRestore';
import { activationTiming } from './activationTiming';
import { PROXY_SETTING_KEYS, proxyOptionsFromVsCode } from './proxySettings';
import { readSettings, SETTINGS_SECTION } from './settings';
import { shutdown as shutdownAll } from './shutdown';
import { SessionStatusBar } from './statusBar/sessionStatusBar';
import { createTestApi, isTestMode, recordEventLines, recordLogChannel, RecordingErrorReporter, type DigiPushMonitorTestApi } from './testApi';
import { TreeController } from './tree/treeController';
import { MonitorsTreeProvider, SessionsTreeProvider } from './tree/treeProviders';
import { SwitchablePrompter } from './ui/prompter';
import { registerEventViewer } from './viewer/eventViewer';
import { ViewerHub } from './viewer/viewerHub';
import { budgetBytes } from './viewer/eventStore';
import { WorkspaceMonitors } from './workspace/workspaceMonitors';

let stopEverything: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): DigiPushMonitorTestApi | undefined {
  const timing = activationTiming();
  timing.activateStart = performance.now();
  const t = vscode.l10n.t;
  const channel = vscode.window.createOutputChannel('Digi Push Monitor', { log: true });
  // Test mode: the integration tests read back what was written (searched for secrets).
  const logRecord = isTestMode(context) ? recordLogChannel(channel) : undefined;
  const logChannel = logRecord?.channel ?? channel;
  // Language `log` gives the event lines timestamp and level colouring for free.
  const eventsChannel = vscode.window.createOutputChannel('Digi Push Monitor: Events', 'log');
  const eventLines = isTestMode(context) ? recordEventLines(eventsChannel) : undefined;
  context.subscriptions.push(logChannel, eventsChannel);

  const secrets = new SecretRegistry();
  const log = secrets.wrap(logChannel);
  const settings = () => readSettings((key) => vscode.workspace.getConfiguration(SETTINGS_SECTION).get(key));
  const accounts = new AccountStore(context.globalState, context.secrets);
  const simulator = new LocalSimulator(log, () => settings().simulatorEventsPerSecond);
  // VS Code's http.proxy, http.noProxy, http.proxyStrictSSL (proxySettings.ts), read as each client is made.
  const proxy = () => proxyOptionsFromVsCode((key) => vscode.workspace.getConfiguration('http').get(key), process.env);
  const clients = new AccountClients({ secretFor: (id) => accounts.secret(id), registerSecret: (x) => secrets.add(x), log, simulator, proxy });
  const catalog = new MonitorCatalog((a) => clients.get(a), log);
  // Which sessions run is remembered per workspace, so a reload or restart starts them again (sessionRestore.ts).
  const remembered = new RememberedSessions(context.workspaceState);
  // Sessions receive and decode in worker threads (session.receiveInWorker), away from this shared host.
  const openSession = workerSessionOpener({ enabled: () => settings().receiveInWorker, configOf: (c) => clients.configOf(c), log });
  const manager = new SessionManager({ clientFor: (a) => clients.get(a), log, autoReconnect: () => settings().autoReconnect, memory: remembered, openSession });
  // Explicit acks and auto-replay for the monitors we create, unless monitors.lossless is off.
  const delivery = () => deliveryFor(settings().monitorsLossless);
  // The event viewer keeps its own bounded buffer per session, fed from the same LiveSources, all within one memory budget.
  const viewerHub = new ViewerHub(settings().viewerBufferCapacity, Date.now, log, budgetBytes(settings().viewerMemoryBudgetMiB));
  // A stream's history, read for the viewer (and again for a history panel restored after a reload).
  const history = new HistoryLoader({
    t, accounts, clientFor: (a) => clients.get(a), simulatorRunning: () => simulator.running !== undefined,
    maxPoints: () => settings().historyMaxPoints, describe: (e) => secrets.redact(describeError(e)),
  });
  const viewer = registerEventViewer(context, {
    hub: viewerHub,
    sources: () => manager.list(),
    onDidAddSource: (l) => manager.onDidChange((e) => e.kind === 'added' && l(e.source)),
    onDidRemoveSource: (l) => manager.onDidChange((e) => e.kind === 'removed' && l(e.source.id)),
    logger: log,
    capacity: () => settings().viewerBufferCapacity,
    restoreHistory: (accountId, streamId) => history.restore(accountId, streamId),
    chartHistory: (accountId, streamId) => history.recent(accountId, streamId, settings().chartBackfillPoints),
  });
  const eventsOutput = new EventsOutput(eventLines?.sink ?? eventsChannel, manager.onDidChange, { maxLinesPerSecond: settings().maxLinesPerSecond });
  const created = new CreatedMonitors(context.globalState);
  // A previous run's simulator monitors died with that simulator; a new one reuses ids.
  void created.removeAccount(SIMULATOR_ACCOUNT_ID);
  const errorDeps = { secrets, log, showLog: () => logChannel.show() };
  // Test mode: the test API reads back what was reported.
  const recordedErrors = isTestMode(context) ? new RecordingErrorReporter(errorDeps) : undefined;
  const errors = recordedErrors ?? new ErrorReporter(errorDeps);
  // VS Code's quick input and dialogs; the test API swaps in scripted answers.
  const prompter = new SwitchablePrompter();
  const tree = new TreeController({ t, accounts, catalog, manager, created, simulator, secrets });
  context.subscriptions.push(accounts, eventsOutput, tree, { dispose: () => catalog.dispose() }, { dispose: () => manager.dispose() });

  context.subscriptions.push(
    vscode.window.createTreeView(VIEWS.monitors, { treeDataProvider: new MonitorsTreeProvider(tree), showCollapseAll: true }),
    vscode.window.createTreeView(VIEWS.sessions, { treeDataProvider: new SessionsTreeProvider(tree) }),
  );
  // Devices view: read when first shown, then kept current by the sessions' DeviceCore and DataPoint events.
  const devices = new DevicesController({
    accounts, manager, log, clientsFor: (a) => clients.get(a), simulatorRunning: () => simulator.running !== undefined,
    parseDevice: deviceFromEvent, parsePoint: pointFromEvent, progress: viewProgress, redact: (s) => secrets.redact(s),
  });
  devices.start();
  context.subscriptions.push(devices, registerDevicesView(devices, new DevicesTree(devices, t, Date.now)));

  // .vscode/digi-monitors.json of each folder: read once activation has returned (start() below), applied only when trusted.
  const workspaceMonitors = new WorkspaceMonitors({
    t, log, accounts, manager, prompter, created, catalog, extensionUri: context.extensionUri, clientFor: (a) => clients.get(a), redact: (s) => secrets.redact(s), delivery,
  });
  context.subscriptions.push(workspaceMonitors);
  const commands: CommandDeps = { workspaceMonitors, t, log, prompter, errors, secrets, accounts, clients, catalog, manager, created, simulator, tree, eventsChannel, logChannel, viewer, delivery };
  const auth = new DrmAuthenticationProvider(accounts, { signIn: () => signIn(commands), signOut: (id) => signOut(commands, id) });
  context.subscriptions.push(auth, vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Digi Remote Manager', auth, { supportsMultipleAccounts: true }));

  // Watch rules (digiPushMonitor.alerts): evaluated on the sessions' push events, told as notifications, output lines and a status bar count.
  const alerts = registerAlerts({
    t, log, prompter, manager, accountLabel: (id) => accounts.get(id)?.label, parseDevice: deviceFromEvent, parsePoint: pointFromEvent, writeLine: (line) => eventsOutput.write(line),
  });
  context.subscriptions.push(alerts);
  const statusBar = new SessionStatusBar({ t, manager, alerts: alerts.center });
  context.subscriptions.push(statusBar, ...registerCommands(commands));
  context.subscriptions.push(...registerDeviceCommands({ ...commands, created, devices, workspaceState: context.workspaceState }));
  context.subscriptions.push(...registerDataCommands({ ...commands, viewer, clientFor: (a) => clients.get(a), history, sessions: () => manager.list() }));

  // Push-driven follow-ups: a session that connected re-reads its monitor (the server
  // status changed), at most once per monitor per 30 s however often it reconnects; a
  // session that ended in an error says so, once, with an action.
  const liveRefresh = new LiveRefreshThrottle((accountId, monitorId) => {
    const account = accounts.get(accountId); // still signed in when a deferred re-read runs
    if (account) void catalog.refreshOne(account, monitorId);
  });
  const followUps = manager.onDidChange((e) => {
    if (e.kind !== 'state') return;
    const src = e.source;
    if (src.state.kind === 'live' && accounts.get(src.accountId)) liveRefresh.wentLive(src.accountId, src.monitorId);
    if (src.state.kind === 'error') {
      errors.report('session', t('Session on monitor {0} ended', src.monitorId), src.error ?? new Error(src.state.message), src.accountId);
    }
  });
  context.subscriptions.push({ dispose: () => followUps.dispose() }, liveRefresh);

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
      const now = settings();
      eventsOutput.setMaxLinesPerSecond(now.maxLinesPerSecond);
      simulator.setRate(now.simulatorEventsPerSecond);
      viewer.setCapacity(now.viewerBufferCapacity);
      viewerHub.setMemoryBudget(budgetBytes(now.viewerMemoryBudgetMiB));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!PROXY_SETTING_KEYS.some((k) => e.affectsConfiguration(`http.${k}`))) return;
      log.info('proxy settings changed: idle accounts reconnect with them; running sessions keep theirs until restarted after a reload or sign-in');
      void clients.proxySettingsChanged().catch((err: unknown) => log.warn(describeError(err)));
    }),
  );

  tree.start();
  workspaceMonitors.start();
  // The sessions that ran before the reload or restart start again once activation has returned.
  const restoreDeps: SessionRestoreDeps = {
    t, log, remembered, accounts, manager, clientFor: (a) => clients.get(a), knownMonitor: (a, m) => catalog.monitor(a, m),
    start: (a, m) => manager.start(a, m), notify: () => settings().notifyOnRestore,
  };
  const restore = restoreAfterActivation(restoreDeps);
  context.subscriptions.push(restore.disposable);
  const stop = async () => {
    try {
      await shutdownAll({ log, settings, accounts, manager, created, clients, simulator, eventsOutput });
    } catch (e) {
      log.error(`shutdown failed: ${describeError(e)}`);
    }
  };
  stopEverything = stop;
  log.info(`activated (VS Code ${vscode.version}, ${vscode.env.appName}); ${accounts.list().length} account(s)`);
  timing.activateEnd = performance.now();
  if (!isTestMode(context)) return undefined;
  return createTestApi({
    services: { context, accounts, catalog, created, eventsOutput, manager, simulator, reported: recordedErrors?.reported ?? [] },
    tree,
    statusBar,
    prompter,
    shutdown: stop,
    viewerHub,
    viewer,
    workspaceMonitors,
    devices,
    restore: { first: restore.done, again: () => restoreAndNotify(restoreDeps), remembered: () => remembered.list() },
    logLines: logRecord?.lines,
    eventLines: () => eventLines?.lines() ?? [],
    alerts,
  });
}

export async function deactivate(): Promise<void> {
  const stop = stopEverything;
  stopEverything = undefined;
  await stop?.();
}
