// Accounts: the non-secret list in globalState, each secret in SecretStorage, and the
// built-in Local simulator account in front (unless the user signed out of it).
// Nothing is written to settings or workspace storage.

import * as vscode from 'vscode';
import {
  ACCOUNTS_STATE_KEY,
  isSimulator,
  parseAccounts,
  secretKey,
  serializeAccounts,
  SIMULATOR_HIDDEN_STATE_KEY,
  simulatorAccount,
  type AccountRecord,
} from './accountModel';
import { Emitter, type DisposableLike } from '../lifecycle';

export class AccountStore implements DisposableLike {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: DisposableLike;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    // Another window signing in or out changes secrets we share; re-read on that.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith('digiPushMonitor.secret.')) this.changed.fire();
    });
  }

  private stored(): AccountRecord[] {
    return parseAccounts(this.globalState.get<unknown>(ACCOUNTS_STATE_KEY));
  }

  get simulatorHidden(): boolean {
    return this.globalState.get<boolean>(SIMULATOR_HIDDEN_STATE_KEY) === true;
  }

  /** The simulator account first (unless hidden), then the stored accounts in sign-in order. */
  list(): AccountRecord[] {
    const sim = this.simulatorHidden ? [] : [simulatorAccount(vscode.l10n.t('Local simulator'))];
    return [...sim, ...this.stored()];
  }

  get(id: string): AccountRecord | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** Same host and user: signing in again replaces the secret instead of adding a twin. */
  findSame(restUrl: string, username: string): AccountRecord | undefined {
    return this.stored().find((a) => a.restUrl === restUrl && a.username === username);
  }

  secret(id: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(secretKey(id)));
  }

  /** Stores the secret first, then the record: a record never exists without its secret. */
  async save(record: AccountRecord, secret: string): Promise<void> {
    await this.secrets.store(secretKey(record.id), secret);
    const others = this.stored().filter((a) => a.id !== record.id);
    await this.globalState.update(ACCOUNTS_STATE_KEY, serializeAccounts([...others, record]));
    this.changed.fire();
  }

  /** Deletes the secret and the record (or hides the built-in simulator account). */
  async remove(id: string): Promise<void> {
    if (isSimulator({ id })) {
      await this.globalState.update(SIMULATOR_HIDDEN_STATE_KEY, true);
    } else {
      await this.secrets.delete(secretKey(id));
      await this.globalState.update(ACCOUNTS_STATE_KEY, serializeAccounts(this.stored().filter((a) => a.id !== id)));
    }
    this.changed.fire();
  }

  async showSimulator(): Promise<void> {
    if (!this.simulatorHidden) return;
    await this.globalState.update(SIMULATOR_HIDDEN_STATE_KEY, undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
