// Start / Stop Session, Reconnect Now and the sessions quick pick behind the status bar item.

import * as vscode from 'vscode';
import { isTcpMonitor } from '../../core';
import { COMMANDS, VIEWER_COMMANDS } from '../commandIds';
import type { LiveSession } from '../sessions/liveSession';
import { isActive, stateText } from '../sessions/liveState';
import type { SessionManager } from '../sessions/sessionManager';
import { refFrom, resolveMonitor, resolveSession, type MonitorPickDeps, type SessionPickDeps } from './targets';

export interface SessionCommandDeps extends MonitorPickDeps {
  manager: Pick<SessionManager, 'find' | 'list' | 'start' | 'stop'>;
  /** Where the events go: shown, without taking the focus, at the first start. */
  eventsChannel: Pick<vscode.OutputChannel, 'show'>;
}

let outputShown = false;

export async function startSession(s: SessionCommandDeps, arg?: unknown): Promise<LiveSession | undefined> {
  const target = await resolveMonitor(s, arg, s.t('Start Session'), (t, session) => isTcpMonitor(t.monitor) && !session?.isActive);
  if (!target) return undefined;
  if (!isTcpMonitor(target.monitor)) {
    void vscode.window.showWarningMessage(s.t('Monitor {0} uses {1} transport; only TCP monitors have push sessions.', target.monitor.id, target.monitor.transport));
    return undefined;
  }
  let src: LiveSession;
  try {
    src = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: s.t('Starting session on monitor {0}…', target.monitor.id) },
      () => s.manager.start(target.account, target.monitor),
    );
  } catch (e) {
    // The source went to 'error' and that was reported (with its action) as the state changed.
    if (s.manager.find(target.account.id, target.monitor.id)?.state.kind === 'error') return undefined;
    throw e;
  }
  // The first start of the day shows where events go, without taking the focus.
  if (!outputShown) {
    outputShown = true;
    s.eventsChannel.show(true);
  }
  return src;
}

export async function stopSession(s: SessionCommandDeps, arg?: unknown): Promise<void> {
  const src = await resolveSession(s, arg, s.t('Stop Session'), (x) => isActive(x.state) || x.state.kind === 'error');
  if (!src) return;
  await s.manager.stop(src.id);
}

const isReconnecting = (src: LiveSession) => src.state.kind === 'reconnecting';

/** Reconnect Now: a reconnecting session skips the rest of its backoff wait. True when it did. */
export async function reconnectNow(s: SessionPickDeps & { manager: Pick<SessionManager, 'reconnectNow'> }, arg?: unknown): Promise<boolean> {
  if (refFrom(arg)?.monitorId === undefined && !s.manager.list().some(isReconnecting)) {
    void vscode.window.showInformationMessage(s.t('No session is waiting to reconnect.'));
    return false;
  }
  const src = await resolveSession(s, arg, s.t('Reconnect Now'), isReconnecting);
  if (!src) return false;
  if (!s.manager.reconnectNow(src.id)) {
    void vscode.window.showInformationMessage(s.t('{0} is not waiting to reconnect ({1}).', src.label, stateText(src.state, Date.now(), s.t)));
    return false;
  }
  return true;
}

/** Status bar click: the sessions, then what to do with the chosen one. */
export async function showSessions(s: SessionPickDeps): Promise<void> {
  const now = Date.now();
  const sources = s.manager.list().filter((x) => x.state.kind !== 'stopped');
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(s.t('No session is running.'));
    return;
  }
  const pick = await s.prompter.pick(
    sources.map((src) => ({
      label: src.label,
      description: `${stateText(src.state, now, s.t)} · ${s.t('{0} events', src.eventCount)}`,
      src,
    })),
    { title: s.t('Digi Push Monitor Sessions'), placeHolder: s.t('Session') },
  );
  if (!pick) return;
  const ref = { accountId: pick.src.accountId, monitorId: pick.src.monitorId };
  const actions = [
    ...(isReconnecting(pick.src) ? [{ label: `$(debug-restart) ${s.t('Reconnect Now')}`, command: COMMANDS.reconnectSession }] : []),
    isActive(pick.src.state)
      ? { label: `$(debug-stop) ${s.t('Stop Session')}`, command: COMMANDS.stopSession }
      : { label: `$(play) ${s.t('Start Session')}`, command: COMMANDS.startSession },
    { label: `$(open-preview) ${s.t('Open Event Viewer')}`, command: VIEWER_COMMANDS.open },
    { label: `$(output) ${s.t('Show Events Output')}`, command: COMMANDS.showEventsOutput },
    { label: `$(copy) ${s.t('Copy Monitor ID')}`, command: COMMANDS.copyMonitorId },
  ];
  const action = await s.prompter.pick(actions, { title: pick.src.label });
  if (action) await vscode.commands.executeCommand(action.command, ref);
}
