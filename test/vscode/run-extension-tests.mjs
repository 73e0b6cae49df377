#!/usr/bin/env node
// Runs an extension's integration-test entry (the module @vscode/test-electron's extensionTestsPath
// points at, exporting run()) inside the Node extension host of a real VS Code (code-server
// 1.139.1), driven by headless Chromium. Offline; needs `node test/vscode/setup.mjs` first.
//
//   node test/vscode/run-extension-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE
//        [--workspace DIR | DIR] [--timeout MS] [--startup-timeout MS] [--name LABEL] [--keep-logs] [--verbose]
//
// Two clocks, so a slow machine does not eat the tests' time: --startup-timeout (default 300000)
// runs from launch until the test entry signals that the extension host loaded it (code-server,
// Chromium, the workbench and the extension host starting); --timeout (default 300000) runs from
// that signal until run() settles. The signal: the extension host is given a small generated
// entry that records its start in a file, then requires the real entry and calls its run().
//
// stdout: the extension host's console output ("[Extension Host]" lines, printf-formatted), then
//         one line `vscode-suite: N passed, N failed[, N skipped]` (from mocha's summary).
// exit:   the code passed to codeAutomationExit (0 = run() resolved, 1 = it rejected or threw),
//         2 = harness error (server/browser did not start, bad arguments), 3 = a timeout.
// On failure, logs (code-server, browser console, VS Code's own logs) and a screenshot go to
// test-artifacts/vscode-suite/<label>/. Every process it started is gone when it exits.
//
// It also stands in for the VS Code binary (see code-shim.sh): the desktop-only flags that
// runTests() adds are accepted and ignored, a positional folder is the workspace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS_DIR, ROOT, artifactsDir, assertInstalled, exitCode, extensionLoadProblems, launchBrowser, log, memorySampler, mib, parseMochaCounts,
  relayConsole, runCleanups, screenshot, startCodeServer, tail, workbenchUrl,
} from './harness.mjs';

const USAGE = 'usage: node test/vscode/run-extension-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--workspace DIR] [--timeout MS] [--startup-timeout MS] [--name LABEL] [--keep-logs] [--verbose]';

// Flags that runTests() / the desktop CLI pass and that mean nothing here.
const IGNORED_BOOLEAN = new Set(['no-sandbox', 'disable-gpu-sandbox', 'disable-gpu', 'disable-updates', 'skip-welcome',
  'skip-release-notes', 'disable-workspace-trust', 'disable-extensions', 'new-window', 'reuse-window', 'wait',
  'disable-telemetry', 'disable-chromium-sandbox', 'verbose-exthost', 'disable-crash-reporter']);
const IGNORED_WITH_VALUE = new Set(['extensions-dir', 'user-data-dir', 'logsPath', 'crash-reporter-directory', 'locale',
  'disable-extension', 'sync', 'log', 'inspect-extensions', 'inspect-brk-extensions']);

function parseArgs(argv) {
  const o = { devPaths: [], timeout: 300000, startupTimeout: 300000, keepLogs: false, verbose: false, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=([\s\S]*))?$/.exec(a);
    if (!m) {
      if (fs.existsSync(a) && fs.statSync(a).isDirectory()) { o.workspace = path.resolve(a); continue; }
      throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    const key = m[1];
    const value = () => {
      if (m[2] !== undefined) return m[2];
      if (i + 1 >= argv.length) throw new Error(`--${key} needs a value\n${USAGE}`);
      return argv[++i];
    };
    switch (key) {
      case 'extensionDevelopmentPath': o.devPaths.push(path.resolve(value())); break;
      case 'extensionTestsPath': o.testsPath = path.resolve(value()); break;
      case 'workspace': case 'folder-uri': o.workspace = path.resolve(value().replace(/^file:\/\//, '')); break;
      case 'timeout': o.timeout = Number(value()); break;
      case 'startup-timeout': o.startupTimeout = Number(value()); break;
      case 'name': o.name = value(); break;
      case 'keep-logs': o.keepLogs = true; break;
      case 'verbose': o.verbose = true; break;
      case 'help': case 'h': console.log(USAGE); process.exit(0); break;
      default:
        if (IGNORED_BOOLEAN.has(key)) o.ignored.push(a);
        else if (IGNORED_WITH_VALUE.has(key)) { const v = value(); o.ignored.push(`${a}${m[2] === undefined ? ` ${v}` : ''}`); }
        else throw new Error(`unknown option --${key}\n${USAGE}`);
    }
  }
  if (!o.devPaths.length || !o.testsPath) throw new Error(`--extensionDevelopmentPath and --extensionTestsPath are required\n${USAGE}`);
  if (!Number.isFinite(o.timeout) || o.timeout <= 0) throw new Error('--timeout takes milliseconds');
  if (!Number.isFinite(o.startupTimeout) || o.startupTimeout <= 0) throw new Error('--startup-timeout takes milliseconds');
  for (const d of o.devPaths) {
    if (!fs.existsSync(path.join(d, 'package.json'))) throw new Error(`no package.json in extensionDevelopmentPath ${d}`);
  }
  const candidates = [o.testsPath, `${o.testsPath}.js`, `${o.testsPath}.cjs`, path.join(o.testsPath, 'index.js')];
  if (!candidates.some((c) => fs.existsSync(c) && fs.statSync(c).isFile())) throw new Error(`extensionTestsPath not found: ${o.testsPath}`);
  if (o.workspace && !fs.existsSync(o.workspace)) throw new Error(`workspace not found: ${o.workspace}`);
  if (!o.name) {
    o.name = path.relative(ROOT, o.testsPath).replace(/\.[cm]?js$/, '').replace(/(^|[\\/])index$/, '')
      .replace(/^test[\\/]vscode[\\/]/, '').replace(/[^\w.-]+/g, '-') || 'suite';
  }
  return o;
}

/**
 * Writes the entry the extension host is given instead of the real one: it records that the
 * extension host loaded it (the file `startedFile`, the start signal for --timeout), then
 * requires the real entry and passes run() through (promise or callback style, with the real
 * path as testsRoot, as VS Code would have).
 */
function writeStartSignalEntry(dir, realEntry, startedFile) {
  const file = path.join(dir, 'harness-entry.js'); // CommonJS: no package.json above it in the temp dir
  fs.writeFileSync(file, `// Generated by test/vscode/run-extension-tests.mjs for one run.
'use strict';
require('node:fs').writeFileSync(${JSON.stringify(startedFile)}, String(Date.now()));
const entry = require(${JSON.stringify(realEntry)});
exports.run = function run(_testsRoot, ...rest) {
  return entry.run(${JSON.stringify(realEntry)}, ...rest);
};
`);
  return file;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    assertInstalled();
  } catch (e) {
    console.error(`run-extension-tests: ${e.message}`);
    console.log('vscode-suite: 0 passed, 1 failed');
    return { code: 2 };
  }
  if (o.ignored.length && o.verbose) log(`ignoring desktop-only flags: ${o.ignored.join(' ')}`);

  const t0 = Date.now();
  const mem = memorySampler();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-suite-'));
  const consoleFile = path.join(workDir, 'browser-console.log');
  const consoleOut = fs.createWriteStream(consoleFile);
  const consoleClosed = new Promise((resolve) => consoleOut.once('close', resolve).once('error', resolve));
  const relayed = [];
  let vscodeLogs = [];
  let server;
  let browser;
  let outcome; // { code } | { timeout: true } | { error }

  // Start-up clock from launch; the run() clock from the entry's start signal (see the header).
  const startedFile = path.join(workDir, 'entry-started');
  const entry = writeStartSignalEntry(workDir, o.testsPath, startedFile);
  let timer;
  let startPoll;
  let entryStartedAt = null;
  let timerArmedAt = t0;
  let resolveTimeout;
  const timedOut = new Promise((resolve) => { resolveTimeout = resolve; });
  const arm = (ms, phase) => {
    clearTimeout(timer);
    timerArmedAt = Date.now();
    timer = setTimeout(() => resolveTimeout({ timeout: phase, firedAfter: Date.now() - timerArmedAt }), ms);
  };
  arm(o.startupTimeout, 'startup');
  let relayFlush = null;

  try {
    const run = (async () => {
      server = await startCodeServer({ workDir, logFile: path.join(workDir, 'code-server.log') });
      log(`code-server ${server.url} up in ${server.startMs} ms`);
      browser = await launchBrowser();
      const { page } = browser;
      let resolveExit;
      const exited = new Promise((resolve) => { resolveExit = resolve; });
      // Must be in place before navigation: the workbench looks it up when the extension host
      // that ran the tests exits.
      await page.exposeFunction('codeAutomationExit', (code, logs) => {
        vscodeLogs = Array.isArray(logs) ? logs : [];
        resolveExit({ code: Number(code) });
      });
      const relay = relayConsole(page, ({ type, text, extHost }) => {
        consoleOut.write(`[${type}] ${text}\n`);
        if (extHost !== null) {
          relayed.push(extHost);
          process.stdout.write(`${extHost}\n`);
        } else if (o.verbose) {
          process.stderr.write(`  (browser ${type}) ${text}\n`);
        }
      });
      relayFlush = relay.flush;
      page.on('pageerror', (err) => consoleOut.write(`[pageerror] ${err.stack || err.message}\n`));
      const crashed = new Promise((resolve) => {
        page.on('crash', () => resolve({ error: 'the browser page crashed' }));
        browser.browser.on('disconnected', () => resolve({ error: 'the browser went away' }));
      });
      const serverDied = (async () => {
        await new Promise((resolve) => server.proc.once('exit', resolve));
        return { error: `code-server exited unexpectedly: ${JSON.stringify(server.exited())}` };
      })();
      const url = workbenchUrl(server, {
        folder: o.workspace,
        extensionDevelopmentPath: o.devPaths,
        extensionTestsPath: entry,
        // Switches the extension-host console relay to '[Extension Host]'-prefixed page messages.
        debugId: 'vscode-test-harness',
      });
      if (o.verbose) log(`opening ${url}`);
      const tLoad = Date.now();
      startPoll = setInterval(() => {
        if (entryStartedAt !== null || !fs.existsSync(startedFile)) return;
        entryStartedAt = Date.now();
        clearInterval(startPoll);
        log(`test entry started ${entryStartedAt - t0} ms after launch; run() has ${o.timeout} ms (--timeout)`);
        arm(o.timeout, 'run');
      }, 50);
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: o.startupTimeout });
      const result = await Promise.race([exited, crashed, serverDied]);
      await relay.flush();
      if (result.code !== undefined) log(`extension host finished with code ${result.code}, ${Date.now() - tLoad} ms after page load started`);
      return result;
    })();
    run.catch(() => {}); // handled via the race below
    outcome = await Promise.race([run, timedOut]);
  } catch (e) {
    outcome = { error: e.message };
  }
  clearTimeout(timer);
  clearInterval(startPoll);
  // What the extension host printed before the timeout is still shown (bounded: the page may hang).
  if (outcome.timeout && relayFlush) await Promise.race([relayFlush(), new Promise((resolve) => setTimeout(resolve, 5000))]);

  const failed = outcome.code !== 0;
  const artifacts = failed || o.keepLogs ? artifactsDir(path.join('vscode-suite', o.name), { fresh: true }) : null;
  // A passing run removes what an earlier failing run of the same label left.
  if (!artifacts) fs.rmSync(path.join(ARTIFACTS_DIR, 'vscode-suite', o.name), { recursive: true, force: true });
  if (artifacts && browser) {
    const shot = await screenshot(browser.page, outcome.timeout ? 'timeout' : 'final', artifacts).catch(() => null);
    if (shot) log(`screenshot ${path.relative(ROOT, shot)}`);
  }
  consoleOut.end();
  if (browser) await browser.close();
  if (server) await server.stop();
  await runCleanups();
  const peak = mem.stop();
  for (const problem of server ? extensionLoadProblems(server.logFile) : []) log(`WARNING (code-server log): ${problem}`);

  if (outcome.timeout === 'startup') {
    log(`TIMEOUT: the test entry did not start within ${o.startupTimeout} ms of launch (--startup-timeout); code-server, the workbench or the extension host hung while starting`);
  } else if (outcome.timeout) {
    log(`TIMEOUT: run() did not settle within ${o.timeout} ms of the test entry starting (--timeout; the timer fired after ${outcome.firedAfter} ms; the entry started ${entryStartedAt - t0} ms after launch); the tests or the extension host hung`);
  }
  if (outcome.error) log(`ERROR: ${outcome.error}`);

  if (artifacts) {
    await consoleClosed;
    for (const f of ['code-server.log', 'browser-console.log']) {
      if (fs.existsSync(path.join(workDir, f))) fs.copyFileSync(path.join(workDir, f), path.join(artifacts, f));
    }
    fs.writeFileSync(path.join(artifacts, 'extension-host-output.log'), relayed.join('\n') + '\n');
    for (const l of vscodeLogs) {
      try {
        const rel = String(l.relativePath).split(/[\\/]+/).filter((p) => p && p !== '..').join(path.sep);
        const f = path.join(artifacts, 'vscode-logs', rel);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, l.contents ?? '');
      } catch { /* best effort */ }
    }
    log(`logs saved to ${path.relative(ROOT, artifacts)}/`);
    if (failed && !outcome.timeout && outcome.code === undefined && server) process.stderr.write(`${tail(server.logFile, 20)}\n`);
  }
  fs.rmSync(workDir, { recursive: true, force: true });

  // Machine-readable summary (summed by the project's test driver).
  const counts = parseMochaCounts(relayed);
  let note = '';
  if (!counts.found) {
    // No mocha summary (a custom run(), or it never got that far): count the entry itself.
    if (outcome.code === 0) counts.passed = 1;
    note = ' (no mocha summary in the output; counted the entry as one test)';
  }
  if (failed && counts.failed === 0) counts.failed = 1;
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s, peak memory PSS ${mib(peak.pss)} (RSS sum ${mib(peak.rss)})${note}`);
  console.log(`vscode-suite: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);

  if (outcome.timeout) return { code: 3 };
  if (outcome.error) return { code: 2 };
  return { code: outcome.code === 0 ? 0 : (outcome.code || 1) };
}

main().then(
  ({ code }) => process.exit(exitCode(code)),
  async (e) => {
    log(`ERROR ${e.stack || e}`);
    await runCleanups();
    process.exit(exitCode(2));
  },
);
