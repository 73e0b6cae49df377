// UI test of the event viewer's Chart tab in the real workbench (issue 15 §3), in a workbench
// of its own (scripts/test-all.mjs):
//   node test/vscode/run-ui-tests.mjs --extensionDevelopmentPath=. test/vscode/ui/viewer-chart.ui.mjs
// A session on the Local simulator (Create Monitor with the defaults); its viewer's chart draws
// the simulator's temperature streams (the canvas is sampled: pixels drawn in the plotted
// series' theme colours). Then Watch This Device on a device of the simulator, which has been
// storing points all along: that viewer's chart reads the stored points (backfill, older than
// its new session) and continues live in one line. Screenshots in a dark and a light theme are
// docs/vscode-extension.md's (docs/images/chart-dark.png, chart-light.png).
/* global document, getComputedStyle, window */
import fs from 'node:fs';
import path from 'node:path';
import { viewerWith } from './devices.ui.mjs';

const devicesPane = (ctx) => ctx.page.locator('.part.sidebar .pane').filter({ has: ctx.page.locator('.pane-header', { hasText: 'Devices' }) });
let deviceViewer;
let userSettings;

/** Sets user settings in the workbench's settings.json (VS Code applies the change at once). */
function setUserSettings(ctx, patch) {
  const file = path.join(ctx.server.userDataDir, 'User', 'settings.json');
  userSettings ??= fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(userSettings), ...patch }, null, 2));
}

/** Plots the temperature streams only (at most 8), once one is listed. */
async function plotTemperatures(ctx, wv) {
  await wv.locator('#tab-chart').click();
  await ctx.waitFor(async () => (await wv.locator('.chart-stream', { hasText: 'temperature' }).count()) >= 1, { timeout: 60000, what: 'a temperature stream in the chart list' });
  for (let round = 0; round < 3; round++) {
    for (const item of await wv.locator('.chart-stream[aria-disabled="false"]').all()) {
      const text = (await item.textContent()) ?? '';
      const on = (await item.getAttribute('aria-checked')) === 'true';
      if (on !== text.includes('temperature')) await item.click();
    }
  }
  const picked = await wv.locator('.chart-stream[aria-checked="true"]').allTextContents();
  ctx.log(`plotted: ${JSON.stringify(picked)}`);
  ctx.assert.ok(picked.length >= 1 && picked.every((t) => t.includes('temperature')), `only temperature streams plotted: ${picked}`);
  await wv.locator('.chart-plot canvas').first().waitFor({ timeout: 30000 });
}

/** Points of the plotted streams, as their list entries count them. */
const plottedPoints = async (wv) =>
  (await wv.locator('.chart-stream[aria-checked="true"] .chart-stream-detail').allTextContents()).reduce((n, t) => n + Number((/([\d,]+) pts/.exec(t)?.[1] ?? '0').replace(/,/g, '')), 0);

/** Drawn pixels of the chart's canvas, and those in one of the plotted series' colours (their swatches). */
const sample = (wv) =>
  wv.locator('.chart-plot canvas').first().evaluate((canvas) => {
    const colours = [...document.querySelectorAll('.chart-stream.on .swatch')].map((e) => /(\d+), (\d+), (\d+)/.exec(getComputedStyle(e).backgroundColor)).filter(Boolean).map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      drawn++;
      if (colours.some((c) => Math.abs(data[i] - c[0]) < 30 && Math.abs(data[i + 1] - c[1]) < 30 && Math.abs(data[i + 2] - c[2]) < 30)) coloured++;
    }
    const probe = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim();
    return { drawn, coloured, total: data.length / 4, colours: colours.map((c) => c.join(',')).join(' '), blue: probe };
  });

async function setTheme(ctx, name) {
  await ctx.command('Preferences: Color Theme', { keepOpen: true });
  await ctx.pick(name);
  await ctx.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => undefined);
}

/** The editor area only (the chart), saved as test-artifacts/vscode-ui/<label>/viewer-chart-<name>.png. */
async function editorShot(ctx, name, wv) {
  // The pointer over the chart: the legend shows the hovered time and value.
  const box = await wv.locator('.chart-plot canvas').first().boundingBox();
  if (box) await ctx.page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4);
  // No workbench tooltip over the header (one may linger from the theme picker).
  await ctx.waitFor(async () => !(await ctx.page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().isVisible().catch(() => false)), { timeout: 5000, what: 'no tooltip' }).catch(() => undefined);
  await ctx.shot(name);
}

export default {
  async 'a session on the Local simulator: its chart draws the temperature streams live'(ctx) {
    // 20 simulated events/s (default 2): a few points per second per stream for the chart.
    setUserSettings(ctx, { 'digiPushMonitor.simulator.eventsPerSecond': 20 });
    await ctx.openView('Digi Push Monitor', { timeout: 60000 });
    await ctx.command('Digi Push Monitor: Create Monitor', { keepOpen: true });
    const widget = ctx.page.locator('.quick-input-widget');
    // Topics DeviceCore and DataPoint pre-selected; then "Create and Start Session".
    await widget.locator('.monaco-list-row', { hasText: 'FileData' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.page.keyboard.press('Enter');
    await widget.locator('.monaco-list-row', { hasText: 'Create and Start Session' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.page.keyboard.press('Enter');
    await ctx.treeRows({ view: 'Monitors', waitForText: 'live' });
    await ctx.command('Digi Push Monitor: Open Event Viewer', { keepOpen: true });
    await widget.locator('.monaco-list-row', { hasText: 'DeviceCore, DataPoint' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await widget.locator('.monaco-list-row', { hasText: 'DeviceCore, DataPoint' }).first().click();
    const wv = await viewerWith(ctx, /DeviceCore, DataPoint/);
    // Room for the chart: no bottom panel (starting a session shows the events output there).
    const hide = ctx.page.locator('.part.panel .action-label[aria-label^="Hide Panel"]').first();
    if (await hide.isVisible().catch(() => false)) await hide.click();
    await plotTemperatures(ctx, wv);
    const before = await plottedPoints(wv);
    await ctx.waitFor(async () => (await plottedPoints(wv)) >= before + 40, { timeout: 90000, what: 'live temperature points' });
    const px = await sample(wv);
    ctx.log(`canvas: ${px.drawn} of ${px.total} pixels drawn, ${px.coloured} in the series' colours (${px.colours}; --vscode-charts-blue ${px.blue}); ${await wv.locator('.chart-status').textContent()}`);
    ctx.assert.ok(px.drawn > 2000, `the canvas is not blank (${px.drawn} pixels drawn)`);
    ctx.assert.ok(px.coloured > 20, `the temperature lines are drawn in their theme colours (${px.coloured} pixels)`);
    ctx.assert.equal(await wv.locator('body').evaluate(() => window.__pwned), undefined);
    ctx.assert.equal(await wv.locator('.chart-plot').getAttribute('data-axes'), 'C', 'one axis: the temperatures share their units');
  },

  async 'Watch This Device: the chart backfills the stored points, then continues live'(ctx) {
    await ctx.openView('Digi Push Monitor', { timeout: 60000 });
    const pane = devicesPane(ctx);
    const header = pane.locator('.pane-header');
    await header.waitFor({ state: 'visible', timeout: 30000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const row = pane.locator('.monaco-list-row').filter({ has: ctx.page.locator('[class*="codicon-vm-running"]') }).first();
    await row.waitFor({ state: 'visible', timeout: 60000 });
    await row.hover();
    const action = row.locator('.actions .action-label[aria-label^="Watch This Device"]').first();
    await action.waitFor({ state: 'visible', timeout: 15000 });
    await action.click();
    const widget = ctx.page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: 'FileData' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.page.keyboard.press('Enter');
    const wv = await viewerWith(ctx, /DeviceCore\/\d+.*DataPoint\/0000/s);
    deviceViewer = wv;
    await plotTemperatures(ctx, wv);
    // The stored points of the device's temperature are older than this session: new ones in front of the live line.
    await ctx.waitFor(async () => /history: \d+ stored points? read, [1-9]\d* new/.test((await wv.locator('.chart-status').textContent()) ?? ''), { timeout: 60000, what: 'stored points read and merged' });
    const status = (await wv.locator('.chart-status').textContent()) ?? '';
    const afterBackfill = await plottedPoints(wv);
    await ctx.waitFor(async () => (await plottedPoints(wv)) > afterBackfill, { timeout: 90000, what: 'a live point after the backfill' });
    const px = await sample(wv);
    ctx.log(`${status}; ${afterBackfill} points after the backfill, ${await plottedPoints(wv)} now; canvas ${px.drawn} drawn, ${px.coloured} coloured`);
    ctx.assert.ok(px.coloured > 50, `one line across the seam (${px.coloured} pixels in the series' colour)`);
    await setTheme(ctx, 'Dark Modern');
    await ctx.waitFor(async () => (await sample(wv)).colours !== px.colours, { timeout: 30000, what: 'the chart redrawn in the dark theme colours' });
    await editorShot(ctx, 'dark', wv);
  },

  async 'the chart is recoloured in a light theme'(ctx) {
    const wv = deviceViewer;
    const dark = await sample(wv);
    await setTheme(ctx, 'Light Modern');
    await ctx.waitFor(async () => (await sample(wv)).colours !== dark.colours, { timeout: 30000, what: 'the chart redrawn in the light theme colours' });
    const light = await sample(wv);
    ctx.log(`light: ${light.drawn} drawn, ${light.coloured} in ${light.colours} (dark: ${dark.colours})`);
    ctx.assert.ok(light.coloured > 50, `the line in the light theme's colour (${light.coloured} pixels)`);
    await editorShot(ctx, 'light', wv);
    await setTheme(ctx, 'Dark Modern');
    if (userSettings !== undefined) fs.writeFileSync(path.join(ctx.server.userDataDir, 'User', 'settings.json'), userSettings);
  },
};
