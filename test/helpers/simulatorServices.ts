// The session services the extension wires up (Local simulator, account clients, session
// manager, monitor catalog), made as activate() makes them but without VS Code, for tests
// that drive them through their plain APIs. start() in before(), stop() in after().
import { silentLogger } from '../../src/core/logger';
import type { AccountClientsDeps } from '../../src/extension/sessions/accountClients';
import { MonitorCatalog } from '../../src/extension/monitors/monitorCatalog';
import { AccountClients } from '../../src/extension/sessions/accountClients';
import { LocalSimulator } from '../../src/extension/sessions/localSimulator';
import { SessionManager, type SessionManagerDeps } from '../../src/extension/sessions/sessionManager';

export function simulatorServices(
  secrets: Pick<AccountClientsDeps, 'secretFor' | 'registerSecret'> = { secretFor: async () => undefined, registerSecret: () => undefined },
  managerDeps: Pick<SessionManagerDeps, 'openSession'> | ((clients: AccountClients) => Pick<SessionManagerDeps, 'openSession'>) = {},
) {
  const sim = new LocalSimulator(silentLogger, () => 0);
  const clients = new AccountClients({ ...secrets, log: silentLogger, simulator: sim });
  const extra = typeof managerDeps === 'function' ? managerDeps(clients) : managerDeps;
  const manager = new SessionManager({ clientFor: (a) => clients.get(a), log: silentLogger, autoReconnect: () => true, ...extra });
  const catalog = new MonitorCatalog((a) => clients.get(a), silentLogger);
  return {
    sim,
    clients,
    manager,
    catalog,
    start: () => sim.ensure(),
    async stop() {
      await manager.stopAll();
      manager.dispose();
      await clients.closeAll();
      await sim.close();
    },
  };
}
