// The workspace monitor definitions file (.vscode/digi-monitors.json) as data: its text
// parsed into definitions and problems (each with the offsets of the offending value), the
// account each definition names, and the MonitorSettings it asks for — through the Create
// Monitor wizard's own defaults and checks (monitorDraft.ts), so a definition and the same
// answers in the wizard give the same monitor. No vscode and no I/O: workspaceMonitors.ts
// reads the file, shows the problems and applies what resolved.

import { validateTopics, type MonitorInfo, type MonitorSettings } from '../../core';
import { isSimulator, SIMULATOR_ACCOUNT_ID, type AccountRecord } from '../accounts/accountModel';
import type { Translate } from '../l10n';
import { LOSSLESS, withDelivery, type Delivery } from '../monitors/delivery';
import { taggedDescription } from '../monitors/ensureMonitor';
import { draftError, draftFrom, toSettings, type MonitorDraft } from '../wizard/monitorDraft';
import { jsonc, type JsonNode } from './jsoncLib';

/** Where the file lives in each workspace folder. */
export const DEFINITIONS_PATH = '.vscode/digi-monitors.json';
/** A definitions file is a few hundred bytes; anything over this is refused unread. */
export const MAX_DEFINITIONS_BYTES = 1024 * 1024;
export const MAX_DEFINITIONS = 50;
export const MAX_NAME_LENGTH = 100;
export const MAX_ACCOUNT_LENGTH = 200;
/** Starting a session is opt-in: opening a project creates or reuses its monitors, it does not connect to them. */
export const DEFAULT_AUTO_START = false;
/** The built-in simulator account's name in any UI language (its label is translated). */
export const SIMULATOR_LABEL = 'Local simulator';

/** The options a definition may set, each checked by the wizard's draftError. */
export const DRAFT_OPTION_KEYS = ['format', 'compression', 'batchSize', 'batchDuration', 'ackOption', 'autoReplayOnConnect'] as const;
export const DEFINITION_KEYS = ['name', 'account', 'topics', ...DRAFT_OPTION_KEYS, 'autoStart'] as const;
export const FILE_KEYS = ['$schema', 'monitors'] as const;
/** Keys that look like a credential: refused with the reason, whatever their value (never echoed). */
const CREDENTIAL_KEY = /pass|secret|token|api[-_]?key|credential|auth|user|login|bearer|cookie|private[-_]?key/i;

export type ProblemSeverity = 'error' | 'warning' | 'information';

export interface Span {
  offset: number;
  length: number;
}

export interface DefinitionProblem extends Span {
  severity: ProblemSeverity;
  message: string;
  /** Index in "monitors" of the definition it concerns, if one. */
  definition?: number;
}

export interface MonitorDefinition {
  /** Index in "monitors". */
  index: number;
  name?: string;
  /** Label or host of the account, as written. */
  account: string;
  /** The file's options over the wizard's defaults (lossless delivery; resolveDefinitions applies the setting's). */
  draft: MonitorDraft;
  /** The delivery options the file sets itself: they win over the `monitors.lossless` setting. */
  deliveryGiven: Partial<Delivery>;
  autoStart: boolean;
  /** The definition object, its "account" and its "topics" values, in the text. */
  at: Span;
  accountAt: Span;
  topicsAt: Span;
}

export interface ParsedDefinitions {
  definitions: MonitorDefinition[];
  problems: DefinitionProblem[];
  /** The "monitors" value (start of the file when absent): where file-wide notes go. */
  monitorsAt: Span;
}

const START: Span = { offset: 0, length: 0 };
const spanOf = (n: JsonNode): Span => ({ offset: n.offset, length: n.length });
const error = (at: Span, message: string, definition?: number): DefinitionProblem => ({ severity: 'error', message, ...at, definition });

/** `CommaExpected` → `comma expected`. */
const parseErrorText = (code: number) =>
  jsonc()
    .printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

interface Property {
  key: string;
  keyAt: Span;
  value: JsonNode;
}

/** The properties of an object node (a parse without errors gives each its key and value). */
function properties(obj: JsonNode): Property[] {
  const out: Property[] = [];
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) out.push({ key: String(k.value), keyAt: spanOf(k), value: v });
  }
  return out;
}

/** The problem of a key that is not in `allowed`: a credential gets the reason it is refused. */
function unknownKey(p: Property, allowed: readonly string[], t: Translate, definition?: number): DefinitionProblem {
  if (CREDENTIAL_KEY.test(p.key)) {
    return error(
      p.keyAt,
      t('"{0}" looks like a credential. Credentials do not belong in this file (it is meant to be committed): sign in to the account in VS Code (Digi Push Monitor: Sign In) and name the account here by its label or host.', p.key),
      definition,
    );
  }
  return error(p.keyAt, t('Unknown property "{0}" (allowed: {1}).', p.key, allowed.join(', ')), definition);
}

/** A node as the draft checks see it: scalars as they are, anything else as a value no check accepts. */
const scalar = (n: JsonNode): unknown => (n.type === 'object' || n.type === 'array' ? { [n.type]: true } : n.value);

/** Parses the file's text. Never throws: whatever is wrong comes back as problems. */
export function parseDefinitions(text: string, t: Translate): ParsedDefinitions {
  const none = (problem: DefinitionProblem): ParsedDefinitions => ({ definitions: [], problems: [problem], monitorsAt: START });
  if (text.length > MAX_DEFINITIONS_BYTES) return none(tooLarge(text.length, t));
  // A byte order mark is not JSON: blanked (same length) so offsets stay those of the file.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: { error: number; offset: number; length: number }[] = [];
  let root: JsonNode | undefined;
  try {
    root = jsonc().parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    // The parser recurses: thousands of nested brackets overflow its stack.
    return none(error(START, t('The file is nested too deeply to be a monitor definitions file.')));
  }
  if (errors.length > 0) {
    // One problem: the first error; the ones after it are mostly its echoes.
    const e = errors[0];
    return none(error({ offset: e.offset, length: e.length }, t('Invalid JSON ({0}): nothing in this file is applied until it parses.', parseErrorText(e.error))));
  }
  if (!root) return none(error(START, t('The file is empty. It should hold { "monitors": [ … ] }.')));
  if (root.type !== 'object') return none(error(spanOf(root), t('Expected an object: { "monitors": [ … ] }.')));

  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  let monitors: JsonNode | undefined;
  for (const p of properties(root)) {
    if (seen.has(p.key)) {
      problems.push(error(p.keyAt, t('"{0}" appears twice; remove one.', p.key)));
      continue;
    }
    seen.add(p.key);
    if (p.key === 'monitors') monitors = p.value;
    else if (p.key === '$schema') {
      if (p.value.type !== 'string') problems.push(error(spanOf(p.value), t('"$schema" must be a string.')));
    } else problems.push(unknownKey(p, FILE_KEYS, t));
  }
  if (!monitors) {
    problems.push(error({ offset: root.offset, length: 1 }, t('Missing "monitors": the list of monitor definitions.')));
    return { definitions: [], problems, monitorsAt: START };
  }
  const monitorsAt = spanOf(monitors);
  if (monitors.type !== 'array') {
    problems.push(error(monitorsAt, t('"monitors" must be a list: [ { "account": …, "topics": [ … ] } ].')));
    return { definitions: [], problems, monitorsAt };
  }
  const entries = monitors.children ?? [];
  if (entries.length > MAX_DEFINITIONS) {
    problems.push(error(spanOf(entries[MAX_DEFINITIONS]), t('More than {0} monitor definitions: the ones after the first {0} are ignored.', MAX_DEFINITIONS)));
  }
  const definitions: MonitorDefinition[] = [];
  entries.slice(0, MAX_DEFINITIONS).forEach((node, index) => {
    const r = parseDefinition(node, index, t);
    problems.push(...r.problems);
    if (r.definition) definitions.push(r.definition);
  });
  return { definitions, problems, monitorsAt };
}

export function tooLarge(bytes: number, t: Translate): DefinitionProblem {
  return error(START, t('The file is {0} bytes; a monitor definitions file may be at most {1} bytes. Nothing in it is applied.', bytes, MAX_DEFINITIONS_BYTES));
}

function parseDefinition(node: JsonNode, index: number, t: Translate): { definition?: MonitorDefinition; problems: DefinitionProblem[] } {
  const at = spanOf(node);
  const problems: DefinitionProblem[] = [];
  const fail = (span: Span, message: string) => problems.push(error(span, message, index));
  if (node.type !== 'object') {
    fail(at, t('A monitor definition is an object: { "account": …, "topics": [ … ] }.'));
    return { problems };
  }
  const partial: Record<string, unknown> = {};
  let name: string | undefined;
  let account: { text: string; at: Span } | undefined;
  let topics: { list: string[]; at: Span } | undefined;
  let autoStart = DEFAULT_AUTO_START;
  const seen = new Set<string>();
  for (const p of properties(node)) {
    const valueAt = spanOf(p.value);
    if (seen.has(p.key)) {
      fail(p.keyAt, t('"{0}" appears twice; remove one.', p.key));
      continue;
    }
    seen.add(p.key);
    switch (p.key) {
      case 'name':
        if (typeof p.value.value !== 'string' || !p.value.value.trim() || p.value.value.length > MAX_NAME_LENGTH) {
          fail(valueAt, t('"name" must be text of 1 to {0} characters.', MAX_NAME_LENGTH));
        } else name = p.value.value.trim();
        break;
      case 'account':
        if (typeof p.value.value !== 'string' || !p.value.value.trim() || p.value.value.length > MAX_ACCOUNT_LENGTH) {
          fail(valueAt, t('"account" must be the label or host of a signed-in account (text of 1 to {0} characters).', MAX_ACCOUNT_LENGTH));
        } else account = { text: p.value.value.trim(), at: valueAt };
        break;
      case 'topics':
        topics = parseTopics(p.value, t, fail);
        break;
      case 'autoStart':
      case 'autoReplayOnConnect':
        if (typeof p.value.value !== 'boolean') fail(valueAt, t('"{0}" must be true or false.', p.key));
        else if (p.key === 'autoStart') autoStart = p.value.value;
        else partial.autoReplayOnConnect = p.value.value;
        break;
      case 'format':
      case 'compression':
      case 'batchSize':
      case 'batchDuration':
      case 'ackOption': {
        // The wizard's check of a draft with only this option set names exactly this option.
        const value = scalar(p.value);
        const problem = draftError(draftFrom({ [p.key]: value }), t);
        if (problem) fail(valueAt, problem);
        else partial[p.key] = value;
        break;
      }
      default:
        problems.push(unknownKey(p, DEFINITION_KEYS, t, index));
    }
  }
  if (!seen.has('account')) fail({ offset: node.offset, length: 1 }, t('Missing "account": the label or host of a signed-in account.'));
  if (!seen.has('topics')) fail({ offset: node.offset, length: 1 }, t('Missing "topics": e.g. ["DeviceCore", "DataPoint"].'));
  if (problems.length > 0 || !account || !topics) return { problems };
  const draft = draftFrom({ ...(partial as Partial<MonitorDraft>), topics: topics.list });
  const whole = draftError(draft, t);
  if (whole) {
    fail(at, whole);
    return { problems };
  }
  const deliveryGiven: Partial<Delivery> = {};
  if (partial.ackOption !== undefined) deliveryGiven.ackOption = draft.ackOption;
  if (partial.autoReplayOnConnect !== undefined) deliveryGiven.autoReplayOnConnect = draft.autoReplayOnConnect;
  return { definition: { index, name, account: account.text, draft, deliveryGiven, autoStart, at, accountAt: account.at, topicsAt: topics.at }, problems };
}

/** The topics list, each topic checked by the core's validateTopics (the wizard's check). */
function parseTopics(node: JsonNode, t: Translate, fail: (at: Span, message: string) => void): { list: string[]; at: Span } | undefined {
  const at = spanOf(node);
  if (node.type !== 'array') {
    fail(at, t('"topics" must be a list of topics, e.g. ["DeviceCore", "DataPoint"].'));
    return undefined;
  }
  const items = node.children ?? [];
  if (items.length === 0) {
    fail(at, validateTopics([]) ?? '');
    return undefined;
  }
  const list: string[] = [];
  let ok = true;
  for (const item of items) {
    const problem = typeof item.value === 'string' ? validateTopics([item.value]) : t('A topic is text, e.g. "DataPoint".');
    if (problem) {
      fail(spanOf(item), problem);
      ok = false;
    } else list.push((item.value as string).trim());
  }
  return ok ? { list, at } : undefined;
}

// ---------------------------------------------------------------------------------------
// Accounts

export type AccountResolution = { account: AccountRecord } | { problem: 'unknown' } | { problem: 'ambiguous'; candidates: AccountRecord[] };

/** `host[:port]` of a host name or URL, lower case; undefined when it is neither. */
export function hostOf(text: string): string | undefined {
  const s = text.trim().toLowerCase();
  if (!s || /\s/.test(s)) return undefined;
  try {
    return new URL(s.includes('://') ? s : `https://${s}`).host || undefined;
  } catch {
    return undefined;
  }
}

/** Every way an account can be named by host: its host, its REST URL's host, its push host (with and without port). */
function hostsOf(a: AccountRecord): string[] {
  return [a.host, a.restUrl, a.pushHost, a.pushHost && `${a.pushHost}:${a.pushPort}`].map((h) => (h ? hostOf(h) : undefined)).filter((h): h is string => !!h);
}

/**
 * The account a definition names: by label (exact, then ignoring case; the built-in simulator
 * also by its English label), then by host (REST or push host of a signed-in account; never
 * the simulator, whose host is just localhost).
 */
export function resolveAccount(ref: string, accounts: readonly AccountRecord[]): AccountResolution {
  const wanted = ref.trim();
  const one = (found: AccountRecord[]): AccountResolution | undefined =>
    found.length === 1 ? { account: found[0] } : found.length > 1 ? { problem: 'ambiguous', candidates: found } : undefined;
  const lower = wanted.toLowerCase();
  const names = (a: AccountRecord) => (isSimulator(a) ? [a.label, SIMULATOR_LABEL, SIMULATOR_ACCOUNT_ID] : [a.label]);
  const host = hostOf(wanted);
  return (
    one(accounts.filter((a) => a.label === wanted)) ??
    one(accounts.filter((a) => names(a).some((n) => n.toLowerCase() === lower))) ??
    (host ? one(accounts.filter((a) => !a.builtIn && hostsOf(a).includes(host))) : undefined) ?? { problem: 'unknown' }
  );
}

const listed = (labels: string[], max = 5) => (labels.length > max ? `${labels.slice(0, max).join(', ')}, …` : labels.join(', '));

export function accountProblemText(ref: string, r: Exclude<AccountResolution, { account: AccountRecord }>, accounts: readonly AccountRecord[], t: Translate): string {
  if (r.problem === 'ambiguous') {
    return t('"{0}" matches {1} signed-in accounts ({2}): name the account by its label.', ref, r.candidates.length, listed(r.candidates.map((a) => a.label)));
  }
  const signIn = t('No signed-in account is named "{0}" or uses that host. Sign in to it (Digi Push Monitor: Sign In); this file only names accounts, it never holds credentials.', ref);
  return accounts.length ? `${signIn} ${t('Signed in: {0}.', listed(accounts.map((a) => a.label)))}` : signIn;
}

// ---------------------------------------------------------------------------------------
// Resolution: account, settings, duplicates

export interface ResolvedDefinition {
  definition: MonitorDefinition;
  account: AccountRecord;
  settings: MonitorSettings;
  /** `workspace <folder>: <name>`: the monitor's description says it (ensureMonitor). */
  purpose: string;
  /** Same key, same request (account, settings, autoStart): what was applied once is not redone on every change. */
  key: string;
}

const MAX_PURPOSE_LENGTH = 200;

export const purposeOf = (folderName: string, d: Pick<MonitorDefinition, 'name' | 'draft'>) =>
  `workspace ${folderName}: ${d.name ?? d.draft.topics.join(', ')}`.slice(0, MAX_PURPOSE_LENGTH);

/** The wizard's settings for the same answers, described as a monitor of ours for this purpose. */
export const settingsOf = (draft: MonitorDraft, purpose: string): MonitorSettings => ({ ...toSettings(draft), description: taggedDescription(purpose) });

/** `delivery`: what a definition that does not set ackOption / autoReplayOnConnect gets (the `monitors.lossless` setting). */
export function resolveDefinitions(
  definitions: readonly MonitorDefinition[],
  accounts: readonly AccountRecord[],
  folderName: string,
  t: Translate,
  delivery: Delivery = LOSSLESS,
): { resolved: ResolvedDefinition[]; problems: DefinitionProblem[] } {
  const resolved: ResolvedDefinition[] = [];
  const problems: DefinitionProblem[] = [];
  const firstOf = new Map<string, MonitorDefinition>();
  for (const d of definitions) {
    const r = resolveAccount(d.account, accounts);
    if (!('account' in r)) {
      problems.push(error(d.accountAt, accountProblemText(d.account, r, accounts, t), d.index));
      continue;
    }
    // Same account and topics would be the same monitor (ensureMonitor reuses by topics).
    const same = `${r.account.id}\n${d.draft.topics.join('\n')}`;
    const first = firstOf.get(same);
    if (first) {
      problems.push(error(d.topicsAt, t('Same account and topics as monitor definition {0} ({1}): both would be one monitor. Remove one.', first.index + 1, first.name ?? first.draft.topics.join(', ')), d.index));
      continue;
    }
    firstOf.set(same, d);
    const purpose = purposeOf(folderName, d);
    const settings = settingsOf({ ...d.draft, ...withDelivery(d.deliveryGiven, delivery) }, purpose);
    resolved.push({ definition: d, account: r.account, settings, purpose, key: JSON.stringify([r.account.id, settings, d.autoStart]) });
  }
  return { resolved, problems };
}

/** How a reused monitor differs from what the definition asks (ensureMonitor matches by topics only). */
export function optionDifferences(settings: MonitorSettings, monitor: MonitorInfo): string[] {
  const keys = ['format', 'compression', 'batchSize', 'batchDuration', 'ackOption', 'autoReplayOnConnect'] as const;
  return keys
    .filter((k) => monitor[k] !== undefined && settings[k] !== undefined && String(monitor[k]).toLowerCase() !== String(settings[k]).toLowerCase())
    .map((k) => `${k} ${String(monitor[k])} (here: ${String(settings[k])})`);
}

// ---------------------------------------------------------------------------------------
// Offsets → line and character (what a Diagnostic's range needs)

export interface TextPosition {
  line: number;
  character: number;
}

/** A function from offsets to line/character positions in `text` (UTF-16, as VS Code counts). */
export function positionsIn(text: string): (offset: number) => TextPosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  };
}
