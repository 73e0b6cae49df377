#!/usr/bin/env node
// Self-test of the real-VS Code harness, against the fixture extension (test/vscode/fixture-ext):
//   1. setup.mjs (idempotent: installs Node 24 + code-server into .vscode-test/ when missing)
//   2. runTests() of @vscode/test-electron through code-shim.sh: the passing suite resolves
//   3. the same with the deliberately failing test: non-zero exit, the failing test is named,
//      the summary line counts it, runTests() rejects, logs + screenshot land in test-artifacts/
//   4. an entry whose run() never settles: the --timeout fires, counted from the entry's start
//      signal, not from launch (exit 3, screenshot); 3 s is shorter than any start-up, so a clock
//      started at launch would fire before the entry ran (the race this check guards against)
//   5. the UI tests (palette command, tree rows, webview text, output channel)
// After every run, no process started by it may remain (tracked through an environment tag that
// code-server, the extension host and Chromium inherit).
//
//   node test/vscode/selftest.mjs        last line: `vscode-selftest: N passed, N failed`
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, HERE, ROOT } from './config.mjs';

const results = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Non-zombie processes whose environment carries VSCODE_TEST_RUN_TAG=tag. */
function taggedProcesses(tag) {
  const needle = Buffer.from(`VSCODE_TEST_RUN_TAG=${tag}\0`);
  const found = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (fs.readFileSync(`/proc/${d}/environ`).includes(needle)) {
        found.push(`${d} ${fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`);
      }
    } catch { /* exited meanwhile, or not readable */ }
  }
  return found;
}

let runNo = 0;
/** Runs `node args…` with a fresh tag; streams its output indented; resolves { code, out, ms, leftovers }. */
async function runNode(args) {
  const tag = `selftest-${process.pid}-${++runNo}`;
  const t = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, VSCODE_TEST_RUN_TAG: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const relay = (stream) => {
    let buf = '';
    stream.on('data', (d) => {
      out += d;
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) process.stdout.write(`    │ ${l}\n`);
    });
    stream.on('end', () => { if (buf) process.stdout.write(`    │ ${buf}\n`); });
  };
  relay(child.stdout);
  relay(child.stderr);
  const code = await new Promise((resolve) => child.on('close', (c, sig) => resolve(c ?? `signal ${sig}`)));
  const ms = Date.now() - t;
  // Processes of a finished run should be gone already; allow a few seconds for Chromium's
  // helpers to notice their parent left before calling it a leak.
  let leftovers = taggedProcesses(tag);
  for (let waited = 0; leftovers.length && waited < 5000; waited += 100) {
    await sleep(100);
    leftovers = taggedProcesses(tag);
  }
  return { code, out, ms, leftovers };
}

async function check(name, fn) {
  console.log(`\n● ${name}`);
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`✔ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`✖ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s): ${e.message}`);
  }
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

function expectClean(r) {
  expect(!r.leftovers.length, `processes left behind:\n  ${r.leftovers.join('\n  ')}`);
}

const rel = (p) => path.relative(ROOT, path.join(HERE, p));
const T0 = Date.now();

let ready = false;
await check('setup.mjs: Node 24, code-server and Chromium are ready', async () => {
  const r = await runNode([rel('setup.mjs')]);
  expect(r.code === 0, `setup.mjs exited ${r.code}`);
  ready = true;
});

if (ready) {
  await check('runTests() through code-shim.sh: the passing fixture suite resolves', async () => {
    const r = await runNode([rel('runTest.electron.mjs')]);
    expect(r.code === 0, `exit ${r.code}`);
    expect(/^vscode-suite: [1-9]\d* passed, 0 failed$/m.test(r.out), 'no "vscode-suite: N passed, 0 failed" line');
    expect(/✔ the webview panel opens/.test(r.out), 'mocha output was not relayed');
    expect(/runTests resolved/.test(r.out), 'runTests() did not resolve');
    expectClean(r);
  });

  await check('a failing test: named in the output, counted, non-zero exit, runTests() rejects', async () => {
    const artifacts = path.join(ARTIFACTS_DIR, 'vscode-suite', 'fixture-ext-suite-failing');
    fs.rmSync(artifacts, { recursive: true, force: true });
    const r = await runNode([rel('runTest.electron.mjs'), '--failing']);
    expect(r.code === 1, `exit ${r.code}, expected 1`);
    expect(/1\) harness failure reporting\s+deliberately fails so the harness must report it/.test(r.out), 'failing test not named');
    expect(/AssertionError/.test(r.out), 'assertion message not relayed');
    expect(/^vscode-suite: [1-9]\d* passed, 1 failed$/m.test(r.out), 'no "vscode-suite: N passed, 1 failed" line');
    expect(/runTests rejected: Test run failed with code 1/.test(r.out), 'runTests() did not reject with code 1');
    for (const f of ['final.png', 'code-server.log', 'browser-console.log', 'extension-host-output.log']) {
      expect(fs.existsSync(path.join(artifacts, f)), `${f} not saved in ${path.relative(ROOT, artifacts)}`);
    }
    expectClean(r);
  });

  await check('a run() that never settles: the timeout counts from the entry\'s start, screenshot, exit 3', async () => {
    const artifacts = path.join(ARTIFACTS_DIR, 'vscode-suite', 'fixture-ext-suite-hanging');
    fs.rmSync(artifacts, { recursive: true, force: true });
    const timeout = 3000;
    const r = await runNode([rel('run-extension-tests.mjs'), `--extensionDevelopmentPath=${rel('fixture-ext')}`,
      `--extensionTestsPath=${rel('fixture-ext/suite/hanging/index.js')}`, '--timeout', String(timeout)]);
    expect(r.code === 3, `exit ${r.code}, expected 3`);
    expect(/test entry started \d+ ms after launch/.test(r.out), 'the harness saw no start signal from the entry');
    expect(/hanging entry started/.test(r.out), 'the entry never ran');
    const m = /TIMEOUT: run\(\) did not settle within (\d+) ms of the test entry starting \(--timeout; the timer fired after (\d+) ms/.exec(r.out);
    expect(m, 'no TIMEOUT message counted from the entry\'s start');
    expect(Number(m[1]) === timeout && Number(m[2]) >= timeout, `timer: ${m[0]}`);
    expect(/^vscode-suite: 0 passed, 1 failed$/m.test(r.out), 'no "vscode-suite: 0 passed, 1 failed" line');
    expect(fs.existsSync(path.join(artifacts, 'timeout.png')), 'no timeout.png');
    expectClean(r);
  });

  await check('UI tests: palette command, tree rows, webview text, output channel, console relay', async () => {
    const r = await runNode([rel('run-ui-tests.mjs'), `--extensionDevelopmentPath=${rel('fixture-ext')}`,
      '--workspace', rel('fixture-ext/workspace'), rel('fixture-ext/ui/fixture.ui.mjs')]);
    expect(r.code === 0, `exit ${r.code}`);
    expect(/^ui-suite: 6 passed, 0 failed$/m.test(r.out), 'no "ui-suite: 6 passed, 0 failed" line');
    expect(fs.existsSync(path.join(ARTIFACTS_DIR, 'vscode-ui', 'fixture-ext', 'fixture.ui-03-webview.png')), 'no webview screenshot');
    expectClean(r);
  });
}

const failed = results.filter((r) => !r.ok).length + (ready ? 0 : 4);
const passed = results.filter((r) => r.ok).length;
console.log(`\nharness self-test took ${((Date.now() - T0) / 1000).toFixed(1)} s`);
console.log(`vscode-selftest: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
