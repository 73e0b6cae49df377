#!/usr/bin/env node
// Issue 13 §4, measure 9: the Devices view with a 10,000-device simulator in a REAL VS Code
// (code-server 4.139.1 + headless Chromium, test/vscode/harness.mjs).
//
//   node bench/devicesVscode.mjs [--devices 10000] [--rate 1000] [--seconds 30] [--probe-ms 250] [--no-write]
//
// The extension-host half (bench/devices-vscode/index.ts, bundled to out/bench/devices-vscode/)
// starts the Local simulator with the fleet, makes the view live, reveals it, then flips RATE
// devices a second for SECONDS s while timing two command probes; it prints "[devices-bench]
// {json}" lines. This runner relays them and reads the workbench DOM through Playwright: from
// the reveal mark it polls the Devices view for its first device rows (the first page shown),
// and during the flood it reads the view's header (its counts change as devices flip). Prints
// the figures against the targets (first page < 2 s; a command answers < 1 s during the flood)
// and writes them into docs/benchmarks.md between the bench:devices markers (unless --no-write).
// A benchmark, not a test: exit 0 whatever the figures, 1 when the run itself failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_VERSION, ROOT, assertInstalled, log, screenshot } from '../test/vscode/harness.mjs';
import { buildBenchEntry, pct, runBenchEntry } from './vscodeBench.mjs';

const args = process.argv.slice(2);
const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const DEVICES = opt('devices', 10_000);
const RATE = opt('rate', 1000);
const SECONDS = opt('seconds', 30);
const PROBE_MS = opt('probe-ms', 250);
const WRITE = !args.includes('--no-write');
const TARGETS = { firstPageMs: 2000, commandMs: 1000 };

// ---------------------------------------------------------------- build
const outDir = await buildBenchEntry('devices-vscode');
fs.writeFileSync(path.join(outDir, 'config.json'), JSON.stringify({ devices: DEVICES, rate: RATE, seconds: SECONDS, probeMs: PROBE_MS }));
assertInstalled();

// ---------------------------------------------------------------- run
const host = {};
const probes = {};
const headers = []; // { t, text } of the Devices view's header during the flood
let firstRows; // { t, rows, text }
let shot = null;
const shots = path.join(ROOT, 'test-artifacts', 'bench');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** From the reveal mark: the first device rows in the DOM; during the flood: the view's header once a second. */
async function watch(page, state) {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Devices' }) });
  const deviceRows = pane.locator('.monaco-list-row').filter({ has: page.locator('[class*="codicon-vm-"]') });
  while (!host.reveal && !state.done) await sleep(10);
  while (!firstRows && !state.done) {
    const n = await deviceRows.count().catch(() => 0);
    if (n > 0) {
      firstRows = { t: Date.now(), rows: n, text: (await pane.locator('.pane-header').innerText().catch(() => '')).replace(/\s+/g, ' ') };
      log(`first device rows in the DOM ${firstRows.t - host.reveal.t} ms after the reveal (${n} rows rendered; "${firstRows.text}")`);
      shot = await screenshot(page, 'devices-bench-first-page', shots).catch(() => null);
      break;
    }
    await sleep(10);
  }
  while (!host.floodStart && !state.done) await sleep(50);
  while (!host.end && !state.done) {
    const t0 = Date.now();
    const text = await pane.locator('.pane-header').innerText({ timeout: 5000 }).catch(() => null);
    if (text) headers.push({ t: t0, ms: Date.now() - t0, text: text.replace(/\s+/g, ' ') });
    await sleep(1000);
  }
  if (!state.failure) await screenshot(page, 'devices-bench-after-flood', shots).catch(() => null);
}

const { failure } = await runBenchEntry({
  outDir,
  tag: 'devices-bench',
  wallMs: (SECONDS + 300) * 1000,
  watch,
  onEvent(e) {
    if (e.kind === 'sample') {
      if (e.s % 5 === 0) log(`  ${e.s} s: ${e.flips} flips, ${e.received} received, host RSS ${(e.rss / 1048576).toFixed(0)} MiB`);
    } else if (e.kind === 'probes') probes[e.phase] = e.results;
    else {
      host[e.kind] = e;
      log(`${e.kind}: ${JSON.stringify(e)}`);
    }
  },
});
if (failure || !host.end || !host.firstPage) {
  console.error(`devices bench FAILED: ${failure ?? 'no result from the extension host'}`);
  process.exit(1);
}

// ---------------------------------------------------------------- figures
const ms = (x) => `${Math.round(x)} ms`;
const stats = (phase, name) => {
  const r = (probes[phase] ?? []).filter((x) => x.probe === name);
  const v = r.map((x) => x.ms);
  return { n: v.length, failed: r.filter((x) => !x.ok).length, p50: pct(v, 50), p95: pct(v, 95), max: v.length ? Math.max(...v) : NaN };
};
const fmt = (s) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} calls${s.failed ? `, ${s.failed} failed` : ''})`;
const firstDom = firstRows ? firstRows.t - host.reveal.t : NaN;
const cmdFlood = stats('flood', 'command');
const winFlood = stats('flood', 'window');
const cmdIdle = stats('idle', 'command');
const winIdle = stats('idle', 'window');
const e = host.end;
const rate = e.flips / (e.floodMs / 1000);
const headerTexts = [...new Set(headers.map((h) => h.text))];
const verdict = (ok) => (ok ? 'pass' : 'MISS');
const rows = [
  ['first page shown (reveal → first device rows in the DOM)', `${ms(firstDom)} (${firstRows?.rows ?? 0} rows rendered of the ${host.firstPage.shown} read; list read ${ms(host.firstPage.modelMs)} after the reveal)`, `< ${TARGETS.firstPageMs} ms`, verdict(firstDom < TARGETS.firstPageMs)],
  ['extension command during the flood (digiPushMonitor.view.refresh)', fmt(cmdFlood), `< ${TARGETS.commandMs} ms`, verdict(cmdFlood.n > 0 && cmdFlood.max < TARGETS.commandMs && !cmdFlood.failed)],
  ['round trip to the window during the flood (setContext)', fmt(winFlood), `< ${TARGETS.commandMs} ms`, verdict(winFlood.n > 0 && winFlood.max < TARGETS.commandMs && !winFlood.failed)],
  ['DeviceCore events during the flood', `${Math.round(rate).toLocaleString('en')}/s for ${(e.floodMs / 1000).toFixed(1)} s (${e.flips.toLocaleString('en')} flips; ${e.received.toLocaleString('en')} received by the session, drained ${ms(e.drainMs)} after)`, `${RATE.toLocaleString('en')}/s for ≥ 20 s`, verdict(rate >= 0.98 * RATE && e.floodMs >= 20_000 && e.received >= e.flips)],
  ['the view kept current', `${e.rowsShown - e.rowsStale} of ${e.rowsShown} rows read agree with the simulator after the flood; header changed ${headerTexts.length} times in ${headers.length} readings`, 'every row current', verdict(e.rowsShown > 0 && e.rowsStale === 0)],
];
const extra = [
  `idle baseline (5 s before the flood): command ${fmt(cmdIdle)}; window ${fmt(winIdle)}`,
  `extension-host event loop during the flood: timer lag mean ${e.meanTimerLagMs.toFixed(1)} ms, max ${e.maxTimerLagMs} ms (10 ms flip tick); host RSS at the end ${(e.rss / 1048576).toFixed(0)} MiB`,
  `simulator start with ${host.simulator.devices.toLocaleString('en')} devices (${host.simulator.connected.toLocaleString('en')} connected) and the fleet read over REST: ${ms(host.simulator.ms)}`,
  `the view's header at the first page: "${firstRows?.text ?? ''}"; after the flood: "${headers.at(-1)?.text ?? ''}"`,
];
console.log('\n| measure 9 | figure | target | |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
for (const x of extra) console.log(`- ${x}`);

if (WRITE) {
  const cmd = `node bench/devicesVscode.mjs${args.length ? ' ' + args.join(' ') : ''}`;
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const block = `Generated by \`${cmd}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC). Machine: ${os.cpus().length} cores
(${os.cpus()[0]?.model?.trim() ?? '?'}), code-server ${CODE_SERVER_VERSION} + headless Chromium; load average after the run ${load}.

| measure 9 | figure | target | |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

${extra.map((x) => `- ${x}`).join('\n')}`;
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const start = '<!-- bench:devices:start -->';
  const end = '<!-- bench:devices:end -->';
  let doc = fs.readFileSync(file, 'utf8');
  if (!doc.includes(start) || !doc.includes(end)) doc += `\n${start}\n${end}\n`;
  doc = doc.slice(0, doc.indexOf(start)) + `${start}\n${block}\n${end}` + doc.slice(doc.indexOf(end) + end.length);
  fs.writeFileSync(file, doc);
  log(`wrote the measure 9 figures into ${path.relative(ROOT, file)}`);
}
if (shot) log(`screenshot ${path.relative(ROOT, shot)}`);
process.exit(0);
