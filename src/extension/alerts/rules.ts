// Watch rules as read from the `digiPushMonitor.alerts` setting. Pure: validated on every
// read (settings.json can hold anything the schema only warns about). A bad rule gives one
// problem naming the rule and the field and is left out; the others still work.

import { globToRegExp } from '../viewer/filter';

export const ALERTS_SETTING = 'alerts';
export const RULE_KINDS = ['deviceDisconnected', 'streamSilent', 'valueOutOfRange', 'alarmRaised'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

interface RuleBase {
  name: string;
  /** Account label (or id) the rule is limited to. */
  account?: string;
  /** Monitor id the rule is limited to. */
  monitor?: number;
  enabled: boolean;
}
export type AlertRule =
  | (RuleBase & { kind: 'deviceDisconnected'; device: string })
  | (RuleBase & { kind: 'streamSilent'; stream: string; seconds: number })
  | (RuleBase & { kind: 'valueOutOfRange'; stream: string; min?: number; max?: number })
  | (RuleBase & { kind: 'alarmRaised'; source?: string });

export interface RulesRead {
  rules: AlertRule[];
  /** One line per rule left out: `watch rule "x": seconds must be …`. */
  problems: string[];
}

/** Longest silence a rule may wait for (a week), so a timer never overflows. */
export const MAX_SILENT_SECONDS = 7 * 24 * 3600;

class RuleProblem extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function glob(r: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = r[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new RuleProblem(`${field} must be a non-empty glob text (\`*\` any run, \`?\` one character)`);
  return v.trim();
}

function finite(r: Record<string, unknown>, field: string): number | undefined {
  const v = r[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RuleProblem(`${field} must be a number`);
  return v;
}

function readRule(r: Record<string, unknown>, name: string): AlertRule {
  const enabled = r.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new RuleProblem('enabled must be true or false');
  const account = r.account;
  if (account !== undefined && (typeof account !== 'string' || account.trim() === '')) throw new RuleProblem('account must be an account label');
  const monitor = r.monitor;
  if (monitor !== undefined && (typeof monitor !== 'number' || !Number.isInteger(monitor) || monitor <= 0)) throw new RuleProblem('monitor must be a monitor id (a positive integer)');
  const base: RuleBase = { name, enabled, ...(account !== undefined && { account: (account as string).trim() }), ...(monitor !== undefined && { monitor: monitor as number }) };
  switch (r.kind) {
    case 'deviceDisconnected':
      return { ...base, kind: r.kind, device: glob(r, 'device', true)! };
    case 'streamSilent': {
      const stream = glob(r, 'stream', true)!;
      const seconds = finite(r, 'seconds');
      if (seconds === undefined || seconds <= 0 || seconds > MAX_SILENT_SECONDS) throw new RuleProblem(`seconds must be a number above 0 and at most ${MAX_SILENT_SECONDS}`);
      return { ...base, kind: r.kind, stream, seconds };
    }
    case 'valueOutOfRange': {
      const stream = glob(r, 'stream', true)!;
      const min = finite(r, 'min');
      const max = finite(r, 'max');
      if (min === undefined && max === undefined) throw new RuleProblem('min or max (or both) must be given');
      if (min !== undefined && max !== undefined && min > max) throw new RuleProblem(`min (${min}) is above max (${max})`);
      return { ...base, kind: r.kind, stream, ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
    }
    case 'alarmRaised':
      return { ...base, kind: r.kind, ...(r.source !== undefined && { source: glob(r, 'source', false) }) };
    default:
      throw new RuleProblem(`kind must be one of ${RULE_KINDS.join(', ')}`);
  }
}

/** The rules of the setting's value; anything that is not a valid rule becomes a problem. */
export function readRules(value: unknown): RulesRead {
  if (value === undefined || value === null) return { rules: [], problems: [] };
  if (!Array.isArray(value)) return { rules: [], problems: ['digiPushMonitor.alerts must be an array of rules'] };
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  value.forEach((r: unknown, i) => {
    const fallback = `#${i + 1}`;
    if (!isRecord(r)) {
      problems.push(`watch rule ${fallback}: must be an object`);
      return;
    }
    const name = typeof r.name === 'string' && r.name.trim() !== '' ? r.name.trim() : undefined;
    const label = name === undefined ? fallback : JSON.stringify(name);
    try {
      if (name === undefined) throw new RuleProblem('name must be a non-empty text');
      // Mute state and the Rules view are keyed by name.
      if (names.has(name)) throw new RuleProblem('name is used by an earlier rule');
      const rule = readRule(r, name);
      names.add(name);
      rules.push(rule);
    } catch (e) {
      if (!(e instanceof RuleProblem)) throw e;
      problems.push(`watch rule ${label}: ${e.message}`);
    }
  });
  return { rules, problems };
}

/** A glob as a matcher (anchored, case-insensitive, `*` and `?`). */
export function globMatcher(pattern: string): (text: string) => boolean {
  const re = globToRegExp(pattern);
  return (text) => re.test(text);
}

/** What a rule watches, in a few words, for the Rules view and notifications. */
export function describeRule(rule: AlertRule): string {
  const scope = [rule.account !== undefined ? `account ${rule.account}` : '', rule.monitor !== undefined ? `monitor #${rule.monitor}` : ''].filter(Boolean).join(', ');
  const what = (() => {
    switch (rule.kind) {
      case 'deviceDisconnected':
        return `device ${rule.device} disconnects`;
      case 'streamSilent':
        return `no data on ${rule.stream} for ${rule.seconds} s`;
      case 'valueOutOfRange':
        return `${rule.stream} outside [${rule.min ?? '-∞'}, ${rule.max ?? '∞'}]`;
      case 'alarmRaised':
        return `alarm raised${rule.source !== undefined ? ` on ${rule.source}` : ''}`;
    }
  })();
  return scope ? `${what} (${scope})` : what;
}
