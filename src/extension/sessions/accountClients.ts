// One PushClient per account, built on demand from the account record and its secret
// (or, for the built-in simulator account, from the simulator it starts). Clients are
// dropped when an account signs out or its credentials change. A Remote Manager account's
// client goes through VS Code's proxy settings (REST and the push socket) and trusts the
// account's own CA file when it has one, read as the client is made.

import { PushMonitorError, type Credentials, type Logger, proxySecrets, type ProxyOptions, PushClient, type PushClientOptions } from '../../core';
import type { WorkerClientConfig } from './worker/protocol';
import { workerConfig } from './worker/clientConfig';
import { credentialsFor, isSimulator, type AccountRecord } from '../accounts/accountModel';
import { readCaFile } from '../accounts/caFile';
import { describeProxyOptions } from '../proxySettings';
import type { LocalSimulator } from './localSimulator';

export interface AccountClientsDeps {
  secretFor(accountId: string): Promise<string | undefined>;
  /** Told every secret in use, so log redaction knows it before any request is logged. */
  registerSecret(secret: string): void;
  log: Logger;
  simulator: LocalSimulator;
  /** The proxy settings now (VS Code's http.proxy…, proxySettings.ts); none when absent. The simulator never uses them. */
  proxy?: () => ProxyOptions | undefined;
  /** Reads an account's CA file (default: the file system). */
  readFile?: (file: string) => Promise<string>;
}

/** What a Remote Manager account's client needs besides its endpoint and credentials. */
export type ConnectionOptions = Pick<PushClientOptions, 'ca' | 'proxy'>;

export class AccountClients {
  private readonly clients = new Map<string, Promise<PushClient>>();
  /** How each client was made, for a session worker to make its own (worker/protocol.ts). */
  private readonly configs = new WeakMap<PushClient, WorkerClientConfig>();

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
      return this.made({ username: sim.username, password: sim.password }, sim.client);
    }
    const secret = await d.secretFor(account.id);
    if (!secret) {
      throw new PushMonitorError('AUTH', `no stored credentials for "${account.label}"; sign in again`);
    }
    d.registerSecret(secret);
    return this.made(credentialsFor(account, secret), {
      host: account.pushHost,
      restUrl: account.restUrl,
      secure: account.secure,
      pushHost: account.pushHost,
      pushPort: account.pushPort,
      ...(await this.connectionOptions(account)),
    });
  }

  private made(credentials: Credentials, options: Omit<PushClientOptions, 'logger'>): PushClient {
    const client = new PushClient(credentials, { ...options, logger: this.deps.log });
    const config = workerConfig(credentials, options);
    if (config) this.configs.set(client, config);
    return client;
  }

  /** What a session worker needs to make the same client; undefined when it holds functions (they stay in this thread). */
  configOf(client: PushClient): WorkerClientConfig | undefined {
    return this.configs.get(client);
  }

  /**
   * The proxy settings now and the account's CA (its file read and checked now), for its
   * client or the sign-in flow's connection test. A proxy password is registered for
   * redaction before anything can log it.
   */
  async connectionOptions(account: Pick<AccountRecord, 'caFile' | 'label'>): Promise<ConnectionOptions> {
    const d = this.deps;
    const proxy = d.proxy?.();
    for (const secret of proxySecrets(proxy)) d.registerSecret(secret);
    if (proxy) d.log.info(`${account.label}: ${describeProxyOptions(proxy)}`);
    const ca = account.caFile ? await readCaFile(account.caFile, d.readFile) : undefined;
    return { ...(proxy ? { proxy } : {}), ...(ca !== undefined ? { ca } : {}) };
  }

  /**
   * The proxy settings changed: clients with no session running are closed, so the next use
   * makes them with the new settings; a client whose sessions are live keeps its settings
   * until those sessions end and the account is used again after a sign-in or reload.
   */
  async proxySettingsChanged(): Promise<void> {
    for (const [id, p] of [...this.clients]) {
      const c = await p.catch(() => undefined);
      if (!c || c.sessions().length > 0) continue;
      if (this.clients.get(id) === p) await this.drop(id);
    }
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
