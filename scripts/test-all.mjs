// Runs every suite of the project and ends with one line `N passed, N failed`
// summed over all of them (CI reads that line). Static checks (build, types,
// lint) count as one test each; node:test suites count their own tests.
// First the system packages (test/vscode/setup.mjs --system-only: as root with apt-get it
// installs Chromium and the build tools; otherwise, if they are missing, the run stops with one
// line naming the apt-get command).
//
//   node scripts/test-all.mjs              everything
//   node scripts/test-all.mjs --only node  only the node:test suites
//   node scripts/test-all.mjs test/unit/codec.test.ts   just these files
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const explicitFiles = args.filter((a) => a.endsWith('.ts'));

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env, ...opts });
}

function check(name, cmd, cmdArgs) {
  console.log(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = run(cmd, cmdArgs);
  if (r.status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(`${name} (exit ${r.status ?? r.signal})`);
  }
}

function findTests(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs).sort()) {
    const p = path.join(abs, name);
    if (statSync(p).isDirectory()) out.push(...findTests(path.join(dir, name)));
    else if (name.endsWith('.test.ts')) out.push(path.join(dir, name));
  }
  return out;
}

function nodeSuites() {
  const files = explicitFiles.length
    ? explicitFiles
    : ['test/unit', 'test/integration', 'test/e2e'].flatMap(findTests);
  console.log(`\n=== node:test suites (${files.length} files)`);
  if (files.length === 0) {
    totals.failed += 1;
    failures.push('node:test suites: no test files found');
    return;
  }
  const tap = path.join(tmpdir(), `.tap-${process.pid}.txt`);
  const r = run(process.execPath, [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(tap, { force: true });
  const count = (label) => Number((text.match(new RegExp(`^# ${label} (\\d+)$`, "m")) ?? [])[1] ?? 0);
  const pass = count('pass');
  const fail = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  totals.passed += pass;
  totals.failed += fail;
  totals.skipped += skipped;
  if (r.status !== 0 && fail === 0) {
    totals.failed += 1;
    failures.push(`node:test exited ${r.status ?? r.signal} without a failing test (crash?)`);
  }
  for (const m of text.matchAll(/^\s*not ok \d+ - (.*)$/gm)) failures.push(m[1]);
}

/**
 * Runs a runner that prints `label: N passed, N failed[, N skipped]` as its last summary
 * and adds those counts; a runner that dies without that line counts as one failure.
 */
async function countedRun(name, cmdArgs, label) {
  console.log(`\n=== ${name}: node ${cmdArgs.join(' ')}`);
  const child = spawn(process.execPath, cmdArgs, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  const status = await new Promise((resolve) => child.on('close', (code, sig) => resolve(code ?? sig)));
  const m = [...out.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$`, 'gm'))].at(-1);
  if (!m) {
    totals.failed += 1;
    failures.push(`${name}: no "${label}: N passed, N failed" line (exit ${status})`);
    return;
  }
  totals.passed += Number(m[1]);
  totals.failed += Number(m[2]);
  totals.skipped += Number(m[3] ?? 0);
  if (Number(m[2]) > 0) failures.push(`${name}: ${m[2]} failed (see above)`);
  else if (status !== 0) {
    totals.failed += 1;
    failures.push(`${name} exited ${status} without a failing test`);
  }
}

/**
 * test/vscode/setup.mjs [args]: as root with apt-get it installs the Debian packages the suites
 * need (Chromium, build tools), then code-server + Node 24 into .vscode-test/ once (0.1 s when
 * present). When it cannot, it ends with one `[vscode-setup] ERROR: …` line naming the command
 * to run; that line goes into the summary, so `npm test` ends with it right above the counts.
 * Returns true when ready.
 */
function vscodeSetup(name, args = []) {
  console.log(`\n=== ${name}: node test/vscode/setup.mjs${args.map((a) => ` ${a}`).join('')}`);
  const r = run(process.execPath, ['test/vscode/setup.mjs', ...args], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(r.stderr ?? '');
  if (r.status === 0) {
    totals.passed += 1;
    return true;
  }
  totals.failed += 1;
  const reason = [...String(r.stderr ?? '').matchAll(/^\[vscode-setup\] ERROR: (.*)$/gm)].at(-1)?.[1];
  failures.push(reason ? `${name}: ${reason}` : `${name} (exit ${r.status ?? r.signal})`);
  return false;
}

async function vscodeSuites() {
  if (!vscodeSetup('VS Code test setup')) return;
  await countedRun('VS Code harness self-test', ['test/vscode/selftest.mjs'], 'vscode-selftest');
  check('build extension test bundle', process.execPath, ['scripts/build-vscode-tests.mjs']);
  // @vscode/test-electron's runTests() with code-shim.sh as the VS Code executable (offline:
  // code-server + headless Chromium); `node test/vscode/runTest.mjs --desktop` downloads VS Code.
  await countedRun('VS Code extension-host suites', ['test/vscode/runTest.mjs'], 'vscode-suite');
  const uiTests = existsSync(path.join(root, 'test/vscode/ui'))
    ? readdirSync(path.join(root, 'test/vscode/ui')).filter((f) => f.endsWith('.ui.mjs')).map((f) => `test/vscode/ui/${f}`)
    : [];
  // devices.ui.mjs opens a folder and starts from a window nothing else used, viewer-chart.ui.mjs makes a session of its own: a workbench each.
  const ownWorkbench = new Set(['test/vscode/ui/devices.ui.mjs', 'test/vscode/ui/viewer-chart.ui.mjs']);
  const shared = uiTests.filter((f) => !ownWorkbench.has(f));
  // Sorted so monitors.ui.mjs (creates the live session) runs before viewer.ui.mjs (uses it).
  if (shared.length) await countedRun('VS Code UI tests', ['test/vscode/run-ui-tests.mjs', '--extensionDevelopmentPath=.', ...shared.sort()], 'ui-suite');
  for (const f of uiTests.filter((x) => ownWorkbench.has(x))) {
    await countedRun(`VS Code UI tests (${path.basename(f)})`, ['test/vscode/run-ui-tests.mjs', '--extensionDevelopmentPath=.', '--name', path.basename(f, '.ui.mjs'), f], 'ui-suite');
  }
  // The viewer in a real VS Code with the hostile corpus and window reload (a small stand-in extension).
  check('build viewer smoke extension', process.execPath, ['test/fixtures/viewer-smoke-ext/build.mjs']);
  const smokeUi = ['test/fixtures/viewer-smoke-ext/ui/viewer.ui.mjs', 'test/fixtures/viewer-smoke-ext/ui/restore.ui.mjs'];
  await countedRun('Viewer in a real VS Code', ['test/vscode/run-ui-tests.mjs', '--extensionDevelopmentPath=out/viewer-smoke-ext', ...smokeUi], 'ui-suite');
}

const wantStatic = !only && explicitFiles.length === 0;
// System packages first: the browser suites among the node:test ones need Chromium too. On a
// fresh machine that cannot get them, stop here with the one line that says what to run.
const systemReady = explicitFiles.length > 0 || vscodeSetup('System packages', ['--system-only']);
if (systemReady && wantStatic) {
  check('build', process.execPath, ['scripts/build.mjs']);
  check('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
  if (existsSync(path.join(root, 'src/webview/tsconfig.json'))) {
    check('typecheck webview', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'src/webview/tsconfig.json']);
  }
  check('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']);
}
if (systemReady && (!only || only === 'node')) nodeSuites();
if (systemReady && ((!only && explicitFiles.length === 0) || only === 'vscode')) await vscodeSuites();

console.log('');
if (failures.length) {
  console.log('Failed:');
  for (const f of failures) console.log(`  - ${f}`);
}
const skippedPart = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
