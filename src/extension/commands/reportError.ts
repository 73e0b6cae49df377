// One failure = one log line + one notification with one useful action (Sign In Again
// for credential problems, Show Log otherwise). Messages are redacted of every secret.

import * as vscode from 'vscode';
import { describeError, isPushMonitorError, type Logger } from '../../core';
import { COMMANDS, type CommandId } from '../commandIds';
import type { DisposableLike } from '../lifecycle';
import type { SecretRegistry } from '../output/redaction';

/** What one report said: the command, the error's code and the redacted message. */
export interface ReportedError {
  command: string;
  code?: string;
  message: string;
}

export interface ErrorReporterDeps {
  secrets: Pick<SecretRegistry, 'redact'>;
  log: Logger;
  /** Show Log: reveals the log channel. */
  showLog(): void;
}

export class ErrorReporter {
  constructor(private readonly deps: ErrorReporterDeps) {}

  /** Logs and shows one failure; returns what was reported. */
  report(command: string, what: string, error: unknown, accountId?: string): ReportedError {
    const { secrets, log } = this.deps;
    const message = secrets.redact(describeError(error));
    const code = isPushMonitorError(error) ? error.code : undefined;
    log.error(`${command}: ${what}: ${message}${code ? ` [${code}]` : ''}`);
    const signInAgain = vscode.l10n.t('Sign In Again');
    const showLog = vscode.l10n.t('Show Log');
    const actions = code === 'AUTH' ? [signInAgain, showLog] : [showLog];
    void vscode.window.showErrorMessage(`${what}: ${message}`, ...actions).then((choice) => {
      if (choice === signInAgain) void vscode.commands.executeCommand(COMMANDS.signIn, accountId ? { reauthenticate: accountId } : undefined);
      else if (choice === showLog) this.deps.showLog();
    });
    return { command, code, message };
  }
}

/** Registers a command whose failures are reported instead of thrown into the void. */
export function registerCommand(errors: ErrorReporter, id: CommandId, what: string, handler: (...args: unknown[]) => Promise<unknown>): DisposableLike {
  if (!id.startsWith('digiPushMonitor.')) throw new Error(`command id ${id} lacks the extension prefix`);
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      errors.report(id, what, e, accountIdOf(args[0]));
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
