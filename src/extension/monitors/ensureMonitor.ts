// "Create or reuse" a monitor for a purpose (Watch this device, a workspace definition):
// a monitor is reused only when it has exactly these topics, is a TCP monitor, and is ours
// — recorded as created by this extension, or tagged with our description. Someone else's
// monitor with the same topics is never taken over: a second push session on it would
// replace theirs (one connection per monitor).

import { isTcpMonitor, type Logger, type MonitorInfo, type MonitorSettings, type PushClient } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import type { CreatedMonitors } from './createdMonitors';
import { hasDelivery, LOSSLESS, withDelivery, type Delivery } from './delivery';
import type { MonitorCatalog } from './monitorCatalog';

/** Start of the description of every monitor the extension creates for a purpose. */
export const EXTENSION_MONITOR_TAG = 'Digi Push Monitor for VS Code';

export interface EnsureMonitorDeps {
  clientFor(account: AccountRecord): Promise<PushClient>;
  created: Pick<CreatedMonitors, 'add' | 'has'>;
  catalog: Pick<MonitorCatalog, 'put'>;
  log: Logger;
  /** Delivery for settings that do not say (the `monitors.lossless` setting; default lossless). */
  delivery?(): Delivery;
}

export interface EnsuredMonitor {
  monitor: MonitorInfo;
  /** false when an existing monitor of ours was reused. */
  created: boolean;
}

/** `Digi Push Monitor for VS Code: <purpose>`, the description that marks a monitor as ours. */
export const taggedDescription = (purpose: string) => `${EXTENSION_MONITOR_TAG}: ${purpose}`;

const sameTopics = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * Finds a monitor of ours with exactly `settings.topics`, or creates one tagged with `purpose`.
 * Settings without ackOption / autoReplayOnConnect get the deps' delivery. Of several monitors
 * of ours, one with that delivery is preferred; reusing one without it is logged as a warning.
 */
export async function ensureMonitor(d: EnsureMonitorDeps, account: AccountRecord, requested: MonitorSettings, purpose: string): Promise<EnsuredMonitor> {
  const settings = withDelivery(requested, d.delivery?.() ?? LOSSLESS);
  const client = await d.clientFor(account);
  const candidates = (await client.findMonitors(settings.topics)).filter(
    (m) =>
      isTcpMonitor(m) &&
      sameTopics(m.topics, settings.topics) &&
      (d.created.has(account.id, m.id) || (m.description ?? '').startsWith(EXTENSION_MONITOR_TAG)),
  );
  const reuse = candidates.sort((a, b) => Number(hasDelivery(b, settings)) - Number(hasDelivery(a, settings)) || a.id - b.id)[0];
  if (reuse) {
    d.catalog.put(account.id, reuse);
    d.log.info(`reusing monitor ${reuse.id} on ${account.label} for ${purpose}`);
    if (!hasDelivery(reuse, settings)) {
      d.log.warn(
        `monitor ${reuse.id} on ${account.label} has ack ${reuse.ackOption ?? 'off'} and auto-replay ${reuse.autoReplayOnConnect ? 'on' : 'off'}, not ${settings.ackOption} / ${settings.autoReplayOnConnect ? 'on' : 'off'} as asked` +
          (settings.autoReplayOnConnect && !reuse.autoReplayOnConnect ? ': events published while disconnected are not replayed; delete it to have it created again' : ''),
      );
    }
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
