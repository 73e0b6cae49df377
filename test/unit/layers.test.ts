// The layers of src/ are enforced by the linter (issue 12 §4, eslint.config.mjs): for each
// layer, every kind of forbidden import — static, type-only, re-export, import(), require(),
// at the layer's top and one folder down — is an error, and the imports a layer may make pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);
const eslint = new ESLint({ cwd: root });

/** The layer rules' messages for `code` linted as the file `file` (relative to the root). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
  assert.deepEqual(fatal.map((m) => m.message), [], `${file}: ${code} parses`);
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

const CORE_INDEX = /public index/;
const VSCODE = /`vscode` is imported only under src\/extension/;
const only = (layer: string) => new RegExp(`src/${layer} may import only`);

/** [file, code, what the message says] */
const FORBIDDEN: [string, string, RegExp][] = [
  // core: nothing outside src/core, no vscode
  ['src/core/x.ts', "import * as vscode from 'vscode';", VSCODE],
  ['src/core/x.ts', "import type { Uri } from 'vscode';", VSCODE],
  ['src/core/x.ts', "import { displayLine } from '../shared/displayText';", only('core')],
  ['src/core/x.ts', "import { activate } from '../extension/extension';", only('core')],
  ['src/core/x.ts', "import { startSimulator } from '../simulator';", only('core')],
  ['src/core/x.ts', "import { VECTORS } from '../../test/helpers/vectors';", only('core')],
  ['src/core/rest/x.ts', "import { prettyXml } from '../../shared/xmlText';", only('core')],
  ['src/core/rest/x.ts', "export { run } from '../../cli/pushClient/run';", only('core')],
  ['src/core/rest/x.ts', "export * from '../../simulator/index';", only('core')],
  ['src/core/rest/x.ts', "export async function f() { return import('../../extension/extension'); }", only('core')],
  ['src/core/x.ts', "export const s = require('../simulator');", only('core')],
  ['src/core/x.ts', "export const v = require('vscode');", VSCODE],
  // shared: pure, nothing outside src/shared
  ['src/shared/x.ts', "import { PushEvent } from '../core';", only('shared')],
  ['src/shared/x.ts', "import type { Logger } from '../core/logger';", only('shared')],
  ['src/shared/x.ts', "import { el } from '../webview/dom';", only('shared')],
  ['src/shared/x.ts', "import * as vscode from 'vscode';", VSCODE],
  // webview: only src/shared
  ['src/webview/x.ts', "import { PushEvent } from '../core';", only('webview')],
  ['src/webview/x.ts', "import type { PushEvent } from '../core/events';", only('webview')],
  ['src/webview/x.ts', "import { COMMANDS } from '../extension/commandIds';", only('webview')],
  ['src/webview/x.ts', "import { startSimulator } from '../simulator';", only('webview')],
  ['src/webview/x.ts', "import * as vscode from 'vscode';", VSCODE],
  ['src/webview/x.ts', "export async function f() { return import('../core'); }", only('webview')],
  // simulator: not the extension (nor the CLI or the webview); the core through its index
  ['src/simulator/x.ts', "import { isTestMode } from '../extension/testApi';", only('simulator')],
  ['src/simulator/x.ts', "import { run } from '../cli/pushClient/run';", only('simulator')],
  ['src/simulator/x.ts', "import * as vscode from 'vscode';", VSCODE],
  ['src/simulator/x.ts', "import type { Logger } from '../core/logger';", CORE_INDEX],
  ['src/simulator/x.ts', "import { FrameDecoder } from '../core/protocol/frameDecoder';", CORE_INDEX],
  ['src/simulator/sub/x.ts', "import { parseXml } from '../../core/monitor';", CORE_INDEX],
  // cli: no vscode, no extension; the core through its index
  ['src/cli/x.ts', "import * as vscode from 'vscode';", VSCODE],
  ['src/cli/pushClient/x.ts', "import { EventsOutput } from '../../extension/output/eventsOutput';", only('cli')],
  ['src/cli/pushClient/x.ts', "import { describeError } from '../../core/errors';", CORE_INDEX],
  ['src/cli/pushClient/x.ts', "import { resolveProxy } from '../../core/proxy/proxyConfig';", CORE_INDEX],
  ['src/cli/pushClient/x.ts', "export { PushClient } from '../../core/pushClient';", CORE_INDEX],
  // extension: the core through its index; not the webview's or the CLI's code
  ['src/extension/x.ts', "import { describeError } from '../core/errors';", CORE_INDEX],
  ['src/extension/viewer/x.ts', "import type { SessionItem } from '../../core/events';", CORE_INDEX],
  ['src/extension/viewer/x.ts', "export async function f() { return import('../../core/session'); }", CORE_INDEX],
  ['src/extension/viewer/x.ts', "export const r = require('../../core/rest/undiciAgent');", CORE_INDEX],
  ['src/extension/viewer/x.ts', "import { mount } from '../../webview/app';", only('extension')],
  ['src/extension/x.ts', "import { run } from '../cli/pushClient/run';", only('extension')],
];

const ALLOWED: [string, string][] = [
  ['src/core/x.ts', "import { PushMonitorError } from './errors';\nimport net from 'node:net';\nimport { XMLParser } from 'fast-xml-parser';"],
  ['src/core/rest/x.ts', "import type { Logger } from '../logger';\nimport { FrameType } from '../protocol/constants';\nexport * from './endpoint';"],
  ['src/core/x.ts', "export const r = () => require('./rest/undiciAgent');"],
  ['src/shared/x.ts', "import { displayLine } from './displayText';"],
  ['src/webview/x.ts', "import type { HostToWebview } from '../shared/viewerProtocol';\nimport { el } from './dom';"],
  ['src/simulator/x.ts', "import { FrameDecoder, type Logger } from '../core';\nimport { Hub } from './hub';\nimport { parseXml } from '../core/index';"],
  ['src/cli/pushClient/x.ts', "import { PushClient } from '../../core';\nimport { displayLine } from '../../shared/displayText';\nexport async function f() { return import('../../simulator/index.js'); }"],
  ['src/extension/x.ts', "import * as vscode from 'vscode';\nimport { describeError } from '../core';\nimport type { SimulatorHandle } from '../simulator';"],
  ['src/extension/sessions/x.ts', "import type { Logger } from '../../core';\nimport { displayLine } from '../../shared/displayText';\nimport { LiveSession } from './liveSession';\nexport async function f() { return import('../../simulator/index.js'); }"],
];

test('every forbidden import is an error of the layer rules, with a message that says why', async () => {
  for (const [file, code, why] of FORBIDDEN) {
    const errors = await layerErrors(file, code);
    assert.ok(errors.length > 0, `${file}: ${code} must be refused`);
    assert.ok(errors.some((m) => why.test(m)), `${file}: ${code}: ${errors.join(' | ')}`);
  }
});

test('the imports each layer may make pass', async () => {
  for (const [file, code] of ALLOWED) assert.deepEqual(await layerErrors(file, code), [], `${file}: ${code}`);
});

test('every source file under src/ is covered by its layer\'s rules', async () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) files.push(rel);
    }
  };
  walk('src');
  assert.ok(files.length > 100);
  for (const file of files) {
    const config = (await eslint.calculateConfigForFile(path.join(root, file))) as { rules?: Record<string, unknown> };
    const rule = config.rules?.['no-restricted-imports'] as [unknown, { patterns?: unknown[] }] | undefined;
    assert.ok(rule && (rule[1].patterns?.length ?? 0) > 0, `${file} has no layer rule (deeper than MAX_LAYER_DEPTH, or a new folder under src/?)`);
  }
});
