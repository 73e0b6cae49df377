// Refresh (re-read the server side of one account or all), and the two output channels.

import * as vscode from 'vscode';
import { isSimulator } from '../accounts/accountModel';
import type { Services } from '../services';
import { refFrom } from './targets';

export async function refresh(s: Services, arg?: unknown): Promise<void> {
  const ref = refFrom(arg);
  const accounts = s.accounts.list().filter((a) => (ref ? a.id === ref.accountId : true));
  // A simulator that is not running has nothing to read; Refresh must not start it.
  const readable = accounts.filter((a) => !isSimulator(a) || s.simulator.running);
  await vscode.window.withProgress({ location: { viewId: 'digiPushMonitor.monitors' }, title: s.t('Refreshing monitors…') }, () =>
    Promise.all(readable.map((a) => s.catalog.refresh(a))),
  );
  s.tree.redraw();
}

export function showEventsOutput(s: Services): void {
  s.eventsChannel.show(true);
}

export function showLog(s: Services): void {
  s.logChannel.show();
}
