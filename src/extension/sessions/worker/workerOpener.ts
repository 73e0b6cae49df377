// Chooses where a push session runs: in a session worker (setting
// digiPushMonitor.session.receiveInWorker, the default) or, when off or when the account's
// client cannot be described to a worker, in the extension host as before.

import type { Logger, PushClient, PushEvent, SessionDefaults } from '../../../core';
import type { SessionHandle } from '../liveSession';
import type { WorkerClientConfig } from './protocol';
import { defaultWorkerFile, WorkerSession } from './workerSession';

export type SessionOpener = (client: PushClient, monitorId: number, deliver: (events: PushEvent[]) => boolean, overrides: SessionDefaults) => SessionHandle;

export interface WorkerOpenerDeps {
  enabled(): boolean;
  /** What the worker needs to make the same client; undefined: not describable (the session runs in the host). */
  configOf(client: PushClient): WorkerClientConfig | undefined;
  log: Logger;
  workerFile?: string;
}

export function workerSessionOpener(d: WorkerOpenerDeps): SessionOpener {
  return (client, monitorId, deliver, overrides) => {
    // A connect or clock function of the caller's own cannot cross to a thread: such a session stays here.
    const { connect, clock, ...rest } = overrides;
    const config = d.enabled() && !connect && !clock ? d.configOf(client) : undefined;
    if (!config) return client.createSession(deliver, monitorId, overrides);
    try {
      return new WorkerSession({ workerFile: d.workerFile ?? defaultWorkerFile(), client: config, monitorId, overrides: rest, deliver, log: d.log }).start();
    } catch (e) {
      d.log.warn(`monitor ${monitorId}: the session worker could not start (${(e as Error).message}); receiving in the extension host`);
      return client.createSession(deliver, monitorId, overrides);
    }
  };
}
