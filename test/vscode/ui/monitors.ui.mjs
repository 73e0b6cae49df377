// UI test of the extension in the real workbench (node test/vscode/run-ui-tests.mjs
// --extensionDevelopmentPath=. test/vscode/ui/monitors.ui.mjs): what a new user sees and
// does — welcome, Create Monitor from the palette with the defaults, the live tree, the
// events output, the status bar. Its screenshots are the README's.
const monitorsView = (ctx) => ctx.page.locator('.part.sidebar .pane').filter({ has: ctx.page.locator('.pane-header', { hasText: 'Monitors' }) });

export default {
  async 'a new user sees the no-monitors welcome with Create Monitor'(ctx) {
    await ctx.openView('Digi Push Monitor');
    const welcome = monitorsView(ctx).locator('.welcome-view-content');
    await welcome.filter({ hasText: 'No push monitors yet' }).waitFor({ state: 'visible', timeout: 30000 });
    ctx.assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Create Monitor' }).count());
    await ctx.shot('01-welcome');
  },

  async 'Create Monitor with the defaults starts a live session on the Local simulator'(ctx) {
    await ctx.command('Digi Push Monitor: Create Monitor', { keepOpen: true });
    const widget = ctx.page.locator('.quick-input-widget');
    // Topics: DeviceCore and DataPoint are pre-selected; accept them.
    await widget.locator('.monaco-list-row', { hasText: 'FileData' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.shot('02-topics');
    await ctx.page.keyboard.press('Enter');
    // Options screen: the first item is "Create and Start Session".
    await widget.locator('.monaco-list-row', { hasText: 'Create and Start Session' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await ctx.shot('03-options');
    await ctx.page.keyboard.press('Enter');
    const rows = await ctx.treeRows({ view: 'Monitors', waitForText: 'live' });
    ctx.log(`tree: ${JSON.stringify(rows)}`);
    ctx.assert.ok(rows.some((r) => r.includes('Local simulator')));
    ctx.assert.ok(rows.some((r) => r.includes('DeviceCore, DataPoint') && r.includes('live')));
  },

  async 'events arrive in the events output; the status bar counts the session'(ctx) {
    const text = await ctx.outputChannel('Digi Push Monitor: Events', { contains: '[DataPoint]' });
    ctx.assert.match(text, /\d\d:\d\d:\d\d\.\d{3} \[DataPoint\] 00000000-00000000-00409DFF-FF\w{6} INSERTION [\w/]+=/);
    const status = ctx.page.locator('.part.statusbar', { hasText: /1 live/ });
    await status.waitFor({ state: 'visible', timeout: 30000 });
    await ctx.waitFor(async () => (await monitorsView(ctx).locator('.monaco-list-row', { hasText: /\d+ events? · / }).count()) > 0, { timeout: 30000, what: 'an event count in the tree' });
    await ctx.shot('04-live');
  },
};
