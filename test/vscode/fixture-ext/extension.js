// Fixture extension for the harness self-test: one command writing to an output channel,
// a tree view whose items a second command extends, and a webview panel that answers a ping.
// activate() returns a small API the integration suite inspects.
/* eslint-disable @typescript-eslint/no-require-imports */
const vscode = require('vscode');

const CHANNEL = 'Fixture Harness';

class ItemsProvider {
  constructor() {
    this.items = ['Alpha item', 'Beta item'];
    this._onDidChange = new vscode.EventEmitter();
    this.onDidChangeTreeData = this._onDidChange.event;
  }
  getTreeItem(label) {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = label;
    item.tooltip = `fixture: ${label}`;
    return item;
  }
  getChildren(parent) {
    return parent ? [] : [...this.items];
  }
  add() {
    const label = `Item ${this.items.length + 1}`;
    this.items.push(label);
    this._onDidChange.fire();
    return label;
  }
}

function webviewHtml(webview) {
  const nonce = Math.random().toString(36).slice(2);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<title>Fixture Panel</title></head>
<body>
  <h1 id="greeting">Hello from the fixture webview</h1>
  <button id="ping">Ping</button>
  <p id="status">waiting</p>
  <script nonce="${nonce}">
    const vscode = acquireVsCodeApi();
    let n = 0;
    document.getElementById('ping').addEventListener('click', () => vscode.postMessage({ type: 'ping', n: ++n }));
    window.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'pong') document.getElementById('status').textContent = 'pong ' + e.data.n;
    });
    vscode.postMessage({ type: 'ready' });
  </script>
</body></html>`;
}

function activate(context) {
  const output = vscode.window.createOutputChannel(CHANNEL);
  const lines = [];
  const write = (line) => {
    lines.push(line);
    output.appendLine(line);
  };
  write('fixture-ext activated');
  // Extension-host console output reaches the runners (relayed through the workbench).
  console.log('fixture-ext: activated in %s', vscode.env.appName);

  const provider = new ItemsProvider();
  const treeView = vscode.window.createTreeView('fixture.items', { treeDataProvider: provider });
  let helloCount = 0;
  const panelState = { open: false, ready: false, pings: 0 };

  context.subscriptions.push(
    output,
    treeView,
    vscode.commands.registerCommand('fixture.hello', () => {
      helloCount += 1;
      const msg = `Hello from fixture-ext #${helloCount}`;
      write(msg);
      vscode.window.showInformationMessage(msg);
      return msg;
    }),
    vscode.commands.registerCommand('fixture.addItem', () => {
      const label = provider.add();
      write(`added ${label}`);
      return label;
    }),
    vscode.commands.registerCommand('fixture.openPanel', () => {
      const panel = vscode.window.createWebviewPanel('fixture.panel', 'Fixture Panel', vscode.ViewColumn.One, { enableScripts: true });
      panelState.open = true;
      panel.webview.html = webviewHtml(panel.webview);
      panel.webview.onDidReceiveMessage((m) => {
        if (m.type === 'ready') panelState.ready = true;
        if (m.type === 'ping') {
          panelState.pings += 1;
          write(`ping ${m.n}`);
          panel.webview.postMessage({ type: 'pong', n: m.n });
        }
      });
      panel.onDidDispose(() => { panelState.open = false; panelState.ready = false; });
      return panel.title;
    }),
  );

  return { channelName: CHANNEL, lines, provider, treeView, panelState };
}

function deactivate() {}

module.exports = { activate, deactivate };
