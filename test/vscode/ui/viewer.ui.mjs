// UI test of the event viewer inside the real extension (runs after monitors.ui.mjs in the
// same workbench, so a live Local simulator session exists): events from the simulator
// appear; the type filter narrows them; pause holds and resume catches up; the detail pane
// shows the event as a JSON tree. Screenshots go to test-artifacts/ (README material).
/* global window */
const viewerFrame = async (ctx) => {
  // The viewer is the newest webview; wait until its grid exists.
  let wv;
  await ctx.waitFor(
    async () => {
      const n = await ctx.page.locator('iframe.webview.ready').count();
      for (let i = n - 1; i >= 0; i--) {
        const f = ctx.webview(i);
        if ((await f.locator('.grid').count().catch(() => 0)) > 0) {
          wv = f;
          return true;
        }
      }
      return false;
    },
    { timeout: 30000, what: 'the event viewer webview' },
  );
  return wv;
};

const countOf = async (wv) => Number(((await wv.locator('.match-count').textContent()) ?? '').replace(/[^\d].*$/, '') || 0);

export default {
  async 'Open Event Viewer shows the live session with simulator events'(ctx) {
    const dialogs = [];
    ctx.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await ctx.command('Digi Push Monitor: Open Event Viewer', { keepOpen: true });
    const widget = ctx.page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: 'DeviceCore, DataPoint' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await widget.locator('.monaco-list-row', { hasText: 'DeviceCore, DataPoint' }).first().click();
    const wv = await viewerFrame(ctx);
    await wv.locator('.grid-body .row').first().waitFor({ timeout: 30000 });
    await ctx.waitFor(async () => (await wv.locator('.grid-body .row .c-type', { hasText: 'DataPoint' }).count()) > 0, { timeout: 30000, what: 'a DataPoint row' });
    ctx.assert.equal(await wv.locator('body').evaluate(() => window.__pwned), undefined);
    ctx.assert.deepEqual(dialogs, []);
    await ctx.shot('viewer-01-live');
  },

  async 'the type filter narrows the rows to matching events'(ctx) {
    const wv = await viewerFrame(ctx);
    await wv.locator('.f-type').fill('DeviceCore');
    await wv.locator('.f-type').press('Enter');
    await ctx.waitFor(async () => /of/.test((await wv.locator('.match-count').textContent()) ?? ''), { timeout: 15000, what: 'filtered match count' });
    const types = await wv.locator('.grid-body .row:not(.gap) .c-type').allTextContents();
    ctx.log(`filtered types: ${JSON.stringify([...new Set(types)])} (${await wv.locator('.match-count').textContent()})`);
    ctx.assert.ok(types.every((t) => t === 'DeviceCore'), `only DeviceCore rows: ${types}`);
    await wv.locator('.f-type').fill('');
    await wv.locator('.f-type').press('Enter');
    await ctx.waitFor(async () => !/of/.test((await wv.locator('.match-count').textContent()) ?? ''), { timeout: 15000, what: 'filter cleared' });
  },

  async 'pause holds new events and resume catches up'(ctx) {
    const wv = await viewerFrame(ctx);
    await wv.locator('.toolbar button[aria-label="Pause"]').click();
    const shown = await countOf(wv);
    await ctx.waitFor(async () => /[1-9]\d* held/.test((await wv.locator('.held-badge').textContent()) ?? ''), { timeout: 30000, what: 'held events while paused' });
    ctx.assert.equal(await countOf(wv), shown, 'rendering stopped while paused');
    await ctx.shot('viewer-02-paused');
    await wv.locator('.toolbar button[aria-label="Resume"]').click();
    await ctx.waitFor(async () => (await countOf(wv)) > shown, { timeout: 15000, what: 'caught up after resume' });
  },

  async 'selecting a row shows the event as a JSON tree'(ctx) {
    const wv = await viewerFrame(ctx);
    await wv.locator('.grid-body .row:not(.gap)').first().click();
    // Enter opens the detail pane for the selected row (keyboard path of the grid).
    await ctx.page.keyboard.press('Enter');
    await wv.locator('.json-tree').waitFor({ timeout: 15000 });
    const text = (await wv.locator('.json-tree').textContent()) ?? '';
    ctx.assert.match(text, /devConnectwareId|streamId/);
    await ctx.shot('viewer-03-detail');
  },
};
