// Open Stream History: a stream node of the Devices view, a `{ accountId, streamId }`
// argument, or (from the palette) an account and one of its streams. Reads the newest
// points with progress and shows them in the viewer, marked history; opening the same
// stream again reads it again into the same panel.

import * as vscode from 'vscode';
import type { DataStreamInfo } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import type { EventViewerApi } from '../viewer/eventViewer';
import { pickAccount, type AccountPickDeps } from '../wizard/createMonitorWizard';
import { isStreamNode } from './deviceNodes';
import { pickStream } from './streamPick';
import type { DeviceDataClient, HistoryLoader } from './streamHistory';

export interface HistoryCommandDeps extends AccountPickDeps {
  clientFor(account: AccountRecord): Promise<DeviceDataClient>;
  history: Pick<HistoryLoader, 'load'>;
  viewer: Pick<EventViewerApi, 'showHistory'>;
}

/** `{ accountId, streamId }` from a stream node or a plain argument. */
export function historyTargetOf(arg: unknown): { accountId: string; streamId: string; stream?: DataStreamInfo } | undefined {
  if (isStreamNode(arg)) return { accountId: arg.accountId, streamId: arg.stream.streamId, stream: arg.stream };
  if (arg && typeof arg === 'object') {
    const a = arg as { accountId?: unknown; streamId?: unknown };
    if (typeof a.accountId === 'string' && typeof a.streamId === 'string') return { accountId: a.accountId, streamId: a.streamId };
  }
  return undefined;
}

/** Returns the view key of the panel that shows the history, or undefined when cancelled. */
export async function openStreamHistory(s: HistoryCommandDeps, arg?: unknown): Promise<string | undefined> {
  const { t } = s;
  const title = t('Open Stream History');
  let target = historyTargetOf(arg);
  if (!target) {
    const account = await pickAccount(s, title);
    if (!account) return undefined;
    const client = await s.clientFor(account);
    const picked = await pickStream(s, client, account, title);
    if (!picked) return undefined;
    target = { accountId: account.id, streamId: picked.streamId, stream: picked.stream };
  }
  const { accountId, streamId, stream } = target;
  const view = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Reading the history of {0}…', streamId) }, () =>
    s.history.load(accountId, streamId, stream),
  );
  return s.viewer.showHistory(view);
}
