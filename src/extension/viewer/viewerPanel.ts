// The webview panels of the event viewer: one per view key (a session, the merged view, a
// capture, a stream's history). Each panel gets the HTML shell, a ViewerController over its
// binding, and a pulse; a second open of the same key reveals the panel instead of making
// another (a history read again replaces what its panel shows).

import * as vscode from 'vscode';
import type { Translate } from '../l10n';
import { DisposableStore, toDisposable, type DisposableLike } from '../lifecycle';
import { VIEWER_VIEW_TYPE, type HostToWebview } from '../../shared/viewerProtocol';
import { ViewerController, type ViewerBinding, type ViewerServices } from './controller';
import { makeNonce, renderViewerHtml } from './html';
import { panelTitle } from './viewerBindings';

/** Idle status interval (rate decay, reconnect countdown). */
const PULSE_MS = 1000;

export type PanelServices = Omit<ViewerServices, 'post'>;

class ViewerPanel {
  readonly controller: ViewerController;
  private readonly subs = new DisposableStore();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly binding: ViewerBinding,
    services: PanelServices,
    mediaRoot: vscode.Uri,
    onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot] };
    this.controller = new ViewerController(binding, { ...services, post: (m: HostToWebview) => void webview.postMessage(m) }, { visible: panel.visible });
    const nonce = makeNonce();
    const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, f)).toString();
    webview.html = renderViewerHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: uri('viewer.js'),
      styleUris: [uri('codicon.css'), uri('viewer.css')],
      title: panel.title,
    });
    const pulse = setInterval(() => this.controller.pulse(), PULSE_MS);
    this.subs.add(toDisposable(() => clearInterval(pulse)));
    this.subs.add(webview.onDidReceiveMessage((m: unknown) => void this.controller.handle(m)));
    this.subs.add(panel.onDidChangeViewState(() => this.controller.setVisible(panel.visible)));
    this.subs.add(
      panel.onDidDispose(() => {
        this.detach();
        onDispose();
      }),
    );
  }

  /** Stops serving the panel (it stays open, for another binding to take it over). */
  detach(): void {
    this.controller.dispose();
    this.subs.dispose();
  }
}

export class ViewerPanels implements DisposableLike {
  private readonly panels = new Map<string, ViewerPanel>();

  constructor(
    /** The folder the webview may load from (media/dist): its script, styles and font. */
    private readonly mediaRoot: vscode.Uri,
    private readonly services: PanelServices,
    private readonly t: Translate,
  ) {}

  has(viewKey: string): boolean {
    return this.panels.has(viewKey);
  }

  /** Brings an open panel to the front; false when none has this key. */
  reveal(viewKey: string): boolean {
    const existing = this.panels.get(viewKey);
    existing?.panel.reveal(existing.panel.viewColumn);
    return existing !== undefined;
  }

  /** Reveals the binding's panel, or opens a new one. */
  show(binding: ViewerBinding): void {
    if (this.reveal(binding.viewKey)) return;
    const panel = vscode.window.createWebviewPanel(VIEWER_VIEW_TYPE, panelTitle(binding, this.t), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: false,
      // The host owns the data and the webview re-pulls its page when shown again, so
      // keeping a hidden webview alive would only cost memory.
      retainContextWhenHidden: false,
      localResourceRoots: [this.mediaRoot],
    });
    this.attach(panel, binding);
  }

  /**
   * Shows `binding` in the panel of its key, replacing what that panel showed (the page
   * reloads and keeps its filter), or opens a new one. For views read once, read again.
   */
  replace(binding: ViewerBinding): void {
    const existing = this.panels.get(binding.viewKey);
    if (!existing) return this.show(binding);
    existing.detach();
    this.attach(existing.panel, binding);
    existing.panel.reveal(existing.panel.viewColumn);
  }

  /** The controller serving a view key's panel (tests read the rows it shows). */
  controller(viewKey: string): ViewerController | undefined {
    return this.panels.get(viewKey)?.controller;
  }

  /** Serves `binding` in a panel VS Code made (a new one, or one restored after a reload). */
  attach(panel: vscode.WebviewPanel, binding: ViewerBinding): void {
    panel.title = panelTitle(binding, this.t);
    const vp = new ViewerPanel(panel, binding, this.services, this.mediaRoot, () => {
      if (this.panels.get(binding.viewKey) === vp) this.panels.delete(binding.viewKey);
    });
    this.panels.set(binding.viewKey, vp);
  }

  /**
   * The sessions changed: every panel resends its header, and takes its session's label as
   * title (a panel restored after a reload is titled with the session id until the session
   * it shows is started again).
   */
  refreshInfo(): void {
    for (const p of this.panels.values()) {
      p.controller.refreshInfo();
      const title = panelTitle(p.binding, this.t);
      if (p.panel.title !== title) p.panel.title = title;
    }
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
  }
}
