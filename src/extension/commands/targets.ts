// Which monitor or session a command acts on: the tree node it was invoked on, a
// `{ accountId, monitorId }` argument (palette links, tests, other extensions), or a
// quick pick when run from the palette without one.

import * as vscode from 'vscode';
import type { MonitorInfo } from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { COMMANDS } from '../commandIds';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import type { AccountClients } from '../sessions/accountClients';
import type { LiveSession } from '../sessions/liveSession';
import { stateText } from '../sessions/liveState';
import type { LocalSimulator } from '../sessions/localSimulator';
import type { SessionManager } from '../sessions/sessionManager';
import type { Asking } from '../ui/prompter';

/** Choosing a session: the session manager and someone to ask. */
export interface SessionPickDeps extends Asking {
  manager: Pick<SessionManager, 'find' | 'list'>;
}

/** Choosing a monitor: what the accounts' lists, sessions and REST clients know. */
export interface MonitorPickDeps extends SessionPickDeps {
  accounts: Pick<AccountStore, 'get' | 'list'>;
  catalog: Pick<MonitorCatalog, 'list' | 'monitor' | 'monitors' | 'put' | 'refresh'>;
  clients: Pick<AccountClients, 'get'>;
  simulator: Pick<LocalSimulator, 'running'>;
}

export interface MonitorTarget {
  account: AccountRecord;
  monitor: MonitorInfo;
}

export function refFrom(arg: unknown): { accountId: string; monitorId?: number } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { accountId?: unknown; monitorId?: unknown };
  if (typeof a.accountId !== 'string') return undefined;
  return { accountId: a.accountId, monitorId: typeof a.monitorId === 'number' ? a.monitorId : undefined };
}

/** A MonitorInfo for a monitor known only through its session (e.g. listed before a refresh). */
function fromSession(src: LiveSession): MonitorInfo {
  const sub = src.subscription;
  return {
    id: src.monitorId, topics: sub.topics, transport: 'tcp', format: sub.format, compression: sub.compression, batchSize: sub.batchSize,
    batchDuration: sub.batchDuration, ackOption: sub.ackOption, autoReplayOnConnect: sub.autoReplayOnConnect, fields: {},
  };
}

async function lookup(s: MonitorPickDeps, accountId: string, monitorId: number): Promise<MonitorTarget | undefined> {
  const account = s.accounts.get(accountId);
  if (!account) return undefined;
  const known = s.catalog.monitor(accountId, monitorId);
  if (known) return { account, monitor: known };
  const src = s.manager.find(accountId, monitorId);
  if (src) return { account, monitor: fromSession(src) };
  const client = await s.clients.get(account);
  const monitor = await client.getMonitor(monitorId);
  s.catalog.put(accountId, monitor);
  return { account, monitor };
}

/** Reads the lists not read yet (the simulator only if it runs), with progress. */
async function loadLists(s: MonitorPickDeps): Promise<void> {
  const unread = s.accounts.list().filter((a) => s.catalog.list(a.id).status === 'idle' && (!isSimulator(a) || s.simulator.running));
  if (unread.length === 0) return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: s.t('Reading monitors…') }, () =>
    Promise.all(unread.map((a) => s.catalog.refresh(a))),
  );
}

export async function resolveMonitor(
  s: MonitorPickDeps,
  arg: unknown,
  title: string,
  filter: (t: MonitorTarget, session: LiveSession | undefined) => boolean = () => true,
): Promise<MonitorTarget | undefined> {
  const ref = refFrom(arg);
  if (ref?.monitorId !== undefined) return lookup(s, ref.accountId, ref.monitorId);
  await loadLists(s);
  const now = Date.now();
  const items: (vscode.QuickPickItem & { target: MonitorTarget })[] = [];
  for (const account of s.accounts.list()) {
    if (ref && ref.accountId !== account.id) continue;
    for (const monitor of s.catalog.monitors(account.id)) {
      const target = { account, monitor };
      const session = s.manager.find(account.id, monitor.id);
      if (!filter(target, session)) continue;
      items.push({
        label: `#${monitor.id} ${monitor.topics.join(', ')}`,
        description: [account.label, session ? stateText(session.state, now, s.t) : monitor.status].filter(Boolean).join(' · '),
        target,
      });
    }
  }
  if (items.length === 0) {
    const create = s.t('Create Monitor');
    const choice = await vscode.window.showInformationMessage(s.t('No monitor to choose from.'), create);
    if (choice === create) await vscode.commands.executeCommand(COMMANDS.createMonitor, ref ? { accountId: ref.accountId } : undefined);
    return undefined;
  }
  return (await s.prompter.pick(items, { title, placeHolder: s.t('Monitor'), matchOnDescription: true }))?.target;
}

export async function resolveSession(s: SessionPickDeps, arg: unknown, title: string, filter: (src: LiveSession) => boolean): Promise<LiveSession | undefined> {
  const ref = refFrom(arg);
  if (ref?.monitorId !== undefined) return s.manager.find(ref.accountId, ref.monitorId);
  const now = Date.now();
  const sources = s.manager.list().filter(filter);
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(s.t('No session is running.'));
    return undefined;
  }
  if (sources.length === 1) return sources[0];
  const pick = await s.prompter.pick(
    sources.map((src) => ({ label: src.label, description: stateText(src.state, now, s.t), src })),
    { title, placeHolder: s.t('Session') },
  );
  return pick?.src;
}
