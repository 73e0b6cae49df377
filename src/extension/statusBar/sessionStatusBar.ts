// `$(radio-tower) 2 live · 37 ev/s` while sessions run, warning background while one
// reconnects; hidden otherwise. Click → quick pick of sessions. Redrawn on session
// state changes and once a second while visible (the rate moves).

import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { Translate } from '../l10n';
import type { DisposableLike, Event } from '../lifecycle';
import type { SessionManager } from '../sessions/sessionManager';
import { statusModel } from './statusModel';

export interface StatusBarDeps {
  t: Translate;
  manager: Pick<SessionManager, 'list' | 'onDidChange'>;
  /** Watch rules firing (and not muted), and when that may have changed. */
  alerts?: { firingCount(): number; onDidChange: Event<void> };
}

export class SessionStatusBar implements DisposableLike {
  private readonly item: vscode.StatusBarItem;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: DisposableLike;
  private readonly alertSubscription: DisposableLike | undefined;
  /** What is shown, for the test API. */
  text = '';
  visible = false;

  constructor(private readonly s: StatusBarDeps) {
    this.item = vscode.window.createStatusBarItem('digiPushMonitor.sessions', vscode.StatusBarAlignment.Left, 50);
    this.item.name = s.t('Digi Push Monitor Sessions');
    this.item.command = COMMANDS.showSessions;
    this.subscription = s.manager.onDidChange((e) => {
      if (e.kind !== 'items') this.update();
    });
    this.alertSubscription = s.alerts?.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const now = Date.now();
    const m = statusModel(
      this.s.manager.list().map((src) => ({ label: src.label, state: src.state, eventsPerSecond: src.eventsPerSecond(now) })),
      now,
      this.s.t,
      this.s.alerts?.firingCount() ?? 0,
    );
    this.text = m.text;
    this.visible = m.visible;
    if (!m.visible) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.item.text = m.text;
    this.item.tooltip = m.tooltip;
    this.item.backgroundColor =
      m.background === 'none' ? undefined : new vscode.ThemeColor(m.background === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
    this.item.show();
    this.timer ??= setInterval(() => this.update(), 1000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription.dispose();
    this.alertSubscription?.dispose();
    this.item.dispose();
  }
}
