// The Monitors and Live Sessions views as plain data: which items exist, their labels,
// descriptions, tooltips, icons and context values. No vscode import, so every state
// (signed out, loading, errors, reconnecting…) is unit-tested; treeProviders.ts
// only converts these nodes into TreeItems.

import { isPushMonitorError, isTcpMonitor, type MonitorInfo } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import { COMMANDS, type CommandId } from '../commandIds';
import type { Translate } from '../l10n';
import type { LiveState, LiveSubscription } from '../../shared/sessionModel';
import type { MonitorList } from '../monitors/monitorCatalog';
import { formatAge, stateText } from '../sessions/liveState';
import { displayLine } from '../../shared/displayText';

export interface SessionView {
  accountId: string;
  monitorId: number;
  subscription: LiveSubscription;
  state: LiveState;
  eventCount: number;
  lastEventAt?: number;
  eventsPerSecond: number;
  /** `code` of the error that ended the session (AUTH, TLS, …). */
  errorCode?: string;
}

export interface TreeInput {
  accounts: readonly AccountRecord[];
  list(accountId: string): MonitorList;
  session(accountId: string, monitorId: number): SessionView | undefined;
  sessions: readonly SessionView[];
  createdHere(accountId: string, monitorId: number): boolean;
  simulatorRunning: boolean;
  now: number;
}

export type TreeState = 'noAccount' | 'noMonitors' | 'loading' | 'ready';

export interface NodeIcon {
  /** Codicon id, e.g. `broadcast` or `sync~spin`. */
  id: string;
  /** Theme color id, e.g. `charts.green`. */
  color?: string;
}

export interface NodeCommand {
  command: CommandId;
  title: string;
  arguments?: unknown[];
}

export type MonitorNodeState = LiveState['kind'] | 'http';

/** What one row shows: the fields of its TreeItem (treeProviders.ts converts them). */
export interface ItemFields {
  id: string;
  label: string;
  description?: string;
  /** Markdown, every server or user field escaped. */
  tooltip?: string;
  contextValue: string;
  icon?: NodeIcon;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: NodeCommand;
}

export interface TreeNode extends ItemFields {
  kind: 'account' | 'monitor' | 'message' | 'error';
  children: TreeNode[];
  accountId?: string;
  monitorId?: number;
}

/** Context values. Menus match `viewItem =~ /^monitor:(stopped|error)/` (Start) and `/^monitor:(live|connecting|reconnecting)/` (Stop). */
export const CONTEXT = {
  account: 'account',
  simulatorAccount: 'account:simulator',
  monitor: (state: MonitorNodeState) => `monitor:${state}`,
  message: 'message',
  error: 'error',
} as const;

// Every ASCII punctuation character that can start markup in VS Code's Markdown: emphasis,
// links and images, code, HTML, entities (&), strikethrough (~), autolinks (: and @),
// theme icons ($). A backslash before ASCII punctuation is always a literal in CommonMark.
const MD_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:@$=]/g;
/** Markdown text showing `s` literally. */
export const escapeMarkdown = (s: string) => s.replace(MD_SPECIAL, (c) => `\\${c}`);

/** Longest server or user field in a tooltip (characters, before escaping). */
export const TOOLTIP_FIELD_MAX = 300;

/** A server or user field for a Markdown tooltip: one line (no new blocks), invisible characters shown, cut, escaped. */
export const mdField = (s: string, max = TOOLTIP_FIELD_MAX): string => escapeMarkdown(displayLine(s, max));

/** The same inside a code span, where backslashes are literal: backticks become quotes. */
const mdCode = (s: string): string => `\`${displayLine(s, TOOLTIP_FIELD_MAX).replace(/`/g, "'")}\``;

const ICONS: Record<MonitorNodeState, NodeIcon> = {
  live: { id: 'broadcast', color: 'charts.green' },
  connecting: { id: 'loading~spin' },
  reconnecting: { id: 'sync~spin', color: 'list.warningForeground' },
  stopped: { id: 'circle-large-outline' },
  error: { id: 'error', color: 'list.errorForeground' },
  http: { id: 'globe' },
};

function monitorNodeState(m: MonitorInfo | undefined, s: SessionView | undefined): MonitorNodeState {
  if (s) return s.state.kind;
  return m && !isTcpMonitor(m) ? 'http' : 'stopped';
}

/** `12 events · 3 s ago`, or `no events yet`. */
function activity(s: SessionView, now: number, t: Translate): string {
  if (s.eventCount === 0) return t('no events yet');
  const age = s.lastEventAt === undefined ? '' : ` · ${formatAge(now - s.lastEventAt, t)}`;
  return `${s.eventCount === 1 ? t('1 event') : t('{0} events', s.eventCount)}${age}`;
}

function errorAction(code: string | undefined, accountId: string, t: Translate): NodeCommand {
  return code === 'AUTH'
    ? { command: COMMANDS.signIn, title: t('Sign In Again'), arguments: [{ reauthenticate: accountId }] }
    : { command: COMMANDS.showLog, title: t('Show Log') };
}

interface MonitorNodeArgs {
  idPrefix: string;
  account: AccountRecord | undefined;
  accountId: string;
  monitorId: number;
  info: MonitorInfo | undefined;
  session: SessionView | undefined;
  createdHere: boolean;
  withAccount: boolean;
}

function monitorNode(a: MonitorNodeArgs, now: number, t: Translate): TreeNode {
  const { info, session } = a;
  const topics = info?.topics ?? session?.subscription.topics ?? [];
  const state = monitorNodeState(info, session);
  const parts = [`#${a.monitorId}`];
  if (state === 'http') parts.push(t('{0} monitor (not a TCP push monitor)', displayLine(info?.transport ?? '', 40)));
  else parts.push(session ? stateText(session.state, now, t) : t('stopped'));
  if (session && session.state.kind !== 'stopped' && session.state.kind !== 'error') parts.push(activity(session, now, t));
  else if (session && session.eventCount > 0) parts.push(activity(session, now, t));
  if (!session?.state || session.state.kind !== 'live') {
    if (info?.status) parts.push(t('server {0}', info.status));
  }
  if (a.withAccount && (a.account || session)) parts.push(a.account?.label ?? session?.subscription.accountLabel ?? '');

  const md: string[] = [`**${t('Monitor {0}', a.monitorId)}**${a.createdHere ? ` · ${t('created by this extension')}` : ''}`, ''];
  md.push(`${t('Topics')}: ${topics.map(mdCode).join(', ') || '—'}`);
  if (a.account) md.push(`${t('Account')}: ${mdField(a.account.label)} (${mdField(a.account.host)})`);
  const sub = info ?? session?.subscription;
  if (sub) {
    const settings = [
      sub.format ? `${t('format')} ${mdField(sub.format, 40)}` : undefined,
      sub.compression ? `${t('compression')} ${mdField(sub.compression, 40)}` : undefined,
      sub.batchSize !== undefined ? `${t('batch size')} ${sub.batchSize}` : undefined,
      sub.batchDuration !== undefined ? `${t('batch duration')} ${sub.batchDuration} s` : undefined,
      sub.ackOption ? `${t('ack')} ${mdField(sub.ackOption, 40)}` : undefined,
      sub.autoReplayOnConnect !== undefined ? `${t('auto-replay')} ${sub.autoReplayOnConnect ? t('on') : t('off')}` : undefined,
    ].filter(Boolean);
    if (settings.length) md.push(settings.join(' · '));
  }
  if (info?.status) md.push(`${t('Server status (at last refresh)')}: ${mdField(info.status)}`);
  if (info?.lastConnect) md.push(`${t('Last client connection')}: ${mdField(info.lastConnect)}`);
  if (session) {
    md.push(`${t('Session')}: ${mdField(stateText(session.state, now, t))}`);
    md.push(`${t('Events received')}: ${session.eventCount}${session.eventsPerSecond > 0 ? ` (${session.eventsPerSecond.toFixed(1)} ${t('events/s')})` : ''}`);
    if (session.lastEventAt !== undefined) md.push(`${t('Last event')}: ${formatAge(now - session.lastEventAt, t)}`);
    if (session.state.kind === 'reconnecting') md.push(`${t('Last drop')}: ${mdField(session.state.reason)}`);
    if (session.state.kind === 'error') md.push(`${t('Error')}: ${mdField(session.state.message, 1000)}`);
  }

  const children: TreeNode[] = [];
  if (session?.state.kind === 'error') {
    children.push({
      id: `${a.idPrefix}error:${a.accountId}/${a.monitorId}`,
      kind: 'error',
      label: session.state.message,
      description: session.errorCode === 'AUTH' ? t('Sign in again') : t('Show log'),
      tooltip: mdField(session.state.message, 1000),
      contextValue: CONTEXT.error,
      icon: { id: 'warning', color: 'list.errorForeground' },
      collapsible: 'none',
      children: [],
      accountId: a.accountId,
      monitorId: a.monitorId,
      command: errorAction(session.errorCode, a.accountId, t),
    });
  }
  return {
    id: `${a.idPrefix}monitor:${a.accountId}/${a.monitorId}`,
    kind: 'monitor',
    label: topics.join(', ') || t('(no topics)'),
    description: parts.join(' · '),
    tooltip: md.join('  \n'),
    contextValue: CONTEXT.monitor(state),
    icon: ICONS[state],
    collapsible: children.length ? 'expanded' : 'none',
    children,
    accountId: a.accountId,
    monitorId: a.monitorId,
  };
}

function message(id: string, label: string, icon: NodeIcon, command?: NodeCommand, accountId?: string): TreeNode {
  return { id, kind: 'message', label, contextValue: CONTEXT.message, icon, collapsible: 'none', children: [], command, accountId };
}

/** Simulator account not started yet: we know it has no monitors without starting it. */
const knownEmpty = (a: AccountRecord, l: MonitorList, simulatorRunning: boolean) =>
  (l.status === 'loaded' && l.monitors.length === 0) || (a.builtIn === 'simulator' && !simulatorRunning && l.status === 'idle');

function accountChildren(a: AccountRecord, input: TreeInput, t: Translate): TreeNode[] {
  const l = input.list(a.id);
  const known = l.status === 'idle' ? [] : (l.monitors ?? []);
  const ids = new Set(known.map((m) => m.id));
  const out: TreeNode[] = [];
  if (l.status === 'error') {
    const code = isPushMonitorError(l.error) ? l.error.code : undefined;
    out.push({
      id: `error:${a.id}`,
      kind: 'error',
      label: t('Could not list monitors: {0}', l.error.message),
      description: code === 'AUTH' ? t('Sign in again') : t('Show log'),
      tooltip: mdField(l.error.message, 1000),
      contextValue: CONTEXT.error,
      icon: { id: 'warning', color: 'list.errorForeground' },
      collapsible: 'none',
      children: [],
      accountId: a.id,
      command: errorAction(code, a.id, t),
    });
  }
  for (const m of known) {
    out.push(
      monitorNode(
        { idPrefix: '', account: a, accountId: a.id, monitorId: m.id, info: m, session: input.session(a.id, m.id), createdHere: input.createdHere(a.id, m.id), withAccount: false },
        input.now,
        t,
      ),
    );
  }
  // Sessions whose monitor is not (or no longer) in the list still show, so nothing runs unseen.
  for (const s of input.sessions) {
    if (s.accountId !== a.id || ids.has(s.monitorId)) continue;
    out.push(
      monitorNode(
        { idPrefix: '', account: a, accountId: a.id, monitorId: s.monitorId, info: undefined, session: s, createdHere: input.createdHere(a.id, s.monitorId), withAccount: false },
        input.now,
        t,
      ),
    );
  }
  if (l.status === 'idle' || l.status === 'loading') {
    if (knownEmpty(a, l, input.simulatorRunning)) {
      out.push(message(`empty:${a.id}`, t('No monitors yet — create one'), { id: 'info' }, { command: COMMANDS.createMonitor, title: t('Create Monitor'), arguments: [{ accountId: a.id }] }, a.id));
    } else if (known.length === 0) {
      out.push(message(`loading:${a.id}`, t('Loading monitors…'), { id: 'loading~spin' }, undefined, a.id));
    }
  } else if (out.length === 0) {
    out.push(message(`empty:${a.id}`, t('No monitors yet — create one'), { id: 'info' }, { command: COMMANDS.createMonitor, title: t('Create Monitor'), arguments: [{ accountId: a.id }] }, a.id));
  }
  return out;
}

function accountNode(a: AccountRecord, input: TreeInput, t: Translate): TreeNode {
  const running = input.sessions.filter((s) => s.accountId === a.id && s.state.kind !== 'stopped' && s.state.kind !== 'error').length;
  const isSim = a.builtIn === 'simulator';
  const desc = [isSim ? (input.simulatorRunning ? t('running in VS Code') : t('starts on first use')) : a.host];
  if (running > 0) desc.push(t('{0} running', running));
  const md = [
    `**${mdField(a.label)}**`,
    '',
    isSim
      ? t('Built-in simulator of Remote Manager, running inside VS Code. No setup, no network; monitors disappear when VS Code closes.')
      : `${t('Host')}: ${mdField(a.host)}  \n${a.kind === 'apiKey' ? t('API key id') : t('Username')}: ${mdField(a.username)}  \n${t('Push')}: ${mdField(`${a.pushHost}:${a.pushPort}`)} (${a.secure ? 'TLS' : t('plain TCP')})`,
  ];
  return {
    id: `account:${a.id}`,
    kind: 'account',
    label: a.label,
    description: desc.join(' · '),
    tooltip: md.join('\n'),
    contextValue: isSim ? CONTEXT.simulatorAccount : CONTEXT.account,
    icon: { id: isSim ? 'beaker' : 'account' },
    collapsible: 'expanded',
    children: accountChildren(a, input, t),
    accountId: a.id,
  };
}

/** The Monitors view: account → monitors. Empty roots (so viewsWelcome shows) for noAccount and noMonitors. */
export function buildMonitorTree(input: TreeInput, t: Translate): { state: TreeState; roots: TreeNode[] } {
  if (input.accounts.length === 0) return { state: 'noAccount', roots: [] };
  const lists = input.accounts.map((a) => ({ a, l: input.list(a.id) }));
  const anySessions = input.sessions.length > 0;
  if (!anySessions && lists.every(({ a, l }) => knownEmpty(a, l, input.simulatorRunning))) {
    return { state: 'noMonitors', roots: [] };
  }
  const loading = lists.some(({ a, l }) => (l.status === 'idle' || l.status === 'loading') && !knownEmpty(a, l, input.simulatorRunning));
  return { state: loading ? 'loading' : 'ready', roots: input.accounts.map((a) => accountNode(a, input, t)) };
}

/** The Live Sessions view: every session that is running, reconnecting or failed. Empty when all are stopped. */
export function buildSessionList(input: TreeInput, t: Translate): TreeNode[] {
  return input.sessions
    .filter((s) => s.state.kind !== 'stopped')
    .map((s) => {
      const account = input.accounts.find((a) => a.id === s.accountId);
      const info = (() => {
        const l = input.list(s.accountId);
        return l.status === 'idle' ? undefined : l.monitors?.find((m) => m.id === s.monitorId);
      })();
      return monitorNode(
        { idPrefix: 'session:', account, accountId: s.accountId, monitorId: s.monitorId, info, session: s, createdHere: input.createdHere(s.accountId, s.monitorId), withAccount: true },
        input.now,
        t,
      );
    });
}
