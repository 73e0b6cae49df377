// What activating the extension loads (issue 12 §5): dist/extension.js alone. undici (the
// REST transport, dist/rest-lib.js), fast-xml-parser (dist/xml-lib.js), jsonc-parser (workspace
// monitor definitions, dist/jsonc-lib.js) and the simulator (dist/simulator-lib.js)
// are files of their own, loaded on first use. Checked in a child
// process against a do-nothing `vscode` module (as bench measure 7 does), and each lazy file
// is checked to load on its own and offer what the code asks of it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

before(() => {
  for (const f of ['extension.js', 'rest-lib.js', 'xml-lib.js', 'simulator-lib.js', 'jsonc-lib.js']) {
    if (!existsSync(path.join(DIST, f))) throw new Error(`missing dist/${f}: run "npm run build" first (npm test builds it)`);
  }
});

const PROBE = `
const Module = require('module');
let stub;
const proto = new Proxy({}, { get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : stub) });
stub = new Proxy(function () {}, {
  get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : k === Symbol.iterator ? function* () {} : stub),
  apply: () => stub, construct: () => stub, getPrototypeOf: () => proto,
  set: () => true, defineProperty: () => true, has: () => true,
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const ext = require(process.argv[2]);
const ctx = { subscriptions: [], globalState: stub, workspaceState: stub, secrets: stub, extensionUri: stub, extension: stub,
  extensionPath: __dirname, storageUri: stub, globalStorageUri: stub, logUri: stub, extensionMode: 1, asAbsolutePath: (p) => p };
let activated = false;
try { ext.activate(ctx); activated = true; } catch (e) { process.stderr.write(String(e && e.stack || e)); }
setTimeout(() => {
  const dist = process.argv[3];
  const timing = globalThis[Symbol.for('digiPushMonitor.activationTiming')];
  process.stdout.write(JSON.stringify({ activated, timing, loaded: Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length)).sort() }));
  process.exit(0);
}, 300);
`;

test('activate() loads dist/extension.js and no lazy file, and records its timing for the real-VS-Code runner', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpm-activation-'));
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(probe, PROBE);
  const out = JSON.parse(execFileSync(process.execPath, [probe, path.join(DIST, 'extension.js'), DIST + path.sep], { encoding: 'utf8', timeout: 30_000 })) as {
    activated: boolean;
    loaded: string[];
    timing?: { bundleStart?: number; activateStart?: number; activateEnd?: number };
  };
  assert.ok(out.activated, 'activate() ran to its end against the stub');
  assert.deepEqual(out.loaded, ['extension.js']);
  const t = out.timing;
  assert.ok(t?.bundleStart !== undefined && t.activateStart !== undefined && t.activateEnd !== undefined, JSON.stringify(t));
  assert.ok(t.bundleStart <= t.activateStart && t.activateStart <= t.activateEnd, JSON.stringify(t));
});

test('the lazy files load on their own and export what the core requires of them', () => {
  const script = `
    const rest = require(${JSON.stringify(path.join(DIST, 'rest-lib.js'))});
    const xml = require(${JSON.stringify(path.join(DIST, 'xml-lib.js'))});
    const t = rest.createTransport({ tls: { rejectUnauthorized: true }, connectTimeout: 1000, headersTimeout: 1000, bodyTimeout: 1000, maxResponseSize: 1000 });
    const p = rest.createTransport({ tls: { rejectUnauthorized: true }, connectTimeout: 1000, headersTimeout: 1000, bodyTimeout: 1000, maxResponseSize: 1000,
      proxy: { uri: 'http://proxy.example:3128', tls: { rejectUnauthorized: true } } });
    const parsed = new xml.XMLParser().parse('<a><b>1</b></a>');
    const built = new xml.XMLBuilder({}).build({ a: { b: 2 } });
    const jsonc = require(${JSON.stringify(path.join(DIST, 'jsonc-lib.js'))});
    const tree = jsonc.parseTree('// c\\n{"a": [1, 2,],}', [], { allowTrailingComma: true });
    const jsoncOk = tree.children[0].children[1].children.length === 2 && jsonc.printParseErrorCode(6) === 'CommaExpected';
    Promise.all([t.close(), p.close()]).then(() => process.stdout.write(JSON.stringify({ request: typeof rest.request, parsed, built, jsoncOk })));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 })) as Record<string, unknown>;
  assert.deepEqual(out, { request: 'function', parsed: { a: { b: 1 } }, built: '<a><b>2</b></a>', jsoncOk: true });
});
