// Between a rule firing and the user being told: at most one notice per rule per interval
// (a flapping device gives one notice, then one summary with the count of what happened
// meanwhile — never a storm), and muting per rule until a time on the clock.

import { systemClock, type Clock, type TimerHandle } from '../../core';
import type { Occurrence } from './ruleEngine';

export interface Notice {
  rule: string;
  /** The newest occurrence the notice covers. */
  latest: Occurrence;
  /** How many occurrences it covers (1 for the first; more for a summary). */
  count: number;
  /** A summary of what happened since the previous notice of the rule. */
  summary: boolean;
}

export interface NotificationGateDeps {
  clock?: Clock;
  /** One notice per rule per interval (ms). */
  intervalMs?: number;
  notify(n: Notice): void;
  /** A mute began or ended. */
  changed(): void;
}

interface RuleGate {
  lastNoticeAt: number | undefined;
  pendingCount: number;
  pendingLatest: Occurrence | undefined;
  timer: TimerHandle | undefined;
  mutedUntil: number | undefined;
  muteTimer: TimerHandle | undefined;
  /** Occurrences while muted (since the last mute began). */
  mutedCount: number;
}

export const DEFAULT_NOTICE_INTERVAL_MS = 60_000;

export class NotificationGate {
  private readonly gates = new Map<string, RuleGate>();
  private readonly clock: Clock;
  private readonly intervalMs: number;

  constructor(private readonly d: NotificationGateDeps) {
    this.clock = d.clock ?? systemClock;
    this.intervalMs = d.intervalMs ?? DEFAULT_NOTICE_INTERVAL_MS;
  }

  offer(o: Occurrence): void {
    const g = this.gate(o.rule);
    if (g.mutedUntil !== undefined) {
      g.mutedCount++;
      return;
    }
    const now = this.clock.now();
    if (g.lastNoticeAt === undefined || now - g.lastNoticeAt >= this.intervalMs) {
      g.lastNoticeAt = now;
      this.d.notify({ rule: o.rule, latest: o, count: 1, summary: false });
      return;
    }
    g.pendingCount++;
    g.pendingLatest = o;
    g.timer ??= this.clock.setTimeout(() => this.flush(o.rule), g.lastNoticeAt + this.intervalMs - now);
  }

  mute(rule: string, forMs: number): void {
    const g = this.gate(rule);
    this.dropPending(g);
    if (g.muteTimer !== undefined) this.clock.clearTimeout(g.muteTimer);
    g.mutedUntil = this.clock.now() + forMs;
    g.mutedCount = 0;
    g.muteTimer = this.clock.setTimeout(() => this.unmute(rule), forMs);
    this.d.changed();
  }

  unmute(rule: string): void {
    const g = this.gates.get(rule);
    if (!g || g.mutedUntil === undefined) return;
    if (g.muteTimer !== undefined) this.clock.clearTimeout(g.muteTimer);
    g.muteTimer = undefined;
    g.mutedUntil = undefined;
    this.d.changed();
  }

  mutedUntil(rule: string): number | undefined {
    return this.gates.get(rule)?.mutedUntil;
  }

  /** Occurrences swallowed by the current mute. */
  mutedCount(rule: string): number {
    return this.gates.get(rule)?.mutedCount ?? 0;
  }

  /** Forgets the rules not named (they were removed from the settings). */
  keepOnly(names: ReadonlySet<string>): void {
    for (const [name, g] of this.gates) {
      if (names.has(name)) continue;
      this.dropPending(g);
      if (g.muteTimer !== undefined) this.clock.clearTimeout(g.muteTimer);
      this.gates.delete(name);
    }
  }

  dispose(): void {
    this.keepOnly(new Set());
  }

  private flush(rule: string): void {
    const g = this.gates.get(rule);
    if (!g) return;
    g.timer = undefined;
    const latest = g.pendingLatest;
    const count = g.pendingCount;
    g.pendingCount = 0;
    g.pendingLatest = undefined;
    if (!latest || count === 0 || g.mutedUntil !== undefined) return;
    g.lastNoticeAt = this.clock.now();
    this.d.notify({ rule, latest, count, summary: true });
  }

  private dropPending(g: RuleGate): void {
    if (g.timer !== undefined) this.clock.clearTimeout(g.timer);
    g.timer = undefined;
    g.pendingCount = 0;
    g.pendingLatest = undefined;
  }

  private gate(rule: string): RuleGate {
    let g = this.gates.get(rule);
    if (!g) {
      g = { lastNoticeAt: undefined, pendingCount: 0, pendingLatest: undefined, timer: undefined, mutedUntil: undefined, muteTimer: undefined, mutedCount: 0 };
      this.gates.set(rule, g);
    }
    return g;
  }
}
