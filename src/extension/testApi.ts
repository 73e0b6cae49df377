// TEST-ONLY API. activate() returns this object only when VS Code runs the extension for
// its integration tests (ExtensionMode.Test); in normal use the extension exports nothing,
// so no other extension can reach accounts or sessions through it. Not a stable API.

import * as vscode from 'vscode';
import type { SimulatorHandle } from '../simulator';
import type { AccountStore } from './accounts/accountStore';
import { ErrorReporter, type ReportedError } from './commands/reportError';
import type { CreatedMonitors } from './monitors/createdMonitors';
import type { MonitorCatalog } from './monitors/monitorCatalog';
import type { EventsOutput, TextSink } from './output/eventsOutput';
import type { LocalSimulator } from './sessions/localSimulator';
import type { SessionManager } from './sessions/sessionManager';
import type { SessionStatusBar } from './statusBar/sessionStatusBar';
import type { TreeController, TreeSnapshot } from './tree/treeController';
import type { Prompter, SwitchablePrompter } from './ui/prompter';
import type { ViewerHub } from './viewer/viewerHub';
import type { EventViewerApi } from './viewer/eventViewer';
import type { RowDto } from '../shared/viewerProtocol';
import { COMMANDS } from './commandIds';
import type { AlertsFeature } from './alerts/alertsFeature';
import type { RaisedNotice, RuleStatus } from './alerts/alertCenter';
import type { SendDataPointArgs } from './devices/dataPointDraft';
import type { SentDataPoint } from './devices/sendDataPoint';
import type { WorkspaceMonitors, WorkspaceMonitorsSnapshot } from './workspace/workspaceMonitors';
import type { RestoreRun } from './sessionRestore';
import type { SessionRef } from './sessions/rememberedSessions';
import type { DevicesController, DevicesSnapshot } from './devices/devicesController';

/** What the Devices view was told, and when (Date.now()). */
export interface DevicesViewChange {
  at: number;
  devices: { accountId: string; deviceId: string; connected: boolean }[] | undefined;
}

/** The internals the integration tests assert on. */
export interface TestServices {
  readonly context: vscode.ExtensionContext;
  readonly accounts: AccountStore;
  readonly catalog: MonitorCatalog;
  readonly created: CreatedMonitors;
  readonly eventsOutput: EventsOutput;
  readonly manager: SessionManager;
  readonly simulator: LocalSimulator;
  /** Errors reported to the user, newest last (bounded). */
  readonly reported: readonly ReportedError[];
}

export interface DigiPushMonitorTestApi {
  /** Internals (session manager, catalog, accounts, output…), for assertions. */
  readonly services: TestServices;
  /** The tree model both views render, rebuilt now. */
  treeSnapshot(): TreeSnapshot;
  /** The last lines written to the events output channel (the channel itself cannot be read back). */
  eventLines(): string[];
  statusBar(): { text: string; visible: boolean };
  /** The in-process simulator, once the Local simulator account started it. */
  simulator(): SimulatorHandle | undefined;
  /** Scripted answers instead of quick picks, input boxes and modal dialogs; undefined restores VS Code's. */
  setPrompter(prompter: Prompter | undefined): void;
  /** Everything this extension keeps in globalState. */
  globalState(): Record<string, unknown>;
  /** Runs what deactivate() runs (stop sessions, on-exit policy, close the simulator). */
  shutdown(): Promise<void>;
  /** The event viewer's buffers (read-only use: received/evicted/length per session), for the viewer benchmark. */
  viewerHub(): ViewerHub | undefined;
  /**
   * .vscode/digi-monitors.json of each folder, once every pending read and apply is done: each
   * resolved definition with its monitor id, created/reused, session state, and the problems shown.
   */
  workspaceMonitors(): Promise<WorkspaceMonitorsSnapshot>;
  /** Every line written to the "Digi Push Monitor" log channel, any level (recorded in test mode only; a channel cannot be read back). */
  logLines(): string[];
  /**
   * Runs Open Stream History on (accountId, streamId) as a stream node does, and returns the
   * panel's view key and the rows it shows (each `history: true`); undefined when the command
   * failed (its report is in services.reported).
   */
  openHistory(accountId: string, streamId: string): Promise<{ viewKey: string; rows: RowDto[] } | undefined>;
  /** The rows an open viewer panel shows now, oldest first (`source:<account>/<monitor>`, `history:…`); undefined when no panel has the key. */
  viewerRows(viewKey: string): RowDto[] | undefined;
  /** Runs Send Data Point with an argument object (no questions, checked like typed input); undefined when it failed (see services.reported). */
  sendDataPoint(args: SendDataPointArgs): Promise<SentDataPoint | undefined>;
  /** The Devices view's rows per account (status, filter, counts, live, each device with its connected flag), after a pending redraw is flushed. */
  devices(): DevicesSnapshot;
  /**
   * Calls `listener` whenever the Devices view is told that rows changed, at that moment (no
   * early flush, unlike devices()): the devices among those rows, or undefined when every row was.
   */
  onDevicesChanged(listener: (change: DevicesViewChange) => void): vscode.Disposable;
  /** The sessions this workspace remembers as running (started again after a reload). */
  rememberedSessions(): SessionRef[];
  /** What the restore after this activation did (the remembered sessions started again, and the notification). */
  restoredAtActivation(): Promise<RestoreRun>;
  /**
   * Runs that restore again now, from what workspaceState holds, as activation after a window
   * reload does (a reload cannot be tested from inside the extension host it restarts).
   */
  restoreSessions(): Promise<RestoreRun>;
  /** Watch rules: each rule's state, the notices raised (newest last), and the problems of the setting as last read. */
  alerts(): { rules: RuleStatus[]; notices: RaisedNotice[]; problems: string[] };
}

/**
 * Test mode only: the log channel, and a copy of the last `max` lines written to it (every
 * level, as passed to the channel, after redaction). A delegate, not a Proxy: the extension
 * host hands out a frozen channel object.
 */
export function recordLogChannel(channel: vscode.LogOutputChannel, max = 20_000): { channel: vscode.LogOutputChannel; lines: () => string[] } {
  const lines: string[] = [];
  const text = (v: unknown) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return `${v.message}\n${v.stack ?? ''}`;
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  };
  const keep = (level: string, parts: unknown[]) => {
    lines.push(`${level} ${parts.map(text).join(' ')}`);
    if (lines.length > max) lines.splice(0, lines.length - max);
  };
  const recorded: vscode.LogOutputChannel = {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (m, ...a) => (keep('trace', [m, ...a]), channel.trace(m, ...a)),
    debug: (m, ...a) => (keep('debug', [m, ...a]), channel.debug(m, ...a)),
    info: (m, ...a) => (keep('info', [m, ...a]), channel.info(m, ...a)),
    warn: (m, ...a) => (keep('warn', [m, ...a]), channel.warn(m, ...a)),
    error: (m, ...a) => (keep('error', [m, ...a]), channel.error(m, ...a)),
    append: (v) => (keep('append', [v]), channel.append(v)),
    appendLine: (v) => (keep('appendLine', [v]), channel.appendLine(v)),
    replace: (v) => (keep('replace', [v]), channel.replace(v)),
    clear: () => channel.clear(),
    show: ((...a: unknown[]) => (channel.show as (...x: unknown[]) => void)(...a)) as vscode.LogOutputChannel['show'],
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
  return { channel: recorded, lines: () => [...lines] };
}

/**
 * Test mode only: the events channel as EventsOutput's sink, and a copy of the last `max`
 * lines appended to it (the channel itself cannot be read back). EventsOutput batches its
 * appends: flush it before reading.
 */
export function recordEventLines(sink: TextSink, max = 500): { sink: TextSink; lines: () => string[] } {
  const lines: string[] = [];
  return {
    sink: {
      append(text: string) {
        for (const line of text.split('\n')) if (line !== '') lines.push(line);
        if (lines.length > max) lines.splice(0, lines.length - max);
        sink.append(text);
      },
    },
    lines: () => [...lines],
  };
}

/** Test mode only: an ErrorReporter that also keeps the last `max` reports, newest last. */
export class RecordingErrorReporter extends ErrorReporter {
  readonly reported: ReportedError[] = [];
  private readonly max = 50;

  override report(...args: Parameters<ErrorReporter['report']>): ReportedError {
    const r = super.report(...args);
    this.reported.push(r);
    if (this.reported.length > this.max) this.reported.shift();
    return r;
  }
}

export interface TestApiDeps {
  services: TestServices;
  tree: TreeController;
  statusBar: SessionStatusBar;
  prompter: SwitchablePrompter;
  /** What deactivate() runs. */
  shutdown(): Promise<void>;
  viewerHub?: ViewerHub;
  viewer?: Pick<EventViewerApi, 'shownRows'>;
  workspaceMonitors?: Pick<WorkspaceMonitors, 'idle' | 'snapshot'>;
  devices?: DevicesController;
  restore?: { first: Promise<RestoreRun>; again(): Promise<RestoreRun>; remembered(): SessionRef[] };
  logLines?(): string[];
  /** The events channel's lines (recordEventLines). */
  eventLines(): string[];
  alerts?: AlertsFeature;
}

export function createTestApi(d: TestApiDeps): DigiPushMonitorTestApi {
  const { services, tree, statusBar } = d;
  return {
    services,
    treeSnapshot() {
      tree.redraw();
      return tree.current();
    },
    eventLines() {
      services.eventsOutput.flush();
      return d.eventLines();
    },
    statusBar() {
      statusBar.update();
      return { text: statusBar.text, visible: statusBar.visible };
    },
    simulator: () => services.simulator.running,
    setPrompter(prompter: Prompter | undefined) {
      d.prompter.use(prompter);
    },
    globalState() {
      const out: Record<string, unknown> = {};
      for (const k of services.context.globalState.keys()) out[k] = services.context.globalState.get(k);
      return out;
    },
    shutdown: d.shutdown,
    viewerHub: () => d.viewerHub,
    devices() {
      d.devices?.flush();
      return d.devices?.snapshot() ?? [];
    },
    onDevicesChanged(listener: (change: DevicesViewChange) => void) {
      const subscription = d.devices?.onDidChange((rows) => {
        const at = Date.now();
        const devices = rows?.flatMap((r) => (r.kind === 'device' ? [{ accountId: r.accountId, deviceId: r.device.deviceId, connected: r.device.connected }] : []));
        listener({ at, devices });
      });
      return new vscode.Disposable(() => subscription?.dispose());
    },
    async workspaceMonitors() {
      await d.workspaceMonitors?.idle();
      return d.workspaceMonitors?.snapshot() ?? { trusted: false, folders: [] };
    },
    logLines: () => d.logLines?.() ?? [],
    async openHistory(accountId: string, streamId: string) {
      const viewKey = await vscode.commands.executeCommand<string | undefined>(COMMANDS.openStreamHistory, { accountId, streamId });
      const rows = viewKey === undefined ? undefined : d.viewer?.shownRows(viewKey);
      return viewKey === undefined || rows === undefined ? undefined : { viewKey, rows };
    },
    viewerRows: (viewKey: string) => d.viewer?.shownRows(viewKey),
    sendDataPoint: (args: SendDataPointArgs) => Promise.resolve(vscode.commands.executeCommand<SentDataPoint | undefined>(COMMANDS.sendDataPoint, args)),
    rememberedSessions: () => d.restore?.remembered() ?? [],
    restoredAtActivation: () => d.restore?.first ?? Promise.resolve({ outcomes: [] }),
    restoreSessions: () => d.restore?.again() ?? Promise.resolve({ outcomes: [] }),
    alerts: () => ({ rules: d.alerts?.center.statuses() ?? [], notices: [...(d.alerts?.center.raised ?? [])], problems: d.alerts?.problems() ?? [] }),
  };
}

export const isTestMode = (context: vscode.ExtensionContext) => context.extensionMode === vscode.ExtensionMode.Test;
