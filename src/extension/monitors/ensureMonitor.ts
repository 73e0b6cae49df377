// "Create or reuse" a monitor for a purpose (Watch this device, a workspace definition):
// a monitor is reused only when it has exactly these topics, is a TCP monitor, and is ours
// — recorded as created by this extension, or tagged with our description. Someone else's
// monitor with the same topics is never taken over: a second push session on it would
// replace theirs (one connection per monitor).

import { isTcpMonitor, type Logger, type MonitorInfo, type MonitorSettings, type PushClient } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import type { CreatedMonitors } from './createdMonitors';
import type { MonitorCatalog } from './monitorCatalog';

/** Start of the description of every monitor the extension creates for a purpose. */
export const EXTENSION_MONITOR_TAG = 'Digi Push Monitor for VS Code';

export interface EnsureMonitorDeps {
  clientFor(account: AccountRecord): Promise<PushClient>;
  created: Pick<CreatedMonitors, 'add' | 'has'>;
  catalog: Pick<MonitorCatalog, 'put'>;
  log: Logger;
}

export interface EnsuredMonitor {
  monitor: MonitorInfo;
  /** false when an existing monitor of ours was reused. */
  created: boolean;
}

/** `Digi Push Monitor for VS Code: <purpose>`, the description that marks a monitor as ours. */
export const taggedDescription = (purpose: string) => `${EXTENSION_MONITOR_TAG}: ${purpose}`;

const sameTopics = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** Finds a monitor of ours with exactly `settings.topics`, or creates one tagged with `purpose`. */
export async function ensureMonitor(d: EnsureMonitorDeps, account: AccountRecord, settings: MonitorSettings, purpose: string): Promise<EnsuredMonitor> {
  const client = await d.clientFor(account);
  const candidates = (await client.findMonitors(settings.topics)).filter(
    (m) =>
      isTcpMonitor(m) &&
      sameTopics(m.topics, settings.topics) &&
      (d.created.has(account.id, m.id) || (m.description ?? '').startsWith(EXTENSION_MONITOR_TAG)),
  );
  const reuse = candidates.sort((a, b) => a.id - b.id)[0];
  if (reuse) {
    d.catalog.put(account.id, reuse);
    d.log.info(`reusing monitor ${reuse.id} on ${account.label} for ${purpose}`);
    return { monitor: reuse, created: false };
  }
  const { topics, ...rest } = settings;
  const id = await client.createMonitor(topics, { ...rest, description: settings.description ?? taggedDescription(purpose) });
  await d.created.add({ accountId: account.id, monitorId: id });
  d.log.info(`created monitor ${id} on ${account.label} for ${purpose}: ${topics.join(',')}`);
  const monitor = await client.getMonitor(id).catch(
    (): MonitorInfo => ({ id, topics, transport: 'tcp', ...rest, fields: {} }),
  );
  d.catalog.put(account.id, monitor);
  return { monitor, created: true };
}
