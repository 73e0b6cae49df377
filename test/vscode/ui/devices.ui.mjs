// UI test of devices and their data in the real workbench (issue 13 §4), on the Local simulator:
//   node test/vscode/run-ui-tests.mjs --extensionDevelopmentPath=. test/vscode/ui/devices.ui.mjs
// The Devices view lists the simulated fleet (connected and disconnected icons), Watch This
// Device opens a viewer with only that device's events, the device expands to its data streams,
// a stream opens its history, Send Data Point refuses a bad value while it is typed and sends a
// good one that comes back into the viewer, and a bad .vscode/digi-monitors.json shows in the
// Problems view. Its screenshots are docs/vscode-extension.md's (docs/images/devices-*.png).
//
// It needs a workspace folder (for the last test) and starts from a window nothing else used:
// without --workspace it opens a new temporary folder in this workbench first. scripts/test-all.mjs
// runs it in a workbench of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForWorkbench } from '../harness.mjs';

const DEVICE_ID = /00000000-00000000-[0-9A-F]{8}-[0-9A-F]{8}/;
let folder;
let watched; // { deviceId, label, shortId }

const devicesPane = (ctx) => ctx.page.locator('.part.sidebar .pane').filter({ has: ctx.page.locator('.pane-header', { hasText: 'Devices' }) });
const rowsOf = (pane) => pane.locator('.monaco-list-row');
const deviceRows = (pane) => rowsOf(pane).filter({ has: pane.page().locator('[class*="codicon-vm-"]') });

/** The viewer webview whose header matches `title` (several viewers may be open). viewer-chart.ui.mjs uses it too. */
export async function viewerWith(ctx, title, timeout = 45000) {
  let found;
  await ctx.waitFor(
    async () => {
      const n = await ctx.page.locator('iframe.webview.ready').count();
      for (let i = n - 1; i >= 0; i--) {
        const f = ctx.webview(i);
        const text = await f.locator('header.header').textContent({ timeout: 500 }).catch(() => null);
        if (text && title.test(text)) {
          found = f;
          return true;
        }
      }
      return false;
    },
    { timeout, what: `a viewer whose header matches ${title}` },
  );
  return found;
}

const eventRows = (wv) => wv.locator('.grid-body .row:not(.gap):not(.loading)');

/**
 * Room for the screenshots: the Live Sessions view (the Monitors view says the same) collapsed,
 * a wider side bar so the Devices view's descriptions fit.
 */
async function makeRoom(ctx) {
  const sessions = ctx.page.locator('.part.sidebar .pane-header', { hasText: 'Live Sessions' });
  if ((await sessions.getAttribute('aria-expanded')) === 'true') await sessions.click();
  const bar = await ctx.page.locator('.part.sidebar').boundingBox();
  if (bar && bar.width < 400) {
    const x = bar.x + bar.width + 1;
    const y = bar.y + bar.height / 2;
    await ctx.page.mouse.move(x, y);
    await ctx.page.mouse.down();
    await ctx.page.mouse.move(x + 130, y, { steps: 10 });
    await ctx.page.mouse.up();
  }
}

/** A screenshot without the bottom panel (starting a session shows the events output there) or a tooltip. */
async function shotWithoutPanel(ctx, name) {
  const hide = ctx.page.locator('.part.panel .action-label[aria-label^="Hide Panel"]').first();
  if (await hide.isVisible()) await hide.click();
  await ctx.page.mouse.move(1300, 850);
  await ctx.shot(name);
}

/** Brings the editor tab whose title contains `text` to the front (a hidden webview may be unloaded). */
async function showTab(ctx, text) {
  const tab = ctx.page.locator('.tabs-container .tab', { hasText: text }).first();
  await tab.waitFor({ state: 'visible', timeout: 15000 });
  await tab.click();
}

/** Set by the Watch This Device test; the tests after it work on that device. */
function watchedDevice() {
  if (!watched) throw new Error('needs the device of "Watch This Device opens a viewer with only that device\'s events", which did not pass');
  return watched;
}

/** Expands a tree row (a click toggles it; the arrow key when the click only focused it). */
async function expandRow(ctx, row) {
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
  await ctx.waitFor(async () => (await row.getAttribute('aria-expanded')) === 'true', { timeout: 1000, what: 'expanded' }).catch(async () => {
    await ctx.page.keyboard.press('ArrowRight');
  });
}

const REFUSAL = /stream takes a (whole )?number/;

/** Opens Send Data Point on a stream row: its value box. */
async function openSendBox(ctx, stream) {
  await rowAction(stream, 'Send Data Point');
  const widget = ctx.page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 30000 });
  return { widget, input, message: widget.locator('.quick-input-message') };
}

/** Types a value the box accepts, then an empty timestamp (now): the point is sent. */
async function sendValue(ctx, { widget, input, message }, value) {
  await input.fill(value);
  await ctx.waitFor(async () => !REFUSAL.test((await message.innerText().catch(() => '')) ?? ''), { timeout: 15000, what: 'no validation message' });
  await input.press('Enter');
  const timestampBox = async () => (await widget.isVisible()) && (await input.inputValue()) === '' && /timestamp/i.test(await widget.innerText());
  await ctx.waitFor(timestampBox, { timeout: 15000, what: 'the timestamp box' });
  await input.press('Enter');
  // An Enter that lands while the box is still being set up (its validation running) is not
  // taken: the box stays. Then once more (a taken one closes it, so nothing is sent twice).
  const closed = () => widget.waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false);
  if (!(await closed()) && (await timestampBox())) {
    ctx.log('the timestamp box did not take Enter: again');
    await input.press('Enter');
  }
  await widget.waitFor({ state: 'hidden', timeout: 15000 });
}

/** A number far outside what the simulator generates, so the row found later is the one sent. */
const probeValue = () => String(70000 + Math.floor(Math.random() * 9999));

/** Opens the tree row's inline action `label` (hovering shows it). */
async function rowAction(row, label) {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label^="${label}"]`).first();
  await action.waitFor({ state: 'visible', timeout: 15000 });
  await action.click();
}

export default {
  async 'the Devices view lists the simulated fleet with connected and disconnected devices'(ctx) {
    folder = ctx.workspace;
    if (!folder) {
      // A folder for the workspace-definitions test: reopen this workbench on a new empty one.
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dpm-devices-ui-'));
      process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
      const url = new URL(ctx.page.url());
      url.searchParams.delete('ew');
      url.searchParams.set('folder', folder);
      await ctx.page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: 120000 });
      await waitForWorkbench(ctx.page, { timeout: 120000 });
    }
    await ctx.openView('Digi Push Monitor', { timeout: 60000 });
    const pane = devicesPane(ctx);
    const header = pane.locator('.pane-header');
    await header.waitFor({ state: 'visible', timeout: 30000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    // Only the Local simulator is signed in, and it is not running: the view offers to start it.
    const show = pane.locator('.welcome-view-content').locator('a, .monaco-button', { hasText: 'Show Simulator Devices' }).first();
    await show.waitFor({ state: 'visible', timeout: 60000 });
    await show.click();
    await ctx.waitFor(async () => (await deviceRows(pane).count()) === 5, { timeout: 60000, what: 'the 5 simulated devices' });
    await makeRoom(ctx);
    ctx.assert.match(await header.innerText(), /\d\/5 connected · not live/);

    // Live: the view follows the fleet's connects and disconnects from now on.
    await ctx.command('Digi Push Monitor: Watch Device Connections');
    await ctx.waitFor(async () => /\d\/5 connected/.test(await header.innerText()) && !/not live/.test(await header.innerText()), { timeout: 30000, what: 'the view live' });
    // The simulator connects and disconnects devices at random: wait until both kinds show.
    const running = pane.locator('.monaco-list-row [class*="codicon-vm-running"]');
    const outline = pane.locator('.monaco-list-row [class*="codicon-vm-outline"]');
    await ctx.waitFor(async () => (await running.count()) > 0 && (await outline.count()) > 0, { timeout: 90000, what: 'a connected and a disconnected device' });
    const texts = (await deviceRows(pane).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    ctx.log(`rows: ${JSON.stringify(texts)}`);
    ctx.assert.equal(texts.length, 5);
    ctx.assert.ok(texts.every((t) => /(connected|disconnected) /.test(t)), 'every row says connected or disconnected and when');
    const connectedRows = await rowsOf(pane).filter({ has: ctx.page.locator('[class*="codicon-vm-running"]') }).allInnerTexts();
    ctx.assert.ok(connectedRows.every((t) => /\bconnected\b/.test(t) && !/disconnected/.test(t)), `connected rows: ${connectedRows}`);
    await shotWithoutPanel(ctx, '01-view');
  },

  async 'Watch This Device opens a viewer with only that device\'s events'(ctx) {
    const pane = devicesPane(ctx);
    const connected = rowsOf(pane).filter({ has: ctx.page.locator('[class*="codicon-vm-running"]') }).first();
    // The tooltip carries the full device id; the row shows its label and short id. The row is
    // held by its short id from here on (a locator of "the first connected row" would move on to
    // another device when this one disconnects).
    const label = (await connected.locator('.label-name').first().innerText()).trim();
    const shortId = /[0-9A-F]{8}-[0-9A-F]{8}/.exec(await connected.innerText())?.[0];
    ctx.assert.ok(shortId, 'the row shows the short device id');
    const row = rowsOf(pane).filter({ hasText: shortId }).first();
    await row.hover();
    await rowAction(row, 'Watch This Device');
    // The optional topics: accept the defaults (none).
    const widget = ctx.page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: 'FileData' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.page.keyboard.press('Enter');
    await viewerWith(ctx, /DeviceCore\/\d+.*DataPoint\/0000/s);
    // The device's data points, sent through Send Data Point on one of its streams: the
    // simulator's own generator may disconnect this device at any time (it then sends it no
    // points), while the rest of the fleet keeps producing events the watch must leave out.
    await expandRow(ctx, row);
    const stream = pane.locator('.monaco-list-row[aria-level="2"]', { hasText: /metrics\// }).first();
    await stream.waitFor({ state: 'visible', timeout: 30000 });
    const name = (await stream.locator('.label-name').first().innerText()).trim();
    const values = [probeValue(), probeValue()];
    for (const value of values) await sendValue(ctx, await openSendBox(ctx, stream), value);
    await showTab(ctx, 'DataPoint/0000');
    const wv = await viewerWith(ctx, /DeviceCore\/\d+.*DataPoint\/0000/s);
    for (const value of values) {
      await ctx.waitFor(async () => (await eventRows(wv).filter({ hasText: `${name}=${value}` }).count()) > 0, { timeout: 30000, what: `${name}=${value} in the watch viewer` });
    }
    ctx.assert.ok((await eventRows(wv).filter({ hasText: 'DataPoint' }).count()) >= 2, 'two DataPoint rows of the device');
    const devices = await eventRows(wv).locator('.c-device').allTextContents();
    ctx.assert.ok(devices.length >= 2);
    ctx.assert.equal(new Set(devices).size, 1, `one device only: ${[...new Set(devices)]}`);
    ctx.assert.match(devices[0], DEVICE_ID);
    watched = { deviceId: devices[0], label, shortId };
    ctx.log(`watching ${label} (${watched.deviceId})`);
    await shotWithoutPanel(ctx, '03-watch');
  },

  async 'a device expands to its data streams with their current values'(ctx) {
    const { shortId } = watchedDevice();
    const pane = devicesPane(ctx);
    const row = rowsOf(pane).filter({ hasText: shortId }).first();
    await expandRow(ctx, row);
    const level2 = pane.locator('.monaco-list-row[aria-level="2"]');
    await ctx.waitFor(async () => (await level2.filter({ hasText: /metrics\// }).count()) > 0, { timeout: 30000, what: 'the device\'s streams' });
    const texts = (await level2.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    ctx.log(`streams: ${JSON.stringify(texts)}`);
    // Label (path under the device id), then value, units and age.
    ctx.assert.ok(texts.some((t) => /^metrics\/[a-z]+-?\d+(\.\d+)? \S+ · /.test(t)), `a stream with its value: ${texts}`);
    await shotWithoutPanel(ctx, '02-streams');
  },

  async 'a stream opens its stored history in the viewer, marked history'(ctx) {
    watchedDevice();
    const pane = devicesPane(ctx);
    const stream = pane.locator('.monaco-list-row[aria-level="2"]', { hasText: /metrics\// }).first();
    const name = (await stream.locator('.label-name').first().innerText()).trim();
    await stream.click();
    const wv = await viewerWith(ctx, new RegExp(`History of .*${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    await ctx.waitFor(async () => (await eventRows(wv).count()) > 0, { timeout: 30000, what: 'history rows' });
    const rows = eventRows(wv);
    const n = await rows.count();
    ctx.assert.ok(n > 0);
    ctx.assert.equal(await wv.locator('.grid-body .row.history').count(), n, 'every row is marked history');
    ctx.assert.equal(await wv.locator('.grid-body .row .history-badge').count(), n);
    ctx.assert.match(await wv.locator('header.header').innerText(), /not live/);
    await shotWithoutPanel(ctx, '04-history');
  },

  async 'Send Data Point refuses a non-number while it is typed, and sends a number that comes back into the viewer'(ctx) {
    watchedDevice();
    const pane = devicesPane(ctx);
    // Every simulated stream is numeric (DOUBLE or INTEGER).
    const stream = pane.locator('.monaco-list-row[aria-level="2"]', { hasText: /metrics\// }).first();
    await stream.waitFor({ state: 'visible', timeout: 15000 });
    const name = (await stream.locator('.label-name').first().innerText()).trim();
    const box = await openSendBox(ctx, stream);
    await box.input.fill('warm');
    await ctx.waitFor(async () => REFUSAL.test((await box.message.innerText().catch(() => '')) ?? ''), { timeout: 15000, what: 'the validation message' });
    ctx.log(`validation: ${(await box.message.innerText()).trim()}`);
    await ctx.shot('05-send-invalid');
    const value = probeValue();
    await sendValue(ctx, box, value);
    // Back through the live session of Watch This Device.
    await showTab(ctx, 'DataPoint/0000');
    const wv = await viewerWith(ctx, /DeviceCore\/\d+.*DataPoint\/0000/s);
    await ctx.waitFor(async () => (await eventRows(wv).filter({ hasText: `${name}=${value}` }).count()) > 0, { timeout: 30000, what: `${name}=${value} in the watch viewer` });
  },

  async 'a bad .vscode/digi-monitors.json shows its problem in the Problems view'(ctx) {
    const { deviceId } = watchedDevice();
    const file = path.join(folder, '.vscode', 'digi-monitors.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `{
  "monitors": [
    {
      "name": "gateway data",
      "account": "Local simulator",
      "topics": ["DataPoint/${deviceId}"],
      "autoStart": true
    },
    {
      "name": "typo",
      "account": "Local simulator",
      "topics": ["DataPiont"]
    }
  ]
}
`,
    );
    // Opens the folder's file (it exists now), then applies it as the command does after a pull.
    await ctx.command('Digi Push Monitor: Open Workspace Monitors File');
    await ctx.page.locator('.editor-instance .view-lines', { hasText: 'DataPiont' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.command('Digi Push Monitor: Apply Workspace Monitors');
    await ctx.command('View: Focus Problems');
    const problems = ctx.page.locator('.part.panel .markers-panel');
    // The extension's own problem, and only it: the JSON schema leaves topic syntax to it.
    const ours = problems.locator('.monaco-list-row', { hasText: /unknown topic resource "DataPiont"/ }).first();
    await ours.waitFor({ state: 'visible', timeout: 60000 });
    await ctx.page.waitForTimeout(2000); // the JSON language server's check of the file has run by now
    const text = await problems.innerText();
    ctx.log(`problems: ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
    ctx.assert.match(text, /digi-monitors\.json/);
    ctx.assert.doesNotMatch(text, /Not a topic Remote Manager accepts/, 'no second problem from the schema');
    const fileRow = problems.locator('.monaco-list-row', { hasText: 'digi-monitors.json' }).first();
    ctx.assert.equal((await fileRow.locator('.monaco-count-badge').innerText()).trim(), '1', 'one problem in the file');
    // The good definition beside it was applied: its monitor runs.
    const monitors = ctx.page.locator('.part.sidebar .pane').filter({ has: ctx.page.locator('.pane-header', { hasText: 'Monitors' }) });
    await monitors.locator('.monaco-list-row', { hasText: `DataPoint/${deviceId}` }).filter({ hasNotText: 'DeviceCore' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.page.mouse.move(1300, 250); // no tab tooltip in the picture
    await ctx.shot('06-workspace-problem');
  },
};
