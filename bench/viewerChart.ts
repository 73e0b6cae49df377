// Issue 15 §3, performance of the viewer's Chart tab: 20 DataPoint streams at 1,000 points/s
// in total for SECONDS s into a session, the viewer's real front end (media/dist/viewer.js) in
// headless Chromium against the real host controller (test/fixtures/viewerPage.ts, the
// harness of the browser tests), the Chart tab shown (8 of the 20 streams plotted: the limit).
//
// Each drawn frame leaves a performance mark with the newest point's time; the points carry
// the time they were emitted, so (draw time − newest point) is how old the newest drawn point
// was: emit → store → status → chartPoints pull → model → frame. Reported: redraws per second
// (per whole second of the run) and that age's p50/p95/max; targets ≥ 10 redraws/s and p95 ≤
// 250 ms. Not a test: the figures are printed (--json: one JSON line).
//
//   npm run bench:chart -- [--seconds 60] [--rate 1000] [--streams 20] [--capacity 20000] [--json]
//
// --capacity: events the session store keeps (count-bounded, so the store stays well inside the
// viewer memory budget and its own eviction cost does not blur the chart figures).
import { chromium } from 'playwright-core';
import type { PushEvent } from '../src/core/events';
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingPrerequisite, openViewerPage } from '../test/fixtures/viewerPage';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const SECONDS = opt('seconds', 60);
const RATE = opt('rate', 1000);
const STREAMS = opt('streams', 20);
// 40 batches a second: the feed is never what limits the frame rate.
const TICK_MS = 25;
const TARGETS = { redrawsPerSecond: 10, newestP95Ms: 250 };

const missing = missingPrerequisite();
if (missing) {
  console.error(`viewerChart bench cannot run: ${missing}`);
  process.exit(1);
}

const dev = (n: number) => `00000000-00000000-00409DFF-FF${n.toString(16).toUpperCase().padStart(6, '0')}`;
let seq = 0;
function point(stream: number, ts: number): PushEvent {
  const streamId = `${dev(stream % 5)}/metrics/s${stream}`;
  const n = seq++;
  return {
    kind: 'event',
    topic: `1001/DataPoint/${streamId}`,
    type: 'DataPoint',
    operation: 'INSERTION',
    timestamp: new Date(ts).toISOString(),
    replay: false,
    data: { id: `p${n}`, streamId, streamType: 'DOUBLE', streamUnits: stream % 2 ? 'C' : '%', data: String(20 + 5 * Math.sin(n / 200 + stream)), timestamp: ts },
    format: 'json',
    blockId: n,
    monitorId: 42,
    receivedAt: ts,
  };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const v = await openViewerPage(browser, { capacity: opt('capacity', 20_000) });
  try {
    await v.page.waitForSelector('#tab-chart');
    await v.page.click('#tab-chart');
    const perTick = Math.round((RATE * TICK_MS) / 1000);
    const start = Date.now();
    let emitted = 0;
    // Paced: each tick's points are emitted at its moment, stamped with the time they are emitted.
    for (let tick = 0; Date.now() - start < SECONDS * 1000; tick++) {
      const due = start + tick * TICK_MS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const now = Date.now();
      const batch: PushEvent[] = [];
      for (let k = 0; k < perTick; k++) batch.push(point((emitted + k) % STREAMS, now));
      emitted += batch.length;
      v.source.emit(batch);
    }
    const end = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    const frames = await v.page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByName(n: string): { detail: { at: number; newest: number; ms: number } }[] } }).performance.getEntriesByName('dpm-chart-draw').map((e) => e.detail));
    const inRun = frames.filter((f) => f.at >= start + 2000 && f.at <= end);
    const perSecond = new Map<number, number>();
    for (const f of inRun) perSecond.set(Math.floor((f.at - start) / 1000), (perSecond.get(Math.floor((f.at - start) / 1000)) ?? 0) + 1);
    const rates = [...perSecond.values()].sort((a, b) => a - b);
    const ages = inRun.map((f) => f.at - f.newest).sort((a, b) => a - b);
    const status = (await v.page.textContent('.chart-status')) ?? '';
    const result = {
      seconds: SECONDS,
      rate: RATE,
      streams: STREAMS,
      emitted,
      frames: inRun.length,
      redrawsPerSecond: { min: rates[0], p50: pct(rates, 50), mean: Math.round((inRun.length / Math.max(1, rates.length)) * 10) / 10 },
      newestAgeMs: { p50: pct(ages, 50), p95: pct(ages, 95), max: ages[ages.length - 1] },
    /** Time one frame took in the page (model → aligned data → uPlot). */
    drawMs: (() => {
      const d = inRun.map((f) => f.ms).sort((a, b) => a - b);
      return { p50: Math.round(pct(d, 50) * 10) / 10, p95: Math.round(pct(d, 95) * 10) / 10, max: Math.round(d[d.length - 1] * 10) / 10 };
    })(),
      pass: { redraws: (rates[0] ?? 0) >= TARGETS.redrawsPerSecond, newest: pct(ages, 95) <= TARGETS.newestP95Ms },
      status,
      /** Frames drawn in each second of the run (after the first two). */
      perSecond: [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]),
    };
    if (args.includes('--json')) console.log(JSON.stringify(result));
    else {
      console.log(`chart bench: ${STREAMS} streams, ${RATE} points/s for ${SECONDS} s (${emitted} points; the chart plots 8 of them)`);
      console.log(`  redraws/s: min ${result.redrawsPerSecond.min}, median ${result.redrawsPerSecond.p50}, mean ${result.redrawsPerSecond.mean} (target ≥ ${TARGETS.redrawsPerSecond}: ${result.pass.redraws ? 'pass' : 'FAIL'})`);
      console.log(`  newest point drawn: p50 ${result.newestAgeMs.p50} ms, p95 ${result.newestAgeMs.p95} ms, max ${result.newestAgeMs.max} ms (target p95 ≤ ${TARGETS.newestP95Ms} ms: ${result.pass.newest ? 'pass' : 'FAIL'})`);
      console.log(`  one frame in the page: p50 ${result.drawMs.p50} ms, p95 ${result.drawMs.p95} ms, max ${result.drawMs.max} ms`);
    console.log(`  chart: ${status}`);
    }
  } finally {
    await v.close();
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
