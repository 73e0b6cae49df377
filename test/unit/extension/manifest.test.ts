// package.json contributions agree with the code: settings schema = SETTING_SPECS,
// every command registered in code is contributed (and back), titles are localised,
// every viewsWelcome/menu command exists, and nothing asks for `*` activation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS, CONTEXT_KEYS, VIEWER_COMMANDS, VIEWS } from '../../../src/extension/commandIds';
import { readSettings, SETTING_SPECS, SETTINGS_SECTION, settingValue } from '../../../src/extension/settings';
import { clampCapacity, DEFAULT_CAPACITY, MAX_CAPACITY, MIN_CAPACITY } from '../../../src/extension/viewer/eventStore';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributes = pkg.contributes;

test('settings in package.json match SETTING_SPECS (type, default, range, enum) and have a scope', () => {
  const props = contributes.configuration.properties as Record<string, Record<string, unknown>>;
  // digiPushMonitor.alerts (an array of rules) has its own reader and test (alerts/rules.test.ts).
  const scalar = Object.keys(props).filter((k) => k !== `${SETTINGS_SECTION}.alerts`);
  assert.deepEqual(scalar.sort(), Object.keys(SETTING_SPECS).map((k) => `${SETTINGS_SECTION}.${k}`).sort());
  for (const [key, spec] of Object.entries(SETTING_SPECS)) {
    const p = props[`${SETTINGS_SECTION}.${key}`];
    assert.equal(p.type, spec.type, key);
    assert.deepEqual(p.default, spec.default, key);
    if (spec.type === 'integer') assert.deepEqual([p.minimum, p.maximum], [spec.minimum, spec.maximum], key);
    if (spec.type === 'string') assert.deepEqual(p.enum, spec.enum, key);
    assert.ok(['application', 'machine', 'window'].includes(p.scope as string), `${key} scope`);
    assert.match(String(p.markdownDescription), /^%.+%$/, `${key} description is localised`);
  }
});

test('invalid setting values fall back to the schema defaults', () => {
  const bad: Record<string, unknown> = {
    'createdMonitors.onExit': 'nuke',
    'eventsOutput.maxLinesPerSecond': 1e9,
    'session.autoReconnect': 'yes',
    'simulator.eventsPerSecond': -1,
    'viewer.bufferCapacity': 'lots',
    'viewer.memoryBudgetMiB': 'plenty',
    'history.maxPoints': 'all',
    'chart.backfillPoints': 'some',
    'monitors.lossless': 'off',
    'session.notifyOnRestore': 0,
    'session.receiveInWorker': 'no',
  };
  assert.deepEqual(readSettings((k) => bad[k]), { createdMonitorsOnExit: 'keep', maxLinesPerSecond: 50, autoReconnect: true, simulatorEventsPerSecond: 2, viewerBufferCapacity: 50_000, viewerMemoryBudgetMiB: 64, historyMaxPoints: 1000, chartBackfillPoints: 1000, monitorsLossless: true, notifyOnRestore: true, receiveInWorker: true });
  const good: Record<string, unknown> = {
    'createdMonitors.onExit': 'delete',
    'eventsOutput.maxLinesPerSecond': 1000,
    'session.autoReconnect': false,
    'simulator.eventsPerSecond': 0,
    'viewer.bufferCapacity': 100,
    'viewer.memoryBudgetMiB': 8,
    'history.maxPoints': 5,
    'chart.backfillPoints': 0,
    'monitors.lossless': false,
    'session.notifyOnRestore': false,
    'session.receiveInWorker': false,
  };
  assert.deepEqual(readSettings((k) => good[k]), { createdMonitorsOnExit: 'delete', maxLinesPerSecond: 1000, autoReconnect: false, simulatorEventsPerSecond: 0, viewerBufferCapacity: 100, viewerMemoryBudgetMiB: 8, historyMaxPoints: 5, chartBackfillPoints: 0, monitorsLossless: false, notifyOnRestore: false, receiveInWorker: false });
  // A point count out of range is clamped (1e9 means "as many as allowed").
  assert.deepEqual([settingValue('history.maxPoints', 1e9), settingValue('history.maxPoints', 0), settingValue('history.maxPoints', 12.7)], [100_000, 1, 12]);
  assert.equal(readSettings(() => 2.5).maxLinesPerSecond, 50);
});

test('the viewer capacity has one definition: package.json, SETTING_SPECS and the event store agree; out of range clamps', () => {
  const p = contributes.configuration.properties[`${SETTINGS_SECTION}.viewer.bufferCapacity`] as Record<string, unknown>;
  assert.deepEqual([p.default, p.minimum, p.maximum], [DEFAULT_CAPACITY, MIN_CAPACITY, MAX_CAPACITY]);
  assert.equal(SETTING_SPECS['viewer.bufferCapacity'].outOfRange, 'clamp');
  for (const v of [undefined, '1000', NaN, Infinity, 5, 1e9, 1234.7, MIN_CAPACITY, MAX_CAPACITY]) {
    assert.equal(clampCapacity(v), settingValue('viewer.bufferCapacity', v), String(v));
  }
  assert.deepEqual([clampCapacity(5), clampCapacity(1e9), clampCapacity(1234.7), clampCapacity('x')], [MIN_CAPACITY, MAX_CAPACITY, 1234, DEFAULT_CAPACITY]);
  // The other integer settings fall back to their default instead.
  assert.equal(settingValue('simulator.eventsPerSecond', 1e9), 2);
  assert.equal(settingValue('eventsOutput.maxLinesPerSecond', 0), 50);
});

test('every command is contributed with a category, a codicon and a localised title', () => {
  const contributed = (contributes.commands as { command: string; title: string; category: string; icon: string }[]);
  assert.deepEqual(contributed.map((c) => c.command).sort(), [...Object.values(COMMANDS), ...Object.values(VIEWER_COMMANDS)].sort());
  for (const c of contributed) {
    assert.equal(c.category, '%category%');
    assert.match(c.icon, /^\$\([a-z-]+\)$/);
    assert.ok(nls[c.title.slice(1, -1)], c.title);
  }
  // All reachable from the palette: nothing hidden with when=false.
  assert.equal(contributes.menus.commandPalette, undefined);
});

test('menus, welcome views and walkthrough only reference real commands, views and context keys', () => {
  const ids = new Set<string>([...Object.values(COMMANDS), ...Object.values(VIEWER_COMMANDS)]);
  for (const entries of Object.values(contributes.menus) as { command: string }[][]) {
    for (const e of entries) assert.ok(ids.has(e.command), e.command);
  }
  const text = JSON.stringify(contributes.viewsWelcome) + Object.values(nls).join('\n');
  for (const m of text.matchAll(/command:([\w.]+)/g)) assert.ok(ids.has(m[1]), m[1]);
  const views = (contributes.views[VIEWS.container] as { id: string }[]).map((v) => v.id);
  assert.deepEqual(views, [VIEWS.monitors, VIEWS.sessions, VIEWS.devices, VIEWS.rules]);
  const whens = contributes.viewsWelcome.map((w: { when: string }) => w.when).join(' ');
  assert.match(whens, new RegExp(`${CONTEXT_KEYS.treeState} == noAccount`));
  assert.match(whens, new RegExp(`${CONTEXT_KEYS.treeState} == noMonitors`));
  assert.match(whens, new RegExp(CONTEXT_KEYS.sessionCount));
  for (const state of ['noAccount', 'simulatorIdle', 'noDevices']) assert.match(whens, new RegExp(`${CONTEXT_KEYS.devicesState} == ${state}`));
  const steps = contributes.walkthroughs[0].steps as { media: { markdown: string } }[];
  assert.equal(steps.length, 4);
  for (const s of steps) assert.ok(existsSync(path.join(root, s.media.markdown)), s.media.markdown);
});

test('activation is implicit but for the viewer serializer, workspace monitor definitions and restarting sessions after startup; extension kind, capabilities, icon and l10n keys are in place', () => {
  // A WebviewPanelSerializer has no contribution point, so restoring viewer panels after a reload needs its event. A folder
  // with .vscode/digi-monitors.json activates the extension to apply the file, and the file's $schema URI to serve the schema.
  // Sessions that ran before a reload or restart start again without the user opening a view: onStartupFinished (never `*`).
  assert.deepEqual(pkg.activationEvents, ['onStartupFinished', 'onWebviewPanel:digiPushMonitor.eventViewer', 'workspaceContains:.vscode/digi-monitors.json', 'onFileSystem:digi-push-monitor']);
  assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(pkg.main, './dist/extension.js');
  assert.match(pkg.engines.vscode, /^\^1\.90\.0$/);
  assert.ok(readFileSync(path.join(root, pkg.icon)).subarray(1, 4).toString() === 'PNG');
  const keys = new Set([...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  for (const k of keys) assert.ok(nls[k], `package.nls.json lacks ${k}`);
  assert.deepEqual(contributes.authentication, [{ id: 'digiRemoteManager', label: 'Digi Remote Manager' }]);
});
