#!/usr/bin/env node
// UI tests against a real VS Code workbench (code-server 1.139.1 + headless Chromium through
// playwright-core), with an extension loaded as a development extension (no tests path).
//
//   node test/vscode/run-ui-tests.mjs --extensionDevelopmentPath=DIR [--workspace DIR]
//        [--timeout MS per test, default 120000] [--total-timeout MS, default 600000]
//        [--startup-timeout MS, default 300000] [--grep TEXT] [--name LABEL] [--verbose] FILE.mjs...
//
// Start-up (code-server, Chromium, the workbench, the remote extension host started) has
// its own clock, --startup-timeout; the tests' clocks (--timeout each, --total-timeout for all)
// start once it is done, so a slow machine's start-up never eats a test's time.
//
// A UI test file is a plain ES module whose default export maps test names to async functions
// taking a context; they run in order, in ONE workbench shared by all files (start-up is the
// expensive part), so a test may rely on the state earlier ones left:
//
//   export default {
//     async 'palette runs the command'(ctx) {
//       await ctx.command('Fixture: Say Hello');
//       ctx.assert.match(await ctx.notifications({ contains: 'Hello' }), /Hello/);
//     },
//   };
//
// ctx: page (Playwright Page), server, workspace, artifacts (dir), assert (node:assert/strict),
//      log(...), shot(name), command(title, {keepOpen}), pick(label), openView(title),
//      treeRows({view, waitForText}), outputChannel(name, {contains}), notifications({contains}),
//      webview(index) (FrameLocator of the webview's own HTML), extensionHostOutput (string[]:
//      the extension host's console lines so far), waitFor(cond, {timeout, what}) (polls cond).
//
// stdout ends with `ui-suite: N passed, N failed`; exit 0 all passed, 1 failures, 2 harness
// error, 3 total timeout. Screenshots (the tests' own and one per failure) and, on failure, logs
// go to test-artifacts/vscode-ui/<label>/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, artifactsDir, assertInstalled, exitCode, extensionLoadProblems, dismissOverlays, launchBrowser, log, memorySampler, mib,
  openViewContainer, pickQuickItem, readNotifications, readOutputChannel, readTreeRows, relayConsole,
  runCleanups, runCommand, screenshot, startCodeServer, waitFor, waitForExtensionHost, waitForWorkbench, webviewFrame, workbenchUrl,
} from './harness.mjs';

const USAGE = 'usage: node test/vscode/run-ui-tests.mjs --extensionDevelopmentPath=DIR [--workspace DIR] [--timeout MS] [--total-timeout MS] [--startup-timeout MS] [--grep TEXT] [--name LABEL] [--verbose] FILE.mjs...';

function parseArgs(argv) {
  const o = { devPaths: [], files: [], timeout: 120000, totalTimeout: 600000, startupTimeout: 300000, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=([\s\S]*))?$/.exec(a);
    if (!m) { o.files.push(path.resolve(a)); continue; }
    const value = () => {
      if (m[2] !== undefined) return m[2];
      if (i + 1 >= argv.length) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
      return argv[++i];
    };
    switch (m[1]) {
      case 'extensionDevelopmentPath': o.devPaths.push(path.resolve(value())); break;
      case 'workspace': o.workspace = path.resolve(value()); break;
      case 'timeout': o.timeout = Number(value()); break;
      case 'total-timeout': o.totalTimeout = Number(value()); break;
      case 'startup-timeout': o.startupTimeout = Number(value()); break;
      case 'grep': o.grep = value(); break;
      case 'name': o.name = value(); break;
      case 'verbose': o.verbose = true; break;
      case 'help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (!o.devPaths.length) throw new Error(`--extensionDevelopmentPath is required\n${USAGE}`);
  if (!o.files.length) throw new Error(`no UI test files given\n${USAGE}`);
  for (const k of ['timeout', 'totalTimeout', 'startupTimeout']) {
    if (!Number.isFinite(o[k]) || o[k] <= 0) throw new Error(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} takes milliseconds`);
  }
  for (const f of o.files) if (!fs.existsSync(f)) throw new Error(`UI test file not found: ${f}`);
  for (const d of o.devPaths) if (!fs.existsSync(path.join(d, 'package.json'))) throw new Error(`no package.json in ${d}`);
  if (o.workspace && !fs.existsSync(o.workspace)) throw new Error(`workspace not found: ${o.workspace}`);
  o.name ??= path.basename(o.devPaths[0]);
  return o;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    assertInstalled();
  } catch (e) {
    console.error(`run-ui-tests: ${e.message}`);
    console.log('ui-suite: 0 passed, 1 failed');
    return 2;
  }
  // Load the test files first: a syntax error should not cost a workbench start.
  const suites = [];
  for (const file of o.files) {
    const mod = await import(pathToFileURL(file).href);
    const tests = Object.entries(mod.default || {}).filter(([, fn]) => typeof fn === 'function')
      .filter(([name]) => !o.grep || name.includes(o.grep));
    if (!mod.default || typeof mod.default !== 'object') {
      console.error(`run-ui-tests: ${path.relative(ROOT, file)} has no default export object of tests`);
      console.log('ui-suite: 0 passed, 1 failed');
      return 2;
    }
    suites.push({ file, tests });
  }

  const t0 = Date.now();
  const mem = memorySampler();
  const artifacts = artifactsDir(path.join('vscode-ui', o.name), { fresh: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ui-'));
  const consoleOut = fs.createWriteStream(path.join(workDir, 'browser-console.log'));
  const consoleClosed = new Promise((resolve) => consoleOut.once('close', resolve).once('error', resolve));
  const extensionHostOutput = [];
  const results = [];
  let server;
  let browser;
  let harnessError = null;
  let totalTimedOut = false;

  let totalTimer;
  try {
    // Start-up, on its own clock (see the header).
    await withTimeout((async () => {
      server = await startCodeServer({ workDir, logFile: path.join(workDir, 'code-server.log') });
      log(`code-server ${server.url} up in ${server.startMs} ms`);
      browser = await launchBrowser();
      relayConsole(browser.page, ({ type, text, extHost }) => {
        consoleOut.write(`[${type}] ${text}\n`);
        if (extHost !== null) extensionHostOutput.push(extHost);
        if (o.verbose) process.stderr.write(`  (browser ${type}) ${text}\n`);
      });
      browser.page.on('pageerror', (err) => consoleOut.write(`[pageerror] ${err.stack || err.message}\n`));
      const tLoad = Date.now();
      await browser.page.goto(workbenchUrl(server, { folder: o.workspace, extensionDevelopmentPath: o.devPaths }),
        { waitUntil: 'domcontentloaded', timeout: o.startupTimeout });
      await waitForWorkbench(browser.page, { timeout: o.startupTimeout });
      log(`workbench up ${Date.now() - tLoad} ms after navigation`);
      await waitForExtensionHost(server, { timeout: o.startupTimeout });
      log(`extension host up ${Date.now() - tLoad} ms after navigation`);
    })(), o.startupTimeout, `start-up (--startup-timeout: code-server, Chromium, the workbench, the extension host)`);
    log(`start-up took ${Date.now() - t0} ms; the tests' clocks start now`);
    const { page } = browser;
    totalTimer = setTimeout(() => { totalTimedOut = true; }, o.totalTimeout);

    for (const { file, tests } of suites) {
      const base = path.basename(file).replace(/\.[cm]?js$/, '');
      console.log(`\n  ${path.relative(ROOT, file)}`);
      for (const [name, fn] of tests) {
        if (totalTimedOut) {
          results.push({ name, ok: false, error: 'not run: total timeout' });
          console.log(`    ✖ ${name} (not run: total timeout of ${o.totalTimeout} ms reached)`);
          continue;
        }
        const ctx = {
          page, server, workspace: o.workspace, artifacts, assert, extensionHostOutput,
          log: (...a) => console.log(`        ${a.join(' ')}`),
          shot: (shotName) => screenshot(page, `${base}-${shotName}`, artifacts),
          command: (title, opts) => runCommand(page, title, opts),
          pick: (label, opts) => pickQuickItem(page, label, opts),
          openView: (title, opts) => openViewContainer(page, title, opts),
          treeRows: (opts) => readTreeRows(page, opts),
          outputChannel: (channel, opts) => readOutputChannel(page, channel, opts),
          notifications: (opts) => readNotifications(page, opts),
          webview: (index = 0) => webviewFrame(page, index),
          waitFor: (cond, opts) => waitFor(cond, opts),
        };
        const t = Date.now();
        try {
          await withTimeout(Promise.resolve().then(() => fn(ctx)), o.timeout, `"${name}"`);
          results.push({ name, ok: true });
          console.log(`    ✔ ${name} (${Date.now() - t} ms)`);
        } catch (e) {
          results.push({ name, ok: false, error: e });
          console.log(`    ✖ ${name} (${Date.now() - t} ms)`);
          console.log(String(e.stack || e).split('\n').slice(0, 8).map((l) => `        ${l}`).join('\n'));
          const shot = await screenshot(page, `${base}-${name}.failure`, artifacts).catch(() => null);
          if (shot) console.log(`        screenshot: ${path.relative(ROOT, shot)}`);
          await dismissOverlays(page).catch(() => {});
        }
      }
    }
  } catch (e) {
    harnessError = e;
    log(`ERROR: ${e.stack || e}`);
    if (browser) await screenshot(browser.page, 'harness-error', artifacts).catch(() => {});
  } finally {
    clearTimeout(totalTimer);
    consoleOut.end();
    if (browser) await browser.close();
    if (server) await server.stop();
    await runCleanups();
    for (const problem of server ? extensionLoadProblems(server.logFile) : []) log(`WARNING (code-server log): ${problem}`);
  }
  const peak = mem.stop();
  const failed = results.filter((r) => !r.ok).length + (harnessError ? 1 : 0);
  const passed = results.filter((r) => r.ok).length;
  await consoleClosed;
  if (failed) {
    for (const f of ['code-server.log', 'browser-console.log']) {
      if (fs.existsSync(path.join(workDir, f))) fs.copyFileSync(path.join(workDir, f), path.join(artifacts, f));
    }
    fs.writeFileSync(path.join(artifacts, 'extension-host-output.log'), extensionHostOutput.join('\n') + '\n');
    log(`logs saved to ${path.relative(ROOT, artifacts)}/`);
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s, peak memory PSS ${mib(peak.pss)} (RSS sum ${mib(peak.rss)}); screenshots in ${path.relative(ROOT, artifacts)}/`);
  console.log(`\nui-suite: ${passed} passed, ${failed} failed`);
  if (harnessError) return 2;
  if (totalTimedOut) return 3;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(exitCode(code)),
  async (e) => {
    log(`ERROR ${e.stack || e}`);
    await runCleanups();
    process.exit(exitCode(2));
  },
);
