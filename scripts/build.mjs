// Bundles every entry point with esbuild. Node bundles are CommonJS (what VS Code's
// extension host and `bin` scripts load); the webview bundle targets the browser.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeEntries = [
  { in: 'src/cli/pushClientMain.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/cli/simulatorMain.ts', out: 'dist/simulator.js', banner: '#!/usr/bin/env node' },
  // The banner marks when the bundle starts running (src/extension/activationTiming.ts); its
  // own "use strict" keeps the whole file strict (a directive must come first).
  {
    in: 'src/extension/extension.ts',
    out: 'dist/extension.js',
    lazy: 'extension',
    banner: '"use strict";\nglobalThis[Symbol.for("digiPushMonitor.activationTiming")] = { bundleStart: performance.now() };',
  },
  // Loaded on first use by the extension (lazyPlugin below), so activate() loads none of them:
  // the simulator as a library (its CA and certificate code is a third of the extension),
  // undici for REST (src/core/rest/undiciAgent.ts, through the package root) and fast-xml-parser.
  { in: 'src/simulator/index.ts', out: 'dist/simulator-lib.js', lazy: 'libs' },
  // A push session's receive path, in a worker thread the extension starts (src/extension/sessions/worker/).
  { in: 'src/extension/sessions/worker/sessionWorker.ts', out: 'dist/session-worker.js', lazy: 'libs' },
  { in: 'src/core/rest/undiciAgent.ts', out: 'dist/rest-lib.js' },
  { in: 'fast-xml-parser', out: 'dist/xml-lib.js', isPackage: true },
  // jsonc-parser (workspace monitor definitions) from its ESM build: the package's main is a UMD
  // wrapper whose require() calls esbuild cannot follow.
  { in: 'node_modules/jsonc-parser/lib/esm/main.js', out: 'dist/jsonc-lib.js' },
];

/**
 * What the extension bundle loads from a file of its own, on first use: an import matching
 * `filter` made from a file under `importer` becomes require('./<file>') at run time (dist/
 * beside extension.js). Only third-party code and the simulator go there: a class of our core
 * would have a second copy in such a file, and instanceof would fail across them.
 */
const LAZY_FILES = [
  { filter: /\/simulator\/index\.js$/, importer: 'src/extension/', file: './simulator-lib.js', extensionOnly: true },
  { filter: /^\.\/undiciAgent$/, importer: 'src/core/rest/', file: './rest-lib.js' },
  { filter: /^fast-xml-parser$/, importer: 'src/core/', file: './xml-lib.js' },
  { filter: /^jsonc-parser$/, importer: 'src/extension/', file: './jsonc-lib.js', extensionOnly: true },
];
// dist/simulator-lib.js shares dist/rest-lib.js and dist/xml-lib.js with the extension.
const lazyPlugin = (which) => ({
  name: 'lazy-files',
  setup(b) {
    for (const lazy of LAZY_FILES.filter((l) => which === 'extension' || !l.extensionOnly)) {
      const under = `${path.sep}${lazy.importer.split('/').filter(Boolean).join(path.sep)}${path.sep}`;
      b.onResolve({ filter: lazy.filter }, (args) => (args.importer.includes(under) ? { path: lazy.file, external: true } : undefined));
    }
  },
});
const browserEntries = [{ in: 'src/webview/main.ts', out: 'media/dist/viewer.js' }];

const present = (entries) => entries.filter((e) => e.isPackage || existsSync(path.join(root, e.in)));

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
    plugins: entry.lazy ? [lazyPlugin(entry.lazy)] : [],
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
// uPlot's stylesheet (the Chart tab) goes in front of the viewer's own rules in
// media/dist/viewer.css (ours override it): one stylesheet from our origin, as the CSP allows.
const uplotCss = path.join(root, 'node_modules/uplot/dist/uPlot.min.css');
if (present(browserEntries).length > 0 && existsSync(uplotCss)) {
  const viewerCss = path.join(root, 'media/dist/viewer.css');
  writeFileSync(viewerCss, `${readFileSync(uplotCss, 'utf8')}\n${readFileSync(viewerCss, 'utf8')}`);
}
