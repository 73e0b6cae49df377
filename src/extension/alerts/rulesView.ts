// The Watch Rules view: one row per rule with its state (armed, firing since, muted until,
// off) and when it last fired; Mute/Unmute inline, Edit Watch Rules in the title.
// Ages ("firing since 15:02:10") are clock times, so the rows only change with the state.

import * as vscode from 'vscode';
import { clock as clockText } from '../../shared/eventText';
import type { Translate } from '../l10n';
import { Emitter } from '../lifecycle';
import type { AlertCenter, RuleStatus } from './alertCenter';

const ICONS: Record<RuleStatus['state'], [string, string | undefined]> = {
  armed: ['pass', 'testing.iconPassed'],
  firing: ['warning', 'list.warningForeground'],
  muted: ['bell-slash', undefined],
  disabled: ['circle-slash', 'disabledForeground'],
};

/** The row's state text: `firing since 15:02:10 (2)`, `muted until 16:02:10`, `armed`, `off`. */
export function ruleStateText(s: RuleStatus, t: Translate): string {
  switch (s.state) {
    case 'armed':
      return t('armed');
    case 'disabled':
      return t('off');
    case 'firing':
      return s.firing > 1 ? t('firing since {0} ({1})', clockText(s.firingSince ?? NaN, 's'), s.firing) : t('firing since {0}', clockText(s.firingSince ?? NaN, 's'));
    case 'muted':
      return t('muted until {0}', clockText(s.mutedUntil ?? NaN, 's'));
  }
}

export class RulesTreeProvider implements vscode.TreeDataProvider<string> {
  readonly changed = new Emitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly center: AlertCenter,
    private readonly t: Translate,
  ) {}

  getChildren(el?: string): string[] {
    return el === undefined ? this.center.statuses().map((s) => s.name) : [];
  }

  getTreeItem(name: string): vscode.TreeItem {
    const t = this.t;
    const s = this.center.statuses().find((x) => x.name === name);
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    if (!s) return item;
    item.id = `rule:${name}`;
    item.description = ruleStateText(s, t);
    const [icon, color] = ICONS[s.state];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = s.state === 'muted' ? 'ruleMuted' : 'rule';
    const last = s.lastFired === undefined ? t('never fired') : t('last fired {0}', new Date(s.lastFired).toLocaleString());
    item.tooltip = `${name}: ${s.description}\n${item.description}\n${last}`;
    return item;
  }
}
