#!/usr/bin/env node
// Builds what the real-VS Code suites need: the extension bundle (scripts/build.mjs) and
// test/vscode/suite/*.ts → out/test/vscode/suite/*.js (CommonJS, `vscode` and `mocha`
// left to the extension host's require). Then run them with
//   node test/vscode/run-extension-tests.mjs --extensionDevelopmentPath=. \
//        --extensionTestsPath=out/test/vscode/suite/index.js
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = path.join(root, 'test', 'vscode', 'suite');
const outdir = path.join(root, 'out', 'test', 'vscode', 'suite');

const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

rmSync(outdir, { recursive: true, force: true });
const entryPoints = readdirSync(suiteDir)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(suiteDir, f));
await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
console.log(`built ${entryPoints.length} suite files into ${path.relative(root, outdir)}/`);
