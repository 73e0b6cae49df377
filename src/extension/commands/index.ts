// Registers every contributed command (ids in commandIds.ts, titles in package.nls.json),
// each through the registerCommand wrapper, so a failure is reported the same way everywhere.

import * as vscode from 'vscode';
import { COMMANDS, VIEWER_COMMANDS } from '../commandIds';
import type { DisposableLike } from '../lifecycle';
import { toViewerTarget, type EventViewerApi } from '../viewer/eventViewer';
import { signIn, signOutCommand, type SignInDeps, type SignOutDeps } from './accountCommands';
import { copyMonitorId, createMonitor, deleteMonitor, resetMonitor, type MonitorCommandDeps } from './monitorCommands';
import { registerCommand, type ErrorReporter } from './reportError';
import { reconnectNow, showSessions, startSession, stopSession } from './sessionCommands';
import { refresh, showEventsOutput, showLog, type RefreshDeps } from './viewCommands';
import type { WorkspaceMonitors } from '../workspace/workspaceMonitors';

/** Everything the commands together act on (each command takes only its own part). */
export type CommandDeps = SignInDeps &
  SignOutDeps &
  MonitorCommandDeps &
  RefreshDeps & {
    errors: ErrorReporter;
    logChannel: Pick<vscode.OutputChannel, 'show'>;
    viewer: Pick<EventViewerApi, 'open' | 'openCapture'>;
    workspaceMonitors: Pick<WorkspaceMonitors, 'applyCommand' | 'openFileCommand'>;
  };

export function registerCommands(d: CommandDeps): DisposableLike[] {
  const { t, errors, viewer } = d;
  return [
    registerCommand(errors, COMMANDS.signIn, t('Sign in failed'), (arg) => signIn(d, arg)),
    registerCommand(errors, COMMANDS.signOut, t('Sign out failed'), (arg) => signOutCommand(d, arg)),
    registerCommand(errors, COMMANDS.createMonitor, t('Could not create the monitor'), (arg) => createMonitor(d, arg)),
    registerCommand(errors, COMMANDS.deleteMonitor, t('Could not delete the monitor'), (arg) => deleteMonitor(d, arg)),
    registerCommand(errors, COMMANDS.resetMonitor, t('Could not reset the monitor'), (arg) => resetMonitor(d, arg)),
    registerCommand(errors, COMMANDS.copyMonitorId, t('Could not copy the monitor ID'), (arg) => copyMonitorId(d, arg)),
    registerCommand(errors, COMMANDS.startSession, t('Could not start the session'), (arg) => startSession(d, arg)),
    registerCommand(errors, COMMANDS.stopSession, t('Could not stop the session'), (arg) => stopSession(d, arg)),
    registerCommand(errors, COMMANDS.reconnectSession, t('Could not reconnect the session'), (arg) => reconnectNow(d, arg)),
    registerCommand(errors, COMMANDS.showSessions, t('Could not show the sessions'), () => showSessions(d)),
    registerCommand(errors, COMMANDS.showEventsOutput, t('Could not show the events output'), async () => showEventsOutput(d.eventsChannel)),
    registerCommand(errors, COMMANDS.showLog, t('Could not show the log'), async () => showLog(d.logChannel)),
    registerCommand(errors, COMMANDS.refresh, t('Could not refresh the monitors'), (arg) => refresh(d, arg)),
    registerCommand(errors, VIEWER_COMMANDS.open, t('Could not open the event viewer'), (arg) => viewer.open(toViewerTarget(arg))),
    registerCommand(errors, VIEWER_COMMANDS.openMerged, t('Could not open the event viewer'), () => viewer.open('merged')),
    registerCommand(errors, VIEWER_COMMANDS.openCapture, t('Could not open the capture'), (arg) => viewer.openCapture(arg instanceof vscode.Uri ? arg : undefined)),
    registerCommand(errors, COMMANDS.applyWorkspaceMonitors, t('Could not apply the workspace monitors'), () => d.workspaceMonitors.applyCommand()),
    registerCommand(errors, COMMANDS.openWorkspaceMonitors, t('Could not open the workspace monitors file'), () => d.workspaceMonitors.openFileCommand()),
  ];
}
