// Bundles every entry point with esbuild. Node bundles are CommonJS (what VS Code's
// extension host and `bin` scripts load); the webview bundle targets the browser.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeEntries = [
  { in: 'src/cli/pushClientMain.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/cli/simulatorMain.ts', out: 'dist/simulator.js', banner: '#!/usr/bin/env node' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', lazySimulator: true },
  // The simulator as a library, loaded on first use by the extension (its CA and certificate
  // code is a third of the extension otherwise, and activation never needs it).
  { in: 'src/simulator/index.ts', out: 'dist/simulator-lib.js' },
];

/** Resolves the extension's dynamic import of the simulator to the separate dist/simulator-lib.js. */
const lazySimulatorPlugin = {
  name: 'lazy-simulator',
  setup(b) {
    b.onResolve({ filter: /\/simulator\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}src${path.sep}extension${path.sep}`) ? { path: './simulator-lib.js', external: true } : undefined,
    );
  },
};
const browserEntries = [{ in: 'src/webview/main.ts', out: 'media/dist/viewer.js' }];

const present = (entries) => entries.filter((e) => existsSync(path.join(root, e.in)));

async function bundle(entry, platform) {
  const options = {
    absWorkingDir: root,
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'iife',
    target: platform === 'node' ? 'node20' : 'es2022',
    external: platform === 'node' ? ['vscode'] : [],
    sourcemap: production ? false : 'linked',
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
    banner: entry.banner ? { js: entry.banner } : undefined,
    metafile: true,
    plugins: entry.lazySimulator ? [lazySimulatorPlugin] : [],
    define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
  };
  if (watch) {
    const { context } = await import('esbuild');
    const ctx = await context(options);
    await ctx.watch();
    return;
  }
  const result = await build(options);
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`built ${entry.out} (${(bytes / 1024).toFixed(1)} KiB)`);
}

for (const e of present(nodeEntries)) await bundle(e, 'node');
for (const e of present(browserEntries)) await bundle(e, 'browser');

// Webview assets next to the viewer bundle (localResourceRoots is media/dist only):
// codicons (stylesheet + font) and the viewer's own stylesheet.
const webviewAssets = [
  ['node_modules/@vscode/codicons/dist/codicon.css', 'media/dist/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'media/dist/codicon.ttf'],
  ['media/viewer.css', 'media/dist/viewer.css'],
];
if (present(browserEntries).length > 0) {
  for (const [from, to] of webviewAssets) {
    if (!existsSync(path.join(root, from))) continue;
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    copyFileSync(path.join(root, from), path.join(root, to));
  }
}
