#!/usr/bin/env node
// Example: the standard @vscode/test-electron entry, unchanged except for vscodeExecutablePath,
// which points at code-shim.sh so the suite runs offline in code-server (no VS Code download).
//
//   node test/vscode/runTest.electron.mjs             fixture suite, must pass
//   node test/vscode/runTest.electron.mjs --failing   fixture suite + a deliberate failure, must reject
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';

const { runTests } = testElectron;
const here = path.dirname(fileURLToPath(import.meta.url));
const failing = process.argv.includes('--failing');

try {
  await runTests({
    vscodeExecutablePath: path.join(here, 'code-shim.sh'),
    extensionDevelopmentPath: path.join(here, 'fixture-ext'),
    extensionTestsPath: path.join(here, 'fixture-ext', 'suite', failing ? 'failing/index.js' : 'index.js'),
    // A folder opens as the workspace; desktop flags such as --disable-extensions are ignored.
    launchArgs: [path.join(here, 'fixture-ext', 'workspace'), '--disable-extensions'],
    extensionTestsEnv: { FIXTURE_FROM_RUNTESTS: '1' },
  });
  console.log('runTests resolved');
} catch (err) {
  console.error(`runTests rejected: ${err.message}`);
  process.exit(1);
}
