// Static guards on the webview code and its HTML shell: no HTML-parsing sinks, no eval,
// a strict CSP with a nonce and nothing inline but nonce'd scripts/styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeNonce, renderViewerHtml, viewerCsp } from '../../../src/extension/viewer/html';

const WEBVIEW = path.resolve(__dirname, '../../../src/webview');
const SHARED = path.resolve(__dirname, '../../../src/shared');

const sources = () =>
  [WEBVIEW, SHARED].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')] as const));

test('no HTML-parsing sinks or dynamic code in the webview', () => {
  const banned = [/\binnerHTML\b/, /\bouterHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new\s+Function\s*\(/, /createContextualFragment/, /DOMParser/, /\bsrcdoc\b/, /setTimeout\(\s*['"`]/, /\.href\s*=/, /\.src\s*=/, /javascript:/];
  const files = sources();
  assert.ok(files.length >= 8, 'webview sources found');
  for (const [name, src] of files) {
    const code = src.replace(/^\s*\/\/.*$/gm, '');
    for (const b of banned) assert.ok(!b.test(code), `${name} uses ${b}`);
  }
});

test('the shared protocol and display modules import neither vscode nor the DOM', () => {
  for (const f of ['viewerProtocol.ts', 'displayText.ts']) {
    const src = readFileSync(path.join(SHARED, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    assert.ok(!/from 'vscode'/.test(src), `${f} imports vscode`);
    assert.ok(!/\b(document|window)\./.test(src), `${f} touches the DOM`);
  }
});

test('host modules that do not need vscode do not import it', () => {
  const dir = path.resolve(__dirname, '../../../src/extension/viewer');
  // The registration, the panels and the file dialogs are the vscode side; everything else runs under Node.
  const vscodeSide = new Set(['eventViewer.ts', 'viewerPanel.ts', 'viewerFiles.ts']);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !vscodeSide.has(x))) {
    assert.ok(!/from 'vscode'/.test(readFileSync(path.join(dir, f), 'utf8')), `${f} imports vscode`);
  }
});

test('CSP: default-src none, scripts by nonce only, styles/fonts/images from the webview origin', () => {
  const nonce = makeNonce();
  const csp = viewerCsp('https://x.vscode-cdn.net', nonce);
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'(;|$)`));
  assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net 'nonce-/);
  assert.match(csp, /font-src https:\/\/x\.vscode-cdn\.net(;|$)/);
  assert.match(csp, /img-src https:\/\/x\.vscode-cdn\.net(;|$)/);
  assert.ok(!/unsafe-(inline|eval)/.test(csp));
  assert.ok(!/connect-src/.test(csp), 'the webview cannot fetch anything');
  assert.match(csp, /frame-src 'none'/);
});

test('HTML shell: every script and stylesheet carries the nonce; no inline handlers; attribute values escaped', () => {
  const nonce = makeNonce();
  const html = renderViewerHtml({ cspSource: 'https://x', nonce, scriptUri: 'https://x/viewer.js?a="b"', styleUris: ['https://x/a.css'], title: '<Events "x">' });
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  for (const s of [...scripts, ...(html.match(/<link\b[^>]*>/g) ?? [])]) assert.ok(s.includes(`nonce="${nonce}"`), s);
  assert.ok(!/\son\w+=/i.test(html));
  assert.ok(html.includes('&lt;Events &quot;x&quot;&gt;'));
  assert.ok(html.includes('viewer.js?a=&quot;b&quot;'));
  assert.throws(() => renderViewerHtml({ cspSource: 'x', nonce: 'bad nonce"', scriptUri: '', styleUris: [], title: '' }));
  const boot = renderViewerHtml({ cspSource: 'x', nonce, scriptUri: 'u', styleUris: [], title: 't', bootstrapScript: 'var s = "</script><script>alert(1)</script>";' });
  assert.equal((boot.match(/<\/script>/g) ?? []).length, 2, 'a bootstrap cannot close its script element early');
  assert.notEqual(makeNonce(), makeNonce());
});
