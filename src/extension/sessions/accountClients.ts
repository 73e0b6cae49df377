// One PushClient per account, built on demand from the account record and its secret
// (or, for the built-in simulator account, from the simulator it starts). Clients are
// dropped when an account signs out or its credentials change.

import { PushMonitorError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { PushClient } from '../../core/pushClient';
import { credentialsFor, isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { LocalSimulator } from './localSimulator';

export interface AccountClientsDeps {
  secretFor(accountId: string): Promise<string | undefined>;
  /** Told every secret in use, so log redaction knows it before any request is logged. */
  registerSecret(secret: string): void;
  log: Logger;
  simulator: LocalSimulator;
}

export class AccountClients {
  private readonly clients = new Map<string, Promise<PushClient>>();

  constructor(private readonly deps: AccountClientsDeps) {}

  get(account: AccountRecord): Promise<PushClient> {
    let p = this.clients.get(account.id);
    if (!p) {
      p = this.create(account);
      this.clients.set(account.id, p);
      // A failed creation (no secret, simulator failed) is not cached.
      p.catch(() => {
        if (this.clients.get(account.id) === p) this.clients.delete(account.id);
      });
    }
    return p;
  }

  /** The client if one exists already; never creates one (no network, no simulator start). */
  async existing(accountId: string): Promise<PushClient | undefined> {
    const p = this.clients.get(accountId);
    return p ? p.catch(() => undefined) : undefined;
  }

  private async create(account: AccountRecord): Promise<PushClient> {
    const d = this.deps;
    if (isSimulator(account)) {
      const sim = await d.simulator.ensure();
      d.registerSecret(sim.password);
      return new PushClient({ username: sim.username, password: sim.password }, { ...sim.client, logger: d.log });
    }
    const secret = await d.secretFor(account.id);
    if (!secret) {
      throw new PushMonitorError('AUTH', `no stored credentials for "${account.label}"; sign in again`);
    }
    d.registerSecret(secret);
    return new PushClient(credentialsFor(account, secret), {
      host: account.pushHost,
      restUrl: account.restUrl,
      secure: account.secure,
      pushHost: account.pushHost,
      pushPort: account.pushPort,
      logger: d.log,
    });
  }

  /** Closes and forgets one account's client (sign-out, new credentials, changed settings). */
  async drop(accountId: string): Promise<void> {
    const p = this.clients.get(accountId);
    this.clients.delete(accountId);
    const c = p ? await p.catch(() => undefined) : undefined;
    await c?.close();
  }

  async closeAll(): Promise<void> {
    const ids = [...this.clients.keys()];
    await Promise.all(ids.map((id) => this.drop(id)));
  }
}
