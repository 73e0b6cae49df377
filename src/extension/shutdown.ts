// What deactivate() does: stop every session, apply the "created monitors on exit"
// policy (only to monitors this window created: createdMonitors.ts), close REST pools and
// the simulator. Bounded in time, because VS Code gives deactivate only a few seconds.

import { describeError, type Logger } from '../core';
import { isSimulator, SIMULATOR_ACCOUNT_ID } from './accounts/accountModel';
import type { AccountStore } from './accounts/accountStore';
import type { CreatedMonitors } from './monitors/createdMonitors';
import type { EventsOutput } from './output/eventsOutput';
import type { AccountClients } from './sessions/accountClients';
import type { LocalSimulator } from './sessions/localSimulator';
import type { SessionManager } from './sessions/sessionManager';
import type { Settings } from './settings';

export interface ShutdownDeps {
  log: Logger;
  settings(): Pick<Settings, 'createdMonitorsOnExit'>;
  accounts: Pick<AccountStore, 'get'>;
  manager: Pick<SessionManager, 'stopAll'>;
  created: Pick<CreatedMonitors, 'createdThisRun' | 'remove' | 'removeAccount'>;
  clients: Pick<AccountClients, 'get' | 'closeAll'>;
  simulator: Pick<LocalSimulator, 'close'>;
  eventsOutput: Pick<EventsOutput, 'flush'>;
}

const DELETE_BUDGET_MS = 4000;

/** Deletes the monitors this window created (never another window's, never an earlier run's). */
async function deleteCreatedMonitors(s: ShutdownDeps): Promise<void> {
  const work = s.created.createdThisRun().map(async ({ accountId, monitorId }) => {
    const account = s.accounts.get(accountId);
    // Simulator monitors end with the simulator; unknown accounts cannot be reached any more.
    if (!account || isSimulator(account)) {
      await s.created.remove(accountId, monitorId);
      return;
    }
    try {
      const client = await s.clients.get(account);
      await client.deleteMonitor(monitorId);
      await s.created.remove(accountId, monitorId);
      s.log.info(`deleted monitor ${monitorId} on ${account.label} (createdMonitors.onExit = delete)`);
    } catch (e) {
      s.log.warn(`could not delete monitor ${monitorId} on ${account.label} on exit: ${describeError(e)}`);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      s.log.warn('deleting created monitors took too long; the rest stay on the server');
      resolve();
    }, DELETE_BUDGET_MS);
  });
  await Promise.race([Promise.all(work).then(() => undefined), budget]);
  if (timer) clearTimeout(timer);
}

export async function shutdown(s: ShutdownDeps): Promise<void> {
  await s.manager.stopAll();
  if (s.settings().createdMonitorsOnExit === 'delete') await deleteCreatedMonitors(s);
  // The simulator's monitors end with it, whatever the policy.
  await s.created.removeAccount(SIMULATOR_ACCOUNT_ID);
  await s.clients.closeAll();
  await s.simulator.close();
  s.eventsOutput.flush();
  s.log.info('all sessions stopped');
}
