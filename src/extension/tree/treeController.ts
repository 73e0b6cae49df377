// Feeds both views (Monitors, Live Sessions) from one model build. Changes arrive as
// events (accounts, server lists, session states and batches) and are coalesced: state
// changes redraw within ~200 ms, event counts at most once a second, and a 1 s local
// tick keeps ages and "reconnecting in N s" current while sessions run. No REST polling.

import * as vscode from 'vscode';
import { systemClock, type Clock } from '../../core';
import { isSimulator } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { CONTEXT_KEYS } from '../commandIds';
import type { Translate } from '../l10n';
import { DisposableStore, Emitter, type DisposableLike } from '../lifecycle';
import type { CreatedMonitors } from '../monitors/createdMonitors';
import type { MonitorCatalog } from '../monitors/monitorCatalog';
import type { SecretRegistry } from '../output/redaction';
import type { LocalSimulator } from '../sessions/localSimulator';
import type { SessionManager } from '../sessions/sessionManager';
import { RedrawSchedule } from './redrawSchedule';
import { buildMonitorTree, buildSessionList, escapeMarkdown, type SessionView, type TreeInput, type TreeNode, type TreeState } from './treeModel';

export interface TreeSnapshot {
  state: TreeState;
  roots: TreeNode[];
  sessions: TreeNode[];
}

/** What both views show and listen to. */
export interface TreeDeps {
  t: Translate;
  accounts: Pick<AccountStore, 'list' | 'onDidChange'>;
  catalog: Pick<MonitorCatalog, 'list' | 'refresh' | 'onDidChange'>;
  manager: Pick<SessionManager, 'list' | 'active' | 'onDidChange'>;
  created: Pick<CreatedMonitors, 'has'>;
  simulator: Pick<LocalSimulator, 'running'>;
  /** Labels and tooltips are redacted of every secret. */
  secrets: Pick<SecretRegistry, 'redact'>;
}

export class TreeController implements DisposableLike {
  private readonly monitorsChanged = new Emitter<TreeNode | undefined>();
  private readonly sessionsChanged = new Emitter<TreeNode | undefined>();
  readonly onMonitorsChanged = this.monitorsChanged.event;
  readonly onSessionsChanged = this.sessionsChanged.event;
  private snapshot: TreeSnapshot | undefined;
  private parents = new Map<string, TreeNode>();
  private readonly schedule: RedrawSchedule;
  private lastState: TreeState | undefined;
  private lastSessionCount = -1;
  private readonly disposables = new DisposableStore();

  /** `clock`: the time ages and rates are shown at, and the redraw timers run on (fake in tests). */
  constructor(
    private readonly s: TreeDeps,
    private readonly clock: Clock = systemClock,
  ) {
    this.schedule = new RedrawSchedule(() => this.redraw(), clock);
  }

  /** Subscribes to every source of change. */
  start(): void {
    const s = this.s;
    this.disposables.add(s.accounts.onDidChange(() => this.invalidate(100)));
    this.disposables.add(s.catalog.onDidChange(() => this.invalidate(100)));
    this.disposables.add(
      s.manager.onDidChange((e) => {
        this.invalidate(e.kind === 'items' ? 1000 : 150);
        if (e.kind === 'state') this.updateTicker();
      }),
    );
    this.updateContext(this.current());
  }

  /** The current model, rebuilt if anything changed since the last build. */
  current(): TreeSnapshot {
    this.snapshot ??= this.build();
    return this.snapshot;
  }

  parentOf(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  /** Root call of the Monitors view: starts reading accounts never read (view opened). */
  monitorRoots(): TreeNode[] {
    this.loadUnread();
    return this.current().roots;
  }

  private loadUnread(): void {
    const s = this.s;
    for (const a of s.accounts.list()) {
      if (s.catalog.list(a.id).status !== 'idle') continue;
      // The simulator is only started on real use; until then it has no monitors to read.
      if (isSimulator(a) && !s.simulator.running) continue;
      void s.catalog.refresh(a);
    }
  }

  private build(): TreeSnapshot {
    const s = this.s;
    const now = this.clock.now();
    const views: SessionView[] = s.manager.list().map((src) => ({
      accountId: src.accountId,
      monitorId: src.monitorId,
      subscription: src.subscription,
      state: src.state,
      eventCount: src.eventCount,
      lastEventAt: src.lastEventAt,
      eventsPerSecond: src.eventsPerSecond(now),
      errorCode: src.error?.code,
    }));
    const input: TreeInput = {
      accounts: s.accounts.list(),
      list: (id) => s.catalog.list(id),
      session: (a, m) => views.find((v) => v.accountId === a && v.monitorId === m),
      sessions: views,
      createdHere: (a, m) => s.created.has(a, m),
      simulatorRunning: s.simulator.running !== undefined,
      now,
    };
    const clean = (n: TreeNode): TreeNode => ({
      ...n,
      label: s.secrets.redact(n.label),
      tooltip: n.tooltip === undefined ? undefined : s.secrets.redact(n.tooltip, escapeMarkdown),
      children: n.children.map(clean),
    });
    const tree = buildMonitorTree(input, s.t);
    const snap: TreeSnapshot = { state: tree.state, roots: tree.roots.map(clean), sessions: buildSessionList(input, s.t).map(clean) };
    this.parents = new Map();
    const index = (n: TreeNode) => {
      for (const c of n.children) {
        this.parents.set(c.id, n);
        index(c);
      }
    };
    snap.roots.forEach(index);
    snap.sessions.forEach(index);
    this.updateContext(snap);
    return snap;
  }

  private updateContext(snap: TreeSnapshot): void {
    if (snap.state !== this.lastState) {
      this.lastState = snap.state;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.treeState, snap.state);
    }
    if (snap.sessions.length !== this.lastSessionCount) {
      this.lastSessionCount = snap.sessions.length;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.sessionCount, snap.sessions.length);
    }
  }

  /** Redraws within `delayMs`; an earlier pending redraw wins. */
  invalidate(delayMs = 0): void {
    this.schedule.request(delayMs);
  }

  /** Rebuilds now and tells both views. */
  redraw(): void {
    this.schedule.cancel();
    this.snapshot = this.build();
    this.monitorsChanged.fire(undefined);
    this.sessionsChanged.fire(undefined);
  }

  private updateTicker(): void {
    this.schedule.setTicking(this.s.manager.active().length > 0);
  }

  dispose(): void {
    this.schedule.dispose();
    this.disposables.dispose();
    this.monitorsChanged.dispose();
    this.sessionsChanged.dispose();
  }
}
