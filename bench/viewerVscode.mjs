#!/usr/bin/env node
// Issue 7, measure 6: the event viewer in a REAL VS Code (code-server 4.139.1 + headless Chromium,
// test/vscode/harness.mjs) at RATE events/s for SECONDS s.
//
//   node bench/viewerVscode.mjs [--rate 10000] [--seconds 60] [--poll-ms 50] [--no-baseline] [--external-sim] [--no-write]
//
// The extension-host half (bench/viewer-vscode/index.ts, bundled to out/bench/viewer-vscode/) runs
// as an extensionTestsPath entry: monitor (batch size 100) on the Local simulator → session →
// viewer opened on it → flood paced on the monitor's `published` counter; it prints
// "[viewer-bench] {json}" lines (publication marks every 100 ms, RSS every 1 s, a command timed
// every 5 s, totals). This runner relays them and, meanwhile, reads the viewer webview's footer
// ("N received") through Playwright every --poll-ms: the newest event is visible at the first
// reading whose received count covers it. Prints figures vs targets and writes
// docs/benchmarks-viewer.md (unless --no-write). A benchmark, not a test: exit 0 whatever the
// figures, 1 when the run itself failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_VERSION, ROOT, assertInstalled, log, screenshot, webviewFrame } from '../test/vscode/harness.mjs';
import { buildBenchEntry, pct, runBenchEntry } from './vscodeBench.mjs';

const args = process.argv.slice(2);
const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const RATE = opt('rate', 10_000);
const SECONDS = opt('seconds', 60);
const POLL_MS = opt('poll-ms', 50);
const WRITE = !args.includes('--no-write');
const BASELINE = !args.includes('--no-baseline');
// --external-sim: the simulator as its own process (dist/simulator.js) behind a custom-URL account.
const EXTERNAL = args.includes('--external-sim');
// --in-host: sessions receive in the extension host (digiPushMonitor.session.receiveInWorker off), the path before issue 14 §4.
const IN_HOST = args.includes('--in-host');
const TARGETS = { rssGrowthMiB: 100, visibleMs: 250, commandMs: 1000 };

// ---------------------------------------------------------------- build
const outDir = await buildBenchEntry('viewer-vscode');
assertInstalled();

// ---------------------------------------------------------------- run
const digits = (s) => Number(String(s).replace(/[^\d]/g, ''));
function parseFooter(text) {
  const m = {};
  for (const part of text.split('·')) {
    const r = /([\d.,\u00a0\u202f ]+)\s+(rows? shown|in buffer|received|dropped)/.exec(part.trim());
    if (r) m[/shown/.test(r[2]) ? 'shown' : r[2]] = digits(r[1]);
  }
  return m;
}

/** One workbench, one flood. viewer=false: the same flood with no viewer panel (baseline). */
async function runOnce(viewer) {
  fs.writeFileSync(path.join(outDir, 'config.json'), JSON.stringify({ rate: RATE, seconds: SECONDS, viewer, external: EXTERNAL ? path.join(ROOT, 'dist', 'simulator.js') : undefined, receiveInWorker: !IN_HOST }));
  const events = { marks: [], samples: [], commands: [] };
  const readings = []; // { t0, t1, received, rows, text }
  let ready, start, end;
  let finalFooter = '', shot = null;
  // Poll the viewer webview until the host says it is done.
  const watch = async (page, state) => {
    if (!viewer) return;
    let footer;
    while (!end || readings.length === 0 || readings.at(-1).t0 < end.t + 1500) {
      if (state.failure || (state.done && !end)) return;
      if (!ready) { await new Promise((r) => setTimeout(r, 100)); continue; }
      footer ??= webviewFrame(page, 0).locator('footer.footer');
      const t0 = Date.now();
      const text = await footer.textContent({ timeout: 2000 }).catch(() => null);
      const t1 = Date.now();
      if (text) {
        const f = parseFooter(text);
        if (f.received !== undefined) readings.push({ t0, t1, received: f.received, rows: f.shown, text });
      }
      const wait = POLL_MS - (Date.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    shot = await screenshot(page, 'viewer-bench-final', path.join(ROOT, 'test-artifacts', 'bench')).catch(() => null);
  };
  const { failure } = await runBenchEntry({
    outDir,
    tag: 'viewer-bench',
    wallMs: (SECONDS + 180) * 1000,
    watch,
    onEvent(e) {
      switch (e.kind) {
        case 'ready': ready = e; log(`${viewer ? 'viewer open' : 'baseline (no viewer panel)'} on session ${e.sessionId} (buffer ${e.capacity})`); break;
        case 'start': start = e; log(`flood: ${RATE} events/s for ${SECONDS} s`); break;
        case 'mark': events.marks.push(e); break;
        case 'sample': events.samples.push(e); if (e.s % 10 === 0) log(`  ${e.s} s: published ${e.published}, received ${e.received}, rss ${(e.rss / 1048576).toFixed(0)} MiB`); break;
        case 'command': events.commands.push(e); break;
        case 'end': end = e; break;
        default: break;
      }
    },
  });
  finalFooter = readings.at(-1)?.text ?? '';
  if (failure || !start || !end) {
    console.error(`viewer bench FAILED (${viewer ? 'viewer' : 'baseline'}): ${failure ?? 'no result from the extension host'}`);
    process.exit(1);
  }
  return { events, readings, start, end, finalFooter, shot };
}

const baseline = BASELINE ? await runOnce(false) : null;
const { events, readings, start, end, finalFooter, shot } = await runOnce(true);

// ---------------------------------------------------------------- figures
// Visibility latency per publication mark: first webview reading (its end time, an upper bound)
// whose received count covers every event published at the mark.
const base = start.received; // events in the buffer before the flood (0 normally)
const lat = [];
const latLow = [];
let unseen = 0;
for (const m of events.marks) {
  const need = base + m.published;
  const r = readings.find((x) => x.t0 >= m.t && x.received >= need);
  if (r) { lat.push(r.t1 - m.t); latLow.push(Math.max(0, r.t0 - m.t)); }
  else unseen++;
}
const readMs = readings.map((r) => r.t1 - r.t0);
const growth = (end.rssMax - end.rss0) / 1048576;
const growthEnd = (end.rssEnd - end.rss0) / 1048576;
const cmdMax = end.commands.length ? Math.max(...end.commands.map((c) => c.ms)) : NaN;
const cmdOk = end.commands.every((c) => c.ok);
const f = parseFooter(finalFooter);
const accounted = end.inBuffer + end.evicted;
const achievedRate = end.published / (end.floodMs / 1000);
const p50 = pct(lat, 50), p95 = pct(lat, 95), p99 = pct(lat, 99), max = Math.max(...lat);

const bGrowth = baseline ? (baseline.end.rssMax - baseline.end.rss0) / 1048576 : NaN;
const rows = [
  ['published rate', `${Math.round(achievedRate).toLocaleString('en')} events/s for ${(end.floodMs / 1000).toFixed(1)} s (${end.published.toLocaleString('en')} events)`, `${RATE.toLocaleString('en')}/s for ${SECONDS} s`, achievedRate >= 0.98 * RATE ? 'pass' : 'miss'],
  ['extension-host RSS growth', `max ${growth.toFixed(1)} MiB (end of flood ${growthEnd.toFixed(1)} MiB; ${(end.rss0 / 1048576).toFixed(0)} → max ${(end.rssMax / 1048576).toFixed(0)} MiB) = ${(growth / TARGETS.rssGrowthMiB).toFixed(2)} × target`, `< ${TARGETS.rssGrowthMiB} MB`, growth < TARGETS.rssGrowthMiB ? 'pass' : 'miss'],
  ...(baseline ? [['same flood, no viewer panel (baseline, separate workbench)', `RSS growth max ${bGrowth.toFixed(1)} MiB (${(baseline.end.rss0 / 1048576).toFixed(0)} → ${(baseline.end.rssMax / 1048576).toFixed(0)} MiB); heap after full GC ${(baseline.end.heap0 / 1048576).toFixed(0)} → ${(baseline.end.heapAfterGc / 1048576).toFixed(0)} MiB; viewer run / baseline = ${(growth / bGrowth).toFixed(2)}`, 'ratio, for the RSS figure', '']] : []),
  ['newest event visible in the viewer', `p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${max} ms over ${lat.length} marks${unseen ? ` (${unseen} never seen)` : ''} = ${(max / TARGETS.visibleMs).toFixed(2)} × target (max)`, `≤ ${TARGETS.visibleMs} ms`, max <= TARGETS.visibleMs && !unseen ? 'pass' : p99 <= TARGETS.visibleMs ? 'miss (max only)' : 'miss'],
  ['accounted for (viewer buffer)', `in buffer ${end.inBuffer.toLocaleString('en')} + evicted ${end.evicted.toLocaleString('en')} = ${accounted.toLocaleString('en')} vs published ${end.publishedTotal.toLocaleString('en')} (ratio ${(accounted / end.publishedTotal).toFixed(4)})`, 'shown + evicted = published', accounted === end.publishedTotal ? 'pass' : 'miss'],
  ['accounted for (webview footer)', `"${finalFooter}"`, 'received = published', f.received === end.publishedTotal && (f.shown ?? 0) + end.evicted === end.publishedTotal ? 'pass' : 'miss'],
  ['command during the flood', `${end.commands.length} × digiPushMonitor.view.refresh: max ${cmdMax} ms, all ${end.commands.map((c) => c.ms).join('/')} ms = ${(cmdMax / TARGETS.commandMs).toFixed(3)} × target`, `< ${TARGETS.commandMs} ms`, end.commands.length && cmdMax < TARGETS.commandMs && cmdOk ? 'pass' : end.commands.length ? 'miss' : 'n/a (run too short)'],
];
const extra = [
  `simulator: sent ${end.sent.toLocaleString('en')}, acked ${end.acked.toLocaleString('en')}, dropped ${end.simDropped}; drained ${end.drainMs} ms after the flood`,
  `extension-host event loop: timer lag mean ${end.meanTimerLagMs.toFixed(1)} ms, max ${end.maxTimerLagMs} ms (10 ms publish tick)`,
  `visibility lower bounds (reading start − publication): p50 ${pct(latLow, 50)} ms, p95 ${pct(latLow, 95)} ms, max ${Math.max(...latLow)} ms`,
  `webview readings: ${readings.length}, every ${POLL_MS} ms; one reading (Playwright → two iframes → footer text) took p50 ${pct(readMs, 50)} ms, max ${Math.max(...readMs)} ms; latencies are upper bounds (reading end − publication)`,
  `heap used after a full GC: ${(end.heap0 / 1048576).toFixed(0)} MiB before the flood → ${(end.heapAfterGc / 1048576).toFixed(0)} MiB after it (${end.gcOk ? 'forced via v8 --expose-gc' : 'GC could not be forced'})`,
  `RSS after idle 1.5 s: ${(end.rssAfterIdle / 1048576).toFixed(0)} MiB; heapUsed at end ${(end.heapUsedEnd / 1048576).toFixed(0)} MiB; per-second RSS (MiB): ${events.samples.map((s) => Math.round(s.rss / 1048576)).join(' ')}`,
];
console.log('\n| measure 6 | figure | target | |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
for (const x of extra) console.log(`- ${x}`);

if (WRITE) {
  const cmd = `node bench/viewerVscode.mjs${args.length ? ' ' + args.join(' ') : ''}`;
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const md = `# Benchmark: event viewer in a real VS Code (issue 7, measure 6)${EXTERNAL ? ", simulator out of process" : ""}${IN_HOST ? ', sessions receiving in the extension host (receiveInWorker off)' : ', sessions receiving in a worker thread'}

Command: \`${cmd}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)

Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? '?'}), runner Node ${process.version}, code-server ${CODE_SERVER_VERSION} (its extension host on its own Node), headless Chromium via playwright-core; load average after the run ${load}.

How: \`bench/viewer-vscode/index.ts\` runs in the real extension host (extensionTestsPath entry): a monitor on ${EXTERNAL
    ? 'a simulator in its own process (`dist/simulator.js --no-tls`, reached through a custom-URL API-key account; topics DataPoint + DeviceCore + FileData + AlarmStatus, i.e. every generated type; events generated through its `/_sim/publish` control API)'
    : 'the built-in Local simulator, which runs inside the extension host (topics DataPoint + DeviceCore)'}, batch size 100, batch duration 0, default format and compression, its session, the
viewer opened on it, then ${EXTERNAL ? 'a `generate` request every 10 ms paced on the count generated so far' : '`simulator.generate()` every 10 ms paced on the monitor\'s `published` counter'} to
${RATE.toLocaleString('en')} events/s for ${SECONDS} s. It samples \`process.memoryUsage().rss\` every second (baseline: 3 s after the
viewer opened), runs \`digiPushMonitor.view.refresh\` every 5 s (timed from issue to completion) and logs
(time, published) every 100 ms. \`bench/viewerVscode.mjs\` reads the viewer webview's footer through Playwright
every ${POLL_MS} ms; an event counts as visible at the first reading whose "received" count covers it (the footer
counter is the proxy for the newest row: Follow is on by default so the grid keeps the newest row in view; that the
rows are painted in the same update as the footer was not separately checked). Accounting reads the viewer's buffer via a
read-only test-mode hook (\`viewerHub()\` on the test API).

| measure 6 | figure | target | |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

${extra.map((x) => `- ${x}`).join('\n')}
`;
  // Hand-written analysis below the "## Notes" heading survives a re-run.
  const docFile = path.join(ROOT, 'docs', `benchmarks-viewer${EXTERNAL ? '-external-sim' : ''}${IN_HOST ? '-in-host' : ''}.md`);
  const old = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '';
  const notesAt = old.indexOf('\n## Notes');
  fs.writeFileSync(docFile, md + (notesAt >= 0 ? old.slice(notesAt) : ''));
  log(`wrote ${path.relative(ROOT, docFile)}`);
  // The run's table also goes into docs/benchmarks.md, between markers of its variant.
  const variant = `viewer${EXTERNAL ? '-external-sim' : ''}${IN_HOST ? '-in-host' : ''}`;
  const block = `Generated by \`${cmd}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC), ${IN_HOST ? 'sessions receiving in the extension host' : 'sessions receiving in a worker thread'}, ${EXTERNAL ? 'simulator in its own process' : 'Local simulator in the extension host'}; load average after the run ${load}. Details: \`${path.relative(ROOT, docFile)}\`.

| measure 6 | figure | target | |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`;
  const summary = path.join(ROOT, 'docs', 'benchmarks.md');
  const start = `<!-- bench:${variant}:start -->`;
  const end = `<!-- bench:${variant}:end -->`;
  let doc = fs.readFileSync(summary, 'utf8');
  if (!doc.includes(start) || !doc.includes(end)) doc += `\n${start}\n${end}\n`;
  doc = doc.slice(0, doc.indexOf(start)) + `${start}\n${block}\n${end}` + doc.slice(doc.indexOf(end) + end.length);
  fs.writeFileSync(summary, doc);
  log(`wrote the measure 6 table into ${path.relative(ROOT, summary)} (${variant})`);
}
if (shot) log(`screenshot ${path.relative(ROOT, shot)}`);
process.exit(0);
