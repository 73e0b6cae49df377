// Watch rules put together, without vscode: the rules read from the setting, the engine fed
// by the sessions, the notification gate, the events output line for each notice, the rule
// states the Rules view and the status bar show, and the notices raised (the test API reads
// them). Showing a notice is the caller's (alertNotifications.ts).

import { systemClock, type Clock, type DataPointInfo, type DeviceInfo, type SessionItem, type TimerHandle } from '../../core';
import { Emitter, type DisposableLike } from '../lifecycle';
import { clock as clockText, lineField } from '../../shared/eventText';
import { NotificationGate, type Notice } from './notificationGate';
import { RuleEngine } from './ruleEngine';
import { describeRule, type AlertRule } from './rules';
import type { EventsSink } from './sessionFeed';

export const MUTE_MS = 3_600_000;
/** The view and the status bar are told of state changes at most this often (a flapping fleet changes states hundreds of times a second). */
const CHANGE_COALESCE_MS = 250;

export interface AlertCenterDeps {
  clock?: Clock;
  intervalMs?: number;
  parseDevice(record: unknown): DeviceInfo | undefined;
  parsePoint(record: unknown): DataPointInfo | undefined;
  accountLabel(accountId: string): string | undefined;
  /** A line for the events output. */
  writeLine(line: string): void;
  /** Tells the user (a notification with actions). */
  show(notice: RaisedNotice): void;
}

export type RuleStateKind = 'armed' | 'firing' | 'muted' | 'disabled';

export interface RuleStatus {
  name: string;
  kind: AlertRule['kind'];
  description: string;
  state: RuleStateKind;
  /** When the oldest subject still in the condition entered it. */
  firingSince: number | undefined;
  /** Devices, streams or alarms in the condition now. */
  firing: number;
  mutedUntil: number | undefined;
  /** Fires swallowed by the current mute. */
  mutedFires: number;
  lastFired: number | undefined;
}

/** A notice as shown: the rule, its text, and the session of the newest occurrence. */
export interface RaisedNotice {
  rule: string;
  message: string;
  count: number;
  at: number;
  accountId: string;
  monitorId: number;
}

/** The text of a notice: the newest occurrence, and how many there were since the last notice. */
export function noticeText(n: Notice): string {
  const more = n.summary ? ` (${n.count} time${n.count === 1 ? '' : 's'} in the last interval)` : '';
  // Device and stream ids are device text: one line, bounded, and no `[x](command:…)` link for a notification to render.
  return `${lineField(n.latest.message, 300).replace(/\]\(/g, '] (')}${more}`;
}

export class AlertCenter implements EventsSink, DisposableLike {
  private readonly engine: RuleEngine;
  private readonly gate: NotificationGate;
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;
  private readonly clock: Clock;
  private changeTimer: TimerHandle | undefined;
  /** Notices raised, newest last (bounded), for the test API. */
  readonly raised: RaisedNotice[] = [];

  constructor(private readonly d: AlertCenterDeps) {
    this.clock = d.clock ?? systemClock;
    const changed = () => {
      this.changeTimer ??= this.clock.setTimeout(() => {
        this.changeTimer = undefined;
        this.changes.fire();
      }, CHANGE_COALESCE_MS);
    };
    this.gate = new NotificationGate({ clock: this.clock, intervalMs: d.intervalMs, notify: (n) => this.notify(n), changed });
    this.engine = new RuleEngine({
      clock: this.clock, parseDevice: d.parseDevice, parsePoint: d.parsePoint, accountLabel: d.accountLabel,
      fired: (o) => this.gate.offer(o), changed,
    });
  }

  setRules(rules: readonly AlertRule[]): void {
    this.engine.setRules(rules);
    this.gate.keepOnly(new Set(rules.map((r) => r.name)));
  }

  onEvents(accountId: string, monitorId: number, items: readonly SessionItem[]): void {
    this.engine.onEvents(accountId, monitorId, items);
  }

  sessionEnded(accountId: string, monitorId: number): void {
    this.engine.sessionEnded(accountId, monitorId);
  }

  mute(rule: string, forMs = MUTE_MS): boolean {
    if (!this.engine.rules().some((r) => r.name === rule)) return false;
    this.gate.mute(rule, forMs);
    this.d.writeLine(`${clockText(this.clock.now())} ⚠ rule ${rule}: muted until ${clockText(this.clock.now() + forMs, 's')}`);
    return true;
  }

  unmute(rule: string): void {
    this.gate.unmute(rule);
  }

  statuses(): RuleStatus[] {
    return this.engine.rules().map((rule) => {
      const s = this.engine.state(rule.name);
      const firing = s?.firing ?? [];
      const mutedUntil = this.gate.mutedUntil(rule.name);
      const state: RuleStateKind = !rule.enabled ? 'disabled' : mutedUntil !== undefined ? 'muted' : firing.length > 0 ? 'firing' : 'armed';
      const firingSince = firing.length > 0 ? Math.min(...firing.map((f) => f.since)) : undefined;
      return { name: rule.name, kind: rule.kind, description: describeRule(rule), state, firingSince, firing: firing.length, mutedUntil, mutedFires: this.gate.mutedCount(rule.name), lastFired: s?.lastFired };
    });
  }

  /** Rules firing and not muted: the status bar's count. */
  firingCount(): number {
    return this.statuses().filter((s) => s.state === 'firing').length;
  }

  private notify(n: Notice): void {
    const raised: RaisedNotice = { rule: n.rule, message: noticeText(n), count: n.count, at: this.clock.now(), accountId: n.latest.accountId, monitorId: n.latest.monitorId };
    this.raised.push(raised);
    if (this.raised.length > 100) this.raised.shift();
    this.d.writeLine(`${clockText(raised.at)} ⚠ rule ${n.rule}: ${raised.message}  (#${raised.monitorId})`);
    this.d.show(raised);
  }

  dispose(): void {
    if (this.changeTimer !== undefined) this.clock.clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.engine.dispose();
    this.gate.dispose();
    this.changes.dispose();
  }
}
