// The event viewer's front end (media/dist/viewer.js) in headless Chromium, against the
// real host controller (test/fixtures/viewerPage.ts): the hostile corpus renders as
// inert text, the list is virtualised, filter/pause/detail/restore work. Screenshots go
// to test-artifacts/viewer-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PushEvent, SessionItem } from '../../src/core/events';
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingPrerequisite, openViewerPage, ROOT, type ViewerPage } from '../fixtures/viewerPage';
import { hostileEvents, hostileGap, PWNED_FLAG } from '../fixtures/hostile-payloads';

// Functions given to page.evaluate/waitForFunction run in the browser, but this file is
// type-checked with the project's Node-only lib: a minimal, module-local view of the DOM.
interface PageEl {
  textContent: string | null;
  tagName: string;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
  hasAttribute(name: string): boolean;
  querySelector(selector: string): PageEl | null;
  querySelectorAll(selector: string): PageEl[] & { length: number };
  closest(selector: string): PageEl | null;
  click(): void;
}
declare const document: { getElementById(id: string): PageEl | null; querySelector(s: string): PageEl | null; querySelectorAll(s: string): PageEl[] & { length: number }; scripts: { length: number } };
declare const window: Record<string, unknown>;

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
let browser: Browser;

before(async () => {
  const missing = missingPrerequisite();
  if (missing) throw new Error(`viewer browser tests cannot run: ${missing}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

const DEV = (n: number) => `00000000-00000000-00409DFF-FF${n.toString(16).toUpperCase().padStart(6, '0')}`;
let nextBlock = 1;
function dp(i: number, device = i % 3): PushEvent {
  const dev = DEV(device);
  return {
    kind: 'event',
    topic: `1001/DataPoint/${dev}/metrics/temperature`,
    type: 'DataPoint',
    operation: 'INSERTION',
    timestamp: new Date(Date.now() - 50 + (i % 50)).toISOString(),
    replay: i % 17 === 5,
    data: { id: `id-${i}`, streamId: `${dev}/metrics/temperature`, streamUnits: 'C', data: 20 + (i % 10) / 10, n: i },
    format: 'json',
    blockId: nextBlock++,
    monitorId: 42,
    receivedAt: Date.now(),
  };
}
const dps = (from: number, n: number, device?: number) => Array.from({ length: n }, (_, k) => dp(from + k, device ?? (from + k) % 3));

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, `viewer-${name}.png`) });

async function waitRows(p: Page, atLeast = 1): Promise<void> {
  await p.waitForFunction((n) => document.querySelectorAll('.grid-body .row:not(.loading)').length >= n, atLeast, { timeout: 10_000 });
}

const gridRowCount = (p: Page) => p.$eval('.grid', (g) => Number(g.getAttribute('aria-rowcount')) - 1);
const text = (p: Page, sel: string) => p.$eval(sel, (e) => e.textContent ?? '');

/** Nothing ran, loaded or popped up. */
async function assertInert(v: ViewerPage, where: string): Promise<void> {
  const r = await v.page.evaluate((flag) => {
    const app = document.getElementById('app') as PageEl;
    const w = window;
    const onAttrs: string[] = [];
    for (const e of [...app.querySelectorAll('*')]) for (const a of e.getAttributeNames()) if (/^on/i.test(a) || /^(href|src|srcdoc|xlink:href|formaction|action)$/i.test(a)) onAttrs.push(`${e.tagName}[${a}]`);
    return {
      pwned: w[flag],
      csp: w.__cspViolations as string[],
      dangerous: app.querySelectorAll('script, img, iframe, object, embed, a, link, style, form, foreignObject, video, audio, svg script, use').length,
      svgs: app.querySelectorAll('svg').length,
      onAttrs,
      scripts: document.scripts.length,
    };
  }, PWNED_FLAG);
  assert.equal(r.pwned, undefined, `${where}: a payload script ran (window.${PWNED_FLAG} = ${String(r.pwned)})`);
  assert.deepEqual(v.dialogs, [], `${where}: dialogs fired`);
  assert.deepEqual(r.csp, [], `${where}: CSP violations (something tried to load or run)`);
  assert.equal(r.dangerous, 0, `${where}: markup elements from payloads in the DOM`);
  assert.equal(r.svgs, 1, `${where}: only the sparkline svg`);
  assert.deepEqual(r.onAttrs, [], `${where}: event-handler or URL attributes in the DOM`);
  assert.equal(r.scripts, 2, `${where}: only the harness bootstrap and viewer.js scripts`);
  assert.deepEqual(v.pageErrors, [], `${where}: uncaught errors in the page`);
  assert.deepEqual(v.unexpectedRequests, [], `${where}: unexpected network requests`);
}

describe('event viewer in a real browser', () => {
  test('the hostile corpus renders as inert text: rows, tree, pretty and raw views', async () => {
    const items: SessionItem[] = [...dps(0, 3), ...hostileEvents(), hostileGap(), ...dps(3, 3)];
    const v = await openViewerPage(browser, { items });
    try {
      await waitRows(v.page, 10);
      assert.equal(await gridRowCount(v.page), items.length);
      const all = await v.page.$eval('.grid-body', (b) => b.textContent ?? '');
      assert.ok(all.includes("<script>window.__pwned='script'</script>") || (await v.page.$$('.row')).length < items.length, 'markup shows as text');
      await shot(v.page, 'hostile-list');
      // Walk every row with the keyboard, open each in the detail pane and flip through the views.
      await v.page.focus('.grid');
      await v.page.keyboard.press('Home');
      await v.page.keyboard.press('Enter');
      for (let i = 0; i < items.length; i++) {
        await v.page.waitForFunction(() => !document.querySelector('.detail')?.hasAttribute('aria-busy'), undefined, { timeout: 10_000 });
        const title = await text(v.page, '.detail-title');
        assert.notEqual(title, 'Loading…');
        for (const view of ['Pretty', 'Raw', 'Tree']) await v.page.click(`.detail .segmented button[aria-label="${view}"]`);
        if (i === 0) await shot(v.page, 'hostile-detail');
        await v.page.focus('.grid');
        await v.page.keyboard.press('ArrowDown');
      }
      await assertInert(v, 'after every row and view');
      // The row text keeps markup literally.
      const rowsText = await v.page.$$eval('.grid-body .row', (rs) => rs.map((r) => r.textContent).join('\n'));
      assert.ok(rowsText.length > 0);
    } finally {
      await v.close();
    }
  });

  test('very long strings and 10,000-deep JSON: bounded rendering, lazy tree, no stack overflow', async () => {
    const hostile = hostileEvents();
    const long = hostile.find((e) => e.topic.endsWith('/hostile/26')) as PushEvent;
    const deep = hostile.find((e) => e.topic.endsWith('/hostile/27')) as PushEvent;
    const wide = hostile.find((e) => e.topic.endsWith('/hostile/28')) as PushEvent;
    const v = await openViewerPage(browser, { items: [long, deep, wide] });
    try {
      await waitRows(v.page, 3);
      await v.page.focus('.grid');
      await v.page.keyboard.press('Home');
      await v.page.keyboard.press('Enter');
      await v.page.waitForFunction(() => document.querySelector('.json-tree .jt-more-text') !== null, undefined, { timeout: 10_000 });
      const longText = await text(v.page, '.json-tree');
      assert.ok(longText.length < 10_000, `the tree shows the 1 MB string cut (${longText.length} chars)`);
      await v.page.click('.detail .segmented button[aria-label="Raw"]');
      const rawLen = await v.page.$eval('.detail-body pre', (p) => (p.textContent ?? '').length);
      assert.ok(rawLen > 1_000_000, 'raw view has the whole string');
      await v.page.click('.detail .segmented button[aria-label="Tree"]');
      // Deep: open 300 levels with the keyboard; each level is built only when opened.
      await v.page.focus('.grid');
      await v.page.keyboard.press('ArrowDown');
      await v.page.waitForFunction(() => document.querySelector('.detail-title')?.textContent?.includes('DataPoint') && document.querySelector('.json-tree'), undefined, { timeout: 10_000 });
      await v.page.focus('.json-tree');
      for (let i = 0; i < 300; i++) await v.page.keyboard.press('ArrowRight');
      const items = await v.page.$$eval('.json-tree li', (l) => l.length);
      assert.ok(items > 100 && items < 1000, `${items} tree items for ~150 opened levels`);
      await shot(v.page, 'deep-tree');
      // Wide: 20,000-item array shown 200 at a time.
      await v.page.focus('.grid');
      await v.page.keyboard.press('ArrowDown');
      await v.page.waitForFunction(() => document.querySelector('.json-tree')?.textContent?.includes('/wide"'), undefined, { timeout: 10_000 });
      await v.page.evaluate(() => {
        const data = [...document.querySelectorAll('.json-tree .jt-key')].find((k) => k.textContent === 'data');
        data?.closest('.jt-line')?.click();
      });
      await v.page.waitForSelector('.jt-show-more');
      const shown = await v.page.$$eval('.json-tree li', (l) => l.length);
      assert.ok(shown < 400, `array children are paged (${shown} items in the DOM)`);
      await assertInert(v, 'long/deep/wide payloads');
    } finally {
      await v.close();
    }
  });

  test('virtualised: 20,000 rows, only the visible ones in the DOM; End/Home/PageUp keyboard navigation', async () => {
    const v = await openViewerPage(browser, { items: dps(0, 20_000) });
    try {
      await waitRows(v.page, 10);
      assert.equal(await gridRowCount(v.page), 20_000);
      const inDom = await v.page.$$eval('.grid-body .row', (r) => r.length);
      assert.ok(inDom < 120, `${inDom} rows in the DOM`);
      await v.page.focus('.grid');
      await v.page.keyboard.press('Home');
      await v.page.waitForFunction(() => document.querySelector('.row.selected')?.getAttribute('aria-rowindex') === '2');
      await v.page.keyboard.press('PageDown');
      await v.page.keyboard.press('ArrowDown');
      // Rendering happens on the next animation frame.
      await v.page.waitForFunction(() => Number(document.querySelector('.row.selected')?.getAttribute('aria-rowindex')) > 10, undefined, { timeout: 5000 });
      assert.equal(await v.page.$eval('.grid', (g) => g.getAttribute('aria-activedescendant')?.startsWith('row-')), true);
      await v.page.keyboard.press('End');
      await v.page.waitForFunction(() => document.querySelector('.row.selected')?.getAttribute('aria-rowindex') === '20001');
      await shot(v.page, 'virtual-list');
    } finally {
      await v.close();
    }
  });

  test('filter narrows rows over the whole buffer, with a match count', async () => {
    const v = await openViewerPage(browser, { items: dps(0, 300) });
    try {
      await waitRows(v.page, 10);
      await v.page.fill('.f-device', '*-FF000001');
      await v.page.waitForFunction(() => document.querySelector('.match-count')?.textContent?.startsWith('100 of 300'), undefined, { timeout: 5000 });
      assert.equal(await gridRowCount(v.page), 100);
      await waitRows(v.page, 5);
      const devices = await v.page.$$eval('.grid-body .row .c-device', (c) => [...new Set(c.map((x) => x.textContent))]);
      assert.deepEqual(devices, [DEV(1)]);
      await v.page.fill('.f-text', 'id-7');
      await v.page.waitForFunction(() => /^\d+ of 300/.test(document.querySelector('.match-count')?.textContent ?? '') && !document.querySelector('.match-count')?.textContent?.startsWith('100 '));
      const n = await gridRowCount(v.page);
      assert.ok(n > 0 && n < 100, `text AND device narrowed to ${n}`);
      // New events are filtered as they arrive.
      v.source.emit([dp(1000, 1), dp(1001, 2)]);
      await v.page.waitForFunction(() => /of 302/.test(document.querySelector('.match-count')?.textContent ?? ''), undefined, { timeout: 5000 });
      await shot(v.page, 'filter');
      await v.page.click('.filter-bar button[aria-label="Clear filter"]');
      await v.page.waitForFunction(() => document.querySelector('.match-count')?.textContent === '302 events');
    } finally {
      await v.close();
    }
  });

  test('a stream\'s history (read once, not live) has no Pause or Follow; a live session has both', async () => {
    const visibleButtons = (p: Page) =>
      p.$$eval('.toolbar button', (bs) => bs.filter((b) => (b as unknown as { offsetParent: unknown }).offsetParent !== null).map((b) => b.textContent?.trim() ?? ''));
    const history = await openViewerPage(browser, { mode: 'history', items: dps(0, 5) });
    try {
      await waitRows(history.page, 5);
      const shown = await visibleButtons(history.page);
      assert.ok(shown.includes('Clear') && shown.includes('Export CSV'), `the other actions stay: ${shown}`);
      assert.ok(!shown.includes('Pause') && !shown.includes('Follow'), `no Pause or Follow: ${shown}`);
    } finally {
      await history.close();
    }
    const live = await openViewerPage(browser, { items: dps(0, 5) });
    try {
      await waitRows(live.page, 5);
      const shown = await visibleButtons(live.page);
      assert.ok(shown.includes('Pause') && shown.includes('Follow'), `Pause and Follow: ${shown}`);
    } finally {
      await live.close();
    }
  });

  test('pause holds new events (counted) and resume catches up', async () => {
    const v = await openViewerPage(browser, { items: dps(0, 40) });
    try {
      await waitRows(v.page, 10);
      await v.page.click('.toolbar button[aria-label="Pause"]');
      await v.page.waitForSelector('.toolbar button[aria-label="Resume"]');
      for (let b = 0; b < 5; b++) v.source.emit(dps(100 + b * 10, 10));
      await v.page.waitForFunction(() => document.querySelector('.held-badge')?.textContent === '50 held', undefined, { timeout: 5000 });
      assert.equal(await gridRowCount(v.page), 40, 'nothing new rendered while paused');
      await shot(v.page, 'paused');
      await v.page.click('.toolbar button[aria-label="Resume"]');
      await v.page.waitForFunction(() => document.querySelector('.grid')?.getAttribute('aria-rowcount') === '91', undefined, { timeout: 5000 });
      // Following: the newest row is on screen.
      await v.page.waitForFunction(() => [...document.querySelectorAll('.grid-body .row')].some((r) => r.getAttribute('aria-rowindex') === '91'), undefined, { timeout: 5000 });
    } finally {
      await v.close();
    }
  });

  test('detail shows pretty JSON; copy as JSON; gap markers and replayed events are marked', async () => {
    const gap = { kind: 'gap' as const, monitorId: 42, disconnectedAt: Date.now() - 8000, reconnectedAt: Date.now() - 1000, reason: 'connection reset' };
    const v = await openViewerPage(browser, { items: [...dps(0, 6), gap, ...dps(6, 6)] });
    try {
      await waitRows(v.page, 13);
      assert.equal(await v.page.$$eval('.row.gap', (g) => g.length), 1);
      assert.match(await text(v.page, '.row.gap'), /connection reset/);
      assert.ok((await v.page.$$eval('.row.replay .replay-badge', (r) => r.length)) >= 1, 'replayed event marked');
      await v.page.click('.grid-body .row[aria-rowindex="3"]');
      await v.page.keyboard.press('Enter');
      await v.page.waitForSelector('.json-tree');
      const keys = await v.page.$$eval('.json-tree .jt-key', (k) => k.map((x) => x.textContent));
      assert.ok(keys.includes('streamId') && keys.includes('data'));
      await v.page.click('.detail .segmented button[aria-label="Pretty"]');
      const pretty = await text(v.page, '.detail-body pre');
      assert.deepEqual(Object.keys(JSON.parse(pretty)), ['id', 'streamId', 'streamUnits', 'data', 'n'], 'pretty text is the payload as JSON');
      assert.match(pretty, /\n {2}"streamId": "00000000-00000000-00409DFF-FF000001\/metrics\/temperature"/);
      assert.equal(JSON.parse(pretty).n, 1);
      await v.page.click('.detail button[aria-label="Copy as JSON"]');
      await v.page.waitForFunction(() => document.querySelector('.copied')?.textContent === 'Copied');
      assert.equal(JSON.parse(v.copied[0]).data.n, 1);
      await shot(v.page, 'detail');
    } finally {
      await v.close();
    }
  });

  test('a trickle of events ends with every row loaded (no placeholder left behind)', async () => {
    // Slow answers: statuses overtake row requests, the race that once left rows unloaded.
    const v = await openViewerPage(browser, { items: dps(0, 5), responseDelayMs: 250 });
    try {
      await waitRows(v.page, 5);
      for (let i = 0; i < 80; i++) {
        v.source.emit([dp(100 + i)]);
        await new Promise((r) => setTimeout(r, 15));
      }
      await v.page.waitForFunction(() => document.querySelector('.grid')?.getAttribute('aria-rowcount') === '86', undefined, { timeout: 5000 });
      await v.page.waitForFunction(() => document.querySelectorAll('.grid-body .row.loading').length === 0, undefined, { timeout: 5000 });
      const last = await v.page.$$eval('.grid-body .row', (rs) => Math.max(...rs.map((r) => Number(r.getAttribute('aria-rowindex')))));
      assert.equal(last, 86, 'following: the newest row is rendered');
    } finally {
      await v.close();
    }
  });

  test('a full buffer says how many older events were dropped', async () => {
    const v = await openViewerPage(browser, { capacity: 100, items: dps(0, 130) });
    try {
      await waitRows(v.page, 5);
      await v.page.waitForSelector('.banner.tone-warn:not([hidden])');
      assert.match(await text(v.page, '.banner.tone-warn'), /^ ?30 older events dropped/);
      assert.match(await text(v.page, '.footer'), /30 dropped/);
      await shot(v.page, 'dropped');
    } finally {
      await v.close();
    }
  });

  test('state survives a reload (filter, selection, detail pane), as after a window reload', async () => {
    const v = await openViewerPage(browser, { items: dps(0, 60) });
    try {
      await waitRows(v.page, 10);
      await v.page.fill('.f-device', '*2');
      await v.page.waitForFunction(() => document.querySelector('.match-count')?.textContent?.startsWith('20 of 60'));
      await waitRows(v.page, 5);
      await v.page.click('.grid-body .row[aria-rowindex="4"]');
      await v.page.keyboard.press('Enter');
      await v.page.waitForSelector('.json-tree');
      const selectedBefore = await text(v.page, '.detail-title');
      await v.reload();
      await v.page.waitForFunction(() => document.querySelector('.match-count')?.textContent?.startsWith('20 of 60'), undefined, { timeout: 10_000 });
      assert.equal(await v.page.$eval('.f-device', (i) => (i as unknown as { value: string }).value), '*2');
      await v.page.waitForSelector('.json-tree', { timeout: 10_000 });
      assert.equal(await text(v.page, '.detail-title'), selectedBefore);
      await v.page.waitForSelector('.row.selected');
    } finally {
      await v.close();
    }
  });

  test('export and save capture from the toolbar', async () => {
    const v = await openViewerPage(browser, { items: dps(0, 30) });
    try {
      await waitRows(v.page, 5);
      await v.page.fill('.f-device', '*0');
      await v.page.waitForFunction(() => document.querySelector('.match-count')?.textContent?.startsWith('10 of 30'));
      await v.page.click('.toolbar button[aria-label="Export CSV"]');
      await v.page.waitForFunction(() => /Exported 10 events/.test(document.querySelector('.banner.tone-info:not([hidden])')?.textContent ?? ''));
      await v.page.click('.toolbar button[aria-label="Save Capture"]');
      await v.page.waitForFunction(() => /capture of 30 items/.test(document.querySelector('.banner.tone-info:not([hidden])')?.textContent ?? ''));
      assert.deepEqual(v.saved.map((s) => s.kind), ['csv', 'capture']);
      assert.equal(v.saved[0].text.trim().split('\r\n').length, 11);
    } finally {
      await v.close();
    }
  });
});
