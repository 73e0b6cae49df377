// The non-secret description of a signed-in account, and its (de)serialisation for
// globalState. Secrets never enter these records: they live in SecretStorage under
// `secretKey(id)`. Serialisation copies an allow-list of fields, so a secret that was
// attached to a record by mistake still cannot reach globalState.

import { randomUUID } from 'node:crypto';
import type { Credentials } from '../../core';

export type AccountKind = 'password' | 'apiKey';

export interface AccountRecord {
  id: string;
  label: string;
  /** Host name shown to the user (e.g. remotemanager.digi.com). */
  host: string;
  /** REST base URL, e.g. https://remotemanager.digi.com. Empty for the simulator (known only once it runs). */
  restUrl: string;
  pushHost: string;
  pushPort: number;
  /** TLS push (and https REST) when true. */
  secure: boolean;
  kind: AccountKind;
  /** The username, or the API key id. Not secret (shown in the Accounts menu). */
  username: string;
  /**
   * PEM file of a private CA (a company root, or a TLS-intercepting proxy's) trusted for this
   * account's https REST and TLS push, read each time the account's client is made. Not secret.
   */
  caFile?: string;
  /** Set only on the built-in Local simulator account, which is never stored. */
  builtIn?: 'simulator';
}

export const SIMULATOR_ACCOUNT_ID = 'local-simulator';
export const ACCOUNTS_STATE_KEY = 'digiPushMonitor.accounts.v1';
/** globalState flag: the user signed out of the built-in simulator account. */
export const SIMULATOR_HIDDEN_STATE_KEY = 'digiPushMonitor.simulatorHidden';

export const secretKey = (accountId: string) => `digiPushMonitor.secret.${accountId}`;

export const newAccountId = () => randomUUID();

export function simulatorAccount(label: string): AccountRecord {
  return {
    id: SIMULATOR_ACCOUNT_ID,
    label,
    host: 'localhost',
    restUrl: '',
    pushHost: '127.0.0.1',
    pushPort: 0,
    secure: true,
    kind: 'password',
    username: 'demo',
    builtIn: 'simulator',
  };
}

export const isSimulator = (a: Pick<AccountRecord, 'id'>) => a.id === SIMULATOR_ACCOUNT_ID;

/** What is written to globalState: exactly these fields, nothing else. */
export interface StoredAccountV1 {
  id: string;
  label: string;
  host: string;
  restUrl: string;
  pushHost: string;
  pushPort: number;
  secure: boolean;
  kind: AccountKind;
  username: string;
  /** Absent when the account trusts the system's CAs only. */
  caFile?: string;
}

export function serializeAccounts(accounts: readonly AccountRecord[]): StoredAccountV1[] {
  return accounts
    .filter((a) => !a.builtIn)
    .map((a) => ({
      id: a.id,
      label: a.label,
      host: a.host,
      restUrl: a.restUrl,
      pushHost: a.pushHost,
      pushPort: a.pushPort,
      secure: a.secure,
      kind: a.kind,
      username: a.username,
      ...(a.caFile ? { caFile: a.caFile } : {}),
    }));
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads what serializeAccounts wrote; malformed entries (hand edits, old versions) are dropped. */
export function parseAccounts(value: unknown): AccountRecord[] {
  if (!Array.isArray(value)) return [];
  const out: AccountRecord[] = [];
  const seen = new Set<string>();
  for (const item of value as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const r = item as Record<string, unknown>;
    if (!isString(r.id) || seen.has(r.id) || r.id === SIMULATOR_ACCOUNT_ID) continue;
    if (!isString(r.label) || !isString(r.host) || !isString(r.restUrl) || !isString(r.pushHost) || !isString(r.username)) continue;
    if (typeof r.pushPort !== 'number' || !Number.isInteger(r.pushPort) || r.pushPort < 1 || r.pushPort > 65535) continue;
    if (typeof r.secure !== 'boolean' || (r.kind !== 'password' && r.kind !== 'apiKey')) continue;
    if (r.caFile !== undefined && !isString(r.caFile)) continue;
    seen.add(r.id);
    out.push({
      id: r.id,
      label: r.label,
      host: r.host,
      restUrl: r.restUrl,
      pushHost: r.pushHost,
      pushPort: r.pushPort,
      secure: r.secure,
      kind: r.kind,
      username: r.username,
      ...(isString(r.caFile) ? { caFile: r.caFile } : {}),
    });
  }
  return out;
}

export function credentialsFor(account: Pick<AccountRecord, 'kind' | 'username'>, secret: string): Credentials {
  return account.kind === 'apiKey'
    ? { apiKeyId: account.username, apiKeySecret: secret }
    : { username: account.username, password: secret };
}

/** `user @ host`, what the Accounts menu and the tree show. */
export const defaultAccountLabel = (username: string, host: string) => `${username} @ ${host}`;
