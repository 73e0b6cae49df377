// Starting again the sessions that ran before a window reload or a restart (issue 14 §2),
// from the list RememberedSessions keeps. Each remembered session is checked first:
//   - its account is gone (signed out, here or in another window)  → skipped and forgotten
//     (account ids are never reused: a new sign-in is a new account);
//   - its account has no usable credentials (AUTH)                 → skipped, kept for after
//     "Sign in again";
//   - the Local simulator                                          → forgotten (its monitors
//     ended with the previous window's simulator);
//   - the monitor no longer exists (NOT_FOUND), or is not TCP      → forgotten, with a log line;
//   - the server cannot be read now (offline after sleep…)         → started anyway: the
//     session backs off and reconnects when the network is back.
// Nothing is created: restoring only starts sessions on existing monitors, so it runs in
// Restricted Mode too. No vscode import; extension.ts shows the notification.

import { describeError, isTcpMonitor, PushMonitorError, type Logger, type MonitorInfo, type PushClient } from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { Translate } from '../l10n';
import type { RememberedSessions, SessionRef } from './rememberedSessions';
import type { LiveSession } from './liveSession';

export interface RestoreDeps {
  remembered: Pick<RememberedSessions, 'list' | 'remove'>;
  accounts: { get(id: string): AccountRecord | undefined };
  clientFor(account: AccountRecord): Promise<PushClient>;
  /** What the Monitors view knows already (used when the server cannot be read now). */
  knownMonitor?(accountId: string, monitorId: number): MonitorInfo | undefined;
  start(account: AccountRecord, monitor: MonitorInfo): Promise<LiveSession>;
  log: Logger;
}

export type RestoreOutcome = SessionRef &
  (
    | { result: 'started'; label: string }
    | { result: 'skipped'; reason: 'signed-out' | 'credentials' }
    | { result: 'forgotten'; reason: 'simulator' | 'monitor-gone' | 'not-tcp' }
    | { result: 'failed'; reason: string }
  );

/** The monitor as the server has it; NOT_FOUND and AUTH are the caller's to handle; other failures fall back. */
async function readMonitor(d: RestoreDeps, client: PushClient, ref: SessionRef): Promise<MonitorInfo> {
  try {
    return await client.getMonitor(ref.monitorId);
  } catch (e) {
    if (e instanceof PushMonitorError && (e.code === 'NOT_FOUND' || e.code === 'AUTH' || e.code === 'FORBIDDEN')) throw e;
    d.log.warn(`restoring session ${ref.accountId}/${ref.monitorId}: could not read the monitor (${describeError(e)}); starting it anyway`);
    return d.knownMonitor?.(ref.accountId, ref.monitorId) ?? { id: ref.monitorId, topics: [], transport: 'tcp', fields: {} };
  }
}

async function restoreOne(d: RestoreDeps, ref: SessionRef): Promise<RestoreOutcome> {
  const where = `session ${ref.accountId}/${ref.monitorId}`;
  const forget = async <T extends RestoreOutcome>(outcome: T, why: string): Promise<T> => {
    d.log.info(`not restarting ${where}: ${why}`);
    await d.remembered.remove(ref);
    return outcome;
  };
  const account = d.accounts.get(ref.accountId);
  if (!account) return forget({ ...ref, result: 'skipped', reason: 'signed-out' }, 'its account is signed out');
  if (isSimulator(account)) return forget({ ...ref, result: 'forgotten', reason: 'simulator' }, "the Local simulator's monitors ended with the previous window");
  let monitor: MonitorInfo;
  try {
    const client = await d.clientFor(account);
    monitor = await readMonitor(d, client, ref);
  } catch (e) {
    if (e instanceof PushMonitorError && e.code === 'NOT_FOUND') {
      return forget({ ...ref, result: 'forgotten', reason: 'monitor-gone' }, `monitor ${ref.monitorId} no longer exists on ${account.label}`);
    }
    d.log.warn(`not restarting ${where} on ${account.label} now: ${describeError(e)}`);
    return { ...ref, result: 'skipped', reason: 'credentials' };
  }
  if (!isTcpMonitor(monitor)) return forget({ ...ref, result: 'forgotten', reason: 'not-tcp' }, `monitor ${ref.monitorId} is not a TCP push monitor`);
  try {
    const src = await d.start(account, monitor);
    d.log.info(`restarted ${where} (${src.label})`);
    return { ...ref, result: 'started', label: src.label };
  } catch (e) {
    // The session shows the error itself (tree item, report); it stays remembered.
    return { ...ref, result: 'failed', reason: describeError(e) };
  }
}

/** Starts every remembered session that can be, in parallel; one outcome per remembered session. */
export async function restoreSessions(d: RestoreDeps): Promise<RestoreOutcome[]> {
  const refs = d.remembered.list();
  if (refs.length > 0) d.log.info(`restoring ${refs.length} session(s) that ran before the window was reloaded or closed`);
  return Promise.all(refs.map((ref) => restoreOne(d, ref)));
}

/** The notification after a restore: undefined when nothing was started. */
export function restoreMessage(outcomes: readonly RestoreOutcome[], t: Translate): string | undefined {
  const started = outcomes.filter((o): o is Extract<RestoreOutcome, { result: 'started' }> => o.result === 'started');
  if (started.length === 0) return undefined;
  const names = started.slice(0, 3).map((o) => o.label);
  const list = started.length > 3 ? `${names.join(', ')}, …` : names.join(', ');
  return started.length === 1
    ? t('Digi Push Monitor started again the session that was running before: {0}', list)
    : t('Digi Push Monitor started again {0} sessions that were running before: {1}', started.length, list);
}
