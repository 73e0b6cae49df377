// Integration tests of the fixture extension, run inside the real extension host.
/* eslint-disable @typescript-eslint/no-require-imports */
/* global describe, it, before */
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const EXT_ID = 'digi-push-monitor-test.vscode-harness-fixture';

describe('fixture-ext in a real extension host', () => {
  let api;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is loaded as a development extension`);
    api = await ext.activate();
  });

  it('runs in the expected VS Code (code-server 1.139 on Node 24 under the harness)', function () {
    console.log(`    vscode ${vscode.version}, appName ${vscode.env.appName}, uiKind ${vscode.env.uiKind}, remoteName ${vscode.env.remoteName}, node ${process.version}`);
    // Set by test/vscode/harness.mjs; absent when @vscode/test-cli runs this in the desktop app.
    if (process.env.VSCODE_TEST_HARNESS !== 'code-server') return;
    assert.match(vscode.version, /^1\.139\./);
    assert.equal(vscode.env.appName, 'code-server');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    assert.match(process.version, /^v24\./);
  });

  it('the hello command writes to the output channel', async () => {
    const msg = await vscode.commands.executeCommand('fixture.hello');
    assert.equal(msg, 'Hello from fixture-ext #1');
    assert.deepEqual(api.lines.slice(0, 2), ['fixture-ext activated', 'Hello from fixture-ext #1']);
  });

  it('the tree view lists its items and refreshes after a command', async () => {
    const labels = () => api.provider.getChildren().map((e) => api.provider.getTreeItem(e).label);
    assert.deepEqual(labels(), ['Alpha item', 'Beta item']);
    const added = await vscode.commands.executeCommand('fixture.addItem');
    assert.equal(added, 'Item 3');
    assert.deepEqual(labels(), ['Alpha item', 'Beta item', 'Item 3']);
  });

  it('the view container can be shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.fixtureHarness');
    // Generous bounds: they detect a hang, not slowness (a loaded 2-core machine takes > 15 s).
    const deadline = Date.now() + 60000;
    while (!api.treeView.visible && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(api.treeView.visible, 'tree view became visible');
  });

  it('the webview panel opens and its script starts', async () => {
    const title = await vscode.commands.executeCommand('fixture.openPanel');
    assert.equal(title, 'Fixture Panel');
    const deadline = Date.now() + 60000; // the webview posted "ready" after > 15 s under load
    while (!api.panelState.ready && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(api.panelState.ready, 'webview posted "ready"');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(tabs.includes('Fixture Panel'), `tabs: ${tabs.join(', ')}`);
  });

  it('opened the fixture workspace folder', () => {
    const folders = (vscode.workspace.workspaceFolders || []).map((f) => f.uri.fsPath);
    assert.equal(folders.length, 1, `workspace folders: ${folders.join(', ')}`);
    assert.equal(path.basename(folders[0]), 'workspace');
  });
});
