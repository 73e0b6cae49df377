// Library for running a real VS Code (code-server 4.139.1 = VS Code 1.139.1, on its own Node 24)
// driven by Debian's headless Chromium through playwright-core, fully offline.
// Used by run-extension-tests.mjs (integration suites in the real extension host) and
// run-ui-tests.mjs (Playwright UI tests against the workbench).
//
// How it works, in short (details in the comments below):
//  - code-server has no --extensionDevelopmentPath/--extensionTestsPath flags; the web workbench
//    reads them from the `payload` query parameter of its URL, and only honours it when the server
//    runs with the VS Code option enable-smoke-test-driver (`--vscode-option enable-smoke-test-driver`).
//  - Paths in the payload are vscode-remote://127.0.0.1:PORT/abs/path URIs, which selects the
//    Node extension host on the server (tests are loaded with require()).
//  - When the tests finish, the workbench calls window.codeAutomationExit(code, logs).
//  - The payload pair ["debugId", …] makes the workbench relay every extension-host console call
//    as console.log('%c[Extension Host] %c<fmt>', …) in the page, which we format printf-style.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import {
  ARTIFACTS_DIR, CHROMIUM, CODE_SERVER_ENTRY, CODE_SERVER_OK, NODE24, ROOT,
} from './config.mjs';

export * from './config.mjs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- small utilities

export function log(...args) {
  process.stderr.write(`[vscode-harness ${new Date().toISOString().slice(11, 23)}] ${args.join(' ')}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `cond` (sync or async) every `interval` ms until it is truthy; returns its value or throws after `timeout`. */
export async function waitFor(cond, { timeout = 30000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

export function tail(file, n = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** Throws a clear message when setup.mjs has not been run (`browser: false`: Chromium not needed). */
export function assertInstalled({ browser = true } = {}) {
  const missing = [];
  if (!fs.existsSync(NODE24)) missing.push(`Node 24 (${path.relative(ROOT, NODE24)})`);
  if (!fs.existsSync(CODE_SERVER_ENTRY) || !fs.existsSync(CODE_SERVER_OK)) missing.push('code-server');
  if (browser && !fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}; apt-get install -y chromium fonts-liberation)`);
  if (missing.length) {
    throw new Error(`not installed: ${missing.join(', ')} — run: node test/vscode/setup.mjs`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/**
 * Live (non-zombie) processes of process group `pgid`, from /proc. Zombies are ignored: children
 * orphaned by the group leader are reparented to init, which on some machines reaps them late,
 * and `kill(-pgid, 0)` would still report the group as present.
 */
export function groupMembers(pgid) {
  const pids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp …
      if (Number(f[2]) === pgid && f[0] !== 'Z') pids.push(Number(d));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}

function groupAlive(pgid) {
  return groupMembers(pgid).length > 0;
}

/** SIGTERM a whole process group, wait until it is gone, SIGKILL what is left. */
export async function killGroup(pgid, { graceMs = 5000 } = {}) {
  if (!pgid || !groupAlive(pgid)) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* already gone */ }
  const gone = await waitFor(() => !groupAlive(pgid), { timeout: graceMs, interval: 50 }).catch(() => false);
  if (gone) return;
  try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
  await waitFor(() => !groupAlive(pgid), { timeout: 3000, interval: 50 }).catch(() => {});
}

// ---------------------------------------------------------------- cleanup on exit / signals

const cleanups = new Set();
let signalsInstalled = false;
let signalExitCode = null;
let cleaningUp = null;

/** `code`, unless a signal arrived: then 128+signal, so a runner exits the way a killed process does. */
export function exitCode(code) {
  return signalExitCode ?? code;
}

/** Registers an async cleanup run on SIGINT/SIGTERM/SIGHUP (and by runCleanups()); returns an unregister function. */
export function onCleanup(fn) {
  cleanups.add(fn);
  if (!signalsInstalled) {
    signalsInstalled = true;
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
      process.on(sig, () => {
        if (signalExitCode !== null) return;
        signalExitCode = code;
        log(`${sig}: cleaning up`);
        runCleanups().finally(() => process.exit(code));
      });
    }
  }
  return () => cleanups.delete(fn);
}

/** Runs the registered cleanups (newest first); concurrent callers wait for the same run. */
export function runCleanups() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    const fns = [...cleanups].reverse();
    cleanups.clear();
    for (const fn of fns) {
      try { await fn(); } catch (e) { log(`cleanup error: ${e.message}`); }
    }
  })().finally(() => { cleaningUp = null; });
  return cleaningUp;
}

// ---------------------------------------------------------------- code-server

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server on 127.0.0.1:<free port> with private user-data/extensions/config dirs under
 * `workDir` (a new temp dir by default), in its own process group. Resolves once /healthz answers 200.
 * Returns { url, port, authority, pid, workDir, userDataDir, extensionsDir, logFile, startMs, stop() }.
 */
export async function startCodeServer(opts = {}) {
  assertInstalled({ browser: false }); // the runners check Chromium themselves; npm run try brings none
  const workDir = opts.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-'));
  const userDataDir = path.join(workDir, 'user-data');
  const extensionsDir = opts.extensionsDir || path.join(workDir, 'extensions');
  const xdg = path.join(workDir, 'xdg');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, xdg]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings || {}) }, null, 2));
  // Always an explicit config: otherwise code-server reads/writes ~/.config/code-server/config.yaml.
  const configFile = path.join(workDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const logFile = opts.logFile || path.join(workDir, 'code-server.log');

  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    // Inherited by the extension host: lets a suite tell this harness from the desktop app.
    VSCODE_TEST_HARNESS: 'code-server',
    ...(opts.env || {}),
  };
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'VSCODE_PROXY_URI', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'VSCODE_IPC_HOOK_CLI']) delete env[k];

  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = opts.port || (await freePort());
    try {
      return await launchOnce({ ...opts, port, workDir, userDataDir, extensionsDir, configFile, logFile, env });
    } catch (e) {
      lastError = e;
      // A port taken between freePort() and bind: try another one.
      if (opts.port || !/EADDRINUSE/.test(tail(logFile, 20))) break;
      log(`port ${port} was taken, retrying`);
    }
  }
  throw lastError;
}

async function launchOnce({ port, workDir, userDataDir, extensionsDir, configFile, logFile, env, startTimeoutMs = 60000, extraArgs = [] }) {
  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Without this the built workbench ignores extensionDevelopmentPath/extensionTestsPath in `payload`.
    '--vscode-option', 'enable-smoke-test-driver',
    ...extraArgs,
  ];
  fs.appendFileSync(logFile, `\n# ${new Date().toISOString()} ${NODE24} ${args.join(' ')}\n`);
  const out = fs.openSync(logFile, 'a');
  const t0 = Date.now();
  // Own process group, so the extension host and pty host it forks go with it on stop().
  const proc = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pgid = proc.pid;
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  proc.on('error', (e) => { exited = { error: e.message }; });

  // Watchdog outside the group: if this Node process dies without cleaning up (even SIGKILL),
  // its end of the stdin pipe closes, `read` returns and the code-server group is killed.
  const watchdogScript = 'read _; kill -TERM -"$1" 2>/dev/null; n=0; '
    + 'while kill -0 -"$1" 2>/dev/null && [ $n -lt 30 ]; do sleep 0.1; n=$((n+1)); done; kill -KILL -"$1" 2>/dev/null';
  const watchdog = spawn('/bin/sh', ['-c', watchdogScript, 'watchdog', String(pgid)],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.unref();
  watchdog.stdin.on('error', () => {});
  watchdog.stdin.unref?.();

  // Idempotent, and every caller waits for the same stop (a signal handler and the main flow
  // may both call it; neither may exit the process before the group and watchdog are gone).
  let stopping = null;
  const stop = () => (stopping ??= doStop());
  const doStop = async () => {
    await killGroup(pgid);
    // Then the watchdog (not before: it is what kills the group if we die mid-way). Wait for it
    // to be reaped so no zombie is left for init.
    if (watchdog.exitCode === null && watchdog.signalCode === null) {
      const reaped = new Promise((resolve) => watchdog.once('exit', resolve));
      try { process.kill(-watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
      await Promise.race([reaped, sleep(2000)]);
    }
    unregister();
  };
  const unregister = onCleanup(stop);

  const url = `http://127.0.0.1:${port}`;
  const up = await waitFor(async () => exited || (await httpStatus(`${url}/healthz`)) === 200,
    { timeout: startTimeoutMs, interval: 100, what: 'code-server /healthz' }).catch(() => false);
  if (up !== true) {
    await stop();
    throw new Error(`code-server did not come up on ${url} (${exited ? `exited ${JSON.stringify(exited)}` : 'no /healthz'}); log ${logFile}:\n${tail(logFile, 30)}`);
  }
  return {
    url, port, authority: `127.0.0.1:${port}`, pid: proc.pid, proc, workDir, userDataDir, extensionsDir, logFile,
    startMs: Date.now() - t0, exited: () => exited, stop,
  };
}

/**
 * Problems with development extensions that code-server only writes to its log (the tests still
 * run, but without the extension), e.g. an engines.vscode newer than 1.139:
 * "[…]: Extension is not compatible with Code 1.139.1. Extension requires: ^1.200.0."
 */
export function extensionLoadProblems(logFile) {
  let text = '';
  try { text = fs.readFileSync(logFile, 'utf8'); } catch { return []; }
  return [...new Set(text.split('\n').filter((l) => /Extension is not compatible with Code|Cannot load (the )?extension|Error loading extension/i.test(l)).map((l) => l.trim()))];
}

/**
 * Waits until the workbench's remote extension host has started (its log, under the server's
 * user-data dir, says "Extension host with pid N started"); the development extensions are
 * registered by then. Returns the log file. A line of code-server 4.139.1 (VS Code 1.139.1):
 * re-check it when bumping code-server.
 */
export async function waitForExtensionHost(server, { timeout = 60000 } = {}) {
  const logsDir = path.join(server.userDataDir, 'logs');
  const started = /Extension host with pid \d+ started/;
  return waitFor(() => {
    for (const session of fs.existsSync(logsDir) ? fs.readdirSync(logsDir) : []) {
      const dir = path.join(logsDir, session);
      let hosts = [];
      try { hosts = fs.readdirSync(dir).filter((d) => d.startsWith('exthost')); } catch { continue; }
      for (const h of hosts) {
        const file = path.join(dir, h, 'remoteexthost.log');
        try { if (started.test(fs.readFileSync(file, 'utf8'))) return file; } catch { /* not written yet */ }
      }
    }
    return false;
  }, { timeout, interval: 100, what: `the extension host to start (a "started" line in ${logsDir}/*/exthost*/remoteexthost.log)` });
}

// ---------------------------------------------------------------- workbench URL

/** vscode-remote URI for an absolute path on the server (selects the Node extension host). */
export function remoteUri(server, p) {
  return `vscode-remote://${server.authority}${encodeURI(path.resolve(p))}`;
}

/**
 * Workbench URL: opens `folder` (or an empty window) with the `payload` list
 * (extensionDevelopmentPath…, optional extensionTestsPath, optional debugId).
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath = [], extensionTestsPath, debugId, payload: extra = [] } = {}) {
  const devPaths = Array.isArray(extensionDevelopmentPath) ? extensionDevelopmentPath : [extensionDevelopmentPath];
  const payload = devPaths.map((d) => ['extensionDevelopmentPath', remoteUri(server, d)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  if (debugId) payload.push(['debugId', debugId]);
  payload.push(...extra);
  const q = new URLSearchParams();
  if (folder) q.set('folder', path.resolve(folder));
  else q.set('ew', 'true');
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.url}/?${q}`;
}

// ---------------------------------------------------------------- Chromium

export function loadPlaywright() {
  return require('playwright-core');
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  // Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-dev-shm-usage',
  '--password-store=basic',
  '--use-mock-keychain',
];

/**
 * Launches Chromium (CHROMIUM_PATH or /usr/bin/chromium) headless with one page.
 * Returns { browser, context, page, close() }.
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, args = [] } = {}) {
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
    timeout: 60000,
    // Our own handlers (onCleanup) stop code-server and the browser in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closing = null;
  const close = () => (closing ??= (async () => {
    unregister();
    await browser.close().catch(() => {});
  })());
  const unregister = onCleanup(close);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { browser, context, page, close };
}

// ---------------------------------------------------------------- console relay

/** printf-style rendering of console arguments (%s %d %i %f %j %o %O %c %%), as Node's util.format does. */
export function formatConsoleArgs(values) {
  if (!values.length) return '';
  return util.format(...values);
}

const EXT_HOST_PREFIX = /^\s*\[Extension Host\] ?/;

/**
 * Calls onMessage({ type, text, extHost }) for every console message of `page`, in order, with the
 * arguments formatted printf-style. `extHost` is the text of an extension-host line (prefix
 * removed) or null for workbench messages. Returns { flush() } which resolves once every message
 * received so far has been handled.
 */
export function relayConsole(page, onMessage) {
  let chain = Promise.resolve();
  page.on('console', (msg) => {
    const args = msg.args();
    chain = chain.then(async () => {
      const values = [];
      for (const a of args) {
        try { values.push(await a.jsonValue()); } catch { values.push('[unserializable]'); }
      }
      let text = values.length ? formatConsoleArgs(values) : msg.text();
      if (!text.trim() && msg.text().trim()) text = msg.text();
      let extHost = null;
      if (EXT_HOST_PREFIX.test(text)) {
        extHost = text.replace(EXT_HOST_PREFIX, '');
        // An argument-less console.log() in the extension host arrives as "[Extension Host]%" / "%c".
        if (/^%c?$/.test(extHost.trim())) extHost = '';
      }
      onMessage({ type: msg.type(), text, extHost });
    }).catch(() => {});
  });
  return {
    flush: async () => {
      // A round trip makes sure console events sent before it have been received.
      await page.evaluate(() => 1).catch(() => {});
      await chain;
    },
  };
}

/** Parses mocha's summary ("N passing", "N failing", "N pending") out of relayed output lines. */
export function parseMochaCounts(lines) {
  const counts = { passed: 0, failed: 0, pending: 0, found: false };
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  for (const raw of lines) {
    const line = strip(raw);
    let m;
    if ((m = /^\s*(\d+) passing\b/.exec(line))) { counts.passed = Number(m[1]); counts.found = true; }
    else if ((m = /^\s*(\d+) failing\b/.exec(line))) counts.failed = Number(m[1]);
    else if ((m = /^\s*(\d+) pending\b/.exec(line))) counts.pending = Number(m[1]);
  }
  return counts;
}

// ---------------------------------------------------------------- memory

/** PSS/RSS (bytes) of every live descendant of `rootPid` (code-server, extension host, Chromium …). */
export function treeMemory(rootPid = process.pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* exited meanwhile */ }
  }
  let rss = 0;
  let pss = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const r = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(r)?.[1] || 0) * 1024;
      pss += Number(/^Pss:\s+(\d+)/m.exec(r)?.[1] || 0) * 1024;
    } catch { /* exited meanwhile */ }
    stack.push(...(children.get(pid) || []));
  }
  return { rss, pss };
}

/** Samples treeMemory() every `ms`; stop() returns the peaks. */
export function memorySampler(ms = 500) {
  const peak = { rss: 0, pss: 0 };
  const tick = () => {
    try {
      const m = treeMemory();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.pss = Math.max(peak.pss, m.pss);
    } catch { /* ignore */ }
  };
  tick();
  const timer = setInterval(tick, ms);
  timer.unref();
  return { stop: () => { clearInterval(timer); return { ...peak }; } };
}

export const mib = (bytes) => `${Math.round(bytes / 1048576)} MiB`;

// ---------------------------------------------------------------- artifacts

/** Directory under test-artifacts/ (created). `fresh` empties it first. */
export function artifactsDir(name, { fresh = false } = {}) {
  const dir = path.join(ARTIFACTS_DIR, name);
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Screenshot of the page into `dir` (default test-artifacts/), returns the file path. */
export async function screenshot(page, name, dir = ARTIFACTS_DIR) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: 15000 });
  return file;
}

// ---------------------------------------------------------------- UI helpers (workbench DOM of VS Code 1.139)

/** Waits until the workbench is rendered (and, if given, the activity-bar entry of a view container). */
export async function waitForWorkbench(page, { viewContainer, timeout = 60000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.activitybar').first().waitFor({ state: 'visible', timeout });
  await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout });
  if (viewContainer) await activityBarItem(page, viewContainer).waitFor({ state: 'visible', timeout });
}

export function activityBarItem(page, title) {
  return page.locator(`.part.activitybar .action-item [aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
}

/**
 * Runs a command through the palette (F1, ">title", click the entry). The palette computes its
 * list when it opens, so a command contributed by an extension that is still being scanned shows
 * "No matching commands": then the palette is closed and opened again until `timeout`.
 * For commands that open another quick pick, pass { keepOpen: true }.
 */
export async function runCommand(page, title, { timeout = 30000, keepOpen = false } = {}) {
  const deadline = Date.now() + timeout;
  const left = () => Math.max(1000, deadline - Date.now());
  const widget = page.locator('.quick-input-widget');
  for (;;) {
    if (await widget.isVisible()) {
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: left() });
    }
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: left() });
    await widget.locator('input').first().fill(`>${title}`);
    const row = widget.locator('.monaco-list-row', { hasText: title }).first();
    const none = widget.locator('.monaco-list-row', { hasText: 'No matching commands' }).first();
    await row.or(none).first().waitFor({ state: 'visible', timeout: left() });
    if (await row.isVisible()) {
      await row.click({ timeout: left() });
      if (!keepOpen) await widget.waitFor({ state: 'hidden', timeout: left() });
      return;
    }
    if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette within ${timeout} ms`);
    await sleep(250); // poll interval before reopening the palette
  }
}

/** Picks `label` in the open quick pick (typing it as a filter first). */
export async function pickQuickItem(page, label, { timeout = 30000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout });
  await widget.locator('input').first().fill(label);
  const row = widget.locator('.monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click({ timeout });
}

/** Opens a view container by its activity-bar title (no-op if its side bar is already showing). */
export async function openViewContainer(page, title, { timeout = 30000 } = {}) {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout });
  const selected = page.locator(`.part.activitybar .action-item.checked [aria-label^="${title.replace(/"/g, '\\"')}"]`);
  if (!(await selected.count())) await item.click({ timeout });
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout });
}

/** Locator of the rows of the tree views in the side bar (optionally only the view named `view`). */
export function treeRowLocator(page, { view } = {}) {
  const sidebar = page.locator('.part.sidebar');
  const scope = view
    ? sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: view }) })
    : sidebar;
  return scope.locator('.monaco-list-row');
}

/** Texts of the visible tree rows; waits for at least one row (or a row containing `waitForText`). */
export async function readTreeRows(page, { view, waitForText, timeout = 30000 } = {}) {
  const rows = treeRowLocator(page, { view });
  if (waitForText) await rows.filter({ hasText: waitForText }).first().waitFor({ state: 'visible', timeout });
  else await rows.first().waitFor({ state: 'visible', timeout });
  return (await rows.allInnerTexts()).map((t) => t.trim());
}

/**
 * Shows output channel `name` in the panel and returns its text (NBSPs turned into spaces).
 * With `contains`, waits until the channel shows that text.
 */
export async function readOutputChannel(page, name, { contains, timeout = 30000 } = {}) {
  await runCommand(page, 'Output: Show Output Channels', { keepOpen: true, timeout });
  await pickQuickItem(page, name, { timeout });
  const lines = page.locator('.part.panel .output-view .view-lines, .part.panel .view-lines').first();
  if (contains) await page.locator('.part.panel .view-lines', { hasText: contains }).first().waitFor({ state: 'visible', timeout });
  else await lines.waitFor({ state: 'visible', timeout });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Frame of a webview's own HTML. VS Code renders each webview two iframes deep:
 * <iframe class="webview ready"> (host page) > <iframe id="active-frame"> (the extension's HTML).
 */
export function webviewFrame(page, index = 0) {
  return page.locator('iframe.webview.ready').nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Text of the notification center (toasts are not shown reliably in headless Chromium). */
export async function readNotifications(page, { contains, timeout = 30000 } = {}) {
  await runCommand(page, 'Notifications: Show Notifications', { timeout });
  const center = page.locator('.notifications-center');
  if (contains) await center.filter({ hasText: contains }).waitFor({ state: 'visible', timeout });
  else await center.waitFor({ state: 'visible', timeout });
  const text = await center.innerText();
  await page.keyboard.press('Escape');
  return text;
}

/** Closes quick inputs/notifications left open by a failed step. */
export async function dismissOverlays(page) {
  for (let i = 0; i < 3; i++) {
    if (!(await page.locator('.quick-input-widget:visible, .notifications-center.visible').count())) break;
    await page.keyboard.press('Escape');
  }
}
