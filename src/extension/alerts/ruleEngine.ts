// Evaluates watch rules against the push events of live sessions, on an injected clock.
// Independent of how events arrive: an adapter calls onEvents(accountId, monitorId, items)
// for each batch. No polling: the only timer is the one that notices a silent stream,
// set for the earliest deadline. Each rule fires per subject (a device, a stream, an
// alarm) on the transition into the condition and goes back to armed when it clears.
// Notifications, their rate limit and muting are the NotificationGate's business.

import { systemClock, type Clock, type DataPointInfo, type DeviceInfo, type SessionItem, type TimerHandle } from '../../core';
import { globMatcher, type AlertRule } from './rules';

export interface Occurrence {
  rule: string;
  /** What fired: a device id, a stream id, an alarm. */
  subject: string;
  /** One line: what happened. */
  message: string;
  at: number;
  /** The session whose event (or, for silence, whose last event) it was. */
  accountId: string;
  monitorId: number;
}

export interface RuleEngineDeps {
  clock?: Clock;
  /** The core's DeviceCore record parser (devices/eventRecords.ts). */
  parseDevice(record: unknown): DeviceInfo | undefined;
  /** The core's DataPoint record parser. */
  parsePoint(record: unknown): DataPointInfo | undefined;
  /** An account's label, for rules scoped by `account`. */
  accountLabel(accountId: string): string | undefined;
  fired(o: Occurrence): void;
  /** Some rule's state changed (firing or armed again). */
  changed(): void;
}

export interface RuleFiringState {
  /** Subjects in the condition now, with when each entered it. */
  firing: { subject: string; since: number }[];
  /** When the rule last fired (undefined: never since it was read). */
  lastFired: number | undefined;
}

interface Compiled {
  rule: AlertRule;
  key: string;
  matches(text: string): boolean;
  firing: Map<string, number>;
  lastFired: number | undefined;
}

interface SilenceWatch {
  rule: Compiled;
  stream: string;
  /** Infinity once fired: nothing more until data arrives. */
  deadline: number;
  accountId: string;
  monitorId: number;
}

/** A DataPoint value as a number: numbers and numeric text; undefined for anything else. */
export function numericValue(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const DEVICE_PREFIX = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}\//;
/** A stream glob matches the whole stream id or its path after the device id (`metrics/temperature`). */
const streamMatches = (c: Compiled, streamId: string) => c.matches(streamId) || c.matches(streamId.replace(DEVICE_PREFIX, ''));

const asRecord = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
/** A scalar of an AlarmStatus record (top level or under `id`), as text (the service sends strings, JSON pushes numbers). */
function alarmField(d: Record<string, unknown>, key: string): string | undefined {
  const v = d[key] ?? asRecord(d.id)?.[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export class RuleEngine {
  private compiled: Compiled[] = [];
  private readonly silences = new Map<string, SilenceWatch>();
  private timer: TimerHandle | undefined;
  private timerDue = Infinity;
  private readonly clock: Clock;

  constructor(private readonly d: RuleEngineDeps) {
    this.clock = d.clock ?? systemClock;
  }

  /** Replaces the rules; a rule whose definition is unchanged keeps its state. */
  setRules(rules: readonly AlertRule[]): void {
    const old = new Map(this.compiled.map((c) => [c.key, c]));
    this.compiled = rules.map((rule) => {
      const key = JSON.stringify(rule);
      const kept = old.get(key);
      if (kept) return kept;
      const pattern = rule.kind === 'deviceDisconnected' ? rule.device : rule.kind === 'alarmRaised' ? (rule.source ?? '*') : rule.stream;
      return { rule, key, matches: globMatcher(pattern), firing: new Map(), lastFired: undefined };
    });
    const live = new Set(this.compiled);
    for (const [k, w] of this.silences) if (!live.has(w.rule)) this.silences.delete(k);
    this.reschedule();
    this.d.changed();
  }

  rules(): AlertRule[] {
    return this.compiled.map((c) => c.rule);
  }

  state(name: string): RuleFiringState | undefined {
    const c = this.compiled.find((x) => x.rule.name === name);
    if (!c) return undefined;
    return { firing: [...c.firing].map(([subject, since]) => ({ subject, since })), lastFired: c.lastFired };
  }

  /** One batch of a session's items (gap markers are skipped). */
  onEvents(accountId: string, monitorId: number, items: readonly SessionItem[]): void {
    const active = this.compiled.filter((c) => c.rule.enabled && this.inScope(c.rule, accountId, monitorId));
    if (active.length === 0) return;
    for (const item of items) {
      if (item.kind !== 'event') continue;
      if (item.type === 'DeviceCore') this.deviceEvent(active, accountId, monitorId, item.data);
      else if (item.type === 'DataPoint') this.pointEvent(active, accountId, monitorId, item.data);
      else if (item.type === 'AlarmStatus') this.alarmEvent(active, accountId, monitorId, item.data);
    }
  }

  /** A session stopped: its streams are no longer watched for silence (nobody would hear them). */
  sessionEnded(accountId: string, monitorId: number): void {
    for (const [k, w] of this.silences) if (w.accountId === accountId && w.monitorId === monitorId) this.silences.delete(k);
    this.reschedule();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.silences.clear();
  }

  private inScope(rule: AlertRule, accountId: string, monitorId: number): boolean {
    if (rule.monitor !== undefined && rule.monitor !== monitorId) return false;
    if (rule.account === undefined) return true;
    return rule.account === accountId || rule.account.toLowerCase() === this.d.accountLabel(accountId)?.toLowerCase();
  }

  private deviceEvent(active: Compiled[], accountId: string, monitorId: number, record: unknown): void {
    const device = this.d.parseDevice(record);
    if (!device) return;
    for (const c of active) {
      if (c.rule.kind !== 'deviceDisconnected' || !c.matches(device.deviceId)) continue;
      if (device.connected) this.clear(c, device.deviceId);
      else this.fire(c, device.deviceId, `device ${device.deviceId} disconnected`, accountId, monitorId);
    }
  }

  private pointEvent(active: Compiled[], accountId: string, monitorId: number, record: unknown): void {
    const point = this.d.parsePoint(record);
    const stream = point?.streamId;
    if (!point || stream === undefined) return;
    for (const c of active) {
      const rule = c.rule;
      if ((rule.kind !== 'streamSilent' && rule.kind !== 'valueOutOfRange') || !streamMatches(c, stream)) continue;
      if (rule.kind === 'streamSilent') {
        this.clear(c, stream);
        this.watchSilence(c, rule.seconds, stream, accountId, monitorId);
        continue;
      }
      const value = numericValue(point.data);
      // A value that does not parse says nothing about the range: the state stays as it is.
      if (value === undefined) continue;
      const below = rule.min !== undefined && value < rule.min;
      const above = rule.max !== undefined && value > rule.max;
      if (!below && !above) this.clear(c, stream);
      else this.fire(c, stream, `${stream} = ${value} is ${below ? `below ${rule.min}` : `above ${rule.max}`}`, accountId, monitorId);
    }
  }

  private alarmEvent(active: Compiled[], accountId: string, monitorId: number, record: unknown): void {
    const d = asRecord(record);
    if (!d) return;
    const status = alarmField(d, 'almsStatus');
    const source = alarmField(d, 'almsSourceEntityId') ?? '';
    const alarm = alarmField(d, 'almId') ?? '?';
    const subject = `alarm ${alarm}${source ? ` on ${source}` : ''}`;
    for (const c of active) {
      if (c.rule.kind !== 'alarmRaised' || !c.matches(source)) continue;
      // 1 triggered, 2 acknowledged (still raised), 0 reset.
      if (status === '1') this.fire(c, subject, `${subject} raised`, accountId, monitorId);
      else if (status === '0') this.clear(c, subject);
    }
  }

  private fire(c: Compiled, subject: string, message: string, accountId: string, monitorId: number): void {
    if (c.firing.has(subject)) return; // still in the condition: fired already
    const at = this.clock.now();
    c.firing.set(subject, at);
    c.lastFired = at;
    this.d.fired({ rule: c.rule.name, subject, message, at, accountId, monitorId });
    this.d.changed();
  }

  private clear(c: Compiled, subject: string): void {
    if (c.firing.delete(subject)) this.d.changed();
  }

  // ---- silence ----

  private watchSilence(c: Compiled, seconds: number, stream: string, accountId: string, monitorId: number): void {
    const deadline = this.clock.now() + seconds * 1000;
    this.silences.set(`${c.rule.name}\0${stream}`, { rule: c, stream, deadline, accountId, monitorId });
    if (deadline < this.timerDue) this.reschedule();
  }

  private reschedule(): void {
    let next = Infinity;
    for (const w of this.silences.values()) next = Math.min(next, w.deadline);
    if (next === this.timerDue) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = next;
    if (next !== Infinity) this.timer = this.clock.setTimeout(() => this.silenceDue(), Math.max(0, next - this.clock.now()));
  }

  private silenceDue(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    for (const w of this.silences.values()) {
      if (w.deadline > now) continue;
      w.deadline = Infinity;
      const rule = w.rule.rule;
      const seconds = rule.kind === 'streamSilent' ? rule.seconds : 0;
      this.fire(w.rule, w.stream, `no data on ${w.stream} for ${seconds} s`, w.accountId, w.monitorId);
    }
    this.reschedule();
  }
}
