// What the benchmarks that run in a REAL VS Code share (bench/viewerVscode.mjs, measure 6, and
// bench/devicesVscode.mjs, measure 9): build the extension and bundle the bench's extension-host
// entry, run that entry in code-server + headless Chromium (test/vscode/harness.mjs) while the
// runner reads its "[<tag>] {json}" lines and watches the workbench, and percentiles.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, launchBrowser, log, relayConsole, runCleanups, startCodeServer, workbenchUrl } from '../test/vscode/harness.mjs';

/** Builds dist/ (scripts/build.mjs) and bundles bench/<name>/index.ts into out/bench/<name>/; returns that directory. Exits on a failed build. */
export async function buildBenchEntry(name) {
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
  const outDir = path.join(ROOT, 'out', 'bench', name);
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT, entryPoints: [path.join(ROOT, 'bench', name, 'index.ts')], outdir: outDir,
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
  });
  return outDir;
}

/**
 * Runs out/bench/<name>/index.js as the extensionTestsPath entry of a fresh workbench. Each
 * extension-host line holding `[<tag>] ` is parsed as JSON and given to onEvent; other lines
 * mentioning an error are echoed. `watch(page, state)` runs beside it (Playwright on the
 * workbench) until it returns; `state.done` is true once run() settled or the run failed. Resolves
 * to { failure } (undefined when run() resolved) after everything it started is stopped.
 */
export async function runBenchEntry({ outDir, tag, wallMs, onEvent, watch }) {
  const state = { done: false, failure: undefined };
  let server;
  let browser;
  let finish;
  const finished = new Promise((r) => { finish = r; });
  const fail = (why) => { state.failure = state.failure ?? why; finish(); };
  const wall = setTimeout(() => fail(`wall-clock timeout (${Math.round(wallMs / 1000)} s)`), wallMs);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${tag}-`));
  const marker = `[${tag}] `;
  try {
    server = await startCodeServer({ workDir, logFile: path.join(workDir, 'code-server.log') });
    browser = await launchBrowser();
    const { page } = browser;
    await page.exposeFunction('codeAutomationExit', (code) => (Number(code) !== 0 ? fail(`extension host run() failed (code ${code})`) : finish()));
    relayConsole(page, ({ extHost }) => {
      if (extHost === null) return;
      const i = extHost.indexOf(marker);
      if (i < 0) {
        if (/error|fail/i.test(extHost)) process.stdout.write(`  host: ${extHost}\n`);
        return;
      }
      onEvent(JSON.parse(extHost.slice(i + marker.length)));
    });
    page.on('crash', () => fail('the page crashed'));
    const url = workbenchUrl(server, { extensionDevelopmentPath: [ROOT], extensionTestsPath: path.join(outDir, 'index.js'), debugId: 'vscode-test-harness' });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120000 });
    const watching = watch ? watch(page, state) : Promise.resolve();
    await finished;
    state.done = true;
    await watching;
  } catch (e) {
    state.failure = state.failure ?? (e.stack || e.message);
    state.done = true;
  }
  clearTimeout(wall);
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  await runCleanups();
  fs.rmSync(workDir, { recursive: true, force: true });
  if (state.failure) log(`run failed: ${state.failure}`);
  return { failure: state.failure };
}

/** The p-th percentile (nearest rank, sorted copy); NaN for an empty list. */
export function pct(arr, p) {
  if (!arr.length) return NaN;
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
