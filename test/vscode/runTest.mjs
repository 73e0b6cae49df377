#!/usr/bin/env node
// The extension's own extension-host suites through @vscode/test-electron's runTests() — the
// standard entry (what `npm test` runs; build first with scripts/build-vscode-tests.mjs):
//
//   node test/vscode/runTest.mjs [--timeout MS] [--startup-timeout MS] [--keep-logs] [--verbose]
//        offline (default): vscodeExecutablePath is code-shim.sh, so the suites run in
//        code-server 1.139.1 + headless Chromium (run-extension-tests.mjs). --startup-timeout
//        (default 300000) covers launch until the extension host loaded the test entry;
//        --timeout (default 300000) starts after that and covers run().
//   node test/vscode/runTest.mjs --desktop       (or VSCODE_TEST_DESKTOP=1)
//        for developers with internet: runTests() downloads VS Code 1.139.1 (into .vscode-test/)
//        and runs the same suites in the desktop app. --timeout/--startup-timeout do not apply
//        there (mocha's own per-test timeout in suite/index.ts still does).
// Either way the window opens a new empty temporary folder (removed afterwards) as its workspace.
//
// Either way the output has the line `vscode-suite: N passed, N failed[, N skipped]` (scripts/test-all.mjs
// parses the last one): the shim's runner prints it; in the desktop app, or should the child's last output
// be lost, it is worked out here from mocha's summary. Exit code: 0 when runTests() resolved,
// otherwise the code the run failed with (1 = tests failed, 2 = harness error, 3 = a timeout).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';
import { VSCODE_VERSION } from './config.mjs';

const { runTests } = testElectron;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const USAGE = 'usage: node test/vscode/runTest.mjs [--desktop] [--timeout MS] [--startup-timeout MS] [--keep-logs] [--verbose]';
const argv = process.argv.slice(2);
const desktop = argv.includes('--desktop') || /^(1|true|yes)$/i.test(process.env.VSCODE_TEST_DESKTOP ?? '');
const shimArgs = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--desktop') continue;
  if (a === '--keep-logs' || a === '--verbose') { shimArgs.push(a); continue; }
  const m = /^--(timeout|startup-timeout)(?:=(.*))?$/.exec(a);
  const value = m && (m[2] ?? argv[++i]);
  if (!m || !(Number(value) > 0)) {
    console.error(`runTest: bad argument ${a}\n${USAGE}`);
    console.log('vscode-suite: 0 passed, 1 failed');
    process.exit(2);
  }
  shimArgs.push(`--${m[1]}`, String(value));
}

// Tee what runTests() relays from the child (it writes through process.stdout.write).
let seen = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  seen += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  if (seen.length > 4_000_000) seen = seen.slice(-2_000_000);
  return write(chunk, ...rest);
};

// A fresh, empty folder as the workspace: the workspace-monitor suite writes its
// .vscode/digi-monitors.json there (opening a folder later would restart the extension host).
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dpm-suite-workspace-'));

let exitCode = 0;
try {
  await runTests({
    ...(desktop ? { version: VSCODE_VERSION } : { vscodeExecutablePath: path.join(here, 'code-shim.sh') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
    // --disable-extensions: only the extension under test (the shim ignores it, code-server
    // starts with fresh, empty user-data and extensions dirs anyway). The shim's own options
    // (clocks, logs) go after it; the desktop app does not get them.
    launchArgs: [workspace, '--disable-extensions', ...(desktop ? [] : shimArgs)],
  });
  console.log('runTests resolved');
} catch (err) {
  exitCode = typeof err?.code === 'number' && err.code > 0 ? err.code : 1;
  console.log(`runTests rejected: ${err?.message ?? err}`);
}
process.stdout.write = write;
fs.rmSync(workspace, { recursive: true, force: true });

if (!/^vscode-suite: \d+ passed, \d+ failed/m.test(seen)) {
  // Desktop VS Code (or a lost last line): mocha's summary from the relayed output.
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  let passed = 0; let failed = 0; let pending = 0; let found = false;
  for (const line of seen.split('\n').map(strip)) {
    let m;
    if ((m = /^\s*(\d+) passing\b/.exec(line))) { passed = Number(m[1]); found = true; }
    else if ((m = /^\s*(\d+) failing\b/.exec(line))) failed = Number(m[1]);
    else if ((m = /^\s*(\d+) pending\b/.exec(line))) pending = Number(m[1]);
  }
  // A failed run without a failing test (crash, timeout, no summary) counts as one failure.
  if (exitCode && !failed) failed = 1;
  if (!found && !exitCode) { failed = 1; exitCode = 1; }
  console.log(`vscode-suite: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
}
process.exitCode = exitCode;
