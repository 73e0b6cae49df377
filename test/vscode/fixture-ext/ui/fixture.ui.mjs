// UI test of the fixture extension in the real workbench (run by test/vscode/run-ui-tests.mjs).
// The tests share one workbench and run in order.
export default {
  async 'the activity bar opens the view container and the tree shows its items'(ctx) {
    await ctx.openView('Fixture Harness');
    const rows = await ctx.treeRows({ view: 'Fixture Items', waitForText: 'Beta item' });
    ctx.log(`tree rows: ${JSON.stringify(rows)}`);
    ctx.assert.deepEqual(rows, ['Alpha item', 'Beta item']);
    await ctx.shot('01-tree');
  },

  async 'the palette runs "Fixture: Say Hello" and its notification is listed'(ctx) {
    await ctx.command('Fixture: Say Hello');
    const text = await ctx.notifications({ contains: 'Hello from fixture-ext #1' });
    ctx.assert.match(text, /Hello from fixture-ext #1/);
    await ctx.shot('02-command');
  },

  async '"Fixture: Add Tree Item" refreshes the tree'(ctx) {
    await ctx.command('Fixture: Add Tree Item');
    const rows = await ctx.treeRows({ view: 'Fixture Items', waitForText: 'Item 3' });
    ctx.assert.deepEqual(rows, ['Alpha item', 'Beta item', 'Item 3']);
  },

  async 'the webview shows its text and answers a ping'(ctx) {
    await ctx.command('Fixture: Open Panel');
    const wv = ctx.webview(0);
    const greeting = wv.locator('#greeting');
    await greeting.waitFor({ state: 'visible', timeout: 30000 });
    ctx.assert.equal(await greeting.textContent(), 'Hello from the fixture webview');
    await wv.locator('#ping').click();
    await wv.locator('#status', { hasText: 'pong 1' }).waitFor({ timeout: 15000 });
    await ctx.shot('03-webview');
  },

  async 'the output channel shows the extension log'(ctx) {
    const text = await ctx.outputChannel('Fixture Harness', { contains: 'ping 1' });
    ctx.log(`output: ${JSON.stringify(text.split('\n').filter(Boolean))}`);
    for (const line of ['fixture-ext activated', 'Hello from fixture-ext #1', 'added Item 3', 'ping 1']) {
      ctx.assert.ok(text.includes(line), `output channel lacks "${line}"`);
    }
    await ctx.shot('04-output');
  },

  async 'the extension host console output is relayed'(ctx) {
    await ctx.waitFor(() => ctx.extensionHostOutput.some((l) => l.includes('fixture-ext: activated in code-server')),
      { timeout: 10000, what: 'the activation console line' });
  },
};
