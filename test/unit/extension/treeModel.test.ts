import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushMonitorError } from '../../../src/core/errors';
import type { MonitorInfo } from '../../../src/core/monitor';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { COMMANDS } from '../../../src/extension/commandIds';
import { formatOnly as t } from '../../../src/extension/l10n';
import type { MonitorList } from '../../../src/extension/monitors/monitorCatalog';
import { buildMonitorTree, buildSessionList, escapeMarkdown, TOOLTIP_FIELD_MAX, type SessionView, type TreeInput, type TreeNode } from '../../../src/extension/tree/treeModel';
import { SecretRegistry } from '../../../src/extension/output/redaction';
import { statusModel } from '../../../src/extension/statusBar/statusModel';

const NOW = 1_700_000_000_000;
const sim = simulatorAccount('Local simulator');
const prod: AccountRecord = {
  id: 'a1', label: 'alice @ remotemanager.digi.com', host: 'remotemanager.digi.com', restUrl: 'https://remotemanager.digi.com',
  pushHost: 'remotemanager.digi.com', pushPort: 3201, secure: true, kind: 'password', username: 'alice',
};

const monitor = (id: number, extra: Partial<MonitorInfo> = {}): MonitorInfo => ({
  id, topics: ['DeviceCore', 'DataPoint'], transport: 'tcp', format: 'json', compression: 'zlib', batchSize: 100, batchDuration: 1, status: 'INACTIVE', fields: {}, ...extra,
});

function input(o: { accounts?: AccountRecord[]; lists?: Record<string, MonitorList>; sessions?: SessionView[]; simulatorRunning?: boolean; created?: string[] } = {}): TreeInput {
  const sessions = o.sessions ?? [];
  return {
    accounts: o.accounts ?? [sim],
    list: (id) => o.lists?.[id] ?? { status: 'idle' },
    session: (a, m) => sessions.find((s) => s.accountId === a && s.monitorId === m),
    sessions,
    createdHere: (a, m) => (o.created ?? []).includes(`${a}/${m}`),
    simulatorRunning: o.simulatorRunning ?? false,
    now: NOW,
  };
}

const session = (accountId: string, monitorId: number, state: SessionView['state'], extra: Partial<SessionView> = {}): SessionView => ({
  accountId, monitorId, state, eventCount: 0, eventsPerSecond: 0,
  subscription: { accountLabel: 'x', host: 'h', monitorId, topics: ['DataPoint'], format: 'json', compression: 'zlib' },
  ...extra,
});

const find = (nodes: TreeNode[], pred: (n: TreeNode) => boolean): TreeNode | undefined => {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = find(n.children, pred);
    if (c) return c;
  }
  return undefined;
};

test('no account: empty roots and state noAccount (the sign-in welcome shows)', () => {
  assert.deepEqual(buildMonitorTree(input({ accounts: [] }), t), { state: 'noAccount', roots: [] });
});

test('a fresh simulator account is known to be empty without starting it: noMonitors welcome', () => {
  assert.deepEqual(buildMonitorTree(input(), t), { state: 'noMonitors', roots: [] });
  const loaded = buildMonitorTree(input({ accounts: [sim, prod], lists: { a1: { status: 'loaded', monitors: [], loadedAt: NOW } } }), t);
  assert.equal(loaded.state, 'noMonitors');
});

test('an account not read yet shows a loading item, not an empty tree', () => {
  const r = buildMonitorTree(input({ accounts: [prod] }), t);
  assert.equal(r.state, 'loading');
  assert.equal(r.roots.length, 1);
  assert.equal(r.roots[0].contextValue, 'account');
  assert.equal(r.roots[0].children[0].label, 'Loading monitors…');
});

test('monitors show topics, server status and stopped state; context values drive start/stop menus', () => {
  const r = buildMonitorTree(input({ accounts: [prod], lists: { a1: { status: 'loaded', monitors: [monitor(12), monitor(13, { transport: 'http' })], loadedAt: NOW } } }), t);
  assert.equal(r.state, 'ready');
  const [m12, m13] = r.roots[0].children;
  assert.equal(m12.label, 'DeviceCore, DataPoint');
  assert.equal(m12.description, '#12 · stopped · server INACTIVE');
  assert.equal(m12.contextValue, 'monitor:stopped');
  assert.equal(m12.id, 'monitor:a1/12');
  assert.equal(m12.monitorId, 12);
  assert.equal(m12.accountId, 'a1');
  assert.match(m12.tooltip ?? '', /batch size 100/);
  assert.equal(m13.contextValue, 'monitor:http');
});

test('live, reconnecting and error sessions: descriptions, icons, context values, error child', () => {
  const sessions = [
    session('a1', 1, { kind: 'live', since: NOW - 5000 }, { eventCount: 42, lastEventAt: NOW - 3000, eventsPerSecond: 2 }),
    session('a1', 2, { kind: 'reconnecting', retryAt: NOW + 4200, reason: 'push server closed the connection' }),
    session('a1', 3, { kind: 'error', message: 'push server rejected monitor 3: the credentials were refused (403)' }, { errorCode: 'AUTH' }),
    session('a1', 4, { kind: 'connecting' }),
  ];
  const lists = { a1: { status: 'loaded', monitors: [1, 2, 3, 4].map((i) => monitor(i)), loadedAt: NOW } as MonitorList };
  const r = buildMonitorTree(input({ accounts: [prod], lists, sessions }), t);
  const [m1, m2, m3, m4] = r.roots[0].children;
  assert.equal(m1.description, '#1 · live · 42 events · 3 s ago');
  assert.equal(m1.contextValue, 'monitor:live');
  assert.equal(m1.icon?.id, 'broadcast');
  assert.equal(m2.description, '#2 · reconnecting in 5 s · no events yet · server INACTIVE');
  assert.equal(m2.contextValue, 'monitor:reconnecting');
  assert.match(m2.tooltip ?? '', /Last drop: push server closed the connection/);
  assert.equal(m3.contextValue, 'monitor:error');
  assert.equal(m3.collapsible, 'expanded');
  assert.equal(m3.children[0].kind, 'error');
  assert.equal(m3.children[0].command?.command, COMMANDS.signIn, 'an auth error offers to sign in again');
  assert.equal(m4.contextValue, 'monitor:connecting');
  assert.match(r.roots[0].description ?? '', /3 running/);
});

test('a list error is a tree item with an action; known monitors stay', () => {
  const auth = new PushMonitorError('AUTH', 'GET /ws/Monitor failed with HTTP 401');
  const r = buildMonitorTree(input({ accounts: [prod], lists: { a1: { status: 'error', error: auth, monitors: [monitor(9)] } } }), t);
  const err = r.roots[0].children[0];
  assert.equal(err.kind, 'error');
  assert.match(err.label, /Could not list monitors: GET \/ws\/Monitor failed with HTTP 401/);
  assert.deepEqual(err.command?.arguments, [{ reauthenticate: 'a1' }]);
  assert.equal(r.roots[0].children[1].id, 'monitor:a1/9');
  const other = buildMonitorTree(input({ accounts: [prod], lists: { a1: { status: 'error', error: new PushMonitorError('UNREACHABLE', 'cannot reach') } } }), t);
  assert.equal(other.roots[0].children[0].command?.command, COMMANDS.showLog);
});

test('a running session whose monitor is not listed still appears; the simulator account is marked', () => {
  const r = buildMonitorTree(input({ simulatorRunning: true, lists: { 'local-simulator': { status: 'loaded', monitors: [], loadedAt: NOW } }, sessions: [session('local-simulator', 5, { kind: 'live', since: NOW })] }), t);
  assert.equal(r.roots[0].contextValue, 'account:simulator');
  assert.equal(r.roots[0].icon?.id, 'beaker');
  assert.ok(find(r.roots, (n) => n.id === 'monitor:local-simulator/5'));
});

test('an account with no monitors gets a create item; monitors created here are marked', () => {
  const lists = { a1: { status: 'loaded', monitors: [], loadedAt: NOW } as MonitorList, 'local-simulator': { status: 'loaded', monitors: [monitor(3)], loadedAt: NOW } as MonitorList };
  const r = buildMonitorTree(input({ accounts: [sim, prod], lists, simulatorRunning: true, created: ['local-simulator/3'] }), t);
  const empty = r.roots[1].children[0];
  assert.equal(empty.command?.command, COMMANDS.createMonitor);
  assert.deepEqual(empty.command?.arguments, [{ accountId: 'a1' }]);
  assert.match(r.roots[0].children[0].tooltip ?? '', /created by this extension/);
});

test('the sessions view lists sessions that are not stopped (empty when all stopped)', () => {
  const sessions = [session('a1', 1, { kind: 'live', since: NOW }), session('a1', 2, { kind: 'stopped' })];
  const nodes = buildSessionList(input({ accounts: [prod], sessions }), t);
  assert.deepEqual(nodes.map((n) => n.id), ['session:monitor:a1/1']);
  assert.match(nodes[0].description ?? '', /alice @ remotemanager\.digi\.com$/);
  assert.deepEqual(buildSessionList(input({ accounts: [prod], sessions: [session('a1', 2, { kind: 'stopped' })] }), t), []);
});

test('markdown in labels is escaped in tooltips', () => {
  assert.equal(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
});

// Markup left active after escaping: any Markdown-significant character not preceded by a backslash.
const activeMarkup = (md: string) => md.replace(/\\[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, '').match(/[\\`*_{}[\]()#+!|<>~&:@$=]/g) ?? [];
const HOSTILE_FIELD = '*bold* _it_ [x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> `code` $(zap) ~~s~~ &lt; https://evil.example a@b.c';

test('server fields (monCompression, monAckOption, status…) are escaped in tooltips: one line, no markup, bounded', () => {
  const m = monitor(7, {
    compression: HOSTILE_FIELD,
    ackOption: `explicit\n\n# Heading\n[click](https://evil.example)`,
    status: `ACTIVE\n===\n${HOSTILE_FIELD}`,
    lastConnect: 'x'.repeat(100_000),
    format: HOSTILE_FIELD as MonitorInfo['format'],
    topics: ['DataPoint`\n\n[x](command:y)', '$(zap)'],
  });
  const r = buildMonitorTree(input({ accounts: [prod], lists: { a1: { status: 'loaded', monitors: [m], loadedAt: NOW } } }), t);
  const node = find(r.roots, (n) => n.kind === 'monitor');
  const tip = node?.tooltip ?? '';
  const lines = tip.split('  \n');
  const settings = lines.find((l) => l.startsWith('format')) ?? '';
  assert.deepEqual(activeMarkup(settings), [], settings);
  assert.ok(settings.includes('compression \\*bold\\*'), settings);
  assert.ok(settings.includes('ack explicit⏎⏎\\# Heading⏎\\[click\\]'), 'line breaks are shown, not rendered');
  for (const label of ['Server status', 'Last client connection']) {
    const l = lines.find((x) => x.startsWith(label)) ?? '';
    assert.ok(l, label);
    assert.deepEqual(activeMarkup(l.slice(l.indexOf(': ') + 2)), [], l);
  }
  assert.ok(!tip.includes('\n\n#') && !tip.includes('\n===') && !tip.includes('\n[click]'), 'no field starts a Markdown block');
  assert.ok(tip.length < 3000, `tooltip bounded (${tip.length})`);
  assert.ok(lines.some((l) => l.includes('x'.repeat(TOOLTIP_FIELD_MAX) + '…')));
  const topics = lines.find((l) => l.startsWith('Topics')) ?? '';
  assert.equal(topics, "Topics: `DataPoint'⏎⏎[x](command:y)`, `$(zap)`", 'topics stay inside their code spans');
  // Session fields (from the live subscription and the push connection) too.
  const s = session('a1', 7, { kind: 'reconnecting', retryAt: NOW + 5000, reason: HOSTILE_FIELD }, {
    subscription: { accountLabel: 'x', host: 'h', monitorId: 7, topics: ['DataPoint'], format: 'json', compression: HOSTILE_FIELD, ackOption: HOSTILE_FIELD },
  });
  const live = buildSessionList(input({ accounts: [prod], sessions: [s] }), t)[0].tooltip ?? '';
  assert.ok(live.includes('compression \\*bold\\*') && live.includes('Last drop: \\*bold\\*'), live);
  const liveLines = live.split('  \n');
  for (const l of [liveLines.find((x) => x.startsWith('format')), liveLines.find((x) => x.startsWith('Last drop'))]) {
    assert.ok(l);
    assert.deepEqual(activeMarkup(l.replace(/^(format|Last drop:) /, '')), [], l);
  }
});

test('secrets are redacted from tooltips also in their escaped form', () => {
  const secrets = new SecretRegistry();
  secrets.add('s3cr3t-key==');
  const tip = `Error: ${escapeMarkdown('denied for s3cr3t-key==')}`;
  assert.ok(secrets.redact(tip).includes(escapeMarkdown('s3cr3t-key==')), 'the plain form alone does not match escaped text');
  assert.ok(!secrets.redact(tip, escapeMarkdown).includes('s3cr3t'));
});

test('status bar: hidden when idle, counts and rate when live, warning while reconnecting', () => {
  assert.equal(statusModel([], NOW, t).visible, false);
  assert.equal(statusModel([{ label: 'a', state: { kind: 'stopped' }, eventsPerSecond: 0 }], NOW, t).visible, false);
  const live = statusModel([
    { label: 'a', state: { kind: 'live', since: NOW }, eventsPerSecond: 30 },
    { label: 'b', state: { kind: 'live', since: NOW }, eventsPerSecond: 7.2 },
  ], NOW, t);
  assert.deepEqual([live.visible, live.text, live.background], [true, '$(radio-tower) 2 live · 37 ev/s', 'none']);
  const rc = statusModel([
    { label: 'a', state: { kind: 'live', since: NOW }, eventsPerSecond: 1.5 },
    { label: 'b', state: { kind: 'reconnecting', retryAt: NOW + 2000, reason: 'x' }, eventsPerSecond: 0 },
  ], NOW, t);
  assert.equal(rc.text, '$(sync~spin) 1 live · 1 connecting · 1.5 ev/s');
  assert.equal(rc.background, 'warning');
  assert.match(rc.tooltip, /b: reconnecting in 2 s/);
  const failed = statusModel([{ label: 'a', state: { kind: 'error', message: 'x' }, eventsPerSecond: 0 }], NOW, t);
  assert.equal(failed.background, 'error');
});
