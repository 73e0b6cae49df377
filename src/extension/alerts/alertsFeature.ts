// Watch rules in VS Code: reads digiPushMonitor.alerts (again on every change; a bad rule is
// one warning naming it and its field), feeds the AlertCenter from the sessions, shows each
// notice as a warning with Open Viewer and Mute for 1 Hour, and registers the Watch Rules
// view and its commands.

import * as vscode from 'vscode';
import type { DataPointInfo, DeviceInfo, Logger } from '../../core';
import { COMMANDS, VIEWER_COMMANDS, VIEWS } from '../commandIds';
import type { Translate } from '../l10n';
import { DisposableStore, type DisposableLike } from '../lifecycle';
import type { SessionManager } from '../sessions/sessionManager';
import type { Prompter } from '../ui/prompter';
import { SETTINGS_SECTION } from '../settings';
import { AlertCenter, type RaisedNotice } from './alertCenter';
import { ALERTS_SETTING, readRules } from './rules';
import { askForRule } from './ruleWizard';
import { RulesTreeProvider } from './rulesView';
import { feedSessions } from './sessionFeed';

export interface AlertsDeps {
  t: Translate;
  log: Logger;
  prompter: Prompter;
  manager: Pick<SessionManager, 'list' | 'onDidChange'>;
  accountLabel(accountId: string): string | undefined;
  parseDevice(record: unknown): DeviceInfo | undefined;
  parsePoint(record: unknown): DataPointInfo | undefined;
  /** A line for the events output. */
  writeLine(line: string): void;
}

export interface AlertsFeature extends DisposableLike {
  center: AlertCenter;
  /** Problems of the rules as last read. */
  problems(): string[];
}

export function registerAlerts(d: AlertsDeps): AlertsFeature {
  const { t } = d;
  const disposables = new DisposableStore();
  const center = disposables.add(new AlertCenter({ ...d, show: (n) => show(n) }));
  let problems: string[] = [];
  const warned = new Set<string>();

  const show = (n: RaisedNotice) => {
    const open = t('Open Viewer');
    const mute = t('Mute for 1 Hour');
    void vscode.window.showWarningMessage(t('Watch rule "{0}": {1}', n.rule, n.message), open, mute).then((choice) => {
      // The viewer cannot select one event from outside yet: it opens on the session of the event.
      if (choice === open) void vscode.commands.executeCommand(VIEWER_COMMANDS.open, { accountId: n.accountId, monitorId: n.monitorId });
      else if (choice === mute) center.mute(n.rule);
    });
  };

  const readSetting = () => {
    const read = readRules(vscode.workspace.getConfiguration(SETTINGS_SECTION).get(ALERTS_SETTING));
    problems = read.problems;
    center.setRules(read.rules);
    for (const p of read.problems) {
      d.log.warn(p);
      if (warned.has(p)) continue;
      warned.add(p);
      // Runs during activate(): a Promise (not the bare Thenable) so no chained call can throw there.
      void Promise.resolve(vscode.window.showWarningMessage(t('{0} (the other rules still work)', p), t('Edit Watch Rules'))).then((c) => c && vscode.commands.executeCommand(COMMANDS.editAlertRules));
    }
    if (read.rules.length > 0) d.log.info(`watch rules: ${read.rules.length} read${read.problems.length ? `, ${read.problems.length} left out` : ''}`);
  };
  readSetting();
  disposables.add(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SETTINGS_SECTION}.${ALERTS_SETTING}`) && readSetting()));
  disposables.add(feedSessions(d.manager, center));

  const provider = new RulesTreeProvider(center, t);
  disposables.add(provider.changed);
  const view = disposables.add(vscode.window.createTreeView(VIEWS.rules, { treeDataProvider: provider }));
  const redraw = () => {
    provider.changed.fire(undefined);
    const firing = center.firingCount();
    view.badge = firing > 0 ? { value: firing, tooltip: t('{0} watch rule(s) firing', firing) } : undefined;
  };
  disposables.add(center.onDidChange(redraw));
  redraw();

  const pickRule = async (arg: unknown, muted: boolean): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    const names = center.statuses().filter((s) => (s.state === 'muted') === muted).map((s) => s.name);
    return names.length === 0 ? undefined : vscode.window.showQuickPick(names, { placeHolder: muted ? t('Watch rule to unmute') : t('Watch rule to mute for an hour') });
  };
  disposables.add(
    vscode.commands.registerCommand(COMMANDS.editAlertRules, async () => {
      try {
        await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: `${SETTINGS_SECTION}.${ALERTS_SETTING}`, edit: true } });
      } catch {
        await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.${ALERTS_SETTING}`);
      }
    }),
  );
  disposables.add(
    vscode.commands.registerCommand(COMMANDS.addAlertRule, async () => {
      const draft = await askForRule(d.prompter, t, center.statuses().map((s) => s.name));
      if (!draft) return undefined;
      // Added where the rules are: the workspace's when it has some, else the user's settings.
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const where = config.inspect<unknown>(ALERTS_SETTING);
      const target = where?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      const current = target === vscode.ConfigurationTarget.Workspace ? where?.workspaceValue : where?.globalValue;
      await config.update(ALERTS_SETTING, [...(Array.isArray(current) ? current : []), draft], target);
      return draft.name;
    }),
  );
  disposables.add(
    vscode.commands.registerCommand(COMMANDS.muteAlertRule, async (arg?: unknown) => {
      const name = await pickRule(arg, false);
      return name !== undefined && center.mute(name);
    }),
  );
  disposables.add(
    vscode.commands.registerCommand(COMMANDS.unmuteAlertRule, async (arg?: unknown) => {
      const name = await pickRule(arg, true);
      if (name !== undefined) center.unmute(name);
      return name !== undefined;
    }),
  );
  return { center, problems: () => [...problems], dispose: () => disposables.dispose() };
}
