// "Digi Remote Manager" in VS Code's Accounts menu: one authentication session per stored
// account, with Sign Out. The session's accessToken is deliberately NOT the secret — the
// secret stays in SecretStorage and is used only inside this extension, so granting
// another extension access to a session never hands it a Remote Manager password.

import * as vscode from 'vscode';
import type { AccountRecord } from './accountModel';
import type { AccountStore } from './accountStore';
import { Emitter, type DisposableLike } from '../lifecycle';

export const ACCESS_TOKEN_PLACEHOLDER = 'kept-in-secret-storage';

export interface AuthFlows {
  /** Runs the Sign In flow; resolves with the new account, or undefined when cancelled or failed. */
  signIn(): Promise<AccountRecord | undefined>;
  signOut(accountId: string): Promise<void>;
}

const toSession = (a: AccountRecord): vscode.AuthenticationSession => ({
  id: a.id,
  accessToken: ACCESS_TOKEN_PLACEHOLDER,
  account: { id: a.id, label: a.label },
  scopes: [],
});

export class DrmAuthenticationProvider implements vscode.AuthenticationProvider, DisposableLike {
  private readonly changed = new Emitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private known: Map<string, AccountRecord>;
  private readonly subscription: DisposableLike;

  constructor(
    private readonly store: AccountStore,
    private readonly flows: AuthFlows,
  ) {
    this.known = this.current();
    this.subscription = store.onDidChange(() => this.diff());
  }

  private current(): Map<string, AccountRecord> {
    return new Map(this.store.list().filter((a) => !a.builtIn).map((a) => [a.id, a]));
  }

  /** Tells VS Code which sessions appeared, went or changed since last time. */
  private diff(): void {
    const now = this.current();
    const added = [...now.values()].filter((a) => !this.known.has(a.id)).map(toSession);
    const removed = [...this.known.values()].filter((a) => !now.has(a.id)).map(toSession);
    const changed = [...now.values()].filter((a) => this.known.has(a.id) && this.known.get(a.id)?.label !== a.label).map(toSession);
    this.known = now;
    if (added.length || removed.length || changed.length) this.changed.fire({ added, removed, changed });
  }

  async getSessions(): Promise<readonly vscode.AuthenticationSession[]> {
    return [...this.current().values()].map(toSession);
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const account = await this.flows.signIn();
    if (!account || account.builtIn) throw new Error(vscode.l10n.t('Sign in to Digi Remote Manager was cancelled'));
    return toSession(account);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.flows.signOut(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
