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

/** The type cell of every rendered event row: not gap markers, not placeholders still loading. */
const renderedTypes = (wv) => wv.locator('.grid-body .row:not(.gap):not(.loading) .c-type').allTextContents();
const matchCountText = async (wv) => (await wv.locator('.match-count').textContent()) ?? '';
/** "12 of 80 events match" → { matched: 12, inBuffer: 80 }; undefined without a filter. */
const counts = (text) => {
  const m = /^([\d.,\s]+) of ([\d.,\s]+) events match/.exec(text);
  return m ? { matched: Number(m[1].replace(/\D/g, '')), inBuffer: Number(m[2].replace(/\D/g, '')) } : undefined;
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
    const rowTypes = () => renderedTypes(wv);
    const matchText = () => matchCountText(wv);
    // Something for the filter to remove: a row of another type on screen first.
    await ctx.waitFor(async () => (await rowTypes()).some((t) => t !== 'DeviceCore'), { timeout: 30000, what: 'a non-DeviceCore row before filtering' });
    const before = await rowTypes();
    await wv.locator('.f-type').fill('DeviceCore');
    await wv.locator('.f-type').press('Enter');
    // DeviceCore is about one event in seven on this monitor and the session is live, so wait
    // for one to match rather than accept "0 of N" (where every row check holds vacuously).
    await ctx.waitFor(async () => (counts(await matchText())?.matched ?? 0) >= 1, { timeout: 40000, what: 'at least one DeviceCore event matching' });
    await ctx.waitFor(async () => (await rowTypes()).length >= 1, { timeout: 15000, what: 'matching rows rendered' });
    const types = await rowTypes();
    const c = counts(await matchText());
    ctx.log(`before: ${JSON.stringify([...new Set(before)])} (${before.length} rows); filtered: ${JSON.stringify([...new Set(types)])} (${types.length} rows, ${await matchText()})`);
    ctx.assert.ok(c && c.matched >= 1 && c.matched < c.inBuffer, `some but not all events match: ${await matchText()}`);
    ctx.assert.ok(types.length >= 1, 'at least one matching row is shown');
    ctx.assert.deepEqual([...new Set(types)], ['DeviceCore'], `only DeviceCore rows: ${types}`);
    ctx.assert.ok(before.some((t) => t !== 'DeviceCore') && !types.some((t) => t !== 'DeviceCore'), 'the rows of other types disappeared');
    await wv.locator('.f-type').fill('');
    await wv.locator('.f-type').press('Enter');
    await ctx.waitFor(async () => !/of/.test(await matchText()), { timeout: 15000, what: 'filter cleared' });
    await ctx.waitFor(async () => (await rowTypes()).some((t) => t !== 'DeviceCore'), { timeout: 15000, what: 'the other types back after clearing' });
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
