// Pure helpers of setup.mjs, kept apart so a unit test can import them without installing
// anything (test/unit/vscodeSetupEnv.test.ts).
//
// 1. The environment of the nested `npm install`s (Node 24, code-server).
//    Under `npm test` / `npm run try` the environment carries what the outer npm put there for
//    its scripts: npm_config_user_agent ("npm/11 node/v20 …"), npm_config_loglevel,
//    npm_config_allow_scripts, npm_package_*, npm_lifecycle_*, NODE, its node_modules/.bin
//    directories in PATH … A nested npm reads every npm_config_* variable as its own config,
//    so it kept announcing "node/v20" to install scripts even when it ran on Node 24, and
//    code-server's postinstall (which takes the Node major from npm_config_user_agent) refused:
//    "code-server currently requires node v24 … detected node v20". Run from a shell, the same
//    install worked. nestedInstallEnv() makes both cases the same: it drops everything npm
//    derives from its own run and keeps only the settings that say how to reach the registry.
//
// 2. What to do when Debian packages are missing (systemPlan()): install them (root, apt-get
//    available, as in CI) or one line naming the command to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * npm_config_* settings a user may export in the shell to reach the registry (a mirror, a proxy,
 * a CA, a cache, the npmrc files to read). npm passes such variables through unchanged; they are
 * kept. Every other npm_config_* value is either a default npm computed for itself (user_agent,
 * node_gyp, npm_version, prefix, local_prefix, …) or an option of the outer command (loglevel
 * from `npm test -s`, allow_scripts, …), and is dropped.
 */
export const KEPT_NPM_CONFIG = new Set([
  'registry', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy',
  'cafile', 'ca', 'cert', 'key', 'strict_ssl', 'local_address',
  'cache', 'offline', 'prefer_offline', 'prefer_online', 'replace_registry_host',
  'fetch_retries', 'fetch_retry_factor', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout', 'fetch_timeout', 'maxsockets',
  'userconfig', 'globalconfig',
]);

/** Normalised npm config name of an environment variable (`npm_config_Https-Proxy` → `https_proxy`), or null. */
export function npmConfigName(envKey) {
  const m = /^npm_config_(.+)$/i.exec(envKey);
  return m ? m[1].toLowerCase().replace(/-/g, '_') : null;
}

function keepNpmConfig(name) {
  return KEPT_NPM_CONFIG.has(name)
    || /^@[^:]+:registry$/.test(name) // scoped registry: npm_config_@scope:registry
    || name.startsWith('//'); // per-registry auth: npm_config_//host/:_authToken
}

/**
 * PATH entries an outer npm prepends for its scripts: every node_modules/.bin from the package
 * up to / and its own node-gyp-bin (…/@npmcli/run-script/lib/node-gyp-bin).
 */
export function isNpmScriptPathEntry(dir) {
  const d = dir.replace(/[\\/]+$/, '');
  return /[\\/]node_modules[\\/]\.bin$/.test(d) || /[\\/]node-gyp-bin$/.test(d);
}

/**
 * The global npmrc the system npm reads: the one an outer npm names, else <prefix>/etc/npmrc
 * with the prefix derived from the running Node (what npm does). The nested npm runs on another
 * Node, whose own prefix (.vscode-test/node24/…) has no npmrc, so it is named explicitly.
 */
export function systemGlobalConfig(env, execPath) {
  for (const [k, v] of Object.entries(env)) {
    if (npmConfigName(k) === 'globalconfig' && v) return v;
  }
  if (env.PREFIX) return path.join(env.PREFIX, 'etc', 'npmrc');
  return path.join(path.dirname(path.dirname(execPath)), 'etc', 'npmrc');
}

/**
 * Environment for `node npm-cli.js install …` started by setup.mjs, built from `env` (usually
 * process.env) and independent of whether setup.mjs was started from a shell or by npm:
 *  - drops npm_* variables except the registry settings above, and NODE / INIT_CWD (set by npm
 *    for scripts), and the outer npm's node_modules/.bin and node-gyp-bin entries in PATH;
 *  - puts `nodeBinDir` (the Node the nested npm runs on) first in PATH;
 *  - names the system's global npmrc (`globalconfig`) so registry settings kept there still apply;
 *  - adds `set` last (e.g. npm_config_nodedir, XDG_*; a value of undefined removes the variable).
 */
export function nestedInstallEnv(env, { nodeBinDir, globalconfig, set = {} } = {}) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (/^npm_/i.test(k)) {
      const name = npmConfigName(k);
      if (name === null || !keepNpmConfig(name)) continue;
    }
    if (k === 'NODE' || k === 'INIT_CWD') continue;
    out[k] = v;
  }
  const pathKey = Object.keys(out).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const entries = (out[pathKey] ?? '').split(path.delimiter).filter((d) => d && !isNpmScriptPathEntry(d));
  if (nodeBinDir) entries.unshift(nodeBinDir);
  out[pathKey] = [...new Set(entries)].join(path.delimiter);
  if (globalconfig) {
    for (const k of Object.keys(out)) if (npmConfigName(k) === 'globalconfig') delete out[k];
    out.npm_config_globalconfig = globalconfig;
  }
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * What setup.mjs does about missing Debian packages.
 *   missing: [{ what, pkg: string[] }] from its system check (empty: nothing to do)
 *   isRoot, hasApt: may it run apt-get itself; allowInstall: false for --check or VSCODE_TEST_NO_APT=1
 * Returns { action: 'none' } | { action: 'install', pkgs, command } | { action: 'tell', pkgs, line }.
 * `line` is the single line to print: what is missing and the command that installs it.
 */
export function systemPlan({ missing, isRoot, hasApt, allowInstall = true }) {
  if (!missing.length) return { action: 'none' };
  const pkgs = [...new Set(missing.flatMap((m) => m.pkg))];
  const what = missing.map((m) => m.what).join(', ');
  if (hasApt && isRoot && allowInstall) return { action: 'install', pkgs, command: aptCommand(pkgs, { sudo: false }) };
  const fix = hasApt
    ? `run: ${aptCommand(pkgs, { sudo: !isRoot })}`
    : `install the Debian/Ubuntu packages ${pkgs.join(' ')} (or their equivalents for your system)`;
  return { action: 'tell', pkgs, line: `missing ${what} — ${fix}` };
}

export function aptCommand(pkgs, { sudo = false } = {}) {
  const s = sudo ? 'sudo ' : '';
  return `${s}apt-get update && ${s}apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

/**
 * npm's own CLI script (npm-cli.js), so setup.mjs can run it on a Node of its choice; undefined
 * when not found. Not pure: looks at the file system and PATH.
 */
export function npmCliPath(env = process.env, execPath = process.execPath) {
  const candidates = [];
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8', env });
  if (which.status === 0 && which.stdout.trim()) {
    try {
      const real = fs.realpathSync(which.stdout.trim());
      candidates.push(real.endsWith('.js') ? real : path.join(path.dirname(real), 'npm-cli.js'));
    } catch { /* fall through */ }
  }
  candidates.push(path.join(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  return candidates.find((c) => fs.existsSync(c));
}
