// What the VSIX ships: `vsce ls` (the file list `npm run package` packs, read from the same
// package.json and .vscodeignore) must hold what the extension runs and what the Marketplace
// page shows, and nothing else. The manifest carries the fields the Marketplace reads.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

let files: string[] = [];

before(() => {
  if (!existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('missing dist/extension.js: run "npm run build" first (npm test builds it)');
  // The same flags as `npm run package`, so the list is what that command packs.
  const packageScript = String((manifest.scripts as Record<string, string>).package);
  const flags = packageScript.split(/\s+/).slice(2).filter((f) => f !== '--no-rewrite-relative-links');
  const out = execFileSync(process.execPath, [VSCE, 'ls', ...flags], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
});

test('the VSIX holds the extension bundle, the viewer, the walkthrough and the Marketplace documents', () => {
  assert.ok(files.length > 0, 'vsce ls listed no files');
  for (const required of [
    'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
    'dist/extension.js', 'dist/simulator-lib.js', 'dist/rest-lib.js', 'dist/xml-lib.js',
    'media/icon.png', 'media/activitybar.svg',
    'media/dist/viewer.js', 'media/dist/viewer.css', 'media/dist/codicon.css', 'media/dist/codicon.ttf',
  ]) {
    assert.ok(files.includes(required), `${required} is missing from the VSIX: ${files.join(', ')}`);
  }
  const walkthrough = files.filter((f) => f.startsWith('media/walkthrough/') && f.endsWith('.md'));
  assert.ok(walkthrough.length >= 4, `walkthrough pages: ${walkthrough.join(', ')}`);
});

test('the VSIX holds no sources, tests, maps, CLI bundles or dependencies', () => {
  assert.ok(files.length > 0, 'vsce ls listed no files');
  const stray = files.filter((f) =>
    /^(src|test|bench|reliability|scripts|docs|out|node_modules|\.vscode-test)\//.test(f)
    || f.endsWith('.map') || f.endsWith('.ts')
    || f === 'dist/cli.js' || f === 'dist/simulator.js');
  assert.deepEqual(stray, []);
});

test('the manifest has the fields the Marketplace page reads', () => {
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'homepage']) {
    assert.equal(typeof manifest[field], 'string', `package.json "${field}"`);
    assert.ok((manifest[field] as string).length > 0, `package.json "${field}" is empty`);
  }
  assert.match(String((manifest.repository as { url?: string } | undefined)?.url), /^https:\/\//, 'repository.url');
  assert.match(String((manifest.bugs as { url?: string } | undefined)?.url), /^https:\/\//, 'bugs.url');
  const banner = manifest.galleryBanner as { color?: string; theme?: string } | undefined;
  assert.match(String(banner?.color), /^#[0-9a-fA-F]{6}$/, 'galleryBanner.color');
  assert.ok(banner?.theme === 'dark' || banner?.theme === 'light', 'galleryBanner.theme');
  assert.ok(Array.isArray(manifest.categories) && manifest.categories.length > 0, 'categories');
  assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'keywords (1 to 30)');
  assert.ok(existsSync(path.join(ROOT, String(manifest.icon))), `icon ${String(manifest.icon)} exists`);
});
