// Registers every contributed command (ids in commandIds.ts, titles in package.nls.json).

import * as vscode from 'vscode';
import { COMMANDS, VIEWER_COMMANDS } from '../commandIds';
import type { DisposableLike } from '../lifecycle';
import type { Services } from '../services';
import { toViewerTarget, type EventViewerApi } from '../viewer/eventViewer';
import { signIn, signOutCommand } from './accountCommands';
import { copyMonitorId, createMonitor, deleteMonitor, resetMonitor } from './monitorCommands';
import { registerCommand } from './reportError';
import { showSessions, startSession, stopSession } from './sessionCommands';
import { refresh, showEventsOutput, showLog } from './viewCommands';

export function registerCommands(s: Services, viewer: EventViewerApi): DisposableLike[] {
  const { t } = s;
  return [
    registerCommand(s, COMMANDS.signIn, t('Sign in failed'), (arg) => signIn(s, arg)),
    registerCommand(s, COMMANDS.signOut, t('Sign out failed'), (arg) => signOutCommand(s, arg)),
    registerCommand(s, COMMANDS.createMonitor, t('Could not create the monitor'), (arg) => createMonitor(s, arg)),
    registerCommand(s, COMMANDS.deleteMonitor, t('Could not delete the monitor'), (arg) => deleteMonitor(s, arg)),
    registerCommand(s, COMMANDS.resetMonitor, t('Could not reset the monitor'), (arg) => resetMonitor(s, arg)),
    registerCommand(s, COMMANDS.copyMonitorId, t('Could not copy the monitor ID'), (arg) => copyMonitorId(s, arg)),
    registerCommand(s, COMMANDS.startSession, t('Could not start the session'), (arg) => startSession(s, arg)),
    registerCommand(s, COMMANDS.stopSession, t('Could not stop the session'), (arg) => stopSession(s, arg)),
    registerCommand(s, COMMANDS.showSessions, t('Could not show the sessions'), () => showSessions(s)),
    registerCommand(s, COMMANDS.showEventsOutput, t('Could not show the events output'), async () => showEventsOutput(s)),
    registerCommand(s, COMMANDS.showLog, t('Could not show the log'), async () => showLog(s)),
    registerCommand(s, COMMANDS.refresh, t('Could not refresh the monitors'), (arg) => refresh(s, arg)),
    registerCommand(s, VIEWER_COMMANDS.open, t('Could not open the event viewer'), (arg) => viewer.open(toViewerTarget(arg))),
    registerCommand(s, VIEWER_COMMANDS.openMerged, t('Could not open the event viewer'), () => viewer.open('merged')),
    registerCommand(s, VIEWER_COMMANDS.openCapture, t('Could not open the capture'), (arg) => viewer.openCapture(arg instanceof vscode.Uri ? arg : undefined)),
  ];
}
