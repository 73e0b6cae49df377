// Config for @vscode/test-cli (`npx vscode-test`), for developers WITH internet access: it
// downloads VS Code 1.139.1 (what code-server 4.139.1 is) and runs the suites in the desktop app.
// @vscode/test-cli is not a dependency of the project: `npm i -D @vscode/test-cli` locally first.
// Offline (CI, this sandbox) the same suites run through test/vscode/run-extension-tests.mjs
// (code-server + headless Chromium): see test/vscode/README.md.
import { defineConfig } from '@vscode/test-cli';

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
  // The extension's own suites go here, e.g.
  // { label: 'extension', version: '1.139.1', files: 'out/test/vscode/**/*.test.js', mocha: { ui: 'bdd', timeout: 20000 } },
]);
