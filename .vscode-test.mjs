// Config for @vscode/test-cli (`npx vscode-test`), for developers WITH internet access: it
// downloads VS Code 1.139.1 (what code-server 4.139.1 is) and runs the suites in the desktop app.
// @vscode/test-cli is not a dependency of the project: `npm i -D @vscode/test-cli` locally first.
// Offline (CI, this sandbox) the same suites run through @vscode/test-electron's runTests() with
// test/vscode/code-shim.sh as the VS Code executable (code-server + headless Chromium):
// `node test/vscode/runTest.mjs` (what `npm test` runs; `--desktop` downloads VS Code instead of
// the shim, without @vscode/test-cli). See test/vscode/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@vscode/test-cli';

// The extension's suites, built by `node scripts/build-vscode-tests.mjs` (run it first). Listed
// in name order, as test/vscode/suite/index.ts runs them: 9-deactivate.test.js must come last.
const suiteDir = 'out/test/vscode/suite';
const extensionSuites = fs.existsSync(suiteDir)
  ? fs.readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort().map((f) => `${suiteDir}/${f}`)
  : `${suiteDir}/**/*.test.js`;

export default defineConfig([
  {
    // Self-test of the offline harness: the fixture extension's mocha suite.
    label: 'harness-fixture',
    version: '1.139.1',
    extensionDevelopmentPath: 'test/vscode/fixture-ext',
    files: 'test/vscode/fixture-ext/suite/*.test.js',
    workspaceFolder: 'test/vscode/fixture-ext/workspace',
    mocha: { ui: 'bdd', timeout: 20000, color: true },
  },
  {
    // The extension's own extension-host suites (the same ones `npm test` runs in code-server).
    label: 'extension',
    version: '1.139.1',
    extensionDevelopmentPath: '.',
    files: extensionSuites, // out/test/vscode/suite/**/*.test.js
    launchArgs: ['--disable-extensions'],
    // A fresh empty folder, as runTest.mjs gives: 4-devices writes .vscode/digi-monitors.json into it.
    workspaceFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'dpm-suite-workspace-')),
    mocha: { ui: 'bdd', timeout: 60000, color: true },
  },
]);
