// Sign In / Sign Out. Signing out stops the account's sessions, forgets its client and
// deletes its secret; its monitors stay on the server (they are not ours to delete
// without the credentials we are about to drop).

import * as vscode from 'vscode';
import type { Logger } from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { runSignIn, type SignInDeps, type SignInOptions } from '../accounts/signInFlow';
import type { Translate } from '../l10n';
import type { CreatedMonitors } from '../monitors/createdMonitors';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import type { AccountClients } from '../sessions/accountClients';
import type { LocalSimulator } from '../sessions/localSimulator';
import type { SessionManager } from '../sessions/sessionManager';
import { pickAccount, type AccountPickDeps } from '../wizard/createMonitorWizard';
import { refFrom } from './targets';

export type { SignInDeps };

function signInOptions(arg: unknown): SignInOptions {
  if (arg === 'simulator') return { preset: 'simulator' };
  if (arg && typeof arg === 'object') {
    const o = arg as { reauthenticate?: unknown; preset?: unknown };
    return {
      reauthenticate: typeof o.reauthenticate === 'string' ? o.reauthenticate : undefined,
      preset: o.preset === 'simulator' ? 'simulator' : undefined,
    };
  }
  return {};
}

export interface SignOutDeps {
  t: Translate;
  log: Logger;
  accounts: Pick<AccountStore, 'get' | 'remove'>;
  manager: Pick<SessionManager, 'removeAccount'>;
  clients: Pick<AccountClients, 'drop'>;
  simulator: Pick<LocalSimulator, 'close'>;
  created: Pick<CreatedMonitors, 'removeAccount'>;
  catalog: Pick<MonitorCatalog, 'forget'>;
}

export function signIn(s: SignInDeps, arg?: unknown): Promise<AccountRecord | undefined> {
  return runSignIn(s, signInOptions(arg));
}

export async function signOut(s: SignOutDeps, accountId: string): Promise<void> {
  const account = s.accounts.get(accountId);
  if (!account) return;
  await s.manager.removeAccount(accountId);
  await s.clients.drop(accountId);
  if (isSimulator(account)) await s.simulator.close();
  await s.created.removeAccount(accountId);
  s.catalog.forget(accountId);
  await s.accounts.remove(accountId);
  s.log.info(`signed out: ${account.label}`);
  void vscode.window.showInformationMessage(
    isSimulator(account)
      ? s.t('The Local simulator account is hidden. Sign In → Local simulator brings it back.')
      : s.t('Signed out of {0}. Its credentials were deleted; its monitors stay on the server.', account.label),
  );
}

export async function signOutCommand(s: SignOutDeps & AccountPickDeps, arg?: unknown): Promise<void> {
  const ref = refFrom(arg);
  const id = typeof arg === 'string' ? arg : ref?.accountId;
  const account = id ? s.accounts.get(id) : await pickAccount(s, s.t('Sign Out'), undefined, true);
  if (account) await signOut(s, account.id);
}
