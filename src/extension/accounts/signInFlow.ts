// Sign In: host preset (or custom URL, or the Local simulator) → username + password or
// API key id + secret (password boxes) → test connection with progress → save. Nothing is
// saved when the test fails. Re-authenticating an account skips straight to its secret.

import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { describeError, isPushMonitorError, type Logger, PushClient } from '../../core';
import { COMMANDS } from '../commandIds';
import type { ErrorReporter } from '../commands/reportError';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import type { SecretRegistry } from '../output/redaction';
import type { AccountClients } from '../sessions/accountClients';
import type { SessionManager } from '../sessions/sessionManager';
import type { Asking } from '../ui/prompter';
import type { AccountStore } from './accountStore';
import { credentialsFor, defaultAccountLabel, newAccountId, SIMULATOR_ACCOUNT_ID, type AccountKind, type AccountRecord } from './accountModel';
import { caPemProblem } from './caFile';
import { HOST_PRESETS, parseCustomUrl, parsePushEndpoint, presetEndpoint, unencryptedRemoteTargets, type Endpoint } from './hostPresets';

export interface SignInOptions {
  /** Account id whose secret should be entered again (after an AUTH error). */
  reauthenticate?: string;
  /** `simulator`: skip the host question and enable the built-in simulator account. */
  preset?: 'simulator';
}

export interface SignInDeps extends Asking {
  accounts: Pick<AccountStore, 'get' | 'findSame' | 'save' | 'showSimulator'>;
  /** Told the new secret first, so no log line can show it. */
  secrets: Pick<SecretRegistry, 'add'>;
  clients: Pick<AccountClients, 'drop' | 'connectionOptions'>;
  catalog: Pick<MonitorCatalog, 'refresh'>;
  manager: Pick<SessionManager, 'list'>;
  errors: Pick<ErrorReporter, 'report'>;
  log: Logger;
}

const STEPS = 4;

type HostChoice = vscode.QuickPickItem & { endpoint?: Endpoint; special?: 'simulator' | 'custom' };

/** An endpoint and, for a custom one, the CA file its certificates are checked against. */
type SignInEndpoint = Endpoint & { caFile?: string };

/**
 * For a custom https / TLS endpoint: the system's authorities, or a CA file (PEM) of a private
 * CA or of a proxy that re-signs TLS. Null when the question was cancelled.
 */
async function askCaFile(s: Asking, title: string): Promise<string | undefined | null> {
  const { t } = s;
  type CaChoice = vscode.QuickPickItem & { useFile: boolean };
  const choice = await s.prompter.pick<CaChoice>(
    [
      { label: t("The system's certificate authorities"), description: t('for a certificate from a public authority'), useFile: false },
      { label: t('A CA certificate file (PEM)…'), description: t("a private CA, or your proxy's root if it re-signs TLS; trusted instead of the system's"), useFile: true },
    ],
    { title, placeHolder: t('Which certificate authority signs this server\'s certificate?'), ignoreFocusOut: true },
  );
  if (!choice) return null;
  if (!choice.useFile) return undefined;
  const check = async (file: string): Promise<string | undefined> => {
    let pem: string;
    try {
      pem = await readFile(file.trim(), 'utf8');
    } catch (e) {
      return t('Cannot read {0} ({1})', file.trim(), (e as NodeJS.ErrnoException).code ?? describeError(e));
    }
    const problem = caPemProblem(pem);
    return problem === undefined ? undefined : t('Not a CA certificate file: {0}', problem);
  };
  const file = await s.prompter.input({
    title,
    prompt: t('Path of the CA certificate file (PEM)'),
    placeHolder: '/etc/ssl/certs/company-root.pem',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? check(v) : t('Enter the path of a PEM file')),
  });
  if (file === undefined) return null;
  return (await check(file)) === undefined ? file.trim() : null;
}

async function pickEndpoint(s: Asking): Promise<SignInEndpoint | 'simulator' | undefined> {
  const { t } = s;
  const title = t('Sign In to Digi Remote Manager ({0}/{1})', 1, STEPS);
  const preset = (host: string, description: string): HostChoice => ({ label: host, description: t(description), endpoint: presetEndpoint(host) });
  const byGroup = (g: string) => HOST_PRESETS.filter((p) => p.group === g).map((p) => preset(p.host, p.description));
  const items: HostChoice[] = [
    ...byGroup('current'),
    { label: `$(beaker) ${t('Local simulator')}`, description: t('built in: runs inside VS Code, no account needed'), special: 'simulator' },
    { label: `$(edit) ${t('Custom URL…')}`, description: t('another Remote Manager host, a proxy or a simulator you run'), special: 'custom' },
    { label: t('Earlier names of the service'), kind: vscode.QuickPickItemKind.Separator },
    ...byGroup('legacy'),
    { label: t('Test clusters'), kind: vscode.QuickPickItemKind.Separator },
    ...byGroup('test'),
  ];
  const choice = await s.prompter.pick(items, { title, placeHolder: t('Where is your Remote Manager account?'), ignoreFocusOut: true, matchOnDescription: true });
  if (!choice) return undefined;
  if (choice.special === 'simulator') return 'simulator';
  if (choice.endpoint) return choice.endpoint;

  const url = await s.prompter.input({
    title,
    prompt: t('Remote Manager REST URL (https:// unless it runs on this machine)'),
    placeHolder: 'https://remotemanager.digi.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseCustomUrl(v, t);
      return r.ok ? undefined : r.message;
    },
  });
  if (url === undefined) return undefined;
  const parsed = parseCustomUrl(url, t);
  if (!parsed.ok) return undefined;
  const endpoint = parsed.value;
  const push = await s.prompter.input({
    title,
    prompt: endpoint.secure ? t('Push endpoint host:port (TLS)') : t('Push endpoint host:port (plain TCP)'),
    value: `${endpoint.pushHost}:${endpoint.pushPort}`,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parsePushEndpoint(v, endpoint.pushPort, t);
      return r.ok ? undefined : r.message;
    },
  });
  if (push === undefined) return undefined;
  const p = parsePushEndpoint(push, endpoint.pushPort, t);
  if (!p.ok) return undefined;
  const result = { ...endpoint, pushHost: p.value.host, pushPort: p.value.port };
  const clear = unencryptedRemoteTargets(result);
  if (clear.length > 0) {
    const ok = await s.prompter.confirm(
      t('{0} is not encrypted', clear.join(', ')),
      t('Your credentials and every event would travel in clear text over the network. Use https:// unless you are sure.'),
      t('Continue Without Encryption'),
    );
    if (!ok) return undefined;
  }
  if (!result.secure) return result;
  const caFile = await askCaFile(s, title);
  if (caFile === null) return undefined;
  return caFile === undefined ? result : { ...result, caFile };
}

async function askCredentials(s: Asking, host: string, previous?: AccountRecord): Promise<{ kind: AccountKind; username: string; secret: string } | undefined> {
  const { t } = s;
  let kind: AccountKind;
  if (previous) kind = previous.kind;
  else {
    const kinds: (vscode.QuickPickItem & { accountKind: AccountKind })[] = [
      { label: t('Username and password'), description: t('your Remote Manager login'), accountKind: 'password' },
      { label: t('API key'), description: t('key id and secret; for accounts with SSO or two-factor login'), accountKind: 'apiKey' },
    ];
    const k = await s.prompter.pick(kinds, { title: t('Sign In to {0} ({1}/{2})', host, 2, STEPS), placeHolder: t('How do you sign in?'), ignoreFocusOut: true });
    if (!k) return undefined;
    kind = k.accountKind;
  }
  const title = t('Sign In to {0} ({1}/{2})', host, 3, STEPS);
  const username = await s.prompter.input({
    title,
    prompt: kind === 'apiKey' ? t('API key id') : t('Username'),
    value: previous?.username,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : kind === 'apiKey' ? t('Enter the API key id') : t('Enter your username')),
  });
  if (username === undefined) return undefined;
  const secret = await s.prompter.input({
    title,
    prompt: kind === 'apiKey' ? t('API key secret for {0}', username.trim()) : t('Password for {0}', username.trim()),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : kind === 'apiKey' ? t('Enter the API key secret') : t('Enter your password')),
  });
  if (!secret) return undefined;
  return { kind, username: username.trim(), secret };
}

/** Checks host and credentials with one authenticated REST call, showing progress. */
async function testConnection(s: Pick<SignInDeps, 'secrets' | 'log' | 't' | 'clients'>, endpoint: SignInEndpoint, creds: { kind: AccountKind; username: string; secret: string }): Promise<unknown> {
  s.secrets.add(creds.secret);
  let connection;
  try {
    // The proxy settings and the CA file, as the account's own client will use them.
    connection = await s.clients.connectionOptions({ caFile: endpoint.caFile, label: endpoint.host });
  } catch (e) {
    return e;
  }
  const client = new PushClient(credentialsFor(creds, creds.secret), {
    ...connection,
    host: endpoint.pushHost,
    restUrl: endpoint.restUrl,
    secure: endpoint.secure,
    pushHost: endpoint.pushHost,
    pushPort: endpoint.pushPort,
    logger: s.log,
    retry: { maxRetries: 1 },
    restTimeoutMs: 20_000,
  });
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: s.t('Sign In ({0}/{1}): testing the connection to {2}…', STEPS, STEPS, endpoint.host) },
      () => client.testConnection(),
    );
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await client.close();
  }
}

export async function runSignIn(s: SignInDeps, options: SignInOptions = {}): Promise<AccountRecord | undefined> {
  const { t } = s;
  const previous = options.reauthenticate ? s.accounts.get(options.reauthenticate) : undefined;
  if (previous?.builtIn || options.preset === 'simulator') {
    await s.accounts.showSimulator();
    s.log.info('the Local simulator account is enabled');
    return s.accounts.get(SIMULATOR_ACCOUNT_ID);
  }
  const endpoint: SignInEndpoint | 'simulator' | undefined = previous
    ? { host: previous.host, restUrl: previous.restUrl, pushHost: previous.pushHost, pushPort: previous.pushPort, secure: previous.secure, caFile: previous.caFile }
    : await pickEndpoint(s);
  if (endpoint === undefined) return undefined;
  if (endpoint === 'simulator') return runSignIn(s, { preset: 'simulator' });

  const creds = await askCredentials(s, endpoint.host, previous);
  if (!creds) return undefined;
  const failure = await testConnection(s, endpoint, creds);
  if (failure) {
    const auth = isPushMonitorError(failure) && failure.code === 'AUTH';
    s.errors.report(
      'signIn',
      auth ? t('{0} refused these credentials; nothing was saved', endpoint.host) : t('Could not reach {0}; nothing was saved', endpoint.host),
      failure,
    );
    return undefined;
  }
  const existing = previous ?? s.accounts.findSame(endpoint.restUrl, creds.username);
  const record: AccountRecord = {
    id: existing?.id ?? newAccountId(),
    label: existing?.label ?? defaultAccountLabel(creds.username, endpoint.host),
    host: endpoint.host,
    restUrl: endpoint.restUrl,
    pushHost: endpoint.pushHost,
    pushPort: endpoint.pushPort,
    secure: endpoint.secure,
    kind: creds.kind,
    username: creds.username,
    ...(endpoint.caFile ? { caFile: endpoint.caFile } : {}),
  };
  await s.accounts.save(record, creds.secret);
  // The old client holds the old secret: drop it so the next call uses the new one.
  await s.clients.drop(record.id);
  s.log.info(`signed in: ${record.label} (${record.kind === 'apiKey' ? 'API key' : 'password'}, push ${record.pushHost}:${record.pushPort})`);
  void vscode.window.showInformationMessage(t('Signed in to {0} as {1}.', record.host, record.username));
  void s.catalog.refresh(record).catch((e: unknown) => s.log.warn(describeError(e)));
  // Sessions that the old credentials got refused start again with the new ones.
  for (const src of s.manager.list()) {
    if (src.accountId === record.id && src.state.kind === 'error' && src.error?.code === 'AUTH') {
      void vscode.commands.executeCommand(COMMANDS.startSession, { accountId: record.id, monitorId: src.monitorId });
    }
  }
  return record;
}
