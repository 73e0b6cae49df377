// One failure = one log line + one notification with one useful action (Sign In Again
// for credential problems, Show Log otherwise). Messages are redacted of every secret.

import * as vscode from 'vscode';
import { describeError, isPushMonitorError } from '../../core/errors';
import { COMMANDS } from '../commandIds';
import type { DisposableLike } from '../lifecycle';
import type { Services } from '../services';

export function reportError(s: Services, command: string, what: string, error: unknown, accountId?: string): void {
  const message = s.secrets.redact(describeError(error));
  const code = isPushMonitorError(error) ? error.code : undefined;
  s.log.error(`${command}: ${what}: ${message}${code ? ` [${code}]` : ''}`);
  s.reported.push({ command, code, message });
  if (s.reported.length > 50) s.reported.shift();
  const signInAgain = vscode.l10n.t('Sign In Again');
  const showLog = vscode.l10n.t('Show Log');
  const actions = code === 'AUTH' ? [signInAgain, showLog] : [showLog];
  void vscode.window.showErrorMessage(`${what}: ${message}`, ...actions).then((choice) => {
    if (choice === signInAgain) void vscode.commands.executeCommand(COMMANDS.signIn, accountId ? { reauthenticate: accountId } : undefined);
    else if (choice === showLog) s.logChannel.show();
  });
}

/** Registers a command whose failures are reported instead of thrown into the void. */
export function registerCommand(
  s: Services,
  id: string,
  what: string,
  handler: (...args: unknown[]) => Promise<unknown>,
): DisposableLike {
  if (!id.startsWith('digiPushMonitor.')) throw new Error(`command id ${id} lacks the extension prefix`);
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      reportError(s, id, what, e, accountIdOf(args[0]));
      return undefined;
    }
  });
}

function accountIdOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as { accountId?: unknown }).accountId === 'string') {
    return (arg as { accountId: string }).accountId;
  }
  return undefined;
}
