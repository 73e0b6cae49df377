// Refresh (re-read the server side of one account or all), and the two output channels.

import * as vscode from 'vscode';
import { isSimulator } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { VIEWS } from '../commandIds';
import type { Translate } from '../l10n';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import type { LocalSimulator } from '../sessions/localSimulator';
import { refFrom } from './targets';

export interface RefreshDeps {
  t: Translate;
  accounts: Pick<AccountStore, 'list'>;
  catalog: Pick<MonitorCatalog, 'refresh'>;
  simulator: Pick<LocalSimulator, 'running'>;
  /** The Monitors and Live Sessions views: redrawn at once after the re-read. */
  tree: { redraw(): void };
}

export async function refresh(s: RefreshDeps, arg?: unknown): Promise<void> {
  const ref = refFrom(arg);
  const accounts = s.accounts.list().filter((a) => (ref ? a.id === ref.accountId : true));
  // A simulator that is not running has nothing to read; Refresh must not start it.
  const readable = accounts.filter((a) => !isSimulator(a) || s.simulator.running);
  await vscode.window.withProgress({ location: { viewId: VIEWS.monitors }, title: s.t('Refreshing monitors…') }, () =>
    Promise.all(readable.map((a) => s.catalog.refresh(a))),
  );
  s.tree.redraw();
}

/** Shows the events output channel without taking the focus. */
export function showEventsOutput(eventsChannel: Pick<vscode.OutputChannel, 'show'>): void {
  eventsChannel.show(true);
}

export function showLog(logChannel: Pick<vscode.OutputChannel, 'show'>): void {
  logChannel.show();
}
