// The viewer's Chart tab in headless Chromium, under the viewer's CSP, against the real host
// controller (test/fixtures/viewerPage.ts): it draws (canvas pixels sampled: not all
// background, the series' theme colour present), backfills stored points in front of the
// live ones, lists a non-numeric stream without plotting it, follows live points, selects
// the clicked point's event in the rows, exports CSV, and survives a reload. No CSP
// violation, no page error. Screenshot: test-artifacts/viewer-chart.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DataPointInfo } from '../../src/core';
import type { PushEvent } from '../../src/core/events';
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingPrerequisite, openViewerPage, ROOT } from '../fixtures/viewerPage';

// Functions given to page.evaluate run in the browser; this file is type-checked for Node.
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
declare const document: { querySelector(s: string): (CanvasLike & { textContent: string | null; getAttribute(name: string): string | null }) | null; querySelectorAll(s: string): { length: number } };
declare const window: Record<string, unknown>;

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const DEV = '00000000-00000000-00409DFF-FF000001';
const TEMP = `${DEV}/metrics/temperature`;
const T0 = Date.now() - 10 * 60_000;
let browser: Browser;

before(async () => {
  const missing = missingPrerequisite();
  if (missing) throw new Error(`viewer chart tests cannot run: ${missing}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

let block = 1;
function point(stream: string, value: unknown, i: number, units: string, type = 'DOUBLE'): PushEvent {
  const ts = T0 + i * 1000;
  return {
    kind: 'event',
    topic: `1001/DataPoint/${stream}`,
    type: 'DataPoint',
    operation: 'INSERTION',
    timestamp: new Date(ts).toISOString(),
    replay: false,
    data: { id: `${stream}#${i}`, streamId: stream, streamType: type, streamUnits: units, data: String(value), timestamp: ts },
    format: 'json',
    blockId: block++,
    monitorId: 42,
    receivedAt: ts + 20,
  };
}
const temperature = (i: number) => 20 + 3 * Math.sin(i / 15);

/** Pixels of the chart's canvas that are drawn on, and those near an rgb colour. */
async function samplePixels(p: Page, rgb: [number, number, number]): Promise<{ drawn: number; coloured: number; total: number; at?: { x: number; y: number } }> {
  return p.evaluate((c) => {
    const canvas = document.querySelector('.chart-plot canvas') as CanvasLike;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    const rect = canvas.getBoundingClientRect();
    let drawn = 0;
    let coloured = 0;
    let at: { x: number; y: number } | undefined;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      drawn++;
      if (Math.abs(data[i] - c[0]) < 30 && Math.abs(data[i + 1] - c[1]) < 30 && Math.abs(data[i + 2] - c[2]) < 30 && data[i + 3] > 200) {
        coloured++;
        const px = (i / 4) % canvas.width;
        const py = Math.floor(i / 4 / canvas.width);
        // One in the middle of the plot (a point, not an axis), in page coordinates.
        if (!at && px > canvas.width * 0.4 && px < canvas.width * 0.6) at = { x: rect.left + (px * rect.width) / canvas.width, y: rect.top + (py * rect.height) / canvas.height };
      }
    }
    return { drawn, coloured, total: data.length / 4, at };
  }, rgb);
}

const BLUE: [number, number, number] = [0x37, 0x94, 0xff];

describe('event viewer chart in a real browser', () => {
  test('the Chart tab draws live numeric streams grouped by units, backfilled without a seam, under the CSP', async () => {
    // Live: points 40..119 of the temperature, humidity in %, a STRING status, one temperature value that is no number.
    const live: PushEvent[] = [];
    for (let i = 40; i < 120; i++) {
      live.push(point(TEMP, i === 80 ? 'warm' : temperature(i).toFixed(2), i, '°C'));
      if (i % 4 === 0) live.push(point(`${DEV}/metrics/humidity`, 40 + (i % 10), i, '%'));
      if (i % 20 === 0) live.push(point(`${DEV}/status`, i % 40 ? 'ok' : 'fault', i, '', 'STRING'));
    }
    // Stored: points 0..59 (40..59 overlap the live ones: no duplicate may come of them).
    const reads: string[] = [];
    const chartHistory = async (_account: string, streamId: string) => {
      reads.push(streamId);
      const points: DataPointInfo[] = streamId === TEMP ? Array.from({ length: 60 }, (_, k) => ({ id: `${TEMP}#${59 - k}`, streamId: TEMP, timestamp: T0 + (59 - k) * 1000, data: (59 - k === 80 ? 'warm' : temperature(59 - k).toFixed(2)) })) : [];
      return { points, maxPoints: 1000, minutes: 60 };
    };
    const v = await openViewerPage(browser, { items: live, chartHistory });
    try {
      await v.page.waitForSelector('.grid-body .row:not(.loading)');
      await v.page.click('#tab-chart');
      await v.page.waitForSelector('.chart-plot canvas', { timeout: 10_000 });
      // The backfill is read once per plotted stream, and merged: 120 temperature points, not 140.
      await v.page.waitForFunction(() => /history: \d+ stored/.test(document.querySelector('.chart-status')?.textContent ?? ''), undefined, { timeout: 10_000 });
      assert.deepEqual(reads.sort(), [`${DEV}/metrics/humidity`, TEMP].sort());
      const status = (await v.page.textContent('.chart-status')) ?? '';
      assert.match(status, /history: 60 stored points read, 40 new/, 'only the 40 points older than the live ones are new');
      assert.match(status, /2 of 2 numeric streams plotted/);
      assert.match(status, /1 not numbers/);
      // The list is re-rendered at most twice a second.
      await v.page.waitForFunction(() => (document.querySelector('.chart-streams')?.textContent ?? '').includes('120 pts'), undefined, { timeout: 5000 });
      const names = await v.page.$$eval('.chart-stream', (els) => els.map((e) => `${e.getAttribute('aria-checked')} ${e.textContent}`));
      assert.equal(names.length, 3, names.join('\n'));
      assert.ok(names.some((n) => n.startsWith('true') && n.includes('metrics/temperature') && n.includes('120 pts')), names.join('\n'));
      assert.ok(names.some((n) => n.startsWith('true') && n.includes('metrics/humidity')), names.join('\n'));
      assert.ok(names.some((n) => n.startsWith('false') && n.includes('status')), 'the STRING stream is listed, not plotted');
      assert.ok(((await v.page.textContent('.chart-streams')) ?? '').includes('Not numeric'));
      // Two unit groups: two y axes.
      assert.equal(await v.page.getAttribute('.chart-plot', 'data-axes'), '°C | %');
      const legend = (await v.page.textContent('.chart-plot .u-legend')) ?? '';
      assert.ok(legend.includes('FF000001 · metrics/temperature') && legend.includes('Time'), legend);

      const px = await samplePixels(v.page, BLUE);
      assert.ok(px.drawn > 2000, `canvas is not blank: ${px.drawn} of ${px.total} pixels drawn`);
      assert.ok(px.coloured > 200, `the first series is drawn in the theme's --vscode-charts-blue: ${px.coloured} pixels`);
      await v.page.screenshot({ path: path.join(ARTIFACTS, 'viewer-chart.png') });

      // Live points keep coming: the count follows.
      v.source.emit(Array.from({ length: 30 }, (_, k) => point(TEMP, temperature(120 + k).toFixed(2), 120 + k, '°C')));
      await v.page.waitForFunction(() => (document.querySelector('.chart-streams')?.textContent ?? '').includes('150 pts'), undefined, { timeout: 10_000 });

      // Export: one row per plotted point.
      await v.page.click('.chart-toolbar button[aria-label="Export Chart CSV"]');
      await v.page.waitForFunction(() => !(document.querySelector('.banner.tone-info')?.textContent ?? 'x').startsWith('x'), undefined, { timeout: 5000 }).catch(() => undefined);
      const csv = v.saved.find((s) => s.kind === 'chart');
      assert.ok(csv, 'the chart CSV went to the save dialog');
      const lines = csv.text.trimEnd().split('\r\n');
      assert.equal(lines[0], 'time,epochMs,device,stream,units,value,text');
      assert.equal(lines.length, 1 + 150 + 20, 'temperature (150) and humidity (20) points');
      assert.ok(lines.some((l) => l.endsWith(',warm')), 'the value that is no number is exported with its text');

      // Clicking a point of the line selects its event in the rows.
      const hit = await samplePixels(v.page, BLUE);
      assert.ok(hit.at, 'a pixel of the line to click');
      await v.page.mouse.click(hit.at.x, hit.at.y);
      await v.page.waitForFunction(() => document.querySelector('#tab-rows')?.getAttribute('aria-selected') === 'true', undefined, { timeout: 5000 });
      await v.page.waitForSelector('.grid-body .row.selected', { timeout: 5000 });
      assert.match((await v.page.textContent('.grid-body .row.selected')) ?? '', /temperature/);

      // A reload keeps the Chart tab and draws it again from the host's rows.
      await v.page.click('#tab-chart');
      await v.reload();
      await v.page.waitForSelector('.chart-plot canvas', { timeout: 10_000 });
      assert.equal(await v.page.getAttribute('#tab-chart', 'aria-selected'), 'true');
      assert.ok((await samplePixels(v.page, BLUE)).coloured > 200, 'drawn again after the reload');

      // A theme change (VS Code sets the variables on <html> and the kind as <body>'s class): redrawn in the new colours.
      await v.page.evaluate(() => {
        const html = (document as unknown as { documentElement: { style: { setProperty(k: string, v: string): void } } }).documentElement;
        html.style.setProperty('--vscode-charts-blue', '#ff00ff');
      });
      await v.page.waitForFunction(() => {
        const canvas = document.querySelector('.chart-plot canvas') as CanvasLike;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 225 && data[i + 1] < 30 && data[i + 2] > 225 && data[i + 3] > 200) n++;
        return n > 200;
      }, undefined, { timeout: 10_000 });
      assert.equal((await samplePixels(v.page, BLUE)).coloured, 0, 'the old colour is gone');

      const csp = await v.page.evaluate(() => window.__cspViolations as string[]);
      assert.deepEqual(csp, [], 'no CSP violation');
      assert.deepEqual(v.pageErrors, []);
      assert.deepEqual(v.unexpectedRequests, []);
      assert.equal(await v.page.evaluate(() => document.querySelectorAll('style, script:not([nonce])').length), 0, 'no style element, no script without our nonce');
    } finally {
      await v.close();
    }
  });
});
