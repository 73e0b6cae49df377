// Everything commands and views need, built once by activate() (the composition root)
// and passed down explicitly: no module-level singletons.

import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { AccountStore } from './accounts/accountStore';
import type { Translate } from './l10n';
import type { CreatedMonitors } from './monitors/createdMonitors';
import type { MonitorCatalog } from './monitors/monitorCatalog';
import type { EventsOutput } from './output/eventsOutput';
import type { SecretRegistry } from './output/redaction';
import type { AccountClients } from './sessions/accountClients';
import type { LocalSimulator } from './sessions/localSimulator';
import type { SessionManager } from './sessions/sessionManager';
import type { Settings } from './settings';
import type { TreeController } from './tree/treeController';
import type { Prompter } from './ui/prompter';

export interface ReportedError {
  command: string;
  code?: string;
  message: string;
}

export interface Services {
  context: vscode.ExtensionContext;
  t: Translate;
  log: Logger;
  logChannel: vscode.LogOutputChannel;
  eventsChannel: vscode.OutputChannel;
  secrets: SecretRegistry;
  accounts: AccountStore;
  simulator: LocalSimulator;
  clients: AccountClients;
  catalog: MonitorCatalog;
  manager: SessionManager;
  created: CreatedMonitors;
  eventsOutput: EventsOutput;
  tree: TreeController;
  /** Replaceable through the test API. */
  prompter: Prompter;
  settings(): Settings;
  /** Errors reported to the user, newest last (kept for the test API; bounded). */
  reported: ReportedError[];
}
