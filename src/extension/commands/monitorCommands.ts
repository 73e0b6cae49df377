// Create, Delete, Reset, Copy ID. Each long call shows progress; the tree is updated
// from what the call returned (and one re-read of the account), not by polling.

import * as vscode from 'vscode';
import { PushMonitorError, type Logger } from '../../core';
import type { AccountStore } from '../accounts/accountStore';
import type { CreatedMonitors } from '../monitors/createdMonitors';
import type { Delivery } from '../monitors/delivery';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import { sessionKey } from '../sessions/liveSession';
import type { SessionManager } from '../sessions/sessionManager';
import { defaultDraft, draftError, draftFrom, toSettings, type MonitorDraft } from '../wizard/monitorDraft';
import { pickAccount, runCreateMonitorWizard } from '../wizard/createMonitorWizard';
import { startSession, type SessionCommandDeps } from './sessionCommands';
import { resolveMonitor, type MonitorPickDeps } from './targets';

export interface MonitorCommandDeps extends SessionCommandDeps {
  accounts: Pick<AccountStore, 'get' | 'list'>;
  manager: Pick<SessionManager, 'find' | 'list' | 'start' | 'stop' | 'remove' | 'reconnectNow'>;
  catalog: Pick<MonitorCatalog, 'list' | 'monitor' | 'monitors' | 'put' | 'refresh' | 'refreshOne' | 'remove'>;
  /** This window's record of the monitors it created (for the on-exit policy). */
  created: Pick<CreatedMonitors, 'add' | 'remove'>;
  log: Logger;
  /** The delivery new monitors get unless told otherwise (the `monitors.lossless` setting; default lossless). */
  delivery?(): Delivery;
}

/** Arguments for running Create Monitor without the wizard (links, tests, other extensions). */
export interface CreateMonitorArgs extends Partial<MonitorDraft> {
  accountId?: string;
  /** Start a session once created (default true when topics are given). */
  start?: boolean;
}

export async function createMonitor(s: MonitorCommandDeps, arg?: unknown): Promise<{ accountId: string; monitorId: number } | undefined> {
  const args = arg && typeof arg === 'object' ? (arg as CreateMonitorArgs) : undefined;
  let request: { accountId: string; draft: MonitorDraft; start: boolean } | undefined;
  if (args?.topics) {
    // Programmatic: validated like the wizard's answers.
    const account = await pickAccount(s, s.t('Create Push Monitor'), args.accountId);
    if (!account) throw new PushMonitorError('INVALID_ARGUMENT', s.t('unknown account {0}', String(args.accountId)));
    const draft = draftFrom(args, defaultDraft(s.delivery?.()));
    const problem = draftError(draft, s.t);
    if (problem) throw new PushMonitorError('INVALID_ARGUMENT', problem);
    request = { accountId: account.id, draft, start: args.start ?? true };
  } else {
    const r = await runCreateMonitorWizard(s, args?.accountId, defaultDraft(s.delivery?.()));
    if (!r) return undefined;
    request = { accountId: r.account.id, draft: r.draft, start: r.start };
  }
  const account = s.accounts.get(request.accountId);
  if (!account) return undefined;
  const { draft } = request;
  const monitorId = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: s.t('Creating a push monitor on {0}…', account.label) },
    async (progress) => {
      if (account.builtIn && !s.simulator.running) progress.report({ message: s.t('starting the Local simulator') });
      const client = await s.clients.get(account);
      const settings = toSettings(draft);
      const { topics, ...rest } = settings;
      return client.createMonitor(topics, rest);
    },
  );
  await s.created.add({ accountId: account.id, monitorId });
  s.log.info(`created monitor ${monitorId} on ${account.label}: ${draft.topics.join(',')}`);
  const client = await s.clients.get(account);
  s.catalog.put(account.id, await client.getMonitor(monitorId).catch(() => ({ id: monitorId, ...toSettings(draft), transport: 'tcp', fields: {} })));
  if (request.start) await startSession(s, { accountId: account.id, monitorId });
  else void vscode.window.showInformationMessage(s.t('Monitor {0} created on {1}.', monitorId, account.label));
  return { accountId: account.id, monitorId };
}

export async function deleteMonitor(s: MonitorCommandDeps, arg?: unknown): Promise<boolean> {
  const target = await resolveMonitor(s, arg, s.t('Delete Monitor'));
  if (!target) return false;
  const { account, monitor } = target;
  const ok = await s.prompter.confirm(
    s.t('Delete monitor {0} ({1}) on {2}?', monitor.id, monitor.topics.join(', '), account.label),
    s.t('The server stops publishing and recording its events, and any session on it ends. This cannot be undone.'),
    s.t('Delete'),
  );
  if (!ok) return false;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: s.t('Deleting monitor {0}…', monitor.id) }, async () => {
    await s.manager.remove(sessionKey(account.id, monitor.id));
    const client = await s.clients.get(account);
    await client.deleteMonitor(monitor.id);
  });
  await s.created.remove(account.id, monitor.id);
  s.catalog.remove(account.id, monitor.id);
  s.log.info(`deleted monitor ${monitor.id} on ${account.label}`);
  return true;
}

export async function resetMonitor(s: MonitorCommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveMonitor(s, arg, s.t('Reset Monitor'));
  if (!target) return;
  const { account, monitor } = target;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: s.t('Resetting monitor {0}…', monitor.id) }, async () => {
    const client = await s.clients.get(account);
    await client.resetMonitor(monitor.id);
  });
  s.log.info(`reset monitor ${monitor.id} on ${account.label}`);
  await s.catalog.refreshOne(account, monitor.id);
  void vscode.window.showInformationMessage(s.t('Monitor {0} was reset.', monitor.id));
}

export async function copyMonitorId(s: MonitorPickDeps, arg?: unknown): Promise<string | undefined> {
  const target = await resolveMonitor(s, arg, s.t('Copy Monitor ID'));
  if (!target) return undefined;
  const id = String(target.monitor.id);
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(s.t('Copied monitor ID {0}', id), 3000);
  return id;
}
