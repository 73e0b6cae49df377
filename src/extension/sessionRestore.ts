// After a window reload or a restart: the sessions that were running start again once
// activation has returned (sessions/restoreSessions.ts decides which), then one notification
// says so — "Stop Them" undoes it, "Don't Show Again" turns the
// `digiPushMonitor.session.notifyOnRestore` setting off. Viewer panels restored by VS Code
// reattach by themselves: their store is keyed by the session id the restart reuses.

import * as vscode from 'vscode';
import { describeError } from '../core';
import type { DisposableLike } from './lifecycle';
import { sessionKey } from './sessions/liveSession';
import { restoreMessage, restoreSessions, type RestoreDeps, type RestoreOutcome } from './sessions/restoreSessions';
import type { SessionManager } from './sessions/sessionManager';
import { SETTINGS_SECTION } from './settings';
import type { Translate } from './l10n';

export interface SessionRestoreDeps extends RestoreDeps {
  t: Translate;
  manager: Pick<SessionManager, 'stop'>;
  /** The `session.notifyOnRestore` setting now. */
  notify(): boolean;
}

export interface RestoreRun {
  outcomes: RestoreOutcome[];
  /** The notification shown (undefined: none, nothing started or the setting is off). */
  message?: string;
}

/** Restores now and tells the user; never throws (a failure is logged). */
export async function restoreAndNotify(d: SessionRestoreDeps): Promise<RestoreRun> {
  let outcomes: RestoreOutcome[];
  try {
    outcomes = await restoreSessions(d);
  } catch (e) {
    d.log.error(`restoring sessions failed: ${describeError(e)}`);
    return { outcomes: [] };
  }
  const message = restoreMessage(outcomes, d.t);
  if (!message || !d.notify()) return { outcomes };
  const stop = d.t('Stop Them');
  const never = d.t("Don't Show Again");
  void vscode.window.showInformationMessage(message, stop, never).then(async (choice) => {
    try {
      if (choice === stop) {
        await Promise.all(outcomes.filter((o) => o.result === 'started').map((o) => d.manager.stop(sessionKey(o.accountId, o.monitorId))));
      } else if (choice === never) {
        await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('session.notifyOnRestore', false, vscode.ConfigurationTarget.Global);
      }
    } catch (e) {
      d.log.warn(`restored sessions: ${describeError(e)}`);
    }
  });
  return { outcomes, message };
}

/** Runs restoreAndNotify once activation has returned (activation itself stays free of network). */
export function restoreAfterActivation(d: SessionRestoreDeps): { done: Promise<RestoreRun>; disposable: DisposableLike } {
  let timer: NodeJS.Timeout | undefined;
  let cancel: (() => void) | undefined;
  const done = new Promise<RestoreRun>((resolve) => {
    cancel = () => resolve({ outcomes: [] });
    timer = setTimeout(() => {
      timer = undefined;
      void restoreAndNotify(d).then(resolve);
    }, 0);
  });
  return {
    done,
    disposable: {
      dispose: () => {
        if (timer) clearTimeout(timer);
        cancel?.();
      },
    },
  };
}
